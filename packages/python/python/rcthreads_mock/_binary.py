"""Where the `rcthreads-mock` binary is: the wheel installs it beside the interpreter's scripts."""

import os
import shutil
import sys
import sysconfig
from pathlib import Path

BINARY_ENV = "RCTHREADS_MOCK_BINARY"
_NAME = "rcthreads-mock" + (".exe" if os.name == "nt" else "")


def binary_path() -> Path:
    """The binary to run: `$RCTHREADS_MOCK_BINARY` if set, else the one this wheel installed
    (the environment's scripts directory, then the user scheme's), else `rcthreads-mock` on PATH.

    Raises FileNotFoundError naming every place looked at.
    """
    override = os.environ.get(BINARY_ENV)
    if override:
        path = Path(override)
        if not path.is_file():
            raise FileNotFoundError(f"{BINARY_ENV}={override} is not a file")
        return path
    looked = []
    schemes = [None, f"{os.name}_user"]
    for scheme in schemes:
        try:
            scripts = sysconfig.get_path("scripts", scheme) if scheme else sysconfig.get_path("scripts")
        except KeyError:
            continue
        candidate = Path(scripts) / _NAME
        looked.append(str(candidate))
        if candidate.is_file():
            return candidate
    # A venv's interpreter is run by path without activation: its bin/ is not on PATH.
    beside = Path(sys.executable).parent / _NAME
    looked.append(str(beside))
    if beside.is_file():
        return beside
    found = shutil.which(_NAME)
    if found:
        return Path(found)
    raise FileNotFoundError(
        f"the rcthreads-mock binary was not found (looked at {', '.join(looked)} and PATH); "
        f"reinstall the rcthreads-mock wheel or set {BINARY_ENV}"
    )
