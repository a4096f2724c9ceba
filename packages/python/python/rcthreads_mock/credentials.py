"""The built-in accounts of the mock: the app's credentials and the users' JWT assertions."""

from dataclasses import dataclass
from typing import Dict, Optional


@dataclass(frozen=True)
class User:
    """A user of the built-in fixture: log in with `platform.login(jwt=user.jwt)`."""

    extension_id: str
    extension_number: str
    jwt: str
    name: str


@dataclass(frozen=True)
class Credentials:
    """What an SDK needs to log in to the mock: the app's id and secret and the users."""

    client_id: str
    client_secret: str
    users: Dict[str, User]
    account_id: str
    queue_number: Optional[str]
    """The number of the account's first call queue; None when it has none (a tenant's own
    fixture, say). Always set for the built-in account."""


def _user(extension_id: str, number: str, name: str) -> User:
    return User(extension_id, number, f"jwt-{number}", name)


CREDENTIALS = Credentials(
    client_id="mock-client-id",
    client_secret="mock-client-secret",
    users={
        "wayne": _user("696658052", "101", "Wayne T"),
        "beth": _user("696667052", "102", "Beth S"),
        "federick": _user("696676052", "103", "Federick J"),
        "sam": _user("710403052", "104", "Sam R"),
        "nora": _user("710405052", "105", "Nora N"),
    },
    account_id="37439510",
    # The Financial Advising Queue's shared number; Wayne, Beth, Federick and Sam handle it.
    queue_number="+15559870001",
)
"""The built-in fixture's credentials (`GET /mock/v1/fixture` lists the same)."""
