"""Attack classes 1 and 4: reading reference answers, and check text as a hint.

A student's code may reach the lesson's own state and the student's own earlier
answers, never a value that a reference solution or a check computed; a failing
hidden check says that it failed and nothing else. These tests grade hostile
and plain-wrong submissions and search everything the grader prints (readable
report, results.json, stdout, stderr, batch files) for reference values and
hidden check expressions.
"""
import json
import pathlib
import re

import pytest

from course import (all_lessons, exercises, grade, grade_json, printed_forms, reference_values, reference_values_after,
                    submission, telling_numbers)

SUBMISSIONS = pathlib.Path(__file__).parent / "submissions"


def everything_printed(binary, env, lesson, path):
    results, as_json = grade_json(binary, env, lesson, path)
    readable = grade(binary, env, lesson, path)
    assert readable.returncode == 0, readable.stderr
    return results, "\n".join([as_json.stdout, as_json.stderr, readable.stdout, readable.stderr])


def test_earlier_reference_answers_are_out_of_reach(unroll_binary, env):
    leaked = reference_values_after(unroll_binary, env, 7, {
        "powers": ["norms11"], "sig_factor": ["sig_factor(X[0], X[1])"], "decay": ["decay"]})
    leaked = [value for values in leaked.values() for value in values]
    numbers = [x for value in leaked for x in telling_numbers(value)]
    assert len(numbers) >= 20, leaked
    results, printed = everything_printed(unroll_binary, env, 7, SUBMISSIONS / "07-read-earlier-answers.ur")
    assert results["score"] == 0
    for x in numbers:
        for form in printed_forms(x):
            assert form not in printed, f"the reference value {x!r} was printed as {form}"
    # What the student does get: its own earlier answer (zeros), and a plain error for the
    # reference function it reached for.
    assert "NORMS 0 0 0 0 0 0 0 0 0 0" in printed
    assert "unknown name 'sig_factor'" in printed


def appears(expression, text):
    """Whether `expression` occurs in `text` as a whole (not inside a longer name)."""
    return re.search(r"(?<![\w.])" + re.escape(expression) + r"(?![\w(])", text) is not None


def hidden_only(number):
    """(exercise, check) for each hidden check whose expression no visible check shows."""
    exs = exercises(number)
    shown = " | ".join(c.expression for ex in exs for c in ex.checks if not c.hidden)
    return [(ex, c) for ex in exs for c in ex.checks if c.hidden and not appears(c.expression, shown)]


@pytest.mark.parametrize("number", all_lessons())
def test_hidden_checks_reveal_neither_expression_nor_reference_values(unroll_binary, env, tmp_path, number):
    exs = exercises(number)
    folder = tmp_path / "class"
    folder.mkdir()
    # The starters with a comment added (honest first attempts) and answers that define nothing.
    (folder / "starter.ur").write_text(submission([(ex.id, ex.starter + "\n# my answer") for ex in exs]))
    (folder / "nothing.ur").write_text(submission([(ex.id, "nothing = 0") for ex in exs]))
    batch = grade(unroll_binary, env, number, "--batch", folder, "--out", tmp_path / "out")
    assert batch.returncode == 0, batch.stderr
    printed = batch.stdout + batch.stderr + "".join(p.read_text() for p in sorted((tmp_path / "out").iterdir()))
    hidden = hidden_only(number)
    for ex, check in hidden:
        if len(check.expression) >= 5:
            assert not appears(check.expression, printed), f"lesson {number} printed the hidden check '{check.kind} {check.expression}'"
    probes = {}
    for ex, check in hidden:
        if check.kind == "close":
            probes.setdefault(ex.id, []).append(check.expression)
    for ex_id, values in reference_values_after(unroll_binary, env, number, probes).items():
        for expression, value in zip(probes.get(ex_id, []), values):
            for x in telling_numbers(value):
                for form in printed_forms(x):
                    assert form not in printed, f"lesson {number}: the hidden '{expression}' value {x!r} was printed as {form}"
