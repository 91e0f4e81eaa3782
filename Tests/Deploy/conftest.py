"""Shared set-up for the deployment tests: which `unroll` binary to test.

UNROLL_BIN names the binary (scripts/test-deploy passes the static release
build); without it the debug build is used, built first if needed.
"""
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def unroll() -> Path:
    explicit = os.environ.get("UNROLL_BIN")
    if explicit:
        return Path(explicit).resolve()
    subprocess.run(["swift", "build", "--product", "unroll"], cwd=ROOT, check=True)
    return ROOT / ".build" / "debug" / "unroll"


@pytest.fixture()
def data_home(tmp_path, monkeypatch) -> Path:
    """Keeps history and progress of the programs a test runs out of the user's files."""
    home = tmp_path / "data"
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    return home


@pytest.fixture(scope="session")
def static_unroll() -> Path:
    """The release build with the Swift runtime linked in, as it is shipped
    (scripts/build-release); UNROLL_RELEASE_BIN names an existing one."""
    explicit = os.environ.get("UNROLL_RELEASE_BIN")
    if explicit:
        return Path(explicit).resolve()
    subprocess.run([str(ROOT / "scripts" / "build-release")], cwd=ROOT, check=True)
    return ROOT / ".build" / "release" / "unroll"


@pytest.fixture(scope="session")
def browser_unroll(unroll) -> Path:
    """The binary the browser test serves: the release build when one is given (faster cells)."""
    explicit = os.environ.get("UNROLL_RELEASE_BIN")
    return Path(explicit).resolve() if explicit else unroll


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """With UNROLL_REQUIRE_DEPLOY=1 (scripts/test-deploy, and so CI) a test that
    would skip — no root for the bare root, no Chromium, a Python package
    missing — fails instead, so a green run means every check really ran."""
    outcome = yield
    report = outcome.get_result()
    if report.skipped and os.environ.get("UNROLL_REQUIRE_DEPLOY") == "1" and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"{item.nodeid} would be skipped ({reason}); UNROLL_REQUIRE_DEPLOY is set, so it may not"
