"""start_training, training_status, cancel_training, resume_training: runs in child processes.

The run is `python -m tools.train --config RUN_DIR/config.json` started with a list argv in
its own session, so a crash or an out-of-memory kill never takes the caller down, and the
caller never blocks. One run trains at a time; later ones wait in the child (status queued).
"""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from tools.config import TrainConfig
from tools.preflight import check_resources
from tools.runs import (checkpoint_verdicts, complete_checkpoints, find_run, list_run_dirs, pid_alive, read_json,
                        read_jsonl, runs_root, write_json)

_CHILDREN: dict[str, subprocess.Popen] = {}  # run id -> child; reaped so they don't linger as zombies
ROOT = Path(__file__).resolve().parents[1]


def _new_run_dir(dataset_path: str) -> Path:
    root = runs_root()
    try:
        root.mkdir(parents=True, exist_ok=True)
        probe = root / f".write-test-{os.getpid()}"
        probe.write_text("ok")
        probe.unlink()
    except OSError as e:
        raise ValueError(f"Cannot write training runs to {root} ({e.strerror}). Fix: set FINETUNE_ASSISTANT_RUNS to "
                         "a folder you can write to.") from None
    stem = re.sub(r"[^A-Za-z0-9]+", "-", Path(dataset_path).stem).strip("-")[:24] or "data"
    base = f"{time.strftime('%Y%m%d-%H%M%S')}-{stem}"
    run_dir, n = root / base, 2
    while run_dir.exists():
        run_dir, n = root / f"{base}-{n}", n + 1
    run_dir.mkdir()
    return run_dir


def _launch(run_dir: Path) -> int:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    log = open(run_dir / "train.log", "ab")
    proc = subprocess.Popen([sys.executable, "-m", "tools.train", "--config", str(run_dir / "config.json")],
                            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env,
                            start_new_session=True, cwd=str(ROOT))
    log.close()
    _CHILDREN[run_dir.name] = proc
    return proc.pid


def start_training(dataset_path: str, dry_run: bool = False, **overrides) -> dict:
    """Start fine-tuning on a dataset in the background with the recommended settings plus your changes.

    Only call this after the user confirmed the settings. Returns at once with the run id;
    follow it with training_status.

    Args:
        dataset_path: the training file (CSV, TSV, JSON, JSONL or Parquet).
        dry_run: only build and check the config and command; start nothing.
        overrides: any training setting, e.g. base_model, method, epochs, learning_rate, batch_size, max_length.
    """
    from tools.hardware import detect_hardware
    from tools.inspection import inspect_dataset
    from tools.recommend import recommend_for

    if not Path(dataset_path).is_file():
        raise ValueError(f"No file at {dataset_path!r}. Fix: upload the file or give its correct path.")
    overrides = {k: v for k, v in overrides.items() if v is not None}
    goal = overrides.pop("goal", None)
    lang = overrides.pop("lang", "en")
    if overrides.get("method") not in (None, "lora", "qlora", "full"):
        raise ValueError(f"Unknown method {overrides['method']!r}. Fix: use lora, qlora or full.")
    report = inspect_dataset(dataset_path, overrides.get("text_column"), overrides.get("label_column"), lang=lang)
    hw = detect_hardware(lang=lang)
    rec = recommend_for(report, hw, goal=goal, method=overrides.get("method"),
                        base_model=overrides.get("base_model"), lang=lang)
    cfg = TrainConfig.from_dict({**rec["config"], **overrides, "dataset_path": str(Path(dataset_path).resolve())})
    # The final config, the user's overrides included, must fit the free memory and disk.
    resources = check_resources(cfg, hw, report, runs_root(), lang=lang)
    if dry_run:
        return {"run_id": None, "run_dir": None, "status": "dry_run", "config": cfg.to_dict(),
                "command": cfg.command(), "estimated_minutes": rec["estimated_minutes"], "resources": resources}
    run_dir = _new_run_dir(dataset_path)
    cfg.run_dir = str(run_dir)
    write_json(run_dir / "config.json", cfg.to_dict())
    write_json(run_dir / "status.json", {"run_id": run_dir.name, "status": "queued", "created_at": time.time(),
                                         "queued_at": time.time(), "command": cfg.command()})
    _launch(run_dir)  # the child records its own pid in status.json as its first act
    return {"run_id": run_dir.name, "run_dir": str(run_dir), "status": "queued" if _busy(run_dir) else "running",
            "command": cfg.command(), "estimated_minutes": rec["estimated_minutes"], "resources": resources}


def _alive(run_dir: Path, st: dict) -> bool:
    """Whether the run's process lives; a child we just started counts before it has written its pid."""
    proc = _CHILDREN.get(run_dir.name)
    if proc is not None and proc.poll() is None:
        return True
    return pid_alive(st.get("pid"))


def _busy(except_dir: Path) -> bool:
    """Whether another run is training or waiting right now."""
    for d in list_run_dirs():
        st = read_json(d / "status.json", {}) or {}
        if d != except_dir and st.get("status") in ("queued", "running") and _alive(d, st):
            return True
    return False


def _reap() -> None:
    for name, proc in list(_CHILDREN.items()):
        if proc.poll() is not None:
            del _CHILDREN[name]


def training_status(run_id: str | None = None) -> dict:
    """Progress of a training run: status, step, loss, latest evaluation, ETA. None means the latest run.

    Args:
        run_id: the run to look at; leave empty for the latest.
    """
    _reap()
    run_dir = find_run(run_id)
    st = read_json(run_dir / "status.json", {}) or {}
    progress = read_jsonl(run_dir / "progress.jsonl")
    train_lines = [p for p in progress if "loss" in p]
    eval_lines = [p for p in progress if any(k.startswith("eval_") for k in p)]
    status = st.get("status", "queued")
    error = st.get("error")
    resumable = bool(complete_checkpoints(run_dir))
    if status in ("queued", "running") and not _alive(run_dir, st) and (st.get("pid") or run_dir.name not in _CHILDREN):
        # The process died without saying so: killed, out of memory, or the machine restarted.
        status, error = "failed", ("The training process stopped unexpectedly (killed or out of memory). "
                                   + ("Fix: resume_training continues from the last checkpoint."
                                      if resumable else "Fix: start it again, perhaps with a smaller batch_size."))
        st["interrupted"] = True
    last = train_lines[-1] if train_lines else {}
    return {
        "run_id": run_dir.name, "status": status, "phase": st.get("phase"),
        "step": st.get("step", 0), "total_steps": st.get("total_steps"), "epoch": st.get("epoch"),
        "loss": last.get("loss"), "learning_rate": last.get("learning_rate"),
        "examples_per_s": last.get("examples_per_s"),
        "eval": {k: v for k, v in (eval_lines[-1] if eval_lines else {}).items() if k.startswith("eval_")} or None,
        "eta_seconds": st.get("eta_seconds") if status == "running" else None,
        "error": error, "interrupted": bool(st.get("interrupted")), "resumable": resumable and status != "completed",
        "resumed_from": st.get("resumed_from"), "run_dir": str(run_dir),
        "warnings": st.get("warnings") or [],  # e.g. a broken checkpoint that was skipped
    }


def cancel_training(run_id: str | None = None) -> dict:
    """Stop a queued or running training run; it saves a checkpoint so it can be resumed later.

    Args:
        run_id: the run to stop; leave empty for the latest.
    """
    run_dir = find_run(run_id)
    st = read_json(run_dir / "status.json", {}) or {}
    if st.get("status") not in ("queued", "running"):
        raise ValueError(f"Run {run_dir.name} is not running (status: {st.get('status')}). Fix: nothing to cancel.")
    (run_dir / "CANCEL").write_text("cancel")  # seen by a queued child too, even before it has a pid
    child = _CHILDREN.get(run_dir.name)
    pid = st.get("pid") or (child.pid if child else None)
    if pid and _alive(run_dir, st):
        try:
            os.killpg(int(pid), signal.SIGTERM)  # the whole group: accelerate's workers too
        except OSError:
            pass
    deadline = time.time() + 60
    while time.time() < deadline and _alive(run_dir, read_json(run_dir / "status.json", {}) or {}):
        _reap()
        time.sleep(0.2)
    return training_status(run_dir.name)


def resume_training(run_id: str | None = None) -> dict:
    """Continue a cancelled, failed or interrupted run from its last complete checkpoint.

    Args:
        run_id: the run to resume; leave empty for the latest.
    """
    run_dir = find_run(run_id)
    state = training_status(run_dir.name)
    if state["status"] in ("queued", "running"):
        raise ValueError(f"Run {run_dir.name} is still {state['status']}. Fix: wait, or cancel it first.")
    if state["status"] == "completed":
        raise ValueError(f"Run {run_dir.name} already completed. Fix: start a new run to train again.")
    (run_dir / "CANCEL").unlink(missing_ok=True)
    st = read_json(run_dir / "status.json", {}) or {}
    st.update(status="queued", queued_at=time.time(), error=None, interrupted=False)
    st.pop("pid", None)
    write_json(run_dir / "status.json", st)
    verdicts = checkpoint_verdicts(run_dir)
    usable = [d for d, why in verdicts if not why]
    skipping = [f"{d.name}: {why}" for d, why in verdicts if why]
    _launch(run_dir)  # after looking: the child moves broken checkpoints aside
    return {"run_id": run_dir.name, "run_dir": str(run_dir), "status": "queued",
            "resuming_from": usable[-1].name if usable else None,
            # the child re-checks with checksums, sets broken ones aside and logs a warning for each
            "skipping": skipping}
