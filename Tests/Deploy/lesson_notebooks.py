"""Lesson notebooks as a student would hand them in: exported by `unroll`,
then filled in by a script with each exercise's reference solution (read from
the lesson's Markdown in the source tree, independently of the program)."""
import importlib.util
import json
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LESSONS = sorted(p for p in (ROOT / "lessons").glob("[0-9]*.md"))

_spec = importlib.util.spec_from_file_location("lesson_cells", ROOT / "scripts" / "lesson-cells.py")
lesson_cells = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(lesson_cells)


def number(path: Path) -> int:
    return int(path.name.split("-", 1)[0])


def solutions(path: Path) -> dict:
    """Each exercise's reference solution, by id."""
    return {ident: code for kind, ident, code in lesson_cells.parse(str(path)) if kind == "solution"}


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
