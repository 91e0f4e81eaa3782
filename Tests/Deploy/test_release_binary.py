"""The release binary, copied alone into an empty folder of a bare root (no
source tree, no Swift toolchain), lists every lesson and steps through each
one to its last step: the course travels inside the program."""
import re
import shutil
import subprocess

import pytest

import sandbox
from lesson_notebooks import LESSONS, number, steps

pytestmark = pytest.mark.skipif(not sandbox.available(), reason="needs root and unshare -m for the bare root")

ALLOWED = ("linux-vdso", "ld-linux", "libc.so", "libm.so", "libstdc++", "libgcc_s", "libreadline", "libtinfo", "libz.so", "libsqlite3")


@pytest.fixture(scope="module")
def alone(static_unroll, tmp_path_factory):
    folder = tmp_path_factory.mktemp("empty")
    shutil.copy(static_unroll, folder / "unroll")
    return folder


def in_bare_root(alone, command, stdin=None):
    return sandbox.run(command, {alone: "/course"}, env={"XDG_DATA_HOME": "/tmp/data"}, stdin=stdin, cwd="/tmp")


def test_it_needs_only_the_system_libraries(alone):
    linked = subprocess.run(["ldd", str(alone / "unroll")], capture_output=True, text=True, check=True).stdout
    libraries = [line.split()[0].rsplit("/", 1)[-1] for line in linked.splitlines() if line.strip()]
    unexpected = [lib for lib in libraries if not lib.startswith(ALLOWED)]
    assert unexpected == [], f"linked beyond glibc, libstdc++, zlib, readline and SQLite: {unexpected}"


def test_it_lists_every_lesson(alone):
    result = in_bare_root(alone, "/course/unroll lesson --list </dev/null")
    assert result.returncode == 0, result.stderr
    for path in LESSONS:
        title = next(line[2:].strip() for line in path.read_text().splitlines() if line.startswith("# "))
        assert re.search(rf"^\s*{number(path)}\s+{re.escape(title)}\s", result.stdout, re.M), f"{path.name}: {title}"


def steps_plan(path, total):
    """The commands that walk a lesson from step 1 to step `total`:
    `:next` past a lesson cell, `:skip` (the reference answer) past an exercise."""
    kinds = steps(path)
    return [":skip" if i < len(kinds) and kinds[i] == "exercise" else ":next" for i in range(total - 1)]


@pytest.mark.parametrize("path", LESSONS, ids=[p.stem for p in LESSONS])
def test_it_steps_through_every_lesson(alone, path):
    first = in_bare_root(alone, f"/course/unroll lesson {number(path)} </dev/null")
    assert first.returncode == 0, first.stdout + first.stderr
    total = int(re.search(r"step 1 of (\d+)", first.stdout).group(1))
    commands = steps_plan(path, total) + [":where"]
    result = in_bare_root(alone, f"/course/unroll lesson {number(path)}", stdin="\n".join(commands) + "\n")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr
    assert f"step {total} of {total}" in result.stdout
    assert f", step {total} of {total}" in result.stdout.splitlines()[-1] or f"step {total} of {total}" in result.stdout
