"""The pytest plugin of `rcthreads-mock` (registered through the `pytest11` entry point).

Fixtures:

- `rcthreads_mock_server`: one mock for the whole session, started on first use.
- `rcthreads_mock`: the same mock, made clean for each test (`isolate_mock`), then handed over.
- `rcthreads_tenant`: a tenant of that mock for one test (a copy of the built-in account with
  its own users, threads and clock), deleted when the test ends. Nothing is reset, so tests that
  share the mock with other processes or services leave each other alone.
"""

from typing import Iterator

import pytest

from .server import MockServer
from .tenant import Tenant


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


@pytest.fixture
def rcthreads_tenant(rcthreads_mock_server: MockServer) -> Iterator[Tenant]:
    """A tenant of the session's mock for this test: log in with `.credentials`, reach the
    server at `rcthreads_mock_server.url`; deleted at the end of the test."""
    with rcthreads_mock_server.control.create_tenant() as tenant:
        yield tenant
