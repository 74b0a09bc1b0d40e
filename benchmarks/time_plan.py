"""Do CPU time plans hold? Short real runs against the probe-based and the constant-based estimate.

For the embedded MiniLM (full fine-tuning, as recommended) on SST-2 (8k) at two batch/length settings:
probe this machine (tools/time_probe.py), estimate the run's minutes both ways (tools/estimate.py with
and without the measured seconds per example), then train for real through start_training, cut to a
few dozen steps with max_train_examples, and time it from start_training to completed (child start,
baselines, tokenising, training, evaluation, saving). The training loop's own seconds are compared too.

    nice -n 10 python benchmarks/time_plan.py [--steps 60,40]
Writes benchmarks/results/time_plan.json.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
DATA = ROOT.parent / "shared" / "data" / "sst2_train_8k.csv"
OUT = ROOT / "benchmarks" / "results" / "time_plan.json"
# None: as recommended (40 on SST-2, padded to ~14 tokens); 10 truncates, so batches are shorter too
SETTINGS = [{"batch_size": 16, "max_length": None}, {"batch_size": 32, "max_length": 10}]
EVAL_ROWS = 400


def one_setting(report: dict, hw: dict, batch: int, max_length: int | None, steps: int, runs: Path) -> dict:
    from tools import estimate, recommend, time_probe
    from tools.models import MINILM, model_entry
    from tools.runner import start_training, training_status

    m = model_entry(MINILM)
    plan = recommend.plan_for(report, hw, base_model=MINILM, probe=False)
    length = max_length or plan.max_length
    tokens = recommend._padded_tokens(m, {"max_length": length}, report)
    accumulation = max(1, 32 // batch)
    probe = time_probe.measure(model_id=MINILM, method=plan.method, precision=plan.precision, batch_size=batch,
                               length=max(8, math.ceil(tokens)), task="classification", lora_r=plan.lora_r,
                               targets=plan.targets, dropout=plan.dropout, checkpointing=False)
    n_train = steps * batch
    per_example = ((probe["forward_backward_s"] + probe["optimizer_s"] / accumulation) / batch
                   if probe.get("ok") else None)
    args = dict(method=plan.method, task="classification", precision=plan.precision, train_examples=n_train,
                eval_examples=EVAL_ROWS, epochs=1.0, tokens_per_example=tokens, lora_layers=None, hardware=hw,
                lora_targets=plan.targets, lora_dropout=plan.dropout)
    constant_min = estimate.estimate_minutes(m, **args)
    probe_min = estimate.estimate_minutes(m, **args, measured_seconds_per_example=per_example) if per_example else None
    train_only = dict(args, eval_examples=0)
    startup_min = estimate.estimate_minutes(m, **dict(train_only, train_examples=0))
    os.environ["FINETUNE_ASSISTANT_RUNS"] = str(runs)
    os.environ["FINETUNE_ASSISTANT_NO_PROBE"] = "1"  # start_training's own recommendation: the probe is timed above
    try:
        start = time.time()
        run = start_training(str(DATA), base_model=MINILM, method=plan.method, batch_size=batch, max_length=length,
                             epochs=1.0, max_train_examples=n_train, max_eval_examples=EVAL_ROWS,
                             gradient_accumulation_steps=accumulation, save_steps=10_000)
        while (st := training_status(run["run_id"]))["status"] in ("queued", "running"):
            time.sleep(2)
        minutes = (time.time() - start) / 60
    finally:
        del os.environ["FINETUNE_ASSISTANT_NO_PROBE"]
    result = {"batch_size": batch, "max_length": length, "tokens_per_example": round(tokens, 1),
              "accumulation": accumulation, "train_examples": n_train, "eval_examples": EVAL_ROWS,
              "method": plan.method, "precision": plan.precision, "status": st["status"], "error": st["error"],
              "probe": probe, "measured_minutes": round(minutes, 2), "probe_estimate_minutes": probe_min,
              "constant_estimate_minutes": constant_min,
              "measured_over_probe_estimate": round(minutes / probe_min, 3) if probe_min else None,
              "measured_over_constant_estimate": round(minutes / constant_min, 3)}
    if st["status"] == "completed":
        train = json.loads((Path(run["run_dir"]) / "metrics.json").read_text())["train"]
        loop_min = train["seconds"] / 60
        probe_loop = round(n_train * per_example / 60, 3) if per_example else None
        # estimate_minutes rounds to 0.1 min: a 100x longer loop, divided back, keeps the digits
        const_loop = round((estimate.estimate_minutes(m, **dict(train_only, train_examples=100 * n_train))
                            - startup_min) / 100, 3)
        result.update(train_loop_minutes=round(loop_min, 3), probe_train_loop_minutes=probe_loop,
                      constant_train_loop_minutes=const_loop,
                      train_loop_over_probe=round(loop_min / probe_loop, 3) if probe_loop else None,
                      train_loop_over_constant=round(loop_min / const_loop, 3) if const_loop else None)
    print(json.dumps({k: v for k, v in result.items() if k != "probe"}), flush=True)
    return result


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--steps", default="60,40", help="training batches per setting")
    args = ap.parse_args()
    steps = [int(s) for s in args.steps.split(",")]
    from tools import time_probe
    from tools.hardware import detect_hardware
    from tools.inspection import inspect_dataset

    report = inspect_dataset(str(DATA))
    hw = detect_hardware()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.setdefault("FINETUNE_ASSISTANT_CACHE", str(Path(tmp) / "cache"))  # a fresh probe, timed here
        for setting, n in zip(SETTINGS, steps):
            results.append(one_setting(report, hw, setting["batch_size"], setting["max_length"], n, Path(tmp) / "runs"))
            OUT.parent.mkdir(parents=True, exist_ok=True)  # written after each setting: a cut-off run keeps the first
            OUT.write_text(json.dumps({
                "machine": {"cpu": time_probe.cpu_name(), "cores": hw["cpu_cores"], "cpu_bf16": hw.get("cpu_bf16"),
                            "load_average": os.getloadavg() if hasattr(os, "getloadavg") else None},
                "note": "minutes from start_training to completed; the CPU is shared with other jobs, so both the "
                        "probe and the runs see the same contention",
                "runs": results}, indent=2))
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
