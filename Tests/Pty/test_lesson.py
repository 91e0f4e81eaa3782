"""Stepping through lesson 7 in a real terminal: a wrong answer, then a right one."""
import pathlib
import re

import pexpect

ROOT = pathlib.Path(__file__).resolve().parents[2]


def first_exercise(lesson_file):
    """The id and reference solution of the lesson's first exercise."""
    text = (ROOT / "lessons" / lesson_file).read_text()
    match = re.search(r"```unroll solution=(\w+)\n(.*?)\n```", text, re.S)
    return match.group(1), match.group(2)


def open_lesson(binary, env):
    child = pexpect.spawn(binary, ["lesson", "7"], env=dict(env, NO_COLOR="1"), encoding="utf-8", timeout=60, dimensions=(50, 160))
    child.expect(r"In \[\d+\]: ")
    return child


def test_lesson_7_check_goes_from_failing_to_passing_and_progress_resumes(unroll_binary, env):
    exercise, solution = first_exercise("07-vanishing.md")
    child = open_lesson(unroll_binary, env)
    # Step forward until the first exercise appears.
    for _ in range(40):
        child.sendline(":next")
        index = child.expect([f"Exercise '{exercise}'", r"In \[\d+\]: "])
        if index == 0:
            child.expect(r"In \[\d+\]: ")
            break
    else:
        raise AssertionError("never reached the first exercise")

    # The starter has run: checking it fails.
    child.sendline(":check")
    child.expect("visible checks failed")
    child.expect(r"In \[\d+\]: ")

    # Type the reference answer line by line (continuation prompts included), then check again.
    for line in solution.split("\n"):
        child.sendline(line)
    child.expect(r"In \[\d+\]: ")
    child.sendline(":check")
    child.expect("all visible checks passed")
    child.expect(r"In \[\d+\]: ")
    child.sendline(":where")
    child.expect(rf"exercise '{exercise}' \(done\)")
    step = re.search(r"step (\d+) of (\d+)", child.before + child.after)
    child.sendeof()
    child.expect(pexpect.EOF)

    # A new session resumes where this one stopped.
    again = pexpect.spawn(unroll_binary, ["lesson", "7"], env=dict(env, NO_COLOR="1"), encoding="utf-8", timeout=60)
    again.expect(r"resuming at step (\d+)")
    assert step is None or again.match.group(1) == step.group(1)
    again.expect(r"In \[\d+\]: ")
    again.sendline(":where")
    again.expect(rf"exercise '{exercise}' \(done\)")
