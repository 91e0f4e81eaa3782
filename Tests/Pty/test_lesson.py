"""Stepping through lesson 7 in a real terminal: a wrong answer, then a right one."""
import pathlib
import re
import subprocess

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


COLOUR = re.compile(r"\x1b\[[0-9;]*m")


def step_text(child):
    """What the session printed from the step header to the next prompt (coloured or not)."""
    child.expect(r"step 1 of \d+")
    child.expect(r"In \[(\x1b\[[0-9;]*m)*\d+(\x1b\[[0-9;]*m)*\]:")
    return child.before


def test_lesson_prose_is_rendered_with_colour_on_a_colour_terminal(unroll_binary, env):
    child = pexpect.spawn(unroll_binary, ["lesson", "6"], env=env, encoding="utf-8", timeout=60, dimensions=(300, 100))
    text = step_text(child)
    assert "\x1b[1;38;5;25mHow the gradient travels back in time" in text
    assert "\x1b[1mwhat\x1b[0m" in text, "bold words are bold, without their stars"
    assert "**" not in COLOUR.sub("", text) and "```" not in text
    assert "again (the output above was long)" not in text, "300 rows hold the whole step"
    child.sendeof()
    child.expect(pexpect.EOF)


def test_lesson_prose_without_colour_keeps_its_layout_and_has_no_escape_codes(unroll_binary, env):
    child = pexpect.spawn(unroll_binary, ["lesson", "6"], env=dict(env, NO_COLOR="1"), encoding="utf-8", timeout=60, dimensions=(300, 100))
    text = step_text(child)
    assert not COLOUR.search(text), "readline may switch bracketed paste on; nothing else is an escape code"
    assert "looks at what happens to it on the way" in text.replace("\r\n", " ").replace("  ", " ")
    assert "**" not in text and "`∂h_t/∂h_{t−1}`" in text, "code keeps its backticks when it cannot be coloured"
    assert "  │ Whh = [[ 0.9, -0.4,  0.2]," in text, "code sits behind a gutter"
    child.sendeof()
    child.expect(pexpect.EOF)


def test_piped_lesson_prose_is_plain(unroll_binary, env):
    done = subprocess.run([unroll_binary, "lesson", "6"], input=":next\n", env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "\x1b" not in done.stdout and "**" not in done.stdout and "```" not in done.stdout
    assert "again (the output above was long)" not in done.stdout, "a pipe has no screen to scroll off"


def test_long_output_shows_the_step_prose_again_above_the_prompt(unroll_binary, env):
    child = pexpect.spawn(unroll_binary, ["lesson", "7"], env=dict(env, NO_COLOR="1"), encoding="utf-8", timeout=60, dimensions=(24, 100))
    child.expect(r"In \[\d+\]: ")
    for _ in range(10):
        child.sendline(":next")
        child.expect(r"In \[\d+\]: ")
        if "plot(linear" in child.before:
            break
    else:
        raise AssertionError("never reached the first plot")
    shown = child.before
    assert "again (the output above was long)" in shown
    again = shown.split("again (the output above was long)")[1]
    assert "⠀" not in again and "On a log scale the rows are straight lines" in again.replace("\r\n", " ")
    child.sendeof()
    child.expect(pexpect.EOF)
