"""The pytest plugin of `rcthreads-mock` (registered through the `pytest11` entry point).

Fixtures:

- `rcthreads_mock_server`: one mock for the whole session, started on first use.
- `rcthreads_mock`: the same mock, made clean for each test (`isolate_mock`), then handed over.

Isolation is one function, `isolate_mock`, so that a mock with tenants can give each test its
own tenant there instead of resetting the shared one.
"""

from typing import Iterator

import pytest

from .server import MockServer


def isolate_mock(mock: MockServer) -> MockServer:
    """Makes the mock clean for one test: today a reset of everything (threads, subscriptions,
    the clock, recorded requests) back to the built-in fixture."""
    mock.control.reset()
    return mock


@pytest.fixture(scope="session")
def rcthreads_mock_server() -> Iterator[MockServer]:
    """The session's mock server, stopped when the session ends."""
    with MockServer() as mock:
        yield mock


@pytest.fixture
def rcthreads_mock(rcthreads_mock_server: MockServer) -> MockServer:
    """A clean mock for this test: `.url`, `.control` and `.credentials`."""
    return isolate_mock(rcthreads_mock_server)
