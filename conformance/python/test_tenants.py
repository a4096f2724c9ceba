"""Tenants with the official Python SDK: the pytest fixture of docs/mock-server.md gives each
test an account of its own. pytest is not installed here, so the fixture's generator is driven
the way pytest drives it (set up to `yield`, torn down after)."""

import json
import os
import unittest
import urllib.error
import urllib.request

from ringcentral import SDK

import mock_server

# The documented fixture reads the mock's URL from RC_SERVER: the suites' mock unless one is named.
os.environ.setdefault("RC_SERVER", mock_server.SERVER)
SERVER = os.environ["RC_SERVER"]
CLIENT_ID, CLIENT_SECRET = "mock-client-id", "mock-client-secret"
QUEUE = "+15559870001"
THREADS = "/restapi/v1.0/account/~/message-threads"


# The documented fixture, as written there (without its `@pytest.fixture` line).
def mock_control(method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(f"{SERVER}/mock/v1/{path}", data=data, method=method)
    req.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(req) as resp:
        text = resp.read()
    return json.loads(text) if text else None


def tenant():
    """A copy of Mock Advisory LLC for one test; users' assertions in tenant["users"][i]["jwt"]."""
    account = mock_control("POST", "accounts", {"copyOf": "37439510"})
    yield account
    mock_control("DELETE", f"accounts/{account['id']}")


def jwt(account, extension_number):
    return next(u["jwt"] for u in account["users"] if u["extensionNumber"] == extension_number)


def login(account, extension_number):
    platform = SDK(CLIENT_ID, CLIENT_SECRET, SERVER, "rcthreads-conformance", "0.1.0").platform()
    platform.login(jwt=jwt(account, extension_number))
    return platform


class Tenants(unittest.TestCase):
    def setUp(self):
        self.fixtures = [tenant(), tenant()]
        self.one, self.two = (next(f) for f in self.fixtures)

    def tearDown(self):
        for f in self.fixtures:
            next(f, None)

    def test_each_tenant_sees_only_its_own_threads_and_clock(self):
        self.assertNotEqual(self.one["id"], self.two["id"])
        wayne_one, wayne_two = login(self.one, "101"), login(self.two, "101")
        text = {"from": "+16502240001", "to": QUEUE, "text": "Hi"}
        first = mock_control("POST", f"accounts/{self.one['id']}/inbound", text)
        second = mock_control("POST", f"accounts/{self.two['id']}/inbound", text)
        self.assertNotEqual(first["threadId"], second["threadId"])
        for platform, own in ((wayne_one, first), (wayne_two, second)):
            records = platform.get(THREADS).json_dict()["records"]
            self.assertEqual([r["id"] for r in records], [own["threadId"]])

        moved = mock_control("POST", f"accounts/{self.one['id']}/clock", {"advanceSeconds": 600})
        self.assertFalse(moved["followsRealTime"])
        self.assertTrue(mock_control("GET", f"accounts/{self.two['id']}/clock")["followsRealTime"])
        self.assertTrue(mock_control("GET", "clock")["followsRealTime"])

    def test_the_tenant_is_deleted_after_the_test(self):
        one = self.one["id"]
        next(self.fixtures[0], None)
        with self.assertRaises(urllib.error.HTTPError) as gone:
            mock_control("GET", f"accounts/{one}")
        self.assertEqual(gone.exception.code, 404)
        ids = [a["id"] for a in mock_control("GET", "accounts")["records"]]
        self.assertNotIn(one, ids)
        self.assertIn(self.two["id"], ids)


if __name__ == "__main__":
    unittest.main()
