"""The installed wheel, used as a team would: the seed 000 story (send thread messages) told
through the official SDK against a mock started by the helpers only."""

import pytest
from ringcentral import SDK
from ringcentral.http.api_exception import ApiException

from rcthreads_mock import MockServer, MockServerError

THREADS = "/restapi/v1.0/account/~/message-threads"
CUSTOMER = "+16502240427"


def login(mock, name, credentials=None):
    creds = credentials or mock.credentials
    platform = SDK(creds.client_id, creds.client_secret, mock.url, "rcthreads-dist-check", "0.1.0").platform()
    platform.login(jwt=creds.users[name].jwt)
    return platform


def send(mock, platform, text, credentials=None):
    queue = (credentials or mock.credentials).queue_number
    body = {"from": {"phoneNumber": queue}, "to": [{"phoneNumber": CUSTOMER}], "text": text}
    return platform.post(f"{THREADS}/messages", body).json_dict()


def test_readme_start():
    with MockServer() as mock:
        platform = SDK(mock.credentials.client_id, mock.credentials.client_secret, mock.url).platform()
        platform.login(jwt=mock.credentials.users["wayne"].jwt)
        assert platform.logged_in()
        url = mock.url
    # Stopped on exit: the port no longer answers.
    with pytest.raises(OSError):
        import urllib.request

        urllib.request.urlopen(f"{url}/mock/v1/health", timeout=2)


def test_seed_000_a_handler_opens_a_thread_and_msg_427_refuses_another(rcthreads_mock):
    wayne = login(rcthreads_mock, "wayne")
    # The shared number the story sends from is one of Wayne's, with the SMS feature.
    numbers = wayne.get("/restapi/v1.0/account/~/extension/~/phone-number").json_dict()["records"]
    shared = next(n for n in numbers if n["phoneNumber"] == rcthreads_mock.credentials.queue_number)
    assert "SmsSender" in shared["features"]

    first = send(rcthreads_mock, wayne, "Hello, this is Wayne")
    assert first["direction"] == "Outbound"
    assert first["author"]["extensionId"] == rcthreads_mock.credentials.users["wayne"].extension_id
    # Wayne may go on: the open thread is his.
    assert send(rcthreads_mock, wayne, "A follow-up")["threadId"] == first["threadId"]

    beth = login(rcthreads_mock, "beth")
    with pytest.raises(ApiException) as refused:
        send(rcthreads_mock, beth, "Hello from Beth")
    response = refused.value.api_response().response()
    assert response.status_code == 403
    error = response.json()["errors"][0]
    assert error["errorCode"] == "MSG-427"
    assert error["extensionId"] == rcthreads_mock.credentials.users["beth"].extension_id


def test_each_test_gets_a_clean_mock(rcthreads_mock):
    # The previous test left a thread with CUSTOMER; the fixture reset it away.
    wayne = login(rcthreads_mock, "wayne")
    threads = wayne.get(THREADS).json_dict()["records"]
    assert threads == []
    assert len(rcthreads_mock.control.fixture()["accounts"]) >= 1


def test_a_mock_that_cannot_start_says_why(tmp_path):
    log = tmp_path / "mock.log"
    with pytest.raises(MockServerError, match="exited before listening") as failed:
        MockServer(args=["--no-such-option"], log=log).start()
    assert "--no-such-option" in str(failed.value)
    assert "--no-such-option" in log.read_text()


def test_a_tenant_per_test_keeps_its_threads_and_clock_to_itself(rcthreads_mock_server, rcthreads_tenant):
    mock, tenant = rcthreads_mock_server, rcthreads_tenant
    assert tenant.credentials.account_id != mock.credentials.account_id
    assert tenant.credentials.queue_number == mock.credentials.queue_number
    wayne = login(mock, "wayne", tenant.credentials)
    first = send(mock, wayne, "Hello from a tenant", tenant.credentials)
    assert first["author"]["extensionId"] == tenant.credentials.users["wayne"].extension_id

    # The rule holds inside the tenant: Beth of this tenant is refused with MSG-427.
    beth = login(mock, "beth", tenant.credentials)
    with pytest.raises(ApiException) as refused:
        send(mock, beth, "Hello from Beth", tenant.credentials)
    assert refused.value.api_response().response().json()["errors"][0]["errorCode"] == "MSG-427"

    # The built-in account's Wayne sees none of it, and the tenant's clock moves alone.
    built_in = login(mock, "wayne").get(THREADS).json_dict()["records"]
    assert first["threadId"] not in [t["id"] for t in built_in]
    before = mock.control.request("GET", "clock")["now"]
    moved = tenant.advance_clock(3600)
    assert moved["now"] > before
    assert mock.control.request("GET", "clock")["now"] < moved["now"]


def test_a_deleted_tenant_logs_no_one_in(rcthreads_mock_server):
    tenant = rcthreads_mock_server.control.create_tenant()
    assert tenant.id in [a["id"] for a in rcthreads_mock_server.control.accounts()]
    tenant.delete()
    assert tenant.id not in [a["id"] for a in rcthreads_mock_server.control.accounts()]
    with pytest.raises(ApiException):
        login(rcthreads_mock_server, "wayne", tenant.credentials)
