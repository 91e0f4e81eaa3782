"""A lesson notebook downloaded as a script runs: `jupyter nbconvert --to
script` turns the exported, worked notebook into a `.ur` file of code and
meta-commands (`:lesson N --attach`, `:check ID`), and `unroll run` runs it to
the end for every lesson — meta-commands run, or are skipped with a note on
stderr where they make no sense in a script, never an error."""
import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest

from lesson_notebooks import LESSONS, export, filled, number, solutions


def to_script(notebook: dict, folder, name) -> "Path":
    path = folder / f"{name}.ipynb"
    path.write_text(json.dumps(notebook))
    subprocess.run([sys.executable, "-m", "jupyter", "nbconvert", "--to", "script", str(path)],
                   check=True, capture_output=True)
    script = folder / f"{name}.ur"
    assert script.exists(), "nbconvert names the script with the kernel's file extension"
    return script


def round_trip(unroll, path, folder):
    n = number(path)
    notebook = export(unroll, n, folder / f"{n:02d}-export.ipynb")
    script = to_script(filled(notebook, solutions(path)), folder, f"{n:02d}-work")
    text = script.read_text()
    assert text.startswith(f":lesson {n} --attach"), text[:200]
    result = subprocess.run([str(unroll), "run", str(script)], capture_output=True, text=True, timeout=600)
    return path.name, text, result


def test_every_worked_lesson_notebook_runs_as_a_script(unroll, tmp_path, data_home):
    pytest.importorskip("nbconvert")
    with ThreadPoolExecutor(max_workers=2) as pool:
        outcomes = list(pool.map(lambda p: round_trip(unroll, p, tmp_path), LESSONS))
    assert len(outcomes) >= 15
    for name, text, result in outcomes:
        assert result.returncode == 0, f"{name}:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}"
        checks = text.count("\n:check ")
        assert checks >= 2, name
        assert result.stdout.count("all visible checks passed") == checks, f"{name}: {result.stdout[-3000:]}"
        assert "error" not in result.stderr.lower(), f"{name}: {result.stderr}"


def test_meta_commands_that_need_a_session_are_skipped_with_a_note(unroll, tmp_path, data_home):
    script = tmp_path / "habits.ur"
    script.write_text(":lesson 1 --attach\nx = 2\n:hint\n:next\ntanh?\n?softmax\n:vars\nprint(x * 21)\n")
    result = subprocess.run([str(unroll), "run", str(script)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "42" in result.stdout
    assert "tanh(x)" in result.stdout and "softmax" in result.stdout, "help for name? and ?name"
    notes = [line for line in result.stderr.splitlines() if line.startswith("note:")]
    assert len(notes) == 2 and all("skipped" in note for note in notes), result.stderr
    assert "line 3" in notes[0] and ":hint" in notes[0] and "line 4" in notes[1]


def test_an_error_in_the_code_still_stops_the_script(unroll, tmp_path, data_home):
    script = tmp_path / "broken.ur"
    script.write_text(":lesson 1 --attach\nx = undefined_name + 1\nprint(\"never\")\n")
    result = subprocess.run([str(unroll), "run", str(script)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "never" not in result.stdout and "undefined_name" in result.stderr
