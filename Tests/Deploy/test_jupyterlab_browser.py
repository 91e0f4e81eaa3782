"""JupyterLab in a real browser: JupyterLab (PyPI) on 127.0.0.1 with the
Unroll kernel, driven by Debian's headless Chromium through Selenium. It opens
an exported lesson filled in with its solutions, runs all cells, and checks
that every cell finished, the SVG plots are on the page and no error was
shown. A screenshot is saved under .build/artifacts/ for CI."""
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from lesson_notebooks import LESSONS, export, filled, number, solutions

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / ".build" / "artifacts"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
# Lesson 7: plots on a log scale, three exercises, every cell quick.
LESSON = next(p for p in LESSONS if number(p) == 7)
DEADLINE = 240  # seconds for the whole notebook to run in the browser

pytestmark = pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER), reason="needs Debian's chromium and chromium-driver")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture()
def jupyterlab(browser_unroll, tmp_path):
    """A JupyterLab server on 127.0.0.1 whose only extra kernel is Unroll."""
    pytest.importorskip("jupyterlab")
    prefix = tmp_path / "prefix"
    subprocess.run([str(browser_unroll), "kernel", "install", "--prefix", str(prefix), "--no-lexer"], check=True, capture_output=True)
    work = tmp_path / "work"
    work.mkdir()
    notebook = export(browser_unroll, number(LESSON), tmp_path / "blank.ipynb")
    (work / "lesson.ipynb").write_text(json.dumps(filled(notebook, solutions(LESSON))))
    # No "news?" pop-up over the screenshot.
    settings = tmp_path / "settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)
    (settings / "notification.jupyterlab-settings").write_text(json.dumps({"fetchNews": "false", "checkForUpdates": False}))
    port, token = free_port(), "unroll-browser-test"
    env = dict(os.environ, JUPYTER_PATH=str(prefix / "share" / "jupyter"), JUPYTER_CONFIG_DIR=str(tmp_path / "config"),
               JUPYTER_DATA_DIR=str(tmp_path / "data"), JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"),
               XDG_DATA_HOME=str(tmp_path / "xdg"))
    log = open(tmp_path / "jupyterlab.log", "w")
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
         f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={work}", "--LabApp.expose_app_in_browser=True",
         "--LabApp.news_url=", "--ServerApp.port_retries=0", "--ServerApp.terminals_enabled=False",
         f"--LabApp.user_settings_dir={tmp_path / 'settings'}",
         f"--LabServerApp.workspaces_dir={tmp_path / 'workspaces'}"] + (["--allow-root"] if os.geteuid() == 0 else []),
        env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                log.close()
                pytest.fail("JupyterLab did not start:\n" + (tmp_path / "jupyterlab.log").read_text()[-3000:])
            time.sleep(0.5)
    yield f"{base}/lab/tree/lesson.ipynb?token={token}"
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
    log.close()


@pytest.fixture()
def chromium():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1400,1800", "--no-first-run", "--disable-extensions"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(60)
    driver.set_script_timeout(30)
    yield driver
    driver.quit()


# The notebook as JupyterLab's own model holds it (window.jupyterapp, exposed by the server option).
STATE = """
const app = window.jupyterapp;
if (!app || !app.shell || !app.shell.currentWidget || !app.shell.currentWidget.content) return null;
const panel = app.shell.currentWidget;
const kernel = panel.sessionContext && panel.sessionContext.session && panel.sessionContext.session.kernel;
const cells = panel.content.widgets.filter(c => c.model.type === 'code').map(c => ({
    count: c.model.executionCount,
    source: c.model.sharedModel.getSource(),
    outputs: c.model.outputs.toJSON(),
}));
return {kernel: kernel ? kernel.name : null, status: kernel ? kernel.status : null, cells: cells,
        pending: document.querySelectorAll('.jp-InputPrompt').length ?
                 Array.from(document.querySelectorAll('.jp-InputPrompt')).filter(p => p.textContent.includes('*')).length : 0};
"""


def wait_for(driver, condition, seconds, what):
    deadline = time.monotonic() + seconds
    state = None
    while time.monotonic() < deadline:
        state = driver.execute_script(STATE)
        if state and condition(state):
            return state
        time.sleep(0.5)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(ARTIFACTS / "jupyterlab-timeout.png"))
    pytest.fail(f"timed out after {seconds} s waiting for {what}; last state: {json.dumps(state)[:2000]}")


def test_jupyterlab_runs_a_lesson_notebook_in_chromium(jupyterlab, chromium):
    chromium.get(jupyterlab)
    wait_for(chromium, lambda s: s["kernel"] == "unroll" and s["status"] == "idle", 90, "the Unroll kernel to start")
    chromium.execute_script("return window.jupyterapp.commands.execute('notebook:run-all-cells')")
    state = wait_for(chromium, lambda s: s["status"] == "idle" and s["pending"] == 0 and all(c["count"] for c in s["cells"]),
                     DEADLINE, "every cell to finish")

    outputs = [o for c in state["cells"] for o in c["outputs"]]
    errors = [o for o in outputs if o["output_type"] == "error" or o.get("name") == "stderr"]
    assert errors == [], f"error output in the notebook: {json.dumps(errors)[:2000]}"
    svg = [o for o in outputs if "image/svg+xml" in o.get("data", {})]
    assert svg, "the lesson's plots arrive as SVG"
    rendered = chromium.execute_script("return document.querySelectorAll('.jp-RenderedSVG, .jp-RenderedImage svg, .jp-OutputArea-output svg').length")
    assert rendered >= 1, "the SVG plots are on the page"
    # JupyterLab draws only the cells in view, so the text is read from its model.
    shown = "\n".join(o.get("text", "") + o.get("data", {}).get("text/plain", "") for o in outputs)
    assert shown.count("all visible checks passed") == len(solutions(LESSON)), "every :check cell passed"
    assert "Traceback" not in shown and "error:" not in shown

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    chromium.execute_script("window.jupyterapp.commands.execute('notebook:move-cursor-down')")
    first_plot = chromium.execute_script("const e = document.querySelector('.jp-RenderedSVG'); if (e) e.scrollIntoView(); return !!e")
    assert first_plot
    time.sleep(0.5)
    path = ARTIFACTS / "jupyterlab-lesson-07.png"
    assert chromium.save_screenshot(str(path)) and path.stat().st_size > 10_000
