"""The install recipes of docs/deploy.md: a student's laptop (`unroll kernel
install` for the user) and a JupyterHub image (`--sys-prefix` into the image's
Python environment, here a virtual environment standing for it)."""
import json
import os
import shutil
import subprocess
import sys
import venv

import pytest

LEXER = "from pygments.lexers import get_lexer_by_name; print(get_lexer_by_name('unroll').name)"


def test_a_user_install_is_found_by_jupyter_and_pygments(unroll, tmp_path):
    env = dict(os.environ, HOME=str(tmp_path / "home"), JUPYTER_DATA_DIR=str(tmp_path / "jupyter"),
               PYTHONUSERBASE=str(tmp_path / "userbase"), XDG_DATA_HOME=str(tmp_path / "xdg"))
    env.pop("JUPYTER_PATH", None)
    env.pop("PYTHONPATH", None)
    laptop = tmp_path / "bin"
    laptop.mkdir()
    shutil.copy(unroll, laptop / "unroll")
    out = subprocess.run([str(laptop / "unroll"), "kernel", "install"], env=env, check=True, capture_output=True, text=True).stdout
    assert "Installed the Unroll kernel" in out and "Installed the Pygments lexer" in out
    spec = json.loads((tmp_path / "jupyter" / "kernels" / "unroll" / "kernel.json").read_text())
    assert spec["argv"][0] == str(laptop / "unroll") and spec["interrupt_mode"] == "message"
    listed = subprocess.run([sys.executable, "-m", "jupyter", "kernelspec", "list", "--json"], env=env,
                            check=True, capture_output=True, text=True).stdout
    assert "unroll" in json.loads(listed)["kernelspecs"]
    found = subprocess.run([sys.executable, "-c", LEXER], env=env, check=True, capture_output=True, text=True).stdout
    assert found.strip() == "Unroll"


def test_a_sys_prefix_install_serves_the_environments_kernels(unroll, tmp_path):
    pytest.importorskip("jupyter_client")
    environment = tmp_path / "image-env"
    venv.EnvBuilder(system_site_packages=True, with_pip=False).create(environment)
    python = environment / "bin" / "python"
    lessons = tmp_path / "course"
    lessons.mkdir()
    (lessons / "42-ours.md").write_text("# Our own lesson\n\n```unroll\nanswer = 6 * 7\n```\n")
    env = dict(os.environ, VIRTUAL_ENV=str(environment), PATH=f"{environment / 'bin'}:{os.environ['PATH']}",
               HOME=str(tmp_path / "home"), XDG_DATA_HOME=str(tmp_path / "xdg"))
    for key in ("JUPYTER_PATH", "JUPYTER_DATA_DIR", "PYTHONPATH", "CONDA_PREFIX"):
        env.pop(key, None)
    subprocess.run([str(unroll), "kernel", "install", "--sys-prefix", "--lessons", str(lessons)], env=env,
                   check=True, capture_output=True)
    spec = json.loads((environment / "share" / "jupyter" / "kernels" / "unroll" / "kernel.json").read_text())
    assert spec["argv"][2:4] == ["--lessons", str(lessons)]
    found = subprocess.run([str(python), "-c", LEXER], env=env, check=True, capture_output=True, text=True).stdout
    assert found.strip() == "Unroll", "the lexer is in the environment's own site-packages"
    # A kernel started from that environment (as a user's server starts it) has the course's lesson.
    script = ("from jupyter_client.manager import start_new_kernel\n"
              "km, kc = start_new_kernel(kernel_name='unroll', startup_timeout=60)\n"
              "outputs = []\n"
              "reply = kc.execute_interactive(':lesson', timeout=60, output_hook=outputs.append)\n"
              "print(reply['content']['status'], any('Our own lesson' in str(m['content']) for m in outputs))\n"
              "kc.stop_channels(); km.shutdown_kernel(now=True)\n")
    out = subprocess.run([str(python), "-c", script], env=env, capture_output=True, text=True, timeout=180)
    assert out.stdout.split() == ["ok", "True"], out.stdout + out.stderr
