"""Attack classes 6 and 7: one submission must not hurt another, and limits
must hold even when a builtin never looks at the clock.

Each submission runs in its own process with hard limits (memory, CPU, a wall
deadline enforced by killing); whatever happens to that process, its student
gets a complete report and everybody else their true score."""
import csv
import json
import os
import pathlib
import signal
import subprocess
import time

import pytest

from course import exercises, grade, grade_json, scores_by_exercise, submission

MEMORY_HOG = "xs = []\nfor i in 0..1000 { xs = push(xs, ones(10000000)) }\nnorms11 = zeros(10)"
# A graph of big tensors kept alive by a function that captures its own frame.
GRAPH_HOG = ("def hog() {\n  h = zeros(1000)\n  for i in 0..1000000 { h = h * 1.0000001 + 1 }\n"
             "  def keep() = keep\n  return h\n}\ny = hog()\nnorms11 = zeros(10)")
BUILTIN_LOOP = "while true { s = svals(randn(2000, 2000)) }"


def correct(number=7):
    return [(ex.id, ex.solution) for ex in exercises(number)]


def full_marks(number=7):
    return sum(ex.points for ex in exercises(number))


def check_count(number=7):
    return sum(len(ex.checks) for ex in exercises(number))


def replace(answers, ex_id, code):
    return [(i, code if i == ex_id else c) for i, c in answers]


def results_of(out_dir):
    rows = list(csv.DictReader((out_dir / "summary.csv").open(newline="")))
    return rows, {row["result"]: json.loads((out_dir / row["result"]).read_text()) for row in rows}


def test_hostile_submissions_get_complete_reports_and_spare_everybody_else(unroll_binary, env, tmp_path):
    folder = tmp_path / "class"
    folder.mkdir()
    for i in range(6):
        (folder / f"good{i}.ur").write_text(submission(correct()))
    hostile = {
        "a-memory-hog.ur": ("powers", MEMORY_HOG),
        "b-graph-hog.ur": ("powers", GRAPH_HOG),
        "c-plot-trap.ur": ("powers", "plot([1e308, -1e308])\nnorms11 = zeros(10)"),
        "d-builtin-loop.ur": ("powers", BUILTIN_LOOP),
    }
    for name, (ex_id, code) in hostile.items():
        (folder / name).write_text(submission(replace(correct(), ex_id, code)))
    (folder / "e-binary.ur").write_bytes(bytes(range(256)) * 8)
    done = grade(unroll_binary, env, 7, "--batch", folder, "--out", tmp_path / "out", "--time-limit", "2")
    assert done.returncode == 0, done.stderr
    rows, reports = results_of(tmp_path / "out")
    assert len(rows) == 11
    by_file = {row["file"]: reports[row["result"]] for row in rows}
    for i in range(6):
        assert by_file[f"good{i}.ur"]["score"] == full_marks(), by_file[f"good{i}.ur"]
    for name in hostile:
        report = by_file[name]
        scores = scores_by_exercise(report)
        assert scores["powers"] == (0, 4), (name, report)
        assert report["score"] == full_marks() - 4, (name, report)
        assert len(report["tests"]) == check_count()
    loop = [t for t in by_file["d-builtin-loop.ur"]["tests"] if t["name"].startswith("powers")]
    assert any("time limit" in t["output"] for t in loop), loop
    assert by_file["e-binary.ur"]["score"] == 0 and len(by_file["e-binary.ur"]["tests"]) == check_count()


def test_one_submission_gets_the_same_hard_limits(unroll_binary, env, tmp_path):
    for code in (MEMORY_HOG, BUILTIN_LOOP):
        path = tmp_path / "hw.ur"
        path.write_text(submission(replace(correct(), "powers", code)))
        results, _ = grade_json(unroll_binary, env, 7, path, "--time-limit", "1")
        assert results["score"] == full_marks() - 4, results
        assert scores_by_exercise(results)["powers"] == (0, 4)


def test_a_real_crash_at_the_memory_limit_costs_only_its_exercise(unroll_binary, env, tmp_path):
    # A graph of two million small nodes stays inside the session's budgets but not inside a
    # 120 MiB address space: the process really dies (SIGSEGV or SIGABRT), as it would on
    # any crash. The exercise scores 0 with the reason; the others are graded afresh. The
    # held h0 keeps the whole chain alive (a derivative with respect to it could still be
    # asked for), and two elements keep it from collapsing to one number's history.
    path = tmp_path / "hw.ur"
    path.write_text(submission(replace(correct(), "powers", "h0 = zeros(2)\nh = h0\nfor i in 0..2000000 { h = h + 1 }")))
    results, _ = grade_json(unroll_binary, env, 7, path, "--memory-limit", "120", "--time-limit", "60")
    scores = scores_by_exercise(results)
    assert scores["powers"] == (0, 4), results
    assert results["score"] == full_marks() - 4, results
    assert any("crashed" in t["output"] and "memory limit of 120 MiB" in t["output"] for t in results["tests"]), results


def descendants(pid):
    """Every process below pid (read from /proc)."""
    parents = {}
    for entry in pathlib.Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, frontier = [], [pid]
    while frontier:
        current = frontier.pop()
        for child, parent in parents.items():
            if parent == current:
                found.append(child)
                frontier.append(child)
    return found


def submission_process(grading):
    """The process grading the submission, once it exists: the grandchild (grade → worker → submission)."""
    deadline = time.monotonic() + 300
    while True:
        assert time.monotonic() < deadline and grading.poll() is None, "no grading process appeared"
        below = descendants(grading.pid)
        if len(below) >= 2:
            return below[-1]
        time.sleep(0.01)


@pytest.mark.parametrize("sig", [signal.SIGABRT, signal.SIGSEGV, signal.SIGKILL])
def test_a_grading_process_that_dies_still_yields_a_complete_report(unroll_binary, env, tmp_path, sig):
    path = tmp_path / "hw.ur"
    path.write_text(submission(replace(correct(), "sig_factor", "while true { }")))
    grading = subprocess.Popen([unroll_binary, "grade", "7", str(path), "--json", "--time-limit", "600"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        process = submission_process(grading)
        time.sleep(0.5)  # well inside the endless exercise
        os.kill(process, sig)
        out, err = grading.communicate(timeout=300)
    finally:
        if grading.poll() is None:
            grading.kill()
    assert grading.returncode == 0, err
    results = json.loads(out)
    scores = scores_by_exercise(results)
    assert scores["sig_factor"] == (0, 5)
    assert results["score"] == full_marks() - 5, results
    assert any(signal.Signals(sig).name in t["output"] for t in results["tests"] if t["name"].startswith("sig_factor"))


def test_a_grading_process_that_stops_answering_is_killed_at_the_wall_deadline(unroll_binary, env, tmp_path):
    # A process that neither finishes nor checks the clock (here: stopped by a signal, as
    # it would be stuck inside a builtin that never looks at it) is killed at twice the
    # time limit; that exercise scores 0 with the reason, the rest are graded afresh.
    path = tmp_path / "hw.ur"
    path.write_text(submission(replace(correct(), "powers", "while true { }")))
    grading = subprocess.Popen([unroll_binary, "grade", "7", str(path), "--json", "--time-limit", "5"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        while True:
            try:
                os.kill(submission_process(grading), signal.SIGSTOP)  # in the first exercise or the endless one
                break
            except ProcessLookupError:
                pass
        out, err = grading.communicate(timeout=300)
    finally:
        if grading.poll() is None:
            grading.kill()
    assert grading.returncode == 0, err
    results = json.loads(out)
    scores = scores_by_exercise(results)
    assert any("hard limit of 10 s" in t["output"] for t in results["tests"]), results
    assert scores["powers"] == (0, 4)
    assert scores["sig_factor"] == (5, 5) and scores["decay"] == (1, 1), results


def shown(name):
    """How summary.csv shows a file name: control characters escaped, no formula."""
    text = name.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    return "'" + text if name[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def test_result_files_never_collide_and_the_summary_cannot_be_forged(unroll_binary, env, tmp_path):
    folder = tmp_path / "class"
    folder.mkdir()
    names = ["bob.ur", "bob.zz", "bob", "evil\nmallory,13,13,0,\"ok\".ur", "=1+2.ur", "+cmd.ur", "-2.ur", "@SUM(A1).ur",
             "\tx.ur", "a\rb.ur", "summary.csv", "a b.ur", "a_b.ur", "%41.ur", "A.ur", "é.ur", "x" * 250]
    for name in names:
        (folder / name).write_text(submission(correct()))
    done = grade(unroll_binary, env, 7, "--batch", folder, "--out", tmp_path / "out")
    assert done.returncode == 0, done.stderr
    text = (tmp_path / "out" / "summary.csv").read_text()
    assert text.count("\n") == len(names) + 1, "one line per submission file, and a header"
    rows, reports = results_of(tmp_path / "out")
    assert sorted(row["file"] for row in rows) == sorted(shown(n) for n in names)
    assert len({row["result"] for row in rows}) == len(names), "every submission has its own result file"
    assert len(list((tmp_path / "out").glob("*.json"))) == len(names)
    for row in rows:
        assert reports[row["result"]]["score"] == full_marks()
        for cell in row.values():
            assert not cell[:1] in ("=", "+", "-", "@", "\t", "\r"), f"a formula-leading cell: {cell!r}"
    for line in text.splitlines()[1:]:
        assert line.startswith('"') and line.endswith('"'), f"every cell quoted: {line}"
