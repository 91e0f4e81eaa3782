"""Shared fixtures for the attack suite: the built `unroll` binary, an
environment that finds this repository's lessons, and a grading helper."""
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
def env(tmp_path):
    e = dict(os.environ)
    e["XDG_DATA_HOME"] = str(tmp_path / "data")
    e["UNROLL_LESSONS"] = str(ROOT / "lessons")
    e.pop("NO_COLOR", None)
    return e
