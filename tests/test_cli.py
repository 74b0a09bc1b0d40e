"""`python -m tools`: every tool listed, arguments from signatures, JSON out, exit 2 on bad input."""
from __future__ import annotations

import json
import subprocess
import sys

from tools import TOOLS


def _run(*args):
    return subprocess.run([sys.executable, "-m", "tools", *args], capture_output=True, text=True, timeout=300)


def test_help_lists_every_tool():
    out = _run("--help")
    assert out.returncode == 0
    for fn in TOOLS:
        assert fn.__name__ in out.stdout


def test_tool_help_shows_its_arguments():
    out = _run("recommend_settings", "--help")
    assert out.returncode == 0 and "--dataset_path" in out.stdout and "--goal" in out.stdout


def test_detect_hardware_prints_json():
    out = _run("detect_hardware")
    assert out.returncode == 0
    assert json.loads(out.stdout)["device"] in ("cpu", "cuda", "mps")


def test_bad_input_is_exit_2_and_one_line():
    out = _run("recommend_settings", "--dataset_path", "/no/such/file.csv")
    assert out.returncode == 2
    err = [line for line in out.stderr.splitlines() if line.startswith("error:")]
    assert len(err) == 1 and "Fix" in err[0]


def test_bad_arguments_are_exit_2():
    assert _run("detect_hardware", "--no-such-flag", "1").returncode == 2
    assert _run("no_such_tool").returncode == 2
