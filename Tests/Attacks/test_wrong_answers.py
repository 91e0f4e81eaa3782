"""Wrong answers, every lesson: an unchanged starter scores 0, an answer that
computes nothing scores 0, and every wrong answer collected here (the lessons'
own mutants, the starters with a comment added) scores at most a third of its
exercise's points — graded by the command line, each in its own process."""
import json
import pathlib

import pytest

from course import all_lessons, exercises, grade, nothing_answer, scores_by_exercise, submission


@pytest.mark.parametrize("number", all_lessons())
def test_wrong_answers_earn_little_and_nothing_earns_nothing(unroll_binary, env, tmp_path, number):
    exs = exercises(number)
    folder = tmp_path / "class"
    folder.mkdir()
    expect = {}  # file name → (exercise id or None for every exercise, most it may score)
    (folder / "starter.ur").write_text(submission([(ex.id, ex.starter) for ex in exs]))
    expect["starter.ur"] = (None, lambda points: 0)
    (folder / "nothing.ur").write_text(submission([(ex.id, nothing_answer(unroll_binary, env, number, ex)) for ex in exs]))
    expect["nothing.ur"] = (None, lambda points: 0)
    for ex in exs:
        if ex.starter.strip() != f"{ex.id} = none":
            name = f"starter-{ex.id}.ur"
            (folder / name).write_text(submission([(ex.id, ex.starter + "\n# my answer")]))
            expect[name] = (ex.id, lambda points: points / 3)
        for k, mutant in enumerate(ex.mutants):
            name = f"mutant-{ex.id}-{k}.ur"
            (folder / name).write_text(submission([(ex.id, mutant)]))
            expect[name] = (ex.id, lambda points: points / 3)
    done = grade(unroll_binary, env, number, "--batch", folder, "--out", tmp_path / "out")
    assert done.returncode == 0, done.stderr
    for name, (only, most) in expect.items():
        report = json.loads((tmp_path / "out" / (name + ".json")).read_text())
        for ex_id, (got, full) in scores_by_exercise(report).items():
            if only is None or ex_id == only:
                assert got <= most(full) + 1e-9, f"lesson {number}, {name}: {ex_id} scores {got} of {full}"
