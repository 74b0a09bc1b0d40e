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
from tools.runs import (LAUNCH, STARTUP_GRACE_S, TERMINAL, checkpoint_verdicts, complete_checkpoints, find_run,
                        pid_alive, read_json, read_jsonl, record_launch, run_pid, runs_root, write_json)

_CHILDREN: dict[str, subprocess.Popen] = {}  # run id -> child; reaped so they don't linger as zombies
_EXIT_CODES: dict[str, int] = {}  # run id -> how a reaped child of this process ended (-N: killed by signal N)
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
    """Start the child and record its pid, so any process can tell a starting run from a dead one."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    try:
        with open(run_dir / "train.log", "ab") as log:
            # -X faulthandler: a crash in native code (a segfault in a kernel) prints its Python stack to train.log
            proc = subprocess.Popen([sys.executable, "-X", "faulthandler", "-m", "tools.train", "--config", str(run_dir / "config.json")],
                                    stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env,
                                    start_new_session=True, cwd=str(ROOT))
    except OSError as e:
        error = (f"Could not start the training process ({e}). Fix: free some memory or processes, or check that "
                 f"{sys.executable} runs, then resume_training.")
        write_json(run_dir / "status.json", {**_read(run_dir), "status": "failed", "error": error,
                                             "finished_at": time.time()})
        raise ValueError(error) from None
    record_launch(run_dir, proc.pid)  # Popen returns after the exec: the pid already names tools.train
    _reap()
    _CHILDREN[run_dir.name] = proc
    return proc.pid


def start_training(dataset_path: str, dry_run: bool = False, lang: str = "en", goal: str | None = None,
                   **overrides) -> dict:
    """Start fine-tuning on a dataset in the background with the recommended settings plus your changes.

    Only call this after the user confirmed the settings. Returns at once with the run id;
    follow it with training_status.

    Args:
        dataset_path: the training file (CSV, TSV, JSON, JSONL or Parquet).
        dry_run: only build and check the config and command; start nothing.
        lang: the language of messages, en or ko.
        goal: the user's goal in a few words (e.g. fast, best accuracy), as for recommend_settings.
        overrides: TrainConfig fields (tools/config.py), e.g. base_model, method, epochs, learning_rate,
            batch_size, max_length.
    """
    from tools.hardware import detect_hardware
    from tools.inspection import inspect_dataset
    from tools.recommend import recommend_for

    if not Path(dataset_path).is_file():
        raise ValueError(f"No file at {dataset_path!r}. Fix: upload the file or give its correct path.")
    overrides = {k: v for k, v in overrides.items() if v is not None}
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
    _launch(run_dir)
    # queued, as every reader sees it until the child begins training (it may wait for another run first)
    return {"run_id": run_dir.name, "run_dir": str(run_dir), "status": "queued",
            "command": cfg.command(), "estimated_minutes": rec["estimated_minutes"], "resources": resources}


def _read(run_dir: Path) -> dict:
    return read_json(run_dir / "status.json", {}) or {}


def _alive(run_dir: Path, st: dict) -> bool:
    """Whether the run's process lives. A run with no pid on record yet is being launched (its starter
    writes launch.json right after the exec), so it counts as alive for a grace period."""
    pid = run_pid(run_dir, st)
    if pid:
        return pid_alive(pid)
    return time.time() - (st.get("queued_at") or 0) < STARTUP_GRACE_S


def _current(run_dir: Path) -> dict:
    """status.json, with the truth about a process that died without saying so.

    Only the child writes status.json while it lives (start, resume and cancel write it only when no
    child runs), always whole (temp file + rename). A run the file calls queued or running whose process
    is gone either died, or wrote its last word and exited between our read and our look at the process:
    so the file is read again, and only an unchanged one means the process died without saying so.
    """
    st = _read(run_dir)
    for _ in range(5):  # the file changes only a few times after its process is gone (a resume)
        if st.get("status", "queued") in TERMINAL or _alive(run_dir, st):
            return st
        again = _read(run_dir)
        if again == st:
            return _died(run_dir, st)
        st = again
    return st


def _died(run_dir: Path, st: dict) -> dict:
    """What became of a run whose process is gone though status.json still calls it queued or running."""
    again = ("resume_training continues from the last checkpoint" if complete_checkpoints(run_dir)
             else "resume_training starts it again from the beginning (there is no checkpoint yet)")
    if (run_dir / "CANCEL").exists():  # stopped by cancel_training before it could save and say so
        return {**st, "status": "cancelled", "error": f"Cancelled. Fix: {again}."}
    crash, code = _log_error(run_dir), _exit_code(run_dir)
    if (crash or "").startswith("Fatal Python error") or code in (-signal.SIGSEGV, -signal.SIGABRT, -signal.SIGBUS):
        what = crash or signal.Signals(-code).name
        cause = (f"The training process crashed in native code ({what}; train.log has the stack). Fix: {again}; "
                 "if it crashes again, try method lora instead of qlora, or another base_model.")
    elif crash:
        cause = f"The training process crashed; train.log ends with: {crash}. Fix: correct that, then {again}."
    elif not run_pid(run_dir, st):
        cause = f"The training process never started (whatever started it exited first). Fix: {again}."
    else:
        how = " (SIGKILL, which the out-of-memory killer sends)" if code == -signal.SIGKILL else " (killed, or out of memory)"
        cause = (f"The training process stopped unexpectedly{how}. Fix: {again}; if memory was short, lower "
                 "batch_size or max_length first.")
    return {**st, "status": "failed", "error": cause, "interrupted": True}


def _log_error(run_dir: Path) -> str | None:
    """The exception a crashed child printed last in train.log, or the fatal error faulthandler printed
    for a crash in native code (its stack follows it), if that is how it ended."""
    try:
        with open(run_dir / "train.log", "rb") as f:
            f.seek(max(0, f.seek(0, os.SEEK_END) - 8000))
            lines = f.read().decode(errors="replace").splitlines()
    except OSError:
        return None
    fatal = next((line.strip() for line in reversed(lines) if line.startswith("Fatal Python error")), None)
    if fatal:
        return fatal[:300]
    last = next((line.strip() for line in reversed(lines) if line.strip()), "")
    return last[:300] if re.match(r"^[\w.]*(Error|Exception|Interrupt)\b", last) else None


def _exit_code(run_dir: Path) -> int | None:
    """How the run's child ended, when this process started it (None: still running, or not ours)."""
    _reap()
    return _EXIT_CODES.get(run_dir.name)


def _reap() -> None:
    for name, proc in list(_CHILDREN.items()):
        if proc.poll() is not None:
            _EXIT_CODES[name] = proc.returncode
            del _CHILDREN[name]


def training_status(run_id: str | None = None) -> dict:
    """Progress of a training run: status, step, loss, latest evaluation, ETA. None means the latest run.

    Args:
        run_id: the run to look at; leave empty for the latest.
    """
    _reap()
    run_dir = find_run(run_id)
    st = _current(run_dir)
    progress = read_jsonl(run_dir / "progress.jsonl")
    train_lines = [p for p in progress if "loss" in p]
    eval_lines = [p for p in progress if any(k.startswith("eval_") for k in p)]
    status = st.get("status", "queued")
    error = st.get("error")
    resumable = bool(complete_checkpoints(run_dir))
    if status == "completed" and (st.get("step") or 0) < (st.get("total_steps") or 0):
        # A run finished before the final step was recorded at train end (its status stopped at the last
        # logged step). Completed means every planned step ran: here a run stopped short ends cancelled or failed.
        st.update(step=st["total_steps"], epoch=(read_json(run_dir / "config.json", {}) or {}).get("epochs"))
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
        "stopped_early": st.get("stopped_early"),  # why fewer steps ran than planned (early stopping), if so
    }


def cancel_training(run_id: str | None = None) -> dict:
    """Stop a queued or running training run; it saves a checkpoint so it can be resumed later.

    Args:
        run_id: the run to stop; leave empty for the latest.
    """
    run_dir = find_run(run_id)
    st = _current(run_dir)
    if st.get("status", "queued") in TERMINAL:
        raise ValueError(f"Run {run_dir.name} is not running (status: {st.get('status')}). Fix: nothing to cancel.")
    (run_dir / "CANCEL").write_text("cancel")  # seen by a queued child too, even before it has a pid
    pid = run_pid(run_dir, st)
    if pid and pid_alive(pid):
        try:
            os.killpg(int(pid), signal.SIGTERM)  # the whole group: accelerate's workers too
        except OSError:
            pass
    deadline = time.time() + 60
    while time.time() < deadline and _current(run_dir).get("status", "queued") not in TERMINAL:
        _reap()
        time.sleep(0.2)
    st = _read(run_dir)
    if st.get("status", "queued") not in TERMINAL and not _alive(run_dir, st):
        # SIGTERM came before the child set its handler (it was still starting): it died without a word,
        # so its last word is written here, once, where a resume will find it.
        write_json(run_dir / "status.json", {**_died(run_dir, st), "finished_at": time.time()})
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
    # The old launch record goes first: a reader must never pair the new queued status with the dead pid.
    (run_dir / LAUNCH).unlink(missing_ok=True)
    st = _read(run_dir)
    st.update(status="queued", queued_at=time.time(), error=None, interrupted=False)
    for stale in ("pid", "finished_at", "eta_seconds", "phase"):
        st.pop(stale, None)
    write_json(run_dir / "status.json", st)
    verdicts = checkpoint_verdicts(run_dir)
    usable = [d for d, why in verdicts if not why]
    skipping = [f"{d.name}: {why}" for d, why in verdicts if why]
    _launch(run_dir)  # after looking: the child moves broken checkpoints aside
    return {"run_id": run_dir.name, "run_dir": str(run_dir), "status": "queued",
            "resuming_from": usable[-1].name if usable else None,
            # the child re-checks with checksums, sets broken ones aside and logs a warning for each
            "skipping": skipping}
