"""Measure this machine: a few real training steps of the planned model, so CPU time plans hold here.

The throughput constants in tools/estimate.py were fitted on one CPU kind; on a CPU without AMX the
same runs took 1.2-1.8x their estimates. Before a CPU plan is fixed, the planned model is built the way
training builds it (tools/modeling.build_model: LoRA/full, precision), and a few forward + backward +
optimizer steps run on random token ids at the planned batch size and padded length. The first step
(allocations, kernel selection) is not timed. Results are cached in the user's cache dir per machine
(CPU model, cores, torch version) and per model, method, batch and length, so the probe runs once.

FINETUNE_ASSISTANT_NO_PROBE=1 (or probe=False in plan_for) skips it: the constants are used and the
reasons say so. Tests set it, since they fake machines the probe would not describe.
"""
from __future__ import annotations

import json
import os
import time

from tools.models import cache_dir

PROBE_SECONDS = 3.0  # timed steps stop after this much wall time...
MIN_STEPS, MAX_STEPS = 2, 20  # ...but never fewer than 2 or more than 20 timed steps
CACHE_NAME = "time_probes.json"


def disabled() -> bool:
    return os.environ.get("FINETUNE_ASSISTANT_NO_PROBE", "").strip().lower() in ("1", "true", "yes")


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def cpu_name() -> str:
    """The CPU's model name (Linux /proc/cpuinfo), else the platform's answer."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as f:
            line = next((x for x in f if x.lower().startswith("model name")), "")
        if line:
            return line.split(":", 1)[1].strip()
    except OSError:
        pass
    import platform

    return platform.processor() or platform.machine() or "unknown-cpu"


def probe_key(*, model_id: str, method: str, precision: str, batch_size: int, length: int, task: str,
              lora_r: int, targets: list[str], dropout: float, checkpointing: bool) -> str:
    import torch

    adapters = "" if method == "full" else f"|r{lora_r}|{','.join(sorted(targets))}|do{dropout:g}"
    return (f"{cpu_name()}|{_cores()}c|torch{torch.__version__}|{model_id}|{method}|{precision}|{task}"
            f"|b{batch_size}|L{length}|gc{int(checkpointing)}{adapters}")


def _read_cache() -> dict:
    try:
        return json.loads((cache_dir() / CACHE_NAME).read_text())
    except (OSError, ValueError):
        return {}


def _write_cache(key: str, result: dict) -> None:
    """Add one entry, written to a temporary file and renamed, so a reader never sees half a file."""
    path = cache_dir() / CACHE_NAME
    cached = _read_cache()
    cached[key] = result
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.tmp-{os.getpid()}")
        tmp.write_text(json.dumps(cached, indent=1))
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only cache only costs a re-probe next time


def _steps(model_id, method, precision, batch_size, length, task, lora_r, targets, dropout, checkpointing,
           num_labels) -> dict:
    """Build the model as training does and time forward+backward and the optimizer step separately."""
    import torch

    from tools.config import TrainConfig
    from tools.modeling import build_model, optimizer_groups

    start = time.perf_counter()
    cfg = TrainConfig(dataset_path="probe", task=task, base_model=model_id, method=method, lora_r=lora_r,
                      lora_alpha=2 * lora_r, lora_dropout=dropout, lora_target_modules=list(targets),
                      batch_size=batch_size, max_length=max(length, 8), precision=precision,
                      gradient_checkpointing=checkpointing)
    labels = [str(i) for i in range(max(num_labels, 2))]
    model, tokenizer = build_model(cfg, labels)
    if checkpointing:
        model.gradient_checkpointing_enable(gradient_checkpointing_kwargs={"use_reentrant": False})
    model.train()
    optimizer = torch.optim.AdamW(optimizer_groups(model, cfg), lr=cfg.learning_rate)
    vocab = len(tokenizer)
    g = torch.Generator().manual_seed(0)
    ids = torch.randint(min(5, vocab - 1), vocab, (batch_size, length), generator=g)
    batch = {"input_ids": ids, "attention_mask": torch.ones_like(ids),
             "labels": ids.clone() if task == "generation" else torch.randint(0, len(labels), (batch_size,), generator=g)}
    params = [p for p in model.parameters() if p.requires_grad]
    threads = torch.get_num_threads()
    torch.set_num_threads(_cores())  # as the training child runs: one thread per core
    fb, opt = [], []
    try:
        while True:
            t0 = time.perf_counter()
            with torch.autocast("cpu", dtype=torch.bfloat16, enabled=precision == "bf16"):
                loss = model(**batch).loss
            loss.backward()
            t1 = time.perf_counter()
            torch.nn.utils.clip_grad_norm_(params, 1.0)  # the Trainer clips at max_grad_norm=1.0
            optimizer.step()
            optimizer.zero_grad(set_to_none=True)
            t2 = time.perf_counter()
            if not torch.isfinite(loss):
                raise ValueError(f"the probe's loss is {float(loss)}")
            fb.append(t1 - t0)
            opt.append(t2 - t1)
            timed = sum(fb[1:]) + sum(opt[1:])  # the first step is warm-up
            if len(fb) > MIN_STEPS and (timed >= PROBE_SECONDS or len(fb) > MAX_STEPS):
                break
    finally:
        torch.set_num_threads(threads)
    n = len(fb) - 1
    return {"ok": True, "forward_backward_s": round(sum(fb[1:]) / n, 5), "optimizer_s": round(sum(opt[1:]) / n, 5),
            "seconds_per_step": round((sum(fb[1:]) + sum(opt[1:])) / n, 5), "timed_steps": n,
            "batch_size": batch_size, "length": length, "probe_seconds": round(time.perf_counter() - start, 1)}


def measure(*, model_id: str, method: str, precision: str, batch_size: int, length: int, task: str,
            lora_r: int, targets: list[str], dropout: float, checkpointing: bool, num_labels: int = 2) -> dict:
    """Seconds per training step of this configuration on this machine: cached, else probed now.

    Returns {"ok": True, "seconds_per_step", "forward_backward_s", "optimizer_s", "probe_seconds",
    "cached", ...}, or {"ok": False, "error": "..."} when the probe could not run (the caller then
    falls back to the constants). Failures are not cached: a model installed later gets probed.
    """
    settings = dict(model_id=model_id, method=method, precision=precision, batch_size=int(batch_size),
                    length=int(length), task=task, lora_r=lora_r, targets=list(targets), dropout=dropout,
                    checkpointing=checkpointing)
    try:
        key = probe_key(**settings)
    except Exception as e:  # noqa: BLE001 - no torch, no probe: the constants still give a plan
        return {"ok": False, "error": f"{type(e).__name__}: {e}"[:200]}
    hit = _read_cache().get(key)
    if isinstance(hit, dict) and hit.get("ok"):
        return {**hit, "cached": True}
    try:
        result = _steps(**settings, num_labels=num_labels)
    except Exception as e:  # noqa: BLE001 - out of memory, model not available offline, anything: fall back
        msg = str(e).splitlines()[0] if str(e) else ""
        return {"ok": False, "error": f"{type(e).__name__}: {msg}"[:200]}
    finally:
        import gc

        gc.collect()  # the probe's model and optimizer state must not stay in the app's memory
    result["key"] = key
    _write_cache(key, result)
    return {**result, "cached": False}
