"""Shared fixtures: the built `unroll` binary and a private data directory."""
import os
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def unroll_binary():
    path = pathlib.Path(os.environ.get("UNROLL_BIN", ROOT / ".build" / "debug" / "unroll"))
    if not path.exists():
        pytest.fail(f"{path} is missing; run `swift build` first")
    return str(path)


@pytest.fixture
def data_home(tmp_path):
    """XDG_DATA_HOME for one test, so history and progress never touch the user's."""
    return tmp_path / "data"


@pytest.fixture
def env(data_home):
    e = dict(os.environ)
    e["XDG_DATA_HOME"] = str(data_home)
    e["TERM"] = "xterm"
    e.pop("NO_COLOR", None)
    # The program takes the screen's size from COLUMNS and LINES before asking the terminal, so
    # none may leak in from the runner: GNU readline exports them (80 and 24 without a terminal)
    # in any Python process that loads it, such as pytest-xdist's controller.
    e.pop("COLUMNS", None)
    e.pop("LINES", None)
    return e
