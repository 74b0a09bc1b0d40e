"""A run's status, read by another process every 50 ms through its whole life, never contradicts itself.

One real tiny run is started, cancelled, resumed, SIGKILLed, resumed again and left to complete, while a
separate process polls training_status. Its answers must move only forward (queued -> running -> a
terminal state), leave a terminal state only through a resume, keep step <= total_steps, and give every
failure an error that says the fix. Each case cancels and kills at other moments of the child's life:
while it is still starting (before it has a SIGTERM handler or has written its pid), while it trains,
and while it evaluates.
"""
from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tools.runner import cancel_training, resume_training, start_training, training_status
from tools.runs import LAUNCH, read_json, read_jsonl

from training_kit import until, tiny, write_reviews

ROOT = Path(__file__).resolve().parents[1]
TERMINAL = ("completed", "failed", "cancelled")
# The poller: every 50 ms, the newest run's status as another process (the CLI, a script) sees it.
POLLER = """
import json, sys, time
from pathlib import Path
from tools.runner import training_status
out, stop = Path(sys.argv[1]), Path(sys.argv[2])
with open(out, "a") as f:
    f.write(json.dumps({"ready": True}) + "\\n"); f.flush()
    while not stop.exists():
        try:
            s = training_status()
        except ValueError:  # no run yet
            s = None
        if s:
            f.write(json.dumps({"t": time.time(), **{k: s[k] for k in ("status", "step", "total_steps", "epoch",
                                                                      "error", "phase")}}) + "\\n")
            f.flush()
        time.sleep(0.05)
"""


def _status(run_dir: Path) -> dict:
    return read_json(run_dir / "status.json", {}) or {}


def _reach(run_dir: Path, moment: str, after_step: int = 0) -> None:
    """Wait for a moment of the current child's life (status.json as the child writes it)."""
    if moment == "starting":  # right after start/resume returned: the child is still importing torch
        assert _status(run_dir).get("status") == "queued"
    elif moment == "training":
        until(lambda: _status(run_dir).get("step", 0) > after_step and _status(run_dir).get("phase") is None
               and _status(run_dir).get("status") == "running")
    elif moment == "evaluating":
        until(lambda: _status(run_dir).get("phase") == "evaluating", poll=0.005)


def _kill9(run_dir: Path) -> None:
    pid = _status(run_dir).get("pid") or read_json(run_dir / LAUNCH)["pid"]
    os.killpg(int(pid), signal.SIGKILL)


def _polled(polls: Path, status: str) -> None:
    """Wait until the other process has read `status` too (a loaded machine may starve it for a while)."""
    def last() -> str | None:
        lines = read_jsonl(polls)  # complete lines only: the poller may be halfway through one
        return lines[-1].get("status") if lines else None
    until(lambda: last() == status, timeout=60)


def _poller(tmp_path: Path, runs: Path) -> tuple[subprocess.Popen, Path, Path]:
    out, stop = tmp_path / "polls.jsonl", tmp_path / "stop-polling"
    env = {**os.environ, "FINETUNE_ASSISTANT_RUNS": str(runs), "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-c", POLLER, str(out), str(stop)], env=env, cwd=str(ROOT))
    until(lambda: out.is_file() and out.read_text().strip(), timeout=60)  # imported and polling
    return proc, out, stop


@pytest.mark.parametrize("cancel_at, kill_at", [("starting", "training"), ("training", "starting"),
                                                ("training", "evaluating")])
@pytest.mark.slow
def test_status_read_from_another_process_never_contradicts_itself(tiny_bert, runs, tmp_path, cancel_at, kill_at):
    data = str(write_reviews(tmp_path / "reviews.csv", n=160))
    runs.mkdir()
    poller, polls, stop = _poller(tmp_path, runs)
    resumes = []
    try:
        run = start_training(data, **tiny(tiny_bert, epochs=1, save_steps=4, logging_steps=2))
        run_dir = Path(run["run_dir"])
        assert run["status"] == "queued"
        _reach(run_dir, cancel_at)
        assert cancel_training(run["run_id"])["status"] == "cancelled"
        cancelled_at = _status(run_dir).get("step", 0)
        _polled(polls, "cancelled")

        resumes.append(time.time())
        resume_training(run["run_id"])
        _reach(run_dir, kill_at, after_step=cancelled_at)
        _kill9(run_dir)
        killed = until(lambda: (s := training_status(run["run_id"]))["status"] in TERMINAL and s, timeout=30)
        assert killed["status"] == "failed" and "Fix:" in killed["error"], killed
        _polled(polls, "failed")

        resumes.append(time.time())
        resume_training(run["run_id"])
        done = until(lambda: (s := training_status(run["run_id"]))["status"] in TERMINAL and s, timeout=240)
        _polled(polls, done["status"])
    finally:
        stop.write_text("stop")
        poller.wait(timeout=30)
    assert done["status"] == "completed", (done["error"], read_json(run_dir / LAUNCH), polls.read_text()[-3000:],
                                           (run_dir / "train.log").read_text()[-2000:])
    # completed: the step count, the epoch and the progress agree
    assert done["step"] == done["total_steps"] == 18 and done["epoch"] == 1.0, done

    seen = [json.loads(line) for line in polls.read_text().splitlines()][1:]
    assert len(seen) > 100, len(seen)  # polled through the whole life, every ~50 ms
    for s in seen:
        assert s["total_steps"] is None or 0 <= s["step"] <= s["total_steps"], s
        if s["status"] == "failed":
            assert "Fix:" in (s["error"] or ""), s
    # queued -> running -> terminal, and a terminal state left only through one of the two resumes
    changes = [s for i, s in enumerate(seen) if i == 0 or s["status"] != seen[i - 1]["status"]]
    order = " ".join(s["status"] for s in changes)
    assert re.fullmatch(r"(queued )?(running )?cancelled (queued )?(running )?failed (queued )?(running )?completed",
                        order), order
    left_terminal = [b["t"] for a, b in zip(changes, changes[1:]) if a["status"] in TERMINAL]
    assert len(left_terminal) == 2 and all(t >= r for t, r in zip(left_terminal, resumes)), (left_terminal, resumes)
