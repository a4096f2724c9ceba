"""A small client of the mock's control API (`/mock/v1/*`): the test's side of the world."""

import json
import urllib.error
import urllib.request
from typing import Any, Dict, List, Optional

from .tenant import Tenant, create_tenant


class ControlError(Exception):
    """The control API refused a call: `status` and the mock's error `body`."""

    def __init__(self, method: str, path: str, status: int, body: str):
        super().__init__(f"mock control {method} {path}: HTTP {status} {body}")
        self.status = status
        self.body = body


class Control:
    """Calls the control API of the mock at `url`, with `token` when it needs one."""

    def __init__(self, url: str, token: Optional[str] = None, timeout: float = 10.0):
        self.url = url.rstrip("/")
        self.token = token
        self.timeout = timeout

    def request(self, method: str, path: str, body: Any = None) -> Any:
        """`method /mock/v1/<path>` with a JSON body; returns the decoded answer (None if empty)."""
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(f"{self.url}/mock/v1/{path}", data=data, method=method)
        if data is not None:
            req.add_header("Content-Type", "application/json")
        if self.token is not None:
            req.add_header("X-Mock-Control-Token", self.token)
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                text = resp.read()
        except urllib.error.HTTPError as e:
            raise ControlError(method, path, e.code, e.read().decode(errors="replace")) from None
        return json.loads(text) if text else None

    def health(self) -> Any:
        """`GET /mock/v1/health`."""
        return self.request("GET", "health")

    def reset(self) -> None:
        """Back to the fixture: no threads, no subscriptions, the clock real again."""
        self.request("POST", "reset")

    def fixture(self) -> Any:
        """The accounts served, with their users, resources and numbers."""
        return self.request("GET", "fixture")

    def inbound(self, from_: str, to: str, text: str) -> Any:
        """A customer at `from_` texts the shared number `to`; returns the stored message."""
        return self.request("POST", "inbound", {"from": from_, "to": to, "text": text})

    def advance_clock(self, seconds: int) -> Any:
        """Moves the mock's clock forward (deadlines such as the 72-hour expiry apply)."""
        return self.request("POST", "clock", {"advanceSeconds": seconds})

    def requests(self) -> Any:
        """The requests the mock has recorded."""
        return self.request("GET", "requests")

    def websockets(self) -> Any:
        """The WebSocket sessions of the gateway."""
        return self.request("GET", "websockets")

    def drop_websockets(self) -> Any:
        """Cuts every open WebSocket connection (the sessions stay recoverable)."""
        return self.request("POST", "websockets/drop", {})

    def create_tenant(self, copy_of: Optional[str] = None, account: Optional[Dict[str, Any]] = None) -> Tenant:
        """A new tenant: a copy of the built-in account `copy_of` (by default Mock Advisory LLC),
        or `account` in the fixture format. Use it in a `with` block to delete it at the end."""
        return create_tenant(self, copy_of, account)

    def accounts(self) -> List[Any]:
        """The built-in accounts, then the tenants, as records."""
        return self.request("GET", "accounts")["records"]
