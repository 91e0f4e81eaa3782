"""The command line as scripts use it: output formats and exit codes."""
import json
import subprocess


def run(binary, args, env, stdin=None):
    return subprocess.run([binary, *args], input=stdin, capture_output=True, text=True, env=env, timeout=60)


def test_eval_prints_the_value(unroll_binary, env):
    done = run(unroll_binary, ["eval", "[1, 2] @ [3, 4]"], env)
    assert (done.returncode, done.stdout) == (0, "11\n")


def test_json_lines_carry_values_text_and_errors_with_positions(unroll_binary, env):
    code = 'x = [0.1, 2]\nx * 3\nprint("hi")\nlog(-1)\ny = [[1, 2], [3, 4]] @ [1, 2, 3]\nprint("never")\n'
    done = run(unroll_binary, ["run", "--json", "-"], env, stdin=code)
    assert done.returncode == 1
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert lines[0] == {"value": {"shape": [2], "data": [0.30000000000000004, 6.0]}}, "full float64 precision"
    assert lines[1] == {"stdout": "hi\n"}
    assert lines[2] == {"value": {"shape": [], "data": ["NaN"]}}
    error = lines[3]["error"]
    assert (error["kind"], error["line"], error["column"]) == ("shape", 5, 5)
    assert "(2, 2)" in error["message"] and "(3,)" in error["message"]
    assert len(lines) == 4, "a script stops at its first runtime error"


def test_a_script_may_use_meta_commands(unroll_binary, env, tmp_path):
    script = tmp_path / "vars.ur"
    script.write_text("W = [[1, 2], [3, 4]]\n:vars\nW @ [1, 1]\n")
    done = run(unroll_binary, ["run", str(script)], env)
    assert done.returncode == 0, done.stderr
    assert "W     tensor  (2, 2)" in done.stdout
    assert done.stdout.endswith("[3. 7.]\n")
    lines = [json.loads(line) for line in run(unroll_binary, ["run", "--json", str(script)], env).stdout.splitlines()]
    assert "W     tensor  (2, 2)" in lines[0]["display"]["text/plain"]
    assert lines[1] == {"value": {"shape": [2], "data": [3.0, 7.0]}}
    unknown = run(unroll_binary, ["eval", "x = 1\n:varz"], env)
    assert unknown.returncode == 1
    assert "did you mean ':vars'?" in unknown.stderr


def test_errors_are_rendered_with_the_span_underlined(unroll_binary, env):
    done = run(unroll_binary, ["eval", "W = [[1, 2], [3, 4]]\ny = W @ [1, 2, 3]"], env)
    assert done.returncode == 1
    assert "2 | y = W @ [1, 2, 3]" in done.stderr
    assert "^^^^^^^^^^^^^" in done.stderr


def test_bad_usage_exits_2_with_one_kind_of_message(unroll_binary, env):
    for args in [["run", "/no/such/file.ur"], ["frobnicate"], ["grade", "7"], ["lesson", "--starter", "nope"],
                 ["kernel"], ["train", "/no/such/text.txt"], ["train", "x", "--iters", "x"], ["export", "lesson", "3"]]:
        done = run(unroll_binary, args, env)
        assert done.returncode == 2, args
        assert done.stderr.startswith("unroll: "), (args, done.stderr)
        assert "Error:" not in done.stderr and "error:" not in done.stderr, (args, done.stderr)


def test_a_giant_tensor_is_an_error_not_a_crash(unroll_binary, env):
    done = run(unroll_binary, ["eval", "zeros(1000000, 1000000)"], env)
    assert done.returncode == 1
    assert "asks for more than 50000000 elements" in done.stderr


def test_starter_file_grades_below_full_marks_and_solutions_to_full(unroll_binary, env, tmp_path):
    starter = run(unroll_binary, ["lesson", "--starter", "7"], env)
    assert starter.returncode == 0 and "#: exercise" in starter.stdout
    (tmp_path / "hw.ur").write_text(starter.stdout)
    graded = run(unroll_binary, ["grade", "7", str(tmp_path / "hw.ur"), "--json"], env)
    assert graded.returncode == 0
    results = json.loads(graded.stdout)
    assert 0 <= results["score"] < results["max_score"]
    assert {t["visibility"] for t in results["tests"]} <= {"visible", "hidden"}


def test_train_with_lstm_and_stacked_gru_cells(unroll_binary, env, tmp_path):
    text = tmp_path / "text.txt"
    text.write_text("hello world, hello unroll. " * 20)
    done = run(unroll_binary, ["train", str(text), "--cell", "lstm", "--hidden", "8", "--seq", "10", "--iters", "5", "--json"], env)
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert (summary["cell"], summary["iters"], summary["interrupted"]) == ("lstm", 5, False)
    stacked = run(unroll_binary, ["train", str(text), "--cell", "gru", "--layers", "2", "--hidden", "8", "--iters", "3", "--json"], env)
    assert stacked.returncode == 0 and json.loads(stacked.stdout)["layers"] == 2
    assert run(unroll_binary, ["train", str(text), "--cell", "transformer"], env).returncode == 2


def strict_json(text):
    """Parses JSON as the standard has it: a bare NaN or Infinity is an error."""
    def refuse(constant):
        raise ValueError(f"{constant} is not JSON")
    return json.loads(text, parse_constant=refuse)


def test_train_json_stays_valid_json_when_the_learning_rate_diverges(unroll_binary, env, tmp_path):
    text = tmp_path / "text.txt"
    text.write_text("hello world, hello unroll. " * 40)
    for extra in [["--lr", "1e6"], ["--cell", "gru", "--lr", "1e308"], ["--cell", "lstm", "--lr", "1e12"]]:
        done = run(unroll_binary, ["train", str(text), "--hidden", "8", "--seq", "10", "--iters", "50", "--clip", "0",
                                   "--optimizer", "sgd", "--json", *extra], env)
        summary = strict_json(done.stdout)
        assert summary["impl"] == "unroll"
        if "error" in summary:
            assert done.returncode == 1, "a run that diverges is an error in what ran, not bad usage"
            assert "lower" in summary["error"].lower(), summary
            assert done.stderr.rstrip().splitlines()[-1].startswith("unroll: "), done.stderr
        else:
            assert done.returncode == 0, done.stderr


def test_train_warns_about_an_unknown_kernel_build_and_carries_on(unroll_binary, env, tmp_path):
    text = tmp_path / "text.txt"
    text.write_text("the quick brown fox jumps over the lazy dog. " * 10)
    args = ["train", str(text), "--hidden", "16", "--seq", "8", "--iters", "4", "--json"]
    typo = run(unroll_binary, args, {**env, "UNROLL_KERNELS": "avx512"})
    assert typo.returncode == 0, typo.stderr
    assert "warning: UNROLL_KERNELS='avx512' is not a kernel build (use baseline or avx2)" in typo.stderr
    baseline = run(unroll_binary, args, {**env, "UNROLL_KERNELS": "baseline"})
    assert baseline.returncode == 0 and "warning" not in baseline.stderr
    # Whichever build runs, the numbers are the same bits.
    assert json.loads(typo.stdout)["final_smooth_loss"] == json.loads(baseline.stdout)["final_smooth_loss"]


def test_resume_honours_the_training_flags_and_refuses_the_model_ones(unroll_binary, env, tmp_path):
    text = tmp_path / "text.txt"
    text.write_text("the quick brown fox jumps over the lazy dog. " * 10)
    checkpoint = tmp_path / "model.ckpt"
    first = run(unroll_binary, ["train", str(text), "--hidden", "16", "--seq", "8", "--iters", "5", "--save", str(checkpoint)], env)
    assert first.returncode == 0, first.stderr
    # A writer killed mid-save leaves a temporary beside the checkpoint; the next save removes it.
    stale = tmp_path / ".model.ckpt.tmp-999999999-1"
    stale.write_bytes(b"half a checkpoint")
    same = run(unroll_binary, ["train", str(text), "--resume", str(checkpoint), "--iters", "3", "--save", str(checkpoint)], env)
    assert same.returncode == 0, same.stderr
    assert "resuming at iteration 5 with the checkpoint's settings" in same.stdout
    assert not stale.exists()
    changed = run(unroll_binary, ["train", str(text), "--resume", str(checkpoint), "--iters", "3", "--lr", "0.05", "--seq", "12", "--json"], env)
    assert changed.returncode == 0, changed.stderr
    assert "resuming at iteration 8; changed: lr 0.05 (was 0.1), seq 12 (was 8)" in changed.stderr
    assert json.loads(changed.stdout)["seq"] == 12
    for flags, message in [(["--hidden", "32"], "cannot change the checkpoint's model, which has H = 16"),
                           (["--optimizer", "sgd"], "holds adagrad state"),
                           (["--init", str(text)], "--init and --resume both give the starting weights")]:
        refused = run(unroll_binary, ["train", str(text), "--resume", str(checkpoint), "--iters", "1", *flags], env)
        assert refused.returncode == 2, refused.stderr
        assert message in refused.stderr, refused.stderr


LESSON = """# Doubling

```unroll
W = [[2, 0], [0, 2]]
```

Every vector doubles: its norm grows by a factor of 2.

```unroll assert
norm(W @ [3, 4]) == 10
```

## Exercise: double

```unroll starter=double
def double(v) {
}
```

```unroll solution=double
def double(v) = W @ v
```

```unroll mutant=double
# mistake: squared
# hint: W once, not twice.
def double(v) = W @ W @ v
```

```unroll mutant=double
# mistake: added
# hint: W multiplies.
def double(v) = v + 1
```

```unroll check=double
property double (2,)
```

> **Hint:** one product.
"""


def test_lesson_check_passes_a_sound_lesson_and_reports_a_false_claim_on_its_line(unroll_binary, env, tmp_path):
    good = tmp_path / "01-doubling.md"
    good.write_text(LESSON)
    done = run(unroll_binary, ["lesson", "check", str(good)], env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout == f"{good}: ok (1 cell, 1 claim, 1 exercise (0 long), 0 questions, 2 mutants)\n"

    bad = tmp_path / "02-doubling.md"
    bad.write_text(LESSON.replace("== 10", "== 12"))
    done = run(unroll_binary, ["lesson", "check", str(good), str(bad)], env)
    assert done.returncode == 1
    assert f"{bad}:10: the claim 'norm(W @ [3, 4]) == 12' is false: norm(W @ [3, 4]) is 10\n" in done.stdout
    assert done.stdout.endswith(f"{bad}: 1 problem (1 cell, 1 claim, 1 exercise (0 long), 0 questions, 2 mutants)\n")

    assert run(unroll_binary, ["lesson", "check", str(tmp_path / "missing.md")], env).returncode == 2
    assert run(unroll_binary, ["lesson", "check"], env).returncode == 2


# 190 levels of recursion, each nesting 90 negations.
DEEP_RECURSION = "def f(n) { if n == 0 { return 0 }; return " + "-(" * 90 + "f(n - 1)" + ")" * 90 + " }\nf(190)\n"


def test_deep_recursion_under_a_small_stack_limit_is_clean(unroll_binary, env, tmp_path):
    # The main thread's stack is what `ulimit -s` says; programs run on a thread whose
    # stack the interpreter chose, so they finish or stop with a recursion error.
    script = tmp_path / "deep.ur"
    script.write_text(DEEP_RECURSION)
    for limit in ("1024", "512"):
        done = subprocess.run(["bash", "-c", f'ulimit -s {limit} && exec "$0" run "$1"', unroll_binary, str(script)],
                              capture_output=True, text=True, env=env, timeout=120)
        assert done.returncode in (0, 1), f"ulimit -s {limit}: exit {done.returncode} (a signal is negative): {done.stderr[-500:]}"
        assert done.stdout == "0\n" or "nested too deeply" in done.stderr, done.stderr[-500:]


def test_json_output_of_a_large_tensor_streams(unroll_binary, env, tmp_path):
    # --json used to build the whole line as a tree and as text: more than 15 times the
    # data at its peak. Streamed, the peak is the tensor itself plus the process.
    script = tmp_path / "big.ur"
    script.write_text("randn(1e6, 3, seed=1)\n")
    out = tmp_path / "out.jsonl"
    measure = ("import resource, subprocess, sys\n"
               "with open(sys.argv[3], 'w') as f: code = subprocess.run([sys.argv[1], 'run', '--json', sys.argv[2]], stdout=f).returncode\n"
               "print(code, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    done = subprocess.run(["python3", "-c", measure, unroll_binary, str(script), str(out)], capture_output=True, text=True, env=env, timeout=600)
    code, peak_kib = map(int, done.stdout.split())
    assert code == 0
    data_kib = 3_000_000 * 8 // 1024
    assert peak_kib < 3 * data_kib + 64 * 1024, f"peak {peak_kib} KiB for {data_kib} KiB of data"
    line = json.loads(out.read_text())
    assert line["value"]["shape"] == [1000000, 3] and len(line["value"]["data"]) == 3_000_000


def test_scripts_named_with_the_old_ul_extension_still_run(unroll_binary, env, tmp_path):
    old = tmp_path / "old.ul"
    old.write_text("x = [1, 2]\nprint(x @ x)\n")
    done = subprocess.run([unroll_binary, "run", str(old)], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.strip() == "5", done.stdout + done.stderr


def test_a_file_that_cannot_be_written_fails_with_exit_1_and_one_kind_of_message(unroll_binary, env, tmp_path):
    missing = tmp_path / "no" / "such" / "folder"
    for args in [["export", "gradescope", "7", "-o", str(missing / "autograder.zip")],
                 ["export", "lesson", "3", "--ipynb", "-o", str(missing / "lesson.ipynb")]]:
        done = run(unroll_binary, args, env)
        assert done.returncode == 1, (args, done.stderr)
        assert done.stderr.splitlines()[-1].startswith(f"unroll: cannot write {missing}/"), (args, done.stderr)
        assert "error:" not in done.stderr, (args, done.stderr)
    assert not (tmp_path / "no").exists()


def test_the_gradescope_bundle_is_written_whole(unroll_binary, env, tmp_path):
    import zipfile
    bundle = tmp_path / "autograder.zip"
    bundle.write_bytes(b"an older bundle")
    done = run(unroll_binary, ["export", "gradescope", "7", "-o", str(bundle)], env)
    assert done.returncode == 0, done.stderr
    with zipfile.ZipFile(bundle) as archive:
        names = archive.namelist()
        assert {"run_autograder", "setup.sh", "bundle.env", "unroll", "lessons/07-vanishing.md"} <= set(names), names
        assert archive.getinfo("run_autograder").external_attr >> 16 & 0o111
    assert [p.name for p in tmp_path.iterdir()] == ["autograder.zip"], "no temporary file left beside it"
