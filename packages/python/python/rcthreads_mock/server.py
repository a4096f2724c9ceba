"""`MockServer`: the mock as a child process on a free port, for the length of a `with` block."""

import os
import subprocess
import tempfile
import threading
from pathlib import Path
from typing import IO, Optional, Sequence, Union

from ._binary import binary_path
from .control import Control
from .credentials import CREDENTIALS, Credentials

LISTENING = "rcthreads-mock listening on "
"""The first line the mock prints on stdout, followed by its URL, once its socket is bound."""


class MockServerError(Exception):
    """The mock did not start; the message carries the end of its log."""


class MockServer:
    """Starts `rcthreads-mock` on a free loopback port and stops it on exit.

    `url` is the server URL to give an SDK, `control` a client of the control API and
    `credentials` the built-in app and users. `fixture` serves the accounts of a JSON file
    instead of the built-in ones; `control_token` protects the control API; `args` are more
    command-line options; `log` is a file the mock's log is appended to (else a temporary file,
    shown when it fails to start); `binary` overrides the binary found by `binary_path()`.
    """

    def __init__(
        self,
        *,
        binary: Optional[Union[str, Path]] = None,
        listen: str = "127.0.0.1:0",
        fixture: Optional[Union[str, Path]] = None,
        control_token: Optional[str] = None,
        args: Sequence[str] = (),
        log: Optional[Union[str, Path]] = None,
        startup_timeout: float = 30.0,
    ):
        self.binary = Path(binary) if binary is not None else binary_path()
        self.command = [str(self.binary), "--listen", listen]
        if fixture is not None:
            self.command += ["--fixture", str(fixture)]
        if control_token is not None:
            self.command += ["--control-token", control_token]
        self.command += list(args)
        self.control_token = control_token
        self.log = Path(log) if log is not None else None
        self.startup_timeout = startup_timeout
        self.credentials: Credentials = CREDENTIALS
        self._process: Optional[subprocess.Popen] = None
        self._log: Optional[IO[bytes]] = None
        self._url: Optional[str] = None

    @property
    def url(self) -> str:
        """The mock's base URL, e.g. `http://127.0.0.1:40123`."""
        if self._url is None:
            raise MockServerError("the mock is not running: use `with MockServer() as mock:` or start()")
        return self._url

    @property
    def control(self) -> Control:
        """A client of the control API (reset, inbound texts, the clock, ...)."""
        return Control(self.url, self.control_token)

    def start(self) -> "MockServer":
        """Starts the mock and waits for its listening line; returns self."""
        if self._process is not None:
            raise MockServerError("the mock is already running")
        if self.log is not None:
            self._log = open(self.log, "a+b")
        else:
            self._log = tempfile.TemporaryFile(prefix="rcthreads-mock-", suffix=".log")
        env = dict(os.environ)
        env.setdefault("RUST_LOG", "warn")
        # Our own token argument wins over one left in the environment.
        env.pop("RCTHREADS_MOCK_CONTROL_TOKEN", None)
        self._process = subprocess.Popen(
            self.command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=self._log, env=env
        )
        # The first line is read on a thread, so a mock that never prints cannot hang us.
        first: list = []
        printed = threading.Event()
        threading.Thread(target=self._read_stdout, args=(self._process.stdout, first, printed), daemon=True).start()
        printed.wait(self.startup_timeout)
        line = first[0] if first else None
        if line is None or not line.startswith(LISTENING):
            try:
                exited = self._process.wait(1) if line is None else None
            except subprocess.TimeoutExpired:
                exited = None
            self._halt()
            tail = self._log_tail()
            self.stop()
            if exited is not None:
                why = f"exited before listening (status {exited})"
            else:
                why = "printed nothing in time" if line is None else f"printed {line!r}"
            raise MockServerError(f"{' '.join(self.command)} {why}; its log:\n{tail}")
        self._url = line[len(LISTENING):].strip()
        return self

    @staticmethod
    def _read_stdout(stdout: IO[bytes], first: list, printed: threading.Event) -> None:
        try:
            line = stdout.readline()
            if line:
                first.append(line.decode(errors="replace"))
            printed.set()
            # Drain the rest so the mock never blocks on a full pipe; ends when it exits.
            for _ in iter(lambda: stdout.read(65536), b""):
                pass
        finally:
            printed.set()
            stdout.close()

    def stop(self) -> None:
        """Stops the mock (SIGTERM, then SIGKILL after 5 s); safe to call twice."""
        self._halt()
        self._process, self._url = None, None
        if self._log is not None:
            self._log.close()
            self._log = None

    def _halt(self) -> None:
        process = self._process
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def _log_tail(self, limit: int = 4000) -> str:
        if self._log is None:
            return ""
        self._log.seek(0)
        return self._log.read().decode(errors="replace")[-limit:]

    def __enter__(self) -> "MockServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
