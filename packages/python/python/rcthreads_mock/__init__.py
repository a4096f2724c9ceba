"""The rcthreads mock RingCentral server, started from Python.

    from rcthreads_mock import MockServer

    with MockServer() as mock:
        sdk = SDK(mock.credentials.client_id, mock.credentials.client_secret, mock.url)

The wheel ships the `rcthreads-mock` binary; `MockServer` starts it on a free loopback port,
waits until it listens and stops it on exit. The pytest plugin of this package adds the
`rcthreads_mock` and `rcthreads_tenant` fixtures (see `rcthreads_mock.pytest_plugin`).
"""

from ._binary import binary_path
from .control import Control, ControlError
from .credentials import CREDENTIALS, Credentials, User
from .server import MockServer, MockServerError
from .tenant import Tenant

__all__ = [
    "CREDENTIALS",
    "Control",
    "ControlError",
    "Credentials",
    "MockServer",
    "MockServerError",
    "Tenant",
    "User",
    "binary_path",
]
