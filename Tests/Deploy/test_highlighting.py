"""The Pygments lexer that `unroll kernel install` puts in place colours Unroll
code in `jupyter nbconvert --to html`: keywords, builtins, numbers, strings,
comments and meta-commands each get their own token class."""
import html
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

LESSON = """# Highlighting

A cell with every kind of token.

```unroll
def step(h, x) {
  return tanh(W @ h + x)   # one step of the recurrence
}
for t in 0..3 { print("step", t, 2.5e-3) }
```
"""


@pytest.fixture()
def installed(unroll, tmp_path):
    prefix = tmp_path / "prefix"
    out = subprocess.run([str(unroll), "kernel", "install", "--prefix", str(prefix)],
                         check=True, capture_output=True, text=True).stdout
    site = re.search(r"Python finds it when (\S+) is on PYTHONPATH", out).group(1)
    return prefix, Path(site)


def spans(html_text):
    """(class, text) of every Pygments span in the page."""
    return [(cls, html.unescape(text)) for cls, text in re.findall(r'<span class="(\w+)">([^<]*)</span>', html_text)]


def test_nbconvert_html_colours_every_kind_of_token(unroll, installed, tmp_path):
    pytest.importorskip("nbconvert")
    prefix, site = installed
    lessons = tmp_path / "lessons"
    lessons.mkdir()
    (lessons / "01-colours.md").write_text(LESSON)
    notebook = tmp_path / "colours.ipynb"
    subprocess.run([str(unroll), "export", "lesson", "1", "--ipynb", "--lessons", str(lessons), "-o", str(notebook)], check=True)
    env = dict(os.environ, PYTHONPATH=str(site))
    subprocess.run([sys.executable, "-m", "jupyter", "nbconvert", "--to", "html", str(notebook)],
                   check=True, env=env, capture_output=True)
    found = spans(notebook.with_suffix(".html").read_text())
    for cls, text in [("k", "def"), ("k", "return"), ("k", "for"), ("ow", "in"),
                      ("nf", "step"), ("nb", "tanh"), ("nb", "print"),
                      ("mi", "0"), ("mi", "3"), ("mf", "2.5e-3"),
                      ("s2", "\"step\""), ("c1", "# one step of the recurrence"),
                      ("kp", ":lesson"), ("o", "@"), ("o", ".."), ("n", "W")]:
        assert (cls, text) in found, f"{text!r} should be highlighted as {cls}"
    assert ("nb", "W") not in found and ("n", "tanh") not in found


def test_the_installed_distribution_is_the_one_in_the_source_tree(installed):
    _, site = installed
    project = tomllib.loads((ROOT / "python/pygments-unroll/pyproject.toml").read_text())["project"]
    info = site / f"pygments_unroll-{project['version']}.dist-info"
    metadata = (info / "METADATA").read_text()
    assert f"Name: {project['name']}" in metadata and f"Version: {project['version']}" in metadata
    lines = (info / "entry_points.txt").read_text().splitlines()
    for group, points in project["entry-points"].items():
        assert f"[{group}]" in lines
        for name, target in points.items():
            assert f"{name} = {target}" in lines
    source = (ROOT / "python/pygments-unroll/pygments_unroll/__init__.py").read_text()
    assert (site / "pygments_unroll/__init__.py").read_text() == source
    # pip can list and uninstall it: RECORD names every file with its hash.
    record = (info / "RECORD").read_text()
    assert "pygments_unroll/_names.py,sha256=" in record


def test_pygments_finds_the_lexer_by_name_and_file_name(installed):
    _, site = installed
    code = ("from pygments.lexers import get_lexer_by_name, get_lexer_for_filename;"
            "print(get_lexer_by_name('unroll').name, get_lexer_for_filename('hw.ur').name)")
    out = subprocess.run([sys.executable, "-c", code], env=dict(os.environ, PYTHONPATH=str(site)),
                         check=True, capture_output=True, text=True).stdout
    assert out.split() == ["Unroll", "Unroll"]


def test_kernel_info_names_the_lexer(unroll, tmp_path):
    notebook = tmp_path / "n.ipynb"
    subprocess.run([str(unroll), "export", "lesson", "1", "--ipynb", "-o", str(notebook)], check=True)
    import json
    info = json.loads(notebook.read_text())["metadata"]["language_info"]
    assert info["pygments_lexer"] == "unroll"
