"""Every lesson, start to end, as a student without colour would meet it: through
pipes (with and without NO_COLOR) and in a terminal with NO_COLOR set. Nothing
printed may carry an escape code, and the pictures must still be there to read.

The lessons come from `unroll lesson --list`, so a lesson added later is covered
without touching this file.
"""
import re
import subprocess
import threading

import pexpect
import pytest

WHERE = re.compile(r"lesson (\d+) \(.*\): .*, step (\d+) of (\d+)(; exercise '\w+' \((done|not done yet)\))?")
COLOUR = re.compile(r"\x1b\[[0-9;]*m")
# Marks that tell series apart without colour (see SeriesStyle).
MARKS = "●■▲◆○□△◇"


def lesson_numbers(binary, env):
    listing = subprocess.run([binary, "lesson", "--list"], env=env, capture_output=True, text=True, timeout=120)
    assert listing.returncode == 0, listing.stderr
    numbers = [int(m.group(1)) for m in re.finditer(r"^\s+(\d+)\s", listing.stdout, re.M)]
    assert len(numbers) >= 15, listing.stdout
    return numbers


def walk(send, number):
    """Steps through lesson `number` with `send(command) -> (printed, where-match)`:
    `:next`, or `:skip` at an exercise not yet done, to the last step. Returns all printed."""
    printed, where = send("")
    assert where.group(1) == str(number) and where.group(2) == "1", where.group(0)
    everything = [printed]
    for _ in range(300):
        step, count = int(where.group(2)), int(where.group(3))
        at_exercise = where.group(5) == "not done yet"
        if step == count and not at_exercise:
            return "".join(everything)
        printed, where = send(":skip" if at_exercise else ":next")
        everything.append(printed)
        assert int(where.group(2)) == step + 1 or (step == count and at_exercise), \
            f"lesson {number}: stuck at step {step}:\n{printed[-2000:]}"
        if step == count:
            return "".join(everything)
    raise AssertionError(f"lesson {number} never ended")


def check_readable(number, text):
    assert "\x1b" not in text, f"lesson {number}: an escape code in {text[text.index(chr(27)) - 200:][:400]!r}"
    error = re.search(r"^error:", text, re.M)
    assert not error, f"lesson {number}: {text[error.start() - 300:][:600]}"
    # A chart's legend names each series with its own mark, so curves stay apart in plain text.
    for legend in re.findall(rf"^[{MARKS}] .*", text, re.M):
        marks = re.findall(rf"(?:^|   )([{MARKS}]) ", legend)
        assert len(marks) == len(set(marks)), f"lesson {number}: two series share a mark: {legend}"


@pytest.mark.parametrize("no_color", [True, False], ids=["NO_COLOR", "colour allowed"])
def test_every_lesson_through_pipes_prints_no_escape_codes(unroll_binary, env, no_color):
    if no_color:
        env = dict(env, NO_COLOR="1")
    printed = {}
    for number in lesson_numbers(unroll_binary, env):
        child = subprocess.Popen([unroll_binary, "lesson", str(number)], env=env,
                                 stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)

        def send(command):
            # `:where` after each command marks where its output ends (a pipe has no prompt).
            child.stdin.write(f"{command}\n:where\n".encode())
            child.stdin.flush()
            lines = []
            while True:
                line = child.stdout.readline().decode("utf-8")
                if not line:
                    raise AssertionError(f"lesson {number} ended early after {command!r}:\n{''.join(lines)[-2000:]}")
                match = WHERE.match(line)
                if match:
                    return "".join(lines), match
                lines.append(line)

        # A lesson that hangs is stopped (its output then ends early) rather than holding the suite.
        watchdog = threading.Timer(600, child.kill)
        watchdog.start()
        try:
            text = walk(send, number)
        finally:
            watchdog.cancel()
            child.stdin.close()
            child.wait(timeout=120)
        assert child.returncode == 0, f"lesson {number} exited with {child.returncode}"
        check_readable(number, text)
        printed[number] = text
    # The pictures are drawn in pipes too: lesson 3's arrows carry their factors, lesson 6
    # shows the factor view, and lesson 7's sigma sweep has one marked curve per sigma.
    assert re.search(r"─ \d\.\d+ ─*▶│", printed[3]), "lesson 3: a factor on an arrow"
    assert "‖J_t‖₂, the factor of each step t" in printed[6], "lesson 6: the factor view"
    sweeps = [line for line in printed[7].splitlines() if line.count("sigma ") == 5 and line[0] in MARKS]
    assert sweeps and len({line[0] for line in sweeps}) == 1, "lesson 7: a legend naming the five sigmas"


def test_every_lesson_in_a_terminal_with_no_color_prints_no_colour_codes(unroll_binary, env):
    env = dict(env, NO_COLOR="1")
    for number in lesson_numbers(unroll_binary, env):
        child = pexpect.spawn(unroll_binary, ["lesson", str(number)], env=env, encoding="utf-8",
                              timeout=300, dimensions=(40, 100))
        prompt = r"In \[\d+\]: "
        child.expect(prompt)
        opening = child.before

        def send(command):
            if command:
                child.sendline(command)
                child.expect(prompt)
            printed = child.before
            child.sendline(":where")
            child.expect(WHERE)
            where = child.match
            child.expect(prompt)
            return printed, where

        text = opening + walk(send, number)
        child.sendeof()
        child.expect(pexpect.EOF)
        assert not COLOUR.search(text), f"lesson {number}: colour despite NO_COLOR: {text[COLOUR.search(text).start() - 200:][:400]!r}"
        # Readline may switch bracketed paste on and move the cursor; the lesson's own output may not.
        plain = re.sub(r"\x1b\[\?2004[hl]|\x1b\[[0-9]*[A-DGKJ]|\r", "", text)
        check_readable(number, plain)
