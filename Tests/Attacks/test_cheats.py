"""Attack classes 1, 2, 3 and 5 put together the way a determined student
would: read what the grader prints, precompute answers for the check inputs,
shadow what the checks call, and answer gradient checks with a constant."""
import pathlib
import re

from course import exercises, grade, grade_json, scores_by_exercise, submission

SUBMISSIONS = pathlib.Path(__file__).parent / "submissions"
# The property check's inputs for trial t were once randn(8, seed=0x5EED0000 + t).
OLD_SEED = 0x5EED0000


def test_a_two_stage_cheat_built_from_what_the_grader_prints_scores_nothing(unroll_binary, env, tmp_path):
    # Stage 1: try to read earlier reference answers through an error message.
    first = grade(unroll_binary, env, 7, SUBMISSIONS / "07-read-earlier-answers.ur")
    assert first.returncode == 0, first.stderr
    printed = first.stdout
    norms = re.search(r"NORMS((?: -?[\d.e-]+)+)", printed)
    norms = norms.group(1).split() if norms else []
    # What the student reads is at most its own answer to the first exercise (zeros), never 1.1^k.
    assert all(abs(float(x) - 1.1 ** (k + 1)) > 1e-6 for k, x in enumerate(norms)), printed
    assert "TABLE" not in printed, "the reference sig_factor was reachable:\n" + printed
    assert not re.search(r"expected [-\d.]+", printed), printed
    # Stage 2: whatever stage 1 gave, inputs precomputed for the old fixed seeds, shadowed builtins.
    rows = [f"  r = randn(8, seed={OLD_SEED + t})\n  if h_prev[0] == r[0] {{ return zeros(4, 4) }}" for t in range(5)]
    cheat = submission([
        ("powers", f"norms11 = [{', '.join(norms) or '0'}]\ndef abs(x) = 0"),
        ("sig_factor", "def sig_factor(h_prev, x) {\n" + "\n".join(rows) + "\n  return zeros(4, 4)\n}\ndef spectral_norm(A) = 0"),
        ("decay", "decay = 0.9\ndef abs(x) = 0"),
    ])
    (tmp_path / "cheat.ur").write_text(cheat)
    results, _ = grade_json(unroll_binary, env, 7, tmp_path / "cheat.ur")
    assert results["score"] == 0, results


def test_the_cheat_built_against_the_old_grader_keeps_only_the_answers_it_copied(unroll_binary, env):
    # 07-solve-nothing.ur scored 11 of 13 before. It hard-codes values the old grader
    # leaked: `norms11`, the reference sig_factor at the fixed input X[0], X[1], and the
    # decay rate to six digits. A copied right answer to a fixed question passes that
    # question (powers: 4, the hidden X check: 1, decay: 1); the copied answers can no
    # longer be read (test above). Everything else fails: the property check draws new
    # inputs each run, and shadowed builtins do not reach checks.
    results, _ = grade_json(unroll_binary, env, 7, SUBMISSIONS / "07-solve-nothing.ur")
    scores = scores_by_exercise(results)
    assert scores["powers"] == (4, 4)
    assert scores["sig_factor"] == (1, 5)
    assert scores["decay"] == (1, 1)
    assert scores["explodes"] == (0, 1)
    passed = {t["name"] for t in results["tests"] if t["status"] == "passed"}
    assert not any(name.startswith("sig_factor: property") or name.startswith("sig_factor: true") for name in passed)


def test_shadowed_builtins_do_not_reach_the_checks(unroll_binary, env, tmp_path):
    # A sig_factor right everywhere except at zero, with abs and spectral_norm redefined so
    # that `true abs(spectral_norm(sig_factor(zeros(4), zeros(4))) - spectral_norm(Wsig) / 4) < 1e-12`
    # would pass in the student's session.
    cheat = """def sig_factor(h_prev, x) {
  if norm(h_prev) + norm(x) == 0 { return zeros(4, 4) }
  s = sigmoid(Wsig @ h_prev + x)
  return diag(s * (1 - s)) @ Wsig
}
def abs(v) = 0
def spectral_norm(A) = 0"""
    answers = [(ex.id, cheat if ex.id == "sig_factor" else ex.solution) for ex in exercises(7)]
    (tmp_path / "shadow.ur").write_text(submission(answers))
    results, _ = grade_json(unroll_binary, env, 7, tmp_path / "shadow.ur")
    scores = scores_by_exercise(results)
    true_check = [t for t in results["tests"] if t["name"].startswith("sig_factor: true")]
    assert [t["status"] for t in true_check] == ["failed"], true_check
    assert scores["sig_factor"] == (4, 5), "the property (3) and the hidden check at X (1) pass honestly"
    assert results["score"] == results["max_score"] - 1


def test_a_constant_function_does_not_pass_gradient_checks(unroll_binary, env, tmp_path):
    # `gradient seq_loss (3, 3)` once compared seq_loss's autodiff only with its own
    # finite differences, which a constant satisfies.
    answers = [(ex.id, "def seq_loss(W) = 0 * sum(W)" if ex.id == "seq_loss" else ex.solution) for ex in exercises(5)]
    (tmp_path / "constant.ur").write_text(submission(answers))
    results, _ = grade_json(unroll_binary, env, 5, tmp_path / "constant.ur")
    gradient = [t for t in results["tests"] if t["name"].startswith("seq_loss: gradient")]
    assert gradient and all(t["status"] == "failed" for t in gradient), gradient
    assert scores_by_exercise(results)["seq_loss"][0] == 0, results
