"""Crashes: a run SIGKILLed three times and resumed ends where an uninterrupted run ends; a truncated
or corrupt checkpoint is skipped with a warning the user sees, and never loaded."""
from __future__ import annotations

import csv
import os
import signal
import time
from pathlib import Path

import pytest

from tools.runner import resume_training, start_training, training_status
from tools.runs import (COMPLETE, checkpoint_manifest, checkpoint_problem, checkpoint_verdicts,
                        complete_checkpoints, pid_alive, read_json, read_jsonl)
from training_kit import completed, until, tiny, write_reviews

# Resumed and uninterrupted runs must agree to within this, on every validation probability and on
# the evaluation loss. A faithful resume replays the same operations on the same batches in the same
# order from bit-exact saved state (fp32 weights, AdamW moments, RNG states), so on a CPU the results
# are in fact identical; 1e-5 only leaves room for a BLAS library splitting a sum differently in
# another process. A resume that re-shuffles the data (the bug this guards against) moves them by 1e-2.
TOLERANCE = 1e-5
STEPS_PER_EPOCH = 18  # 144 training rows (160 minus a 10% validation split) in batches of 8
SETTINGS = dict(epochs=4, save_steps=4, logging_steps=2)


def _kill(run_dir: Path) -> int:
    """SIGKILL the training child (no chance to save or say anything); returns the step it had reached."""
    st = read_json(run_dir / "status.json")
    os.killpg(int(st["pid"]), signal.SIGKILL)
    # the exit takes a moment: /proc shows it gone before the kernel lets the parent reap it
    state = until(lambda: (s := training_status(run_dir.name))["status"] != "running" and s, timeout=30)
    assert state["status"] == "failed" and state["interrupted"] and not pid_alive(st["pid"]), state
    return st.get("step", 0)


def _status(run_dir: Path) -> dict:
    return read_json(run_dir / "status.json", {}) or {}


def _results(run_dir: Path) -> tuple[dict, list[dict], float]:
    metrics = read_json(run_dir / "metrics.json")["metrics"]
    with open(run_dir / "predictions.csv", encoding="utf-8-sig", newline="") as f:
        predictions = list(csv.DictReader(f))
    eval_loss = [p["eval_loss"] for p in read_jsonl(run_dir / "progress.jsonl") if "eval_loss" in p][-1]
    return metrics, predictions, eval_loss


@pytest.mark.slow
def test_three_sigkills_then_resume_reach_the_uninterrupted_metrics(tiny_bert, runs, tmp_path):
    data = str(write_reviews(tmp_path / "reviews.csv", n=160))
    straight = start_training(data, **tiny(tiny_bert, **SETTINGS))
    completed(straight["run_id"])
    a_metrics, a_preds, a_loss = _results(Path(straight["run_dir"]))

    run = start_training(data, **tiny(tiny_bert, **SETTINGS))
    run_dir = Path(run["run_dir"])
    # 1. Early, as soon as the first checkpoint (step 4, mid first epoch) is complete.
    until(lambda: complete_checkpoints(run_dir))
    killed = [_kill(run_dir)]
    assert resume_training(run["run_id"])["resuming_from"].startswith("checkpoint-")
    # 2. Mid-epoch, between checkpoints, in the second epoch: the resumed epoch is not the first one.
    until(lambda: _status(run_dir).get("step", 0) >= STEPS_PER_EPOCH + 7 and _status(run_dir).get("pid"))
    killed.append(_kill(run_dir))
    resume_training(run["run_id"])
    # 3. During the final evaluation, after the last training step.
    until(lambda: _status(run_dir).get("phase") == "evaluating" and _status(run_dir).get("pid"), poll=0.01)
    killed.append(_kill(run_dir))
    resume_training(run["run_id"])
    completed(run["run_id"])
    assert killed[0] < killed[1] < killed[2] == 4 * STEPS_PER_EPOCH, killed

    b_metrics, b_preds, b_loss = _results(run_dir)
    assert abs(a_loss - b_loss) <= TOLERANCE, (a_loss, b_loss)
    assert [p["predicted"] for p in a_preds] == [p["predicted"] for p in b_preds]
    diffs = [abs(float(p["score"]) - float(q["score"])) for p, q in zip(a_preds, b_preds)]
    assert max(diffs) <= TOLERANCE, max(diffs)
    for key in ("accuracy", "f1_macro", "precision_macro", "recall_macro"):
        assert abs(a_metrics[key] - b_metrics[key]) <= TOLERANCE, key
    print(f"\nSIGKILL at steps {killed}; |eval_loss A-B| = {abs(a_loss - b_loss):.2e}, max |score A-B| = "
          f"{max(diffs):.2e}, accuracy {a_metrics['accuracy']} vs {b_metrics['accuracy']}")


def _ckpt(tmp_path: Path) -> Path:
    ckpt = tmp_path / "checkpoints" / "checkpoint-8"
    ckpt.mkdir(parents=True)
    (ckpt / "trainer_state.json").write_text('{"global_step": 8}')
    (ckpt / "adapter_model.safetensors").write_bytes(os.urandom(4096))
    (ckpt / "optimizer.pt").write_bytes(os.urandom(8192))
    (ckpt / COMPLETE).write_text(__import__("json").dumps({"step": 8, "files": checkpoint_manifest(ckpt)}))
    return ckpt


def test_checkpoint_checks_catch_truncation_and_corruption(tmp_path):
    ckpt = _ckpt(tmp_path)
    assert checkpoint_problem(ckpt) is None and checkpoint_problem(ckpt, deep=True) is None
    data = bytearray((ckpt / "optimizer.pt").read_bytes())
    data[100] ^= 0xFF  # same size, one byte flipped
    (ckpt / "optimizer.pt").write_bytes(bytes(data))
    assert checkpoint_problem(ckpt) is None  # the cheap check (status polls) looks at sizes only
    assert "corrupt" in checkpoint_problem(ckpt, deep=True)
    weights = (ckpt / "adapter_model.safetensors").read_bytes()
    (ckpt / "adapter_model.safetensors").write_bytes(weights[:100])
    assert "truncated" in checkpoint_problem(ckpt)
    (ckpt / "adapter_model.safetensors").write_bytes(weights)
    (ckpt / "optimizer.pt").unlink()
    assert "missing" in checkpoint_problem(ckpt)
    (ckpt / COMPLETE).unlink()
    assert "never finished" in checkpoint_problem(ckpt)
    assert complete_checkpoints(tmp_path) == []


@pytest.mark.slow
def test_a_truncated_checkpoint_is_skipped_with_a_warning(tiny_bert, runs, tmp_path):
    data = str(write_reviews(tmp_path / "reviews.csv", n=160))
    run = start_training(data, **tiny(tiny_bert, epochs=6, save_steps=4))
    run_dir = Path(run["run_dir"])
    until(lambda: len(complete_checkpoints(run_dir)) >= 2)
    _kill(run_dir)
    # the kill may land while the Trainer writes the next checkpoint: that one is rejected as well
    unfinished = {d.name for d, why in checkpoint_verdicts(run_dir) if why}
    older, newest = complete_checkpoints(run_dir)[-2:]
    weights = next(newest.glob("*.safetensors"))
    weights.write_bytes(weights.read_bytes()[: weights.stat().st_size // 2])  # cut off mid-write, marker kept
    half = run_dir / "checkpoints" / "checkpoint-99999"  # killed while saving: no marker at all
    half.mkdir()
    (half / "trainer_state.json").write_text("{")
    assert training_status(run["run_id"])["resumable"]
    resumed = resume_training(run["run_id"])
    assert resumed["resuming_from"] == older.name
    assert {s.split(":")[0] for s in resumed["skipping"]} == {newest.name, "checkpoint-99999"} | unfinished
    st = completed(run["run_id"])
    assert read_json(run_dir / "status.json")["resumed_from"] == older.name  # never the broken ones
    warnings = st["warnings"]
    assert len(warnings) == 2 + len(unfinished) and all(w.startswith("Warning: skipped checkpoint") for w in warnings)
    assert any(newest.name in w and "truncated" in w and f"resuming from {older.name}" in w for w in warnings)
    assert any("checkpoint-99999" in w and "never finished" in w for w in warnings)
    log = (run_dir / "train.log").read_text()
    assert f"Warning: skipped checkpoint {newest.name}" in log  # the same words in the run's log
    assert sorted(p.name.rsplit("-", 2)[0] for p in (run_dir / "rejected_checkpoints").iterdir()) == \
        sorted(["checkpoint-99999", newest.name, *unfinished])
