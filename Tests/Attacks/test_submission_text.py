"""Attack class 8: how a submission file is saved must not change its marks.
A correct submission scores full marks whatever its line endings, byte-order
mark or marker spacing; a file that is not text gets a complete report."""
import pytest

import os

from course import exercises, grade, grade_json


def correct_lines(number):
    lines = []
    for ex in exercises(number):
        lines.append(f"#: exercise {ex.id}")
        lines.extend(ex.solution.split("\n"))
    return lines


SAVED_AS = {
    "CRLF": lambda lines: ("\r\n".join(lines) + "\r\n").encode(),
    "CR": lambda lines: ("\r".join(lines) + "\r").encode(),
    "BOM": lambda lines: b"\xef\xbb\xbf" + ("\n".join(lines) + "\n").encode(),
    "BOM+CRLF": lambda lines: b"\xef\xbb\xbf" + ("\r\n".join(lines)).encode(),
    "marker spacing": lambda lines: "\n".join(
        l.replace("#: exercise ", "\t#:\texercise   ") + " \t" if l.startswith("#:") else l for l in lines).encode(),
    "no final line break": lambda lines: "\n".join(lines).encode(),
}


@pytest.mark.parametrize("style", SAVED_AS)
def test_a_correct_submission_scores_full_marks_however_it_was_saved(unroll_binary, env, tmp_path, style):
    path = tmp_path / "hw.ur"
    path.write_bytes(SAVED_AS[style](correct_lines(7)))
    results, _ = grade_json(unroll_binary, env, 7, path)
    assert results["score"] == results["max_score"] == sum(ex.points for ex in exercises(7)), results
    assert "no answer" not in results["output"]


@pytest.mark.parametrize("content", [
    bytes(range(256)) * 4,
    b"\x89PNG\r\n\x1a\n" + b"\x00" * 64,
    b"#: exercise powers\nnorms11 = 1\x00\x00\x00",
    b"\xff\xfe#\x00:\x00 \x00e\x00",  # UTF-16
])
def test_a_file_that_is_not_text_gets_a_complete_report(unroll_binary, env, tmp_path, content):
    path = tmp_path / "hw.ur"
    path.write_bytes(content)
    results, _ = grade_json(unroll_binary, env, 7, path)
    full = sum(ex.points for ex in exercises(7))
    assert results["score"] == 0 and results["max_score"] == full
    assert len(results["tests"]) == sum(len(ex.checks) for ex in exercises(7))
    assert "not a text file" in results["output"]
    readable = grade(unroll_binary, env, 7, path)
    assert readable.returncode == 0 and f"Total: 0 / {full:g}" in readable.stdout


def test_a_named_pipe_gets_a_complete_report_instead_of_a_wait(unroll_binary, env, tmp_path):
    # Opening a pipe with no writer once kept the grading worker waiting until the pool gave up on it.
    path = tmp_path / "hw.ur"
    os.mkfifo(path)
    results, _ = grade_json(unroll_binary, env, 7, path)
    assert results["score"] == 0 and len(results["tests"]) == sum(len(ex.checks) for ex in exercises(7))
    assert "not a regular file" in results["output"], results["output"]
