"""The Gradescope bundle (`unroll export gradescope N -o autograder.zip`) in a
simulated /autograder: the zip unpacked into /autograder/source of a bare root
(no source tree, no Swift toolchain), setup.sh run once, then run_autograder
for each submission — correct, wrong and hostile — and results.json checked
against Gradescope's schema: always written, always complete."""
import json
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

import sandbox
from lesson_notebooks import LESSONS, export, filled, number, solutions

LESSON = LESSONS[1]  # lesson 2: three exercises, visible and hidden checks

pytestmark = pytest.mark.skipif(not sandbox.available(), reason="needs root and unshare -m for the bare /autograder root")


@pytest.fixture(scope="module")
def bundle(static_unroll, tmp_path_factory):
    folder = tmp_path_factory.mktemp("gradescope")
    zip_path = folder / "autograder.zip"
    result = subprocess.run([str(static_unroll), "export", "gradescope", str(number(LESSON)), "-o", str(zip_path),
                             "--time-limit", "2"], capture_output=True, text=True, check=True)
    assert "warning" not in result.stderr, result.stderr
    with zipfile.ZipFile(zip_path) as archive:
        names = set(archive.namelist())
        modes = {info.filename: info.external_attr >> 16 for info in archive.infolist()}
    assert {"setup.sh", "run_autograder", "unroll", "bundle.env", f"lessons/{LESSON.name}"} <= names
    assert all(modes[n] & 0o111 for n in ("setup.sh", "run_autograder", "unroll")), "executables keep their mode"
    source = folder / "source"
    subprocess.run(["unzip", "-q", str(zip_path), "-d", str(source)], check=True)
    # Gradescope runs setup.sh once, as root, in /autograder/source.
    setup = sandbox.run("bash ./setup.sh", {folder: "/autograder"}, cwd="/autograder/source")
    assert setup.returncode == 0, setup.stdout + setup.stderr
    assert "unroll" in setup.stdout
    return folder


def run_autograder(bundle, files: dict, tmp_path) -> dict:
    """Places `files` ({name: bytes or str}) in /autograder/submission, runs
    run_autograder as Gradescope does, and returns results.json."""
    root = tmp_path / "autograder"
    shutil.rmtree(root, ignore_errors=True)
    (root / "submission").mkdir(parents=True)
    for name, content in files.items():
        path = root / "submission" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, tuple) and content[0] == "symlink":
            path.symlink_to(content[1])
        elif isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content)
    shutil.copy(bundle / "source" / "run_autograder", root / "run_autograder")
    binds = {bundle / "source": "/autograder/source", root / "submission": "/autograder/submission",
             root: "/autograder/results-host"}
    # Gradescope's layout: run_autograder at /autograder, results in /autograder/results.
    command = ("mkdir -p /autograder/results && cp /autograder/results-host/run_autograder /autograder/run_autograder"
               " && /autograder/run_autograder; status=$?; cp -r /autograder/results /autograder/results-host/; exit $status")
    result = sandbox.run(command, binds, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads((root / "results" / "results.json").read_text())


def check_schema(results: dict, lesson_checks: int):
    """Gradescope's results.json: a numeric score equal to the tests' sum, every check listed."""
    assert isinstance(results["score"], (int, float))
    assert isinstance(results["output"], str) and results["output"]
    assert len(results["tests"]) == lesson_checks, "every check of every exercise is in the report"
    for test in results["tests"]:
        assert set(test) >= {"name", "score", "max_score", "status", "visibility"}
        assert test["status"] in ("passed", "failed") and test["visibility"] in ("visible", "hidden")
        assert 0 <= test["score"] <= test["max_score"]
    assert results["score"] == pytest.approx(sum(t["score"] for t in results["tests"]))


@pytest.fixture(scope="module")
def answers():
    return solutions(LESSON)


@pytest.fixture(scope="module")
def checks_in_lesson(bundle, static_unroll, tmp_path_factory, answers):
    """How many checks the lesson has, from a full-marks run outside the bundle."""
    work = tmp_path_factory.mktemp("count") / "full.ur"
    work.write_text("".join(f"#: exercise {i}\n{code}\n" for i, code in answers.items()))
    out = subprocess.run([str(static_unroll), "grade", str(number(LESSON)), str(work), "--json"], capture_output=True, text=True, check=True)
    return len(json.loads(out.stdout)["tests"])


def script(answers: dict) -> str:
    return "".join(f"#: exercise {ident}\n{code}\n\n" for ident, code in answers.items())


def test_a_correct_script_gets_full_marks(bundle, tmp_path, answers, checks_in_lesson):
    results = run_autograder(bundle, {"hw.ur": script(answers)}, tmp_path)
    check_schema(results, checks_in_lesson)
    assert results["score"] == sum(t["max_score"] for t in results["tests"]) > 0
    assert results["output"].startswith("Graded hw.ur.")


def test_a_correct_notebook_gets_full_marks(bundle, tmp_path, answers, checks_in_lesson, static_unroll):
    notebook = export(static_unroll, number(LESSON), tmp_path / "blank.ipynb")
    results = run_autograder(bundle, {"work/lesson.ipynb": json.dumps(filled(notebook, answers))}, tmp_path)
    check_schema(results, checks_in_lesson)
    assert results["score"] == sum(t["max_score"] for t in results["tests"])


def test_a_wrong_submission_gets_a_partial_report(bundle, tmp_path, answers, checks_in_lesson):
    wrong = dict(answers)
    first = next(iter(wrong))
    wrong[first] = "# not done yet"
    results = run_autograder(bundle, {"hw.ur": script(wrong)}, tmp_path)
    check_schema(results, checks_in_lesson)
    failed = [t for t in results["tests"] if t["status"] == "failed"]
    assert failed and all(t["name"].startswith(first + ":") for t in failed)
    assert 0 < results["score"] < sum(t["max_score"] for t in results["tests"])


HOSTILE = {
    "an infinite loop": lambda a: {"hw.ur": script(a | {next(iter(a)): "while true { x = 1 }"})},
    "a huge tensor": lambda a: {"hw.ur": script(a | {next(iter(a)): "big = zeros(100000, 100000)"})},
    "runaway recursion": lambda a: {"hw.ur": script(a | {next(iter(a)): "def f(n) { return f(n + 1) }\nf(0)"})},
    "binary garbage": lambda a: {"hw.ur": bytes(range(256)) * 64},
    "a broken notebook": lambda a: {"hw.ipynb": '{"cells": [{"cell_type": "code", "source": '},
    "a link to the lesson file": lambda a: {"hw.ur": ("symlink", "/autograder/source/lessons/" + LESSON.name)},
    "no files at all": lambda a: {},
    "the wrong kind of file": lambda a: {"hw.py": "print('hello')", "notes.txt": "see attached"},
    "strange file names": lambda a: {'a"b\nc.ur': script(a), "../escape.ur": "x = 1"},
    "a flood of output": lambda a: {"hw.ur": script(a | {next(iter(a)): "for i in 0..100000000 { print(i) }"})},
}


@pytest.mark.parametrize("attack", sorted(HOSTILE))
def test_a_hostile_submission_gets_a_complete_report(bundle, tmp_path, answers, checks_in_lesson, attack):
    files = HOSTILE[attack](answers)
    files = {name.replace("../", ""): content for name, content in files.items()}
    results = run_autograder(bundle, files, tmp_path)
    check_schema(results, checks_in_lesson)
    assert results["score"] < sum(t["max_score"] for t in results["tests"]) or attack == "strange file names"
    # Nothing the student submitted reached the reference solutions or the grader's files.
    assert "solution=" not in json.dumps(results)
