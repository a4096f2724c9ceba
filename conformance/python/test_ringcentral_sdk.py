"""The official RingCentral Python SDK (`ringcentral` on PyPI) against the mock, unchanged: only
the server URL points at the mock. Run by `cargo xtask conformance`, which starts the mock
through the rcthreads_mock helpers (mock_server.py)."""

import json
import unittest
import urllib.error
import urllib.request

from ringcentral import SDK
from ringcentral.http.api_exception import ApiException

from mock_server import CONTROL, SERVER

CLIENT_ID, CLIENT_SECRET = "mock-client-id", "mock-client-secret"

WAYNE = {"id": "696658052", "jwt": "jwt-101"}
BETH = {"id": "696667052", "jwt": "jwt-102"}
FEDERICK = {"id": "696676052", "jwt": "jwt-103"}
SAM = {"id": "710403052", "jwt": "jwt-104"}
QUEUE = {"id": "62284871234", "name": "Financial Advising Queue", "number": "+15559870001"}
MAIN_SITE_ID = "497120052"
ACCOUNT_ID = "37439510"
WAYNE_DIRECT = "+16505550111"
THREADS = "/restapi/v1.0/account/~/message-threads"


def control(method, path, body=None):
    """The mock's control API, with plain HTTP: the test's side of the world."""
    return CONTROL.request(method, path, body)


def bearer_get(token, path):
    """A GET with a given access token, outside any SDK: (HTTP status, JSON body)."""
    req = urllib.request.Request(f"{SERVER}{path}", headers={"Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(req) as resp:
            return resp.status, json.loads(resp.read() or b"{}")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"{}")


def login(user):
    platform = SDK(CLIENT_ID, CLIENT_SECRET, SERVER, "rcthreads-conformance", "0.1.0").platform()
    platform.login(jwt=user["jwt"])
    return platform


def send(platform, to, text, **extra):
    body = {"from": {"phoneNumber": QUEUE["number"]}, "to": [{"phoneNumber": to}], "text": text, **extra}
    return platform.post(f"{THREADS}/messages", body).json_dict()


class RingCentralPythonSdk(unittest.TestCase):
    def setUp(self):
        control("POST", "reset")

    def failure(self, call, *args, **kwargs):
        """The ApiException a call raises: (HTTP status, error body)."""
        with self.assertRaises(ApiException) as caught:
            call(*args, **kwargs)
        response = caught.exception.api_response().response()
        return response.status_code, response.json()

    def test_jwt_login_and_logout(self):
        platform = login(WAYNE)
        auth = platform.auth().data()
        self.assertTrue(auth["access_token"])
        self.assertEqual(auth["token_type"].lower(), "bearer")
        self.assertTrue(platform.logged_in())
        platform.logout()
        self.assertFalse(platform.auth().data()["access_token"])
        # The mock revoked the session: the old access token is refused from now on.
        status, body = bearer_get(auth["access_token"], THREADS)
        self.assertEqual((status, body.get("errorCode")), (401, "OAU-149"))

    def test_feature_check(self):
        platform = login(WAYNE)
        body = platform.get("/restapi/v1.0/account/~/extension/~/features", {"featureId": "MessageThreads"}).json_dict()
        feature = next(r for r in body["records"] if r["id"] == "MessageThreads")
        self.assertTrue(feature["available"])
        self.assertIn("siteSupported", [p["name"] for p in feature["params"]])

    def test_seed_002_resources_numbers_and_handlers(self):
        platform = login(WAYNE)
        queues = platform.get("/restapi/v1.0/account/~/call-queues").json_dict()
        self.assertIn(QUEUE["id"], [q["id"] for q in queues["records"]])
        sites = platform.get("/restapi/v1.0/account/~/sites").json_dict()
        self.assertIn("Site 01", [s["name"] for s in sites["records"]])
        # Lists go out as type=Department&type=Site&type=CompanyExtension.
        resources = platform.get(
            "/restapi/v1.0/account/~/extension", {"type": ["Department", "Site", "CompanyExtension"]}
        ).json_dict()
        self.assertIn(MAIN_SITE_ID, [str(r["id"]) for r in resources["records"]])
        self.assertEqual({r["type"] for r in resources["records"]}, {"Department", "Site"})
        company = platform.get(
            "/restapi/v2/accounts/~/phone-numbers", {"usageType": ["MainCompanyNumber", "CompanyNumber"]}
        ).json_dict()
        self.assertEqual(sorted(r["phoneNumber"] for r in company["records"]), ["+16505550100", "+16505550101"])
        mine = platform.get("/restapi/v1.0/account/~/extension/~/phone-number").json_dict()
        shared = next(r for r in mine["records"] if r.get("extension", {}).get("name") == QUEUE["name"])
        self.assertEqual(shared["phoneNumber"], QUEUE["number"])
        self.assertIn("SmsSender", shared["features"])
        # Seed 000's links and country, absolute on the server the SDK called.
        api = f"{SERVER}/restapi/v1.0/account/{ACCOUNT_ID}"
        self.assertEqual(mine["uri"], f"{api}/extension/{WAYNE['id']}/phone-number?page=1&perPage=100")
        self.assertEqual(shared["uri"], f"{api}/phone-number/{shared['id']}")
        self.assertEqual(shared["extension"]["uri"], f"{api}/extension/{QUEUE['id']}")
        self.assertEqual(
            shared["country"],
            {"id": "1", "uri": f"{SERVER}/restapi/v1.0/dictionary/country/1", "name": "United States"},
        )
        main = next(r for r in mine["records"] if r["usageType"] == "MainCompanyNumber")
        self.assertIsInstance(main["callerIdName"], str)
        handlers = platform.get(f"/restapi/v1.0/account/~/extension/{QUEUE['id']}/sms-recipients").json_dict()
        self.assertEqual(
            sorted(r["name"] for r in handlers["smsRecipients"]), ["Beth S", "Federick J", "Sam R", "Wayne T"]
        )

    def test_mms_content_from_its_absolute_content_uri(self):
        wayne = login(WAYNE)
        png = bytes([0x89, 0x50, 0x4E, 0x47, 1, 2, 3])
        body = {"from": {"phoneNumber": QUEUE["number"]}, "to": [{"phoneNumber": "+16502240003"}], "text": "The chart"}
        builder = SDK(CLIENT_ID, CLIENT_SECRET, SERVER).create_multipart_builder()
        request = builder.set_body(body).add(("chart.png", png, "image/png"), "attachments").request(f"{THREADS}/messages")
        msg = wayne.send_request(request).json_dict()
        att = msg["attachments"][0]
        self.assertEqual(
            att["contentUri"],
            f"{SERVER}/restapi/v1.0/account/{ACCOUNT_ID}/message-threads/messages/{msg['id']}/content/{att['id']}",
        )
        # The SDK follows the absolute link as it is (the mock is its own media entry point).
        content = wayne.get(att["contentUri"], {"contentDisposition": "Inline"}).response()
        self.assertEqual(content.content, png)
        self.assertEqual(content.headers["Content-Type"], "image/png")
        self.assertEqual(content.headers["Content-Disposition"], "inline")
        status, error = self.failure(wayne.get, att["contentUri"], {"contentDispositionFilename": "a" * 300})
        self.assertEqual((status, error["errors"][0]["parameterName"]), (400, "contentDispositionFilename"))

    def test_send_then_msg_427_for_a_second_advisor(self):
        wayne = login(WAYNE)
        msg = send(wayne, "+16502240001", "Hi Tom ...")
        self.assertEqual(msg["direction"], "Outbound")
        self.assertEqual(msg["author"]["extensionId"], WAYNE["id"])
        beth = login(BETH)
        status, body = self.failure(send, beth, "+16502240001", "Hello from Beth")
        self.assertEqual(status, 403)
        self.assertEqual(body["errors"][0]["errorCode"], "MSG-427")
        self.assertEqual(body["errors"][0]["extensionId"], BETH["id"])

    def test_assign_resolve_delete(self):
        wayne = login(WAYNE)
        thread_id = send(wayne, "+16502240002", "Hello")["threadId"]
        assigned = wayne.post(f"{THREADS}/{thread_id}/assign", {"assignee": {"extensionId": FEDERICK["id"]}}).json_dict()
        self.assertEqual(assigned["assignee"]["extensionId"], FEDERICK["id"])
        federick = login(FEDERICK)
        self.assertEqual(send(federick, "+16502240002", "Federick here", threadId=thread_id)["threadId"], thread_id)
        resolved = wayne.post(f"{THREADS}/{thread_id}/resolve").json_dict()
        self.assertEqual((resolved["status"], resolved["statusReason"]), ("Resolved", "Manual"))
        status, body = self.failure(wayne.post, f"{THREADS}/{thread_id}/resolve")
        self.assertEqual((status, body["errors"][0]["errorCode"]), (400, "CMN-101"))
        deleted = wayne.delete(f"{THREADS}/{thread_id}")
        self.assertEqual(deleted.response().status_code, 204)
        self.assertEqual(wayne.get(f"{THREADS}/{thread_id}").json_dict()["availability"], "Deleted")

    def test_lists_with_filters_and_paging(self):
        wayne = login(WAYNE)
        customers = ["+16502240011", "+16502240012", "+16502240013"]
        for c in customers:
            send(wayne, c, f"Hello {c}")
        page = wayne.get(THREADS, {"ownerExtensionIds": [QUEUE["id"]], "perPage": 2, "page": 2}).json_dict()
        self.assertEqual([t["guestParty"]["phoneNumber"] for t in page["records"]], customers[2:])
        # The SDK does not percent-encode query values: the `+` of a phone number arrives as a space.
        one = wayne.get(THREADS, {"guestPhoneNumber": "+16502240012", "ownerPhoneNumber": QUEUE["number"]}).json_dict()
        self.assertEqual([t["guestParty"]["phoneNumber"] for t in one["records"]], ["+16502240012"])
        wayne.post(f"{THREADS}/{one['records'][0]['id']}/resolve")
        resolved = wayne.get(THREADS, {"threadStatus": ["Resolved"]}).json_dict()
        self.assertEqual([t["guestParty"]["phoneNumber"] for t in resolved["records"]], ["+16502240012"])
        thread_ids = [t["id"] for t in wayne.get(THREADS, {"threadStatus": "Open"}).json_dict()["records"]]
        messages = wayne.get(f"{THREADS}/messages", {"threadIds": thread_ids}).json_dict()
        self.assertEqual([m["text"] for m in messages["records"]], ["Hello +16502240011", "Hello +16502240013"])

    def test_fsync_then_isync(self):
        wayne = login(WAYNE)
        first = send(wayne, "+16502240021", "One")
        full = wayne.get(f"{THREADS}/sync", {"syncType": "FSync"}).json_dict()
        self.assertEqual([t["id"] for t in full["records"]], [first["threadId"]])
        control("POST", "clock", {"advanceSeconds": 5})
        wayne.post(f"{THREADS}/{first['threadId']}/assign", {"assignee": {"extensionId": SAM["id"]}})
        inc = wayne.get(f"{THREADS}/sync", {"syncType": "ISync", "syncToken": full["syncInfo"]["syncToken"]}).json_dict()
        self.assertEqual([t["assignee"]["extensionId"] for t in inc["records"]], [SAM["id"]])
        self.assertEqual(inc["syncInfo"]["syncType"], "ISync")

    def test_notes(self):
        wayne = login(WAYNE)
        thread_id = send(wayne, "+16502240031", "Hello")["threadId"]
        note = wayne.post(f"{THREADS}/notes", {"threadId": thread_id, "text": "Call back Monday"}).json_dict()
        updated = wayne.patch(f"{THREADS}/notes/{note['id']}", {"text": "Call back Tuesday"}).json_dict()
        self.assertEqual(updated["text"], "Call back Tuesday")
        listed = wayne.get(f"{THREADS}/notes", {"threadIds": [thread_id]}).json_dict()
        self.assertEqual([n["text"] for n in listed["records"]], ["Call back Tuesday"])
        wayne.delete(f"{THREADS}/notes/{note['id']}")
        self.assertEqual(wayne.get(f"{THREADS}/notes", {"threadIds": [thread_id]}).json_dict()["records"], [])

    def test_entries_sync(self):
        wayne = login(WAYNE)
        inbound = control("POST", "inbound", {"from": "+16502240041", "to": QUEUE["number"], "text": "Hi there"})
        entries = wayne.get(f"{THREADS}/entries/sync", {"syncType": "FSync", "scope": "Unassigned"}).json_dict()
        kinds = [r["recordType"] for r in entries["records"] if r["threadId"] == inbound["threadId"]]
        self.assertIn("AliveMessage", kinds)
        self.assertIn("ThreadCreatedHint", kinds)

    def test_expired_access_token_is_refreshed(self):
        # ringcentral 0.9.x refreshes only when its own clock says the token expired; on a 401
        # OAU-128 it raises, and the application calls platform.refresh(), its documented method.
        wayne = login(WAYNE)
        control("POST", "clock", {"advanceSeconds": 3601})
        status, body = self.failure(wayne.get, "/restapi/v1.0/account/~/extension/~/phone-number")
        self.assertEqual((status, body["errorCode"]), (401, "OAU-128"))
        old = wayne.auth().access_token()
        wayne.refresh()
        self.assertNotEqual(wayne.auth().access_token(), old)
        mine = wayne.get("/restapi/v1.0/account/~/extension/~/phone-number").json_dict()
        self.assertTrue(mine["records"])

    def test_classic_sms_from_an_owned_number(self):
        wayne = login(WAYNE)
        body = {"from": {"phoneNumber": WAYNE_DIRECT}, "to": [{"phoneNumber": "+16502240051"}], "text": "Confirmed"}
        sms = wayne.post("/restapi/v1.0/account/~/extension/~/sms", body).json_dict()
        self.assertEqual(sms["direction"], "Outbound")
        store = wayne.get("/restapi/v1.0/account/~/extension/~/message-store").json_dict()
        self.assertIn(sms["id"], [m["id"] for m in store["records"]])


if __name__ == "__main__":
    unittest.main(verbosity=2)
