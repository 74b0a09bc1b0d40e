"""Experiment tracking: every run writes TensorBoard logs into its own folder, and W&B or MLflow on request.

`tensorboard --logdir runs` then shows every run side by side (each under its run id). W&B and MLflow
log locally unless the user has set them up otherwise: W&B in offline mode inside the run folder
(`wandb sync RUN_DIR/wandb/offline-run-*` uploads it later), MLflow to a file store in RUN_DIR/mlruns
(`mlflow ui --backend-store-uri RUN_DIR/mlruns` shows it).
"""
from __future__ import annotations

import os
from pathlib import Path

from tools.config import TrainConfig, tracker_packages

TENSORBOARD_DIR = "tensorboard"


def report_to(cfg: TrainConfig, run_dir: Path) -> list[str]:
    """transformers' report_to list for this run; points each integration at the run folder first (the
    TrainingArguments run_name, the run id, names the run in W&B and MLflow)."""
    names = tracker_packages(cfg.report_to)
    if "tensorboard" in names:
        os.environ["TENSORBOARD_LOGGING_DIR"] = str(run_dir / TENSORBOARD_DIR)  # this run's own folder
    if "wandb" in names:
        os.environ.setdefault("WANDB_MODE", "offline")  # nothing leaves the machine unless the user says so
        os.environ.setdefault("WANDB_DIR", str(run_dir))
        os.environ.setdefault("WANDB_PROJECT", "finetune-assistant")
    if "mlflow" in names:
        os.environ.setdefault("MLFLOW_TRACKING_URI", f"file:{run_dir / 'mlruns'}")
    return names
