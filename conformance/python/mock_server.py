"""The mock the suites talk to, started once per run through the `rcthreads_mock` helpers (the
same ones the wheel ships; `cargo xtask conformance` puts them on PYTHONPATH and names the
freshly built binary in RCTHREADS_MOCK_BINARY) and stopped when the run ends."""

import atexit
import os

from rcthreads_mock import MockServer

_mock = MockServer(log=os.environ.get("CONFORMANCE_MOCK_LOG")).start()
atexit.register(_mock.stop)

SERVER = _mock.url
CONTROL = _mock.control
