"""Trainer callbacks: what transformers lacks for a watched, cancellable, crash-safe run.

- progress.jsonl and status.json for training_status (only the main process writes),
- cancel by SIGTERM or a CANCEL file: save a checkpoint, then stop,
- stop on NaN/inf loss or grad norm with a fix,
- mark each checkpoint COMPLETE once fully written; only marked ones are ever resumed from.
"""
from __future__ import annotations

import json
import math
import shutil
import signal
import time
from pathlib import Path

from transformers import TrainerCallback

from tools.runs import COMPLETE, checkpoint_manifest, complete_checkpoints, read_json, write_json


class RunStatus:
    """status.json of one run; every update rewrites it atomically."""

    def __init__(self, run_dir: Path, enabled: bool = True):
        self.path = run_dir / "status.json"
        self.enabled = enabled

    def update(self, **fields) -> None:
        if not self.enabled:
            return
        data = read_json(self.path, {}) or {}
        data.update(fields, updated_at=time.time())
        write_json(self.path, data)

    def get(self) -> dict:
        return read_json(self.path, {}) or {}


class ProgressCallback(TrainerCallback):
    """One JSON line per log and per evaluation, plus step/ETA in status.json."""

    def __init__(self, run_dir: Path, status: RunStatus, examples_per_step: int):
        self.file = run_dir / "progress.jsonl"
        self.status = status
        self.examples_per_step = examples_per_step
        self.start = None
        self.start_step = 0

    def on_train_begin(self, args, state, control, **kw):
        self.start, self.start_step = time.time(), state.global_step
        if state.is_world_process_zero:  # a resumed run starts from its checkpoint's step and epoch
            self.status.update(status="running", step=state.global_step, total_steps=state.max_steps,
                               epoch=round(state.epoch or 0, 3))

    def on_train_end(self, args, state, control, **kw):
        # The last log line may come steps before the end (every logging_steps): the final step and epoch
        # are written here, so a completed run reads "18 of 18, epoch 1.0", and a cancelled one its real stop.
        if state.is_world_process_zero:
            self.status.update(step=state.global_step, total_steps=state.max_steps, epoch=round(state.epoch or 0, 3),
                               eta_seconds=None)

    def on_log(self, args, state, control, logs=None, **kw):
        if not state.is_world_process_zero or not logs:
            return
        now = time.time()
        line = {"step": state.global_step, "epoch": round(state.epoch or 0, 3), "time": round(now, 2)}
        if "loss" in logs:
            done = state.global_step - self.start_step
            per_step = (now - self.start) / done if done else None
            line.update(loss=logs["loss"], learning_rate=logs.get("learning_rate"), grad_norm=logs.get("grad_norm"))
            if per_step:
                line["examples_per_s"] = round(self.examples_per_step / per_step, 2)
                line["eta_seconds"] = round(per_step * (state.max_steps - state.global_step), 1)
        evals = {k: v for k, v in logs.items() if k.startswith("eval_") and not k.endswith(("_runtime", "per_second"))}
        line.update(evals)
        if len(line) == 3:
            return  # train summary lines (train_runtime...) are not progress
        with open(self.file, "a") as f:
            f.write(json.dumps(line) + "\n")
        self.status.update(step=state.global_step, total_steps=state.max_steps, epoch=line["epoch"],
                           eta_seconds=line.get("eta_seconds"))


class StopControl(TrainerCallback):
    """Cancel (SIGTERM or a CANCEL file) saves a checkpoint and stops; NaN/inf stops with an explanation."""

    def __init__(self, run_dir: Path, cfg):
        self.cancel_file = run_dir / "CANCEL"
        self.cfg = cfg
        self.cancelled = False
        self.nan_error: str | None = None
        signal.signal(signal.SIGTERM, self._on_signal)

    def _on_signal(self, signum, frame):
        self.cancelled = True

    def on_step_end(self, args, state, control, **kw):
        if self.cancelled or self.cancel_file.exists():
            self.cancelled = True
            control.should_save = True
            control.should_training_stop = True

    def on_log(self, args, state, control, logs=None, **kw):
        logs = logs or {}
        for key in ("loss", "grad_norm"):
            value = logs.get(key)
            if isinstance(value, float) and not math.isfinite(value):
                self.nan_error = (
                    f"Training stopped at step {state.global_step}: the {key.replace('_', ' ')} became {value}. "
                    f"The learning rate {self.cfg.learning_rate:g} is probably too high"
                    + (" or fp16 overflowed" if self.cfg.precision == "fp16" else "")
                    + f". Fix: lower the learning rate (e.g. {self.cfg.learning_rate / 10:g})"
                    + (", use bf16 or fp32" if self.cfg.precision == "fp16" else "")
                    + ", and check the data for empty or extremely long texts.")
                control.should_training_stop = True


class CheckpointMarker(TrainerCallback):
    """After the Trainer has written a checkpoint: mark it COMPLETE, then keep only the last `keep`."""

    def __init__(self, run_dir: Path, keep: int = 2):
        self.run_dir = run_dir
        self.keep = keep

    def on_save(self, args, state, control, **kw):
        if not state.is_world_process_zero:
            return
        ckpt = self.run_dir / "checkpoints" / f"checkpoint-{state.global_step}"
        if ckpt.is_dir():
            # The marker lists every file's size and checksum, so a checkpoint truncated or corrupted
            # later (a full disk, a copy cut short) is recognised and never loaded.
            tmp = ckpt / f".{COMPLETE}.tmp"
            tmp.write_text(json.dumps({"step": state.global_step, "files": checkpoint_manifest(ckpt)}))
            tmp.replace(ckpt / COMPLETE)  # rename: the marker appears whole or not at all
        marked = complete_checkpoints(self.run_dir)
        for old in marked[: -self.keep]:
            shutil.rmtree(old, ignore_errors=True)
