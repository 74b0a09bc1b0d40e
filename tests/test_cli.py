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


def _main(capsys, *args):
    """(exit code, stdout, stderr) of the CLI run in this process: the same parser, without a Python start-up."""
    from tools.__main__ import main

    capsys.readouterr()
    try:
        rc = main(list(args))
    except SystemExit as e:  # argparse's usage errors
        rc = e.code
    out, err = capsys.readouterr()
    return rc, out, err


def _reviews(tmp_path):
    rows = [f"a wonderful film number {i},pos" for i in range(30)] + \
        [f"a dreadful boring film {i},neg" for i in range(30)]
    path = tmp_path / "reviews.csv"
    path.write_text("text,label\n" + "\n".join(rows) + "\n")
    return str(path)


def test_the_data_file_may_come_without_its_flag(tmp_path, capsys):
    path = _reviews(tmp_path)
    typed = _run("inspect_dataset", path)  # as people type it
    assert typed.returncode == 0, typed.stderr
    rc, flagged, _ = _main(capsys, "inspect_dataset", "--path", path)
    assert rc == 0 and json.loads(typed.stdout) == json.loads(flagged) and json.loads(flagged)["rows"] == 60
    rc, korean, _ = _main(capsys, "inspect_dataset", "--lang", "ko", path)  # after the flags as well
    assert rc == 0 and "데이터 점검" in json.loads(korean)["summary"]
    rc, out, _ = _main(capsys, "recommend_settings", path, "--goal", "fast")
    assert rc == 0 and json.loads(out)["config"]["dataset_path"] == path


def test_a_positional_file_and_passed_through_settings(tmp_path, capsys):
    path = _reviews(tmp_path)
    for args in ([path, "--epochs", "2", "--dry_run", "true"], ["--epochs", "2", path, "--dry_run", "true"],
                 ["--dry_run", "true", "--epochs=2", path]):
        rc, out, err = _main(capsys, "start_training", *args)  # a setting's value is never taken for the file
        assert rc == 0, (args, err)
        cfg = json.loads(out)["config"]
        assert cfg["epochs"] == 2 and cfg["dataset_path"] == str(tmp_path.resolve() / "reviews.csv"), args


def test_file_given_twice_or_not_at_all_is_exit_2(tmp_path, capsys):
    path = _reviews(tmp_path)
    for args in (["inspect_dataset", path, "--path", str(tmp_path / "other.csv")], ["inspect_dataset"],
                 ["start_training", "--dry_run", "true"], ["inspect_dataset", path, "extra.csv"]):
        rc, out, err = _main(capsys, *args)
        assert rc == 2 and out == "" and "error:" in err, args
    assert _main(capsys, "inspect_dataset", path, "--path", path)[0] == 0  # the same file twice is one file
    assert "PATH" in _main(capsys, "inspect_dataset", "--help")[1]
    assert "DATASET_PATH" in _main(capsys, "start_training", "--help")[1]
