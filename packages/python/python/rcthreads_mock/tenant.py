"""Tenants: accounts of their own made while the mock runs, one per test, so that tests sharing
one mock never see each other's threads, notifications, sync tokens or clock moves."""

from typing import TYPE_CHECKING, Any, Dict, Optional

from .credentials import CREDENTIALS, Credentials, User

if TYPE_CHECKING:
    from .control import Control


def _credentials(record: Dict[str, Any]) -> Credentials:
    """The app credentials (the mock's) and the tenant's users, keyed like the built-in ones:
    the first word of the name in lower case ("wayne"), or the extension number when two users
    share it."""
    users: Dict[str, User] = {}
    for u in record["users"]:
        user = User(u["id"], u["extensionNumber"], u["jwt"], u["name"])
        key = u["name"].split()[0].lower() if u["name"].split() else u["extensionNumber"]
        users[u["extensionNumber"] if key in users else key] = user
    queues = {r["id"] for r in record.get("resources", []) if r.get("type") == "CallQueue"}
    queue_number = next(
        (n["phoneNumber"] for n in record.get("numbers", []) if n.get("extensionId") in queues),
        None,
    )
    return Credentials(
        client_id=CREDENTIALS.client_id,
        client_secret=CREDENTIALS.client_secret,
        users=users,
        account_id=record["id"],
        queue_number=queue_number,
    )


class Tenant:
    """One tenant of a running mock: `credentials` to log in with, `record` as the mock gave it,
    and the control calls that act on this account only. Deleted by `delete()` or at the end of
    a `with` block."""

    def __init__(self, control: "Control", record: Dict[str, Any]):
        self._control = control
        self.record = record
        self.id: str = record["id"]
        self.credentials = _credentials(record)

    def _path(self, rest: str = "") -> str:
        return f"accounts/{self.id}{rest}"

    def inbound(self, from_: str, to: str, text: str) -> Any:
        """A customer at `from_` texts `to`, one of this tenant's numbers; returns the message."""
        return self._control.request("POST", self._path("/inbound"), {"from": from_, "to": to, "text": text})

    def advance_clock(self, seconds: int) -> Any:
        """Moves this tenant's own clock forward; other accounts keep theirs."""
        return self._control.request("POST", self._path("/clock"), {"advanceSeconds": seconds})

    def clock(self) -> Any:
        """This tenant's clock: `{"now", "followsRealTime"}`."""
        return self._control.request("GET", self._path("/clock"))

    def reset(self) -> None:
        """Back to its configuration: no threads, no subscriptions, its clock real again."""
        self._control.request("POST", self._path("/reset"))

    def delete(self) -> None:
        """Deletes the tenant with its threads, sessions and subscriptions."""
        self._control.request("DELETE", self._path())

    def __enter__(self) -> "Tenant":
        return self

    def __exit__(self, *exc) -> None:
        self.delete()


def create_tenant(control: "Control", copy_of: Optional[str], account: Optional[Dict[str, Any]]) -> Tenant:
    if account is not None and copy_of is not None:
        raise ValueError("give either copy_of or account, not both")
    body = account if account is not None else {"copyOf": copy_of or CREDENTIALS.account_id}
    return Tenant(control, control.request("POST", "accounts", body))
