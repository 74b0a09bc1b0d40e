"""Measured peak RSS and throughput of short real training runs on CPU vs tools/estimate.py.

Each case runs in a fresh child process (so its peak RSS is its own): load the embedded
model, wrap it with peft LoRA (or train it fully), run a few AdamW steps on real-length
batches, report ru_maxrss and examples/s. The parent compares with the estimate and writes
benchmarks/results/memory_estimate.json. Target: measured/estimated within 0.8-1.25.

    python benchmarks/memory_estimate.py [--steps 6]
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

CASES = [
    {"name": "minilm-lora-cls", "model": "sentence-transformers/all-MiniLM-L6-v2", "method": "lora",
     "task": "classification", "batch": 16, "seq": 64, "r": 8},
    {"name": "minilm-full-cls", "model": "sentence-transformers/all-MiniLM-L6-v2", "method": "full",
     "task": "classification", "batch": 16, "seq": 64, "r": 8},
    {"name": "qwen0.5b-lora-cls", "model": "Qwen/Qwen2.5-Coder-0.5B-Instruct", "method": "lora",
     "task": "classification", "batch": 8, "seq": 64, "r": 8},
    {"name": "qwen0.5b-lora-gen", "model": "Qwen/Qwen2.5-Coder-0.5B-Instruct", "method": "lora",
     "task": "generation", "batch": 2, "seq": 256, "r": 8},
]


def peak_rss_gb() -> float:
    """This process's peak RSS. VmHWM, not ru_maxrss: ru_maxrss survives exec and would report the parent's."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 2**20
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20


def child(case: dict, steps: int) -> dict:
    """Run in the child: a real short training run; returns peak RSS and throughput."""
    import torch
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM, AutoModelForSequenceClassification

    from tools.catalog import find_model
    from tools.models import resolve_model_path

    torch.manual_seed(0)
    entry = find_model(case["model"])
    path = resolve_model_path(case["model"])
    if case["task"] == "generation":
        model = AutoModelForCausalLM.from_pretrained(path, dtype=torch.float32)
    else:
        model = AutoModelForSequenceClassification.from_pretrained(path, num_labels=2, dtype=torch.float32)
        if model.config.pad_token_id is None:
            model.config.pad_token_id = 0
    if case["method"] == "lora":
        targets = list(entry.lora_targets) if entry.kind == "encoder" else ["q_proj", "k_proj", "v_proj", "o_proj"]
        model = get_peft_model(model, LoraConfig(r=case["r"], lora_alpha=2 * case["r"], lora_dropout=0.1,
                                                 target_modules=targets,
                                                 task_type="CAUSAL_LM" if case["task"] == "generation" else "SEQ_CLS"))
    model.train()
    opt = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=1e-4)
    b, s = case["batch"], case["seq"]
    ids = torch.randint(5, min(model.config.vocab_size, 30000), (b, s))
    mask = torch.ones_like(ids)
    labels = ids.clone() if case["task"] == "generation" else torch.randint(0, 2, (b,))
    times = []
    for _ in range(steps):
        t = time.perf_counter()
        loss = model(input_ids=ids, attention_mask=mask, labels=labels).loss
        loss.backward()
        opt.step()
        opt.zero_grad(set_to_none=True)
        times.append(time.perf_counter() - t)
    steady = sorted(times[1:])[len(times[1:]) // 2]  # median step after warm-up
    return {"peak_rss_gb": peak_rss_gb(),
            "seconds_per_step": steady, "examples_per_s": b / steady}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=6)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "memory_estimate.json"))
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(json.loads(args.child), args.steps)))
        return

    from tools import estimate
    from tools.catalog import find_model
    from tools.models import embedded_model_dir

    for case in CASES:  # convert outside the measured children
        embedded_model_dir(case["model"])
    results = []
    for case in CASES:
        out = subprocess.run([sys.executable, __file__, "--child", json.dumps(case), "--steps", str(args.steps)],
                             capture_output=True, text=True, check=True)
        measured = json.loads(out.stdout.strip().splitlines()[-1])
        m = find_model(case["model"])
        targets = list(m.lora_targets) if m.kind == "encoder" else ["q_proj", "k_proj", "v_proj", "o_proj"]
        est = estimate.estimate_memory_gb(m, method=case["method"], precision="fp32", batch_size=case["batch"],
                                          seq_len=case["seq"], task=case["task"], lora_r=case["r"], targets=targets,
                                          lora_layers=None, gradient_checkpointing=False, device="cpu")
        fpt = estimate.flops_per_token(m, method=case["method"], task=case["task"], seq_len=case["seq"],
                                       lora_layers=None)
        gflops = fpt * case["batch"] * case["seq"] / measured["seconds_per_step"] / 1e9
        results.append({**case, **measured, "estimated_gb": est["total"], "estimate_breakdown_gb": est,
                        "ratio_measured_over_estimated": round(measured["peak_rss_gb"] / est["total"], 3),
                        "effective_gflops": round(gflops, 1)})
        print(f"{case['name']:20} measured {measured['peak_rss_gb']:.2f} GB  estimated {est['total']:.2f} GB  "
              f"ratio {results[-1]['ratio_measured_over_estimated']:.2f}  {measured['examples_per_s']:.1f} ex/s  "
              f"{gflops:.0f} GFLOP/s", flush=True)
    summary = {"cpu_cores": os.cpu_count(), "cases": results,
               "all_within_0.8_1.25": all(0.8 <= r["ratio_measured_over_estimated"] <= 1.25 for r in results),
               "mean_effective_gflops_per_core": round(
                   sum(r["effective_gflops"] for r in results) / len(results) / len(os.sched_getaffinity(0)), 1)}
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(summary, indent=2))
    print(json.dumps({k: v for k, v in summary.items() if k != "cases"}))


if __name__ == "__main__":
    main()
