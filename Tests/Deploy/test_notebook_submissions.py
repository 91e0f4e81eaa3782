"""`unroll grade N work.ipynb`: an exported lesson notebook, filled in with the
reference solutions by a script, grades to full marks for every lesson; the
untouched export scores 0; batches of notebooks grade too."""
import json
from concurrent.futures import ThreadPoolExecutor

import pytest

from lesson_notebooks import LESSONS, export, exercise_of, filled, grade, number, solutions


def grade_both(unroll, path, tmp_path):
    n = number(path)
    blank = tmp_path / f"{n:02d}-blank.ipynb"
    notebook = export(unroll, n, blank)
    work = tmp_path / f"{n:02d}-work.ipynb"
    work.write_text(json.dumps(filled(notebook, solutions(path))))
    return path.name, grade(unroll, n, work), grade(unroll, n, blank)


def test_every_filled_lesson_notebook_grades_full_and_every_untouched_one_zero(unroll, tmp_path):
    with ThreadPoolExecutor(max_workers=2) as pool:
        outcomes = list(pool.map(lambda p: grade_both(unroll, p, tmp_path), LESSONS))
    assert len(outcomes) >= 15
    for name, full, blank in outcomes:
        assert full["max_score"] > 0, name
        assert full["score"] == full["max_score"], (name, [t for t in full["tests"] if t["status"] != "passed"])
        assert all(t["status"] == "passed" for t in full["tests"]), name
        assert blank["score"] == 0, (name, blank["score"])
        assert "unchanged from its starter" in blank["output"], name
        assert len(blank["tests"]) == len(full["tests"]), "every check is listed, passed or not"


def test_a_batch_of_notebooks_grades_each_one(unroll, tmp_path):
    path = LESSONS[1]
    n = number(path)
    folder = tmp_path / "class"
    folder.mkdir()
    notebook = export(unroll, n, folder / "ada.ipynb")
    (folder / "bob.ipynb").write_text(json.dumps(filled(notebook, solutions(path))))
    (folder / "eve.ipynb").write_text("{ this is not json")
    import subprocess
    subprocess.run([str(unroll), "grade", str(n), "--batch", str(folder), "--out", str(tmp_path / "out")],
                   check=True, capture_output=True, text=True)
    # Each result is named after the whole submission file name.
    results = {p.name.removesuffix(".json"): json.loads(p.read_text()) for p in (tmp_path / "out").glob("*.json")}
    assert results["bob.ipynb"]["score"] == results["bob.ipynb"]["max_score"] > 0
    assert results["ada.ipynb"]["score"] == 0
    assert results["eve.ipynb"]["score"] == 0 and "not valid JSON" in results["eve.ipynb"]["output"]


def test_answers_in_added_cells_and_without_metadata_still_count(unroll, tmp_path):
    path = LESSONS[0]
    n = number(path)
    notebook = export(unroll, n, tmp_path / "blank.ipynb")
    answers = solutions(path)
    work = filled(notebook, answers)
    # The first exercise answered in two cells: a comment in its own cell, the code in an added one.
    first = next(i for i, c in enumerate(work["cells"]) if exercise_of(c))
    ident = exercise_of(work["cells"][first])
    work["cells"][first]["source"] = "# my answer is in the next cell"
    work["cells"].insert(first + 1, {"cell_type": "code", "metadata": {}, "source": answers[ident],
                                     "outputs": [], "execution_count": None})
    (tmp_path / "added.ipynb").write_text(json.dumps(work))
    result = grade(unroll, n, tmp_path / "added.ipynb")
    assert result["score"] == result["max_score"]
    assert "added after its cell" in result["output"]
    # Metadata stripped (copied into a new notebook): the cell before each ':check ID' is the answer.
    bare = filled(notebook, answers)
    for cell in bare["cells"]:
        cell["metadata"] = {}
    (tmp_path / "bare.ipynb").write_text(json.dumps(bare))
    result = grade(unroll, n, tmp_path / "bare.ipynb")
    assert result["score"] == result["max_score"]
    assert "metadata is missing" in result["output"]
