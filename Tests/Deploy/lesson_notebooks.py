"""Lesson notebooks as a student would hand them in: exported by `unroll`,
then filled in by a script with each exercise's reference solution, read from
the lesson's Markdown in the source tree by a parser of our own (independent
of the program's)."""
import json
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LESSONS = sorted(p for p in (ROOT / "lessons").glob("[0-9]*.md"))

FENCE = re.compile(r"^(`{3,})unroll(?:\s+(\w+)(?:=(\w+))?)?\s*$")


def blocks(path: Path):
    """The lesson's `unroll` code blocks in file order: (kind, id, code), kind
    being `lesson` for a plain cell, else the block's attribute (starter,
    solution, check, question, mutant, assert)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    found, i = [], 0
    while i < len(lines):
        m = FENCE.match(lines[i].strip())
        if not m:
            i += 1
            continue
        body, i = [], i + 1
        while i < len(lines) and lines[i].strip() != m.group(1):
            body.append(lines[i])
            i += 1
        found.append((m.group(2) or "lesson", m.group(3), "\n".join(body)))
        i += 1
    return found


def steps(path: Path):
    """The kind of each step's cell: `lesson`, or `exercise` for starters and questions."""
    return ["lesson" if kind == "lesson" else "exercise" for kind, _, _ in blocks(path) if kind in ("lesson", "starter", "question")]


def number(path: Path) -> int:
    return int(path.name.split("-", 1)[0])


def solutions(path: Path) -> dict:
    """Each exercise's reference answer, by id: the solution block, or for a
    question the variable named like it set to the answer (`answer: c`)."""
    answers = {}
    for kind, ident, code in blocks(path):
        if kind == "solution":
            answers[ident] = code
        elif kind == "question":
            fields = [line.split(":", 1) for line in code.splitlines() if ":" in line]
            answer = next(value for key, value in fields if key.strip() == "answer").split("|")[0]
            answer = re.sub(r"\s+\w+=\S+\s*$", "", answer.strip())
            choices = [key for key, _ in fields if key.strip() not in ("answer", "wrong")]
            answers[ident] = f'{ident} = "{answer}"' if choices else f"{ident} = {answer}"
    return answers


def export(unroll, lesson: int, out: Path, *extra) -> dict:
    subprocess.run([str(unroll), "export", "lesson", str(lesson), "--ipynb", "-o", str(out), *extra], check=True)
    return json.loads(out.read_text())


def exercise_of(cell) -> str | None:
    return cell.get("metadata", {}).get("unroll", {}).get("exercise")


def filled(notebook: dict, answers: dict) -> dict:
    """The notebook with every exercise cell's source replaced by its answer."""
    copy = json.loads(json.dumps(notebook))
    for cell in copy["cells"]:
        ident = exercise_of(cell)
        if ident is not None:
            cell["source"] = answers[ident]
    return copy


def grade(unroll, lesson: int, submission: Path, *extra) -> dict:
    """Gradescope's results.json for one submission."""
    result = subprocess.run([str(unroll), "grade", str(lesson), str(submission), "--json", *extra],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)
