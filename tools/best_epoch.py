"""Keep the best evaluation of a run, and stop early once it stops getting better.

Every evaluation during training is judged by one number: macro-F1 for classification (a rare class counts
as much as a common one; ties go to the lower eval loss), eval loss for generation. When an evaluation
beats all earlier ones, the trainable weights are written to RUN_DIR/best.pt; at the end that file goes
back into the model, so the adapter, metrics.json and predictions.csv are the best evaluation's.

Everything is decided from the Trainer's log_history, which every checkpoint carries: a run resumed from a
checkpoint replays the evaluations after it and reaches the same best and the same stop as an
uninterrupted one. best.pt records its step, so weights from an evaluation that a crash undid are never
used as the best.
"""
from __future__ import annotations

import json
import math
import os
from pathlib import Path

from transformers import TrainerCallback

BEST_FILE = "best.pt"
METRIC_NAMES = {"eval_f1_macro": ("macro-F1", "macro-F1"), "eval_loss": ("eval loss", "검증 손실")}


def criterion(task: str) -> tuple[str, bool]:
    """(the log key that judges an evaluation, whether higher is better)."""
    return ("eval_f1_macro", True) if task == "classification" else ("eval_loss", False)


def evaluations(log_history: list[dict], task: str) -> list[dict]:
    """The evaluations made during training, in order: {step, epoch, metric, loss}."""
    key, _ = criterion(task)
    return [{"step": h.get("step"), "epoch": h.get("epoch"), "metric": float(h[key]), "loss": h.get("eval_loss")}
            for h in log_history if isinstance(h.get(key), (int, float)) and math.isfinite(h[key])]


def _better(a: dict, b: dict, task: str) -> bool:
    _, higher = criterion(task)
    if a["metric"] != b["metric"]:
        return a["metric"] > b["metric"] if higher else a["metric"] < b["metric"]
    # Equal macro-F1 (common on small validation sets): the lower eval loss is the surer model.
    return task == "classification" and isinstance(a["loss"], (int, float)) and isinstance(b["loss"], (int, float)) \
        and a["loss"] < b["loss"]


def verdict(log_history: list[dict], task: str, patience: int) -> dict | None:
    """The best evaluation so far, how many came after it, and whether patience has run out; None before any."""
    evals = evaluations(log_history, task)
    if not evals:
        return None
    best = 0
    for i in range(1, len(evals)):
        if _better(evals[i], evals[best], task):
            best = i
    since = len(evals) - 1 - best
    return {"best": evals[best], "evaluations": evals, "since_best": since, "stop": patience > 0 and since >= patience}


def stopped_early(v: dict | None, epoch: float | None, epochs: float) -> bool:
    """Patience ran out before the planned epochs were done."""
    return bool(v and v["stop"] and (epoch or 0) < epochs - 1e-3)


def stop_reason(v: dict, task: str, patience: int, epoch: float, epochs: float, step: int) -> str:
    """Why the run stopped before its planned epochs, for training_status."""
    name = METRIC_NAMES[criterion(task)[0]][0]
    best = v["best"]
    return (f"Stopped early at epoch {epoch:g} of {epochs:g} (step {step}): validation {name} did not improve for "
            f"{v['since_best']} evaluation(s) after epoch {best['epoch']:g} (early_stopping_patience={patience}), so "
            f"the remaining epochs were skipped; the model kept is epoch {best['epoch']:g}'s.")


def checkpoint_already_stopped(checkpoint: Path, task: str, patience: int, epochs: float) -> int | None:
    """The step of a checkpoint written at the very evaluation where patience ran out, else None.

    Resumed from there, the Trainer would go on training (it does not save the decision to stop), so the
    caller caps training at this step instead."""
    try:
        state = json.loads((checkpoint / "trainer_state.json").read_text())
    except (OSError, ValueError):
        return None
    v = verdict(state.get("log_history") or [], task, patience)
    if stopped_early(v, state.get("epoch"), epochs) and v["evaluations"][-1]["step"] == state.get("global_step"):
        return int(state["global_step"])
    return None


def save_best(model, run_dir: Path, best: dict) -> None:
    """The trainable weights (adapter and head, or every weight after full fine-tuning), atomically."""
    import torch

    params = {n: p.detach().cpu().clone() for n, p in model.named_parameters() if p.requires_grad}
    tmp = run_dir / f".{BEST_FILE}.tmp"
    torch.save({"step": best["step"], "epoch": best["epoch"], "metric": best["metric"], "params": params}, tmp)
    os.replace(tmp, run_dir / BEST_FILE)  # a reader sees the old best or the new one, never half of one


def restore_best(model, run_dir: Path, step: int) -> bool:
    """Put the weights of the evaluation at `step` back into the model; False when best.pt holds another step."""
    import torch

    path = run_dir / BEST_FILE
    if not path.is_file():
        return False
    saved = torch.load(path, map_location="cpu", weights_only=True)
    if saved.get("step") != step:
        return False
    params = dict(model.named_parameters())
    unknown = sorted(set(saved["params"]) - set(params))
    if unknown:
        raise ValueError(f"{path} holds weights this model does not have ({unknown[:3]}). Fix: delete {path} and "
                         "resume_training, or start a new run.")
    with torch.no_grad():
        for name, value in saved["params"].items():
            params[name].copy_(value.to(params[name].device, params[name].dtype))
    return True


def summary(log_history: list[dict], task: str, patience: int, epoch: float | None, epochs: float,
            kept_best: bool) -> dict:
    """What metrics.json says about the kept model: which evaluation, by what, and whether training stopped early."""
    v = verdict(log_history, task, patience)
    key = criterion(task)[0]
    out = {"kept": "best" if kept_best else "last", "best_metric_name": key.removeprefix("eval_"),
           "early_stopping_patience": patience, "stopped_early": stopped_early(v, epoch, epochs),
           "epochs_trained": round(epoch or 0, 3), "epochs_planned": epochs,
           "best_epoch": None, "best_step": None, "best_metric": None, "evaluations": []}
    if v:
        best = v["best"]
        out.update(best_epoch=round(best["epoch"], 3) if best["epoch"] is not None else None, best_step=best["step"],
                   best_metric=round(best["metric"], 4),
                   evaluations=[{"step": e["step"], "epoch": e["epoch"], key.removeprefix("eval_"): round(e["metric"], 4)}
                                for e in v["evaluations"]])
    return out


def keep_best(trainer, cfg, run_dir: Path) -> dict:
    """After training: make the model the best evaluation's, and say which one that is (summary()).

    When the last evaluation came before the last step (a fractional epoch, eval_steps), the final weights
    are evaluated too, so they can win."""
    import sys

    state, patience = trainer.state, cfg.early_stopping_patience
    v = verdict(state.log_history, cfg.task, patience)
    if v and v["evaluations"][-1]["step"] != state.global_step and not stopped_early(v, state.epoch, cfg.epochs):
        trainer.evaluate()  # the keeper saves these weights if they are the best
        v = verdict(state.log_history, cfg.task, patience)
    kept_best = False
    if v:
        trainer.accelerator.wait_for_everyone()  # the main process has written best.pt
        step = v["best"]["step"]
        kept_best = step == state.global_step or restore_best(trainer.model, run_dir, step)
        if not kept_best:
            print(f"Warning: {run_dir / BEST_FILE} does not hold the best evaluation (step {step}); the final "
                  "weights are kept instead.", file=sys.stderr, flush=True)
    return summary(state.log_history, cfg.task, patience, state.epoch, cfg.epochs, kept_best)


class BestEpochKeeper(TrainerCallback):
    """After each evaluation: save the weights when it is the best so far; stop when patience has run out."""

    def __init__(self, run_dir: Path, cfg, status):
        self.run_dir, self.cfg, self.status = run_dir, cfg, status

    def _verdict(self, state) -> dict | None:
        return verdict(state.log_history, self.cfg.task, self.cfg.early_stopping_patience)

    def on_train_begin(self, args, state, control, **kw):
        if state.is_world_process_zero:
            self.status.update(stopped_early=None)  # a resumed run decides again

    def on_evaluate(self, args, state, control, model=None, **kw):
        v = self._verdict(state)
        if v is None:
            return
        if v["since_best"] == 0 and state.is_world_process_zero and model is not None:
            save_best(model, self.run_dir, v["best"])
        if stopped_early(v, state.epoch, self.cfg.epochs):
            control.should_training_stop = True

    def on_train_end(self, args, state, control, **kw):
        v = self._verdict(state)
        if state.is_world_process_zero and stopped_early(v, state.epoch, self.cfg.epochs):
            # Fewer steps ran than planned, on purpose: the total becomes the steps run, so a completed run
            # still reads "54 of 54", and stopped_early says why.
            self.status.update(total_steps=state.global_step, step=state.global_step, stopped_early=stop_reason(
                v, self.cfg.task, self.cfg.early_stopping_patience, state.epoch, self.cfg.epochs, state.global_step))
