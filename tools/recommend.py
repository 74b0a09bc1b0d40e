"""recommend_settings: from the data, the hardware and a goal to one complete training config.

Each choice comes with a sentence saying why, in the user's language. The choices are
rules of thumb that practitioners use (and that our benchmarks confirmed on this CPU):
full fine-tuning for small encoders, LoRA for decoders, QLoRA when LoRA does not fit,
bf16 on Ampere+ GPUs, batch size halved until the memory estimate fits, and on a CPU an
example budget so the run ends within the time limit.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from tools import estimate, time_probe
from tools.catalog import CATALOG, BaseModel, embedded_default
from tools.config import METHODS, TrainConfig
from tools.hardware import detect_hardware
from tools.inspection import inspect_dataset
from tools.language import say
from tools.models import hub_reachable, model_entry
from tools.recommend_reasons import reasons, scale_out_reason
from tools.scale_out import scale_out_plan

CPU_MINUTES_BUDGET = 15  # a CPU run should end while the user is still watching
MEMORY_HEADROOM = 0.85  # leave room for the allocator, the OS and the app itself
CLASSIFY_TEMPLATE = "Text: {text}\nLabel:"  # a fixed cue for the last token that a decoder classifier reads
MIN_UPDATES = 1000  # fewer optimizer steps than this on a CPU: drop gradient accumulation
TIME_SAFETY = 0.85  # plan for 85% of a time budget: the estimate is within about 15%


def _goal(goal: str | None) -> dict:
    """What the free-text goal asks for: speed, quality, low memory, a time budget in minutes."""
    g = (goal or "").lower()
    minutes = re.search(r"(\d+)\s*(?:min|minutes|분)", g)
    return {
        "fast": any(w in g for w in ("fast", "quick", "빠르", "빨리", "짧")),
        "quality": any(w in g for w in ("best", "accura", "quality", "정확", "최고", "성능")),
        "low_memory": any(w in g for w in ("memory", "small", "메모리", "가볍")),
        "minutes": int(minutes.group(1)) if minutes else None,
    }


def _on_gpu(hw: dict) -> bool:
    return hw["device"] == "cuda" and bool(hw["gpus"])


def _available_gb(hw: dict) -> float:
    """Memory one training process may use: free VRAM of one GPU, else free RAM."""
    if _on_gpu(hw):
        return min(g["free_gb"] for g in hw["gpus"]) * MEMORY_HEADROOM
    return hw["free_ram_gb"] * MEMORY_HEADROOM


def _precision(hw: dict) -> str:
    if _on_gpu(hw):
        return "bf16" if all(g["bf16"] for g in hw["gpus"]) else "fp16"
    return "bf16" if hw["device"] == "cpu" and hw.get("cpu_bf16") else "fp32"


def _gpu_candidates(task: str, language: str) -> list[BaseModel]:
    """Hub models for a GPU, best first; the caller keeps the first that fits."""
    if task == "generation":
        ids = ["Qwen/Qwen2.5-7B-Instruct", "Qwen/Qwen2.5-1.5B-Instruct", "Qwen/Qwen2.5-0.5B-Instruct"]
        if language == "en":
            ids += ["meta-llama/Llama-3.2-1B-Instruct"]
    elif language == "ko":
        ids = ["klue/roberta-base", "FacebookAI/xlm-roberta-base"]
    elif language == "en":
        ids = ["FacebookAI/roberta-base", "distilbert-base-uncased"]
    else:
        ids = ["FacebookAI/xlm-roberta-base"]
    by_id = {m.id: m for m in CATALOG}
    return [by_id[i] for i in ids]


def _lora_shape(m: BaseModel, task: str, rows: int, hw: dict) -> tuple[int, list[str]]:
    """LoRA rank and target modules for this model and machine; every block is adapted."""
    on_cpu = hw["device"] != "cuda"
    if task == "generation":
        r = 8 if on_cpu else (32 if rows >= 20_000 else 16)
    else:
        r = 16 if (not on_cpu and rows >= 20_000) else 8
    targets = list(m.lora_targets)
    if m.kind == "decoder" and on_cpu and task == "generation":
        # generation on a CPU pays for every token of long sequences: the attention projections only
        targets = [t for t in targets if t in ("q_proj", "k_proj", "v_proj", "o_proj")]
    # A decoder classifier adapts every linear layer of every block, although adapting the top half's
    # attention only runs 1.9x faster: on NSMC (Gemma 3 270M, 2 cores, the same 15-minute budget) all
    # layers reached 83.8-84.8% in 1.5-1.9 epochs, the top half 82.4-83.3% in 1.8-2.7 epochs.
    return r, targets


def _learning_rate(m: BaseModel, method: str, task: str) -> tuple[float, float | None]:
    """(learning rate, head learning rate) for this model size and method."""
    if method == "full":
        return (1e-4 if m.params_m < 50 else 3e-5 if m.params_m < 200 else 2e-5), None
    if m.kind == "encoder":
        return 5e-4, None
    if task == "generation":
        return 2e-4, None
    return 5e-4, 2e-3  # decoder as classifier: the new head starts from random weights


def _epochs(task: str, rows: int) -> float:
    if task == "generation":
        return 3.0 if rows < 2000 else 2.0 if rows < 50_000 else 1.0
    return 5.0 if rows < 1000 else 3.0 if rows < 20_000 else 2.0


def _max_length(report: dict, m: BaseModel, hw: dict) -> int:
    p95 = (report.get("token_lengths") or {}).get("p95") or 128
    if m.kind == "decoder" and report.get("task") != "generation":
        p95 += 6  # the classification template's tokens
    cap = 512 if m.kind == "encoder" or hw["device"] != "cuda" else 2048
    return int(min(cap, max(16, math.ceil(p95 * 1.05 / 8) * 8)))


@dataclass(frozen=True)
class Plan:
    """Every decision of one recommendation. The reasons and the TrainConfig are both read off it."""
    model: BaseModel
    source: str  # where the model came from: "asked" (base_model), "hub" (GPU candidates) or "embedded"
    offline: bool  # the Hugging Face Hub is not reachable
    task: str
    language: str  # of the data: en, ko, mixed or other
    p95_tokens: int | None  # as inspect_dataset measured it (None when it could not)
    precision: str
    device: str
    gpus: int  # processes of the training command
    available_gb: float
    # what fits in memory (_fit)
    method: str
    lora_r: int
    targets: list[str]
    max_length: int
    batch_size: int
    checkpointing: bool
    memory: dict
    to_qlora: bool  # LoRA did not fit, so QLoRA was chosen
    # optimisation and time (_schedule)
    learning_rate: float
    head_learning_rate: float | None
    dropout: float
    epochs: float
    accumulation: int
    dropped_accumulation: int | None  # the accumulation given up because too few updates would fit
    updates: int  # optimizer updates with the dropped accumulation (only meaningful with it)
    train_rows: int
    max_train: int | None
    max_eval: int
    minutes: float
    budget: int | None  # the time budget in minutes the epochs or examples were cut to fit, if any
    time_probe: dict | None  # tools/time_probe.measure's answer on a CPU (ok or why not); None on a GPU
    # what the data asks of the loss and of the evaluations
    imbalance_ratio: float | None  # largest class / smallest, when inspect_dataset flagged the imbalance
    class_weights: str  # "balanced" when it did
    patience: int  # early stopping: evaluations without improvement before stopping


def _fit(m: BaseModel, *, task, rows, hw, report, method, wants, q4, precision, available, num_labels) -> dict:
    """Method, batch size and checkpointing for model `m` so that the memory estimate fits."""
    on_gpu = _on_gpu(hw)
    r, targets = _lora_shape(m, task, rows, hw)
    max_length = _max_length(report, m, hw)
    if method:
        chosen = method
    elif m.kind == "encoder" and (on_gpu or m.params_m <= 30) and not wants["low_memory"]:
        chosen = "full"
    elif wants["low_memory"] and q4 and m.kind == "decoder":
        chosen = "qlora"
    else:
        chosen = "lora"
    if chosen == "qlora" and not q4:
        raise ValueError("QLoRA needs 4-bit bitsandbytes, which does not work on this machine ("
                         f"{hw.get('bitsandbytes_detail')}). Fix: use method lora.")
    if chosen == "full" and (task == "generation" or m.kind == "decoder"):
        if method == "full":
            raise ValueError(f"Full fine-tuning is offered for small encoders only, not for {m.id}. "
                             "Fix: use method lora or qlora.")
        chosen = "lora"
    if on_gpu:
        batch = 32 if task != "generation" else 8
    else:
        batch = 16 if m.kind == "encoder" else 8 if task != "generation" else 4
    effective = 32 if task != "generation" else 16
    checkpointing = False

    def mem(b, meth, gc):
        return estimate.estimate_memory_gb(
            m, method=meth, precision=precision, batch_size=b, seq_len=max_length, task=task, lora_r=r,
            targets=targets, lora_layers=None, gradient_checkpointing=gc,
            device=hw["device"], num_labels=num_labels)

    memory = mem(batch, chosen, checkpointing)
    while memory["total"] > available and batch > 1:
        batch //= 2
        memory = mem(batch, chosen, checkpointing)
    if memory["total"] > available or (on_gpu and batch < 2):
        checkpointing = True
        batch = min(effective, 8)
        memory = mem(batch, chosen, checkpointing)
        while memory["total"] > available and batch > 1:
            batch //= 2
            memory = mem(batch, chosen, checkpointing)
    to_qlora = memory["total"] > available and chosen == "lora" and q4 and m.kind == "decoder" and not method
    if to_qlora:
        chosen = "qlora"
        memory = mem(batch, chosen, checkpointing)
    return {"r": r, "targets": targets, "max_length": max_length, "method": chosen,
            "batch": batch, "effective": effective, "checkpointing": checkpointing, "memory": memory,
            "to_qlora": to_qlora}


def _candidates(task: str, language: str, base_model: str | None, on_gpu: bool, hub: bool
                ) -> tuple[str, list[BaseModel]]:
    """(source, base models to try in order): the one asked for, hub models on a GPU, else the embedded one."""
    if base_model:
        source, candidates = "asked", [model_entry(base_model)]
    elif on_gpu and hub:
        source, candidates = "hub", _gpu_candidates(task, language)
    else:
        source, candidates = "embedded", [embedded_default(task, language)]
    if task == "generation":
        candidates = [c for c in candidates if c.kind == "decoder"] or candidates
        if candidates[0].kind != "decoder":
            raise ValueError(f"{candidates[0].id} is an encoder and cannot generate text. Fix: choose a decoder "
                             "such as Qwen/Qwen2.5-0.5B-Instruct or google/gemma-3-270m.")
    return source, candidates


def _measured(m: BaseModel, fit: dict, task: str, hw: dict, precision: str, dropout: float, tokens: float,
              num_labels: int, available: float, probe: bool) -> dict | None:
    """Seconds per training step measured on this CPU (tools/time_probe.py), or why the constants are used.

    None on a GPU (the constants there). A plan that may not fit in memory is not probed: the probe
    would risk the very out-of-memory the warning is about."""
    if hw["device"] != "cpu":
        return None
    if not probe or time_probe.disabled():
        return {"ok": False, "skipped": True, "error": "probe turned off"}
    if fit["memory"]["total"] > available:
        return {"ok": False, "error": "the plan may not fit in memory"}
    return time_probe.measure(model_id=m.id, method=fit["method"], precision=precision, batch_size=fit["batch"],
                              length=max(8, math.ceil(tokens)), task=task, lora_r=fit["r"], targets=fit["targets"],
                              dropout=dropout, checkpointing=fit["checkpointing"], num_labels=num_labels)


def _schedule(m: BaseModel, fit: dict, report: dict, hw: dict, wants: dict, precision: str, dropout: float,
              measured_per_example: float | None = None) -> dict:
    """Epochs, examples and the time estimate; on a CPU (or with a time goal) cut to fit the time budget."""
    task, rows, on_gpu = report["task"], report["rows"], _on_gpu(hw)
    epochs = _epochs(task, rows)
    if wants["fast"]:
        epochs = max(1.0, epochs - 1)
    train_rows = int(rows * 0.9)
    # Generation eval runs the LM head over every token: keep it small on a CPU.
    max_eval = (100 if not on_gpu else 500) if task == "generation" else 2000
    eval_rows = min(rows - train_rows, max_eval)
    tokens = _padded_tokens(m, fit, report)

    def minutes(n_train, ep):
        return estimate.estimate_minutes(m, method=fit["method"], task=task, precision=precision,
                                         train_examples=n_train, eval_examples=eval_rows, epochs=ep,
                                         tokens_per_example=tokens, lora_layers=None, hardware=hw,
                                         lora_targets=fit["targets"], lora_dropout=dropout,
                                         measured_seconds_per_example=measured_per_example)

    est, max_train, applied = minutes(train_rows, epochs), None, None
    budget = wants["minutes"] or (None if on_gpu else (8 if wants["fast"] else CPU_MINUTES_BUDGET))
    if budget and est > budget * TIME_SAFETY and not wants["quality"]:  # estimates are within ~15%
        target = budget * TIME_SAFETY  # estimates are rough: aim below the budget
        per_epoch = minutes(train_rows, 1) - minutes(0, 1)
        fitting = (target - minutes(0, 1)) / max(per_epoch, 1e-9)
        if fitting >= 1:  # whole data, fewer (possibly fractional) epochs
            epochs = min(epochs, max(1.0, math.floor(fitting * 10) / 10))
        else:  # one epoch on a stratified part of the data
            epochs = 1.0
            max_train = min(train_rows, max(100, int(fitting * train_rows)))
        est, applied = minutes(max_train or train_rows, epochs), budget
    return {"epochs": epochs, "train_rows": train_rows, "max_train": max_train, "max_eval": max_eval,
            "minutes": est, "budget": applied}


def _padded_tokens(m: BaseModel, fit: dict, report: dict) -> float:
    """Tokens per example as training sees them: length-grouped batches pad little beyond the median."""
    p50 = (report.get("token_lengths") or {}).get("p50") or fit["max_length"] / 2
    tokens = min(fit["max_length"], p50 * 1.15 + 2)
    return tokens + 6 if m.kind == "decoder" and report["task"] != "generation" else tokens  # + the template


def plan_for(report: dict, hw: dict, *, goal: str | None = None, method: str | None = None,
             base_model: str | None = None, probe: bool = True) -> Plan:
    """Every decision for an inspect_dataset report on a detect_hardware machine, without any text.

    On a CPU the time plan comes from a short probe of the planned model on this machine (cached;
    probe=False or FINETUNE_ASSISTANT_NO_PROBE=1 plans from the fitted constants instead)."""
    task, language, rows = report["task"], report["language"], report["rows"]
    # `labels` lists at most MAX_LABELS classes; num_labels counts them all
    num_labels = max(report.get("num_labels") or len(report.get("labels") or {}), 1) if task == "classification" else 1
    if task == "classification" and num_labels < 2:
        raise ValueError(f"{report['path']} has only one class in {report['label_column']!r}; a classifier needs "
                         "at least two. Fix: add examples of the other classes or pick another label column.")
    wants, precision, available = _goal(goal), _precision(hw), _available_gb(hw)
    on_gpu, hub = _on_gpu(hw), hub_reachable()
    source, candidates = _candidates(task, language, base_model, on_gpu, hub)
    for m in candidates:
        fit = _fit(m, task=task, rows=rows, hw=hw, report=report, method=method, wants=wants,
                   q4=bool(hw["bitsandbytes_4bit"]), precision=precision, available=available, num_labels=num_labels)
        # On a GPU a batch of one is too slow to be worth it: try the next (smaller) candidate.
        if fit["memory"]["total"] <= available and (fit["batch"] >= 2 or not on_gpu) or m is candidates[-1]:
            break
    lr, head_lr = _learning_rate(m, fit["method"], task)
    dropout = 0.1 if rows < 5000 else 0.05
    measured = _measured(m, fit, task, hw, precision, dropout, _padded_tokens(m, fit, report), num_labels,
                         available, probe)
    per_example = None
    if measured and measured.get("ok"):  # an optimizer step comes once per accumulated update
        accumulate = max(1, fit["effective"] // fit["batch"])
        per_example = (measured["forward_backward_s"] + measured["optimizer_s"] / accumulate) / fit["batch"]
    sched = _schedule(m, fit, report, hw, wants, precision, dropout, per_example)
    batch, accumulation = fit["batch"], max(1, fit["effective"] // fit["batch"])
    updates = (sched["max_train"] or sched["train_rows"]) * sched["epochs"] / (batch * accumulation)
    imbalance = next((i for i in report.get("issues") or [] if i.get("kind") == "class_imbalance"), None)
    dropped = None
    if not on_gpu and fit["method"] != "full" and task != "generation" and accumulation > 1 and updates < MIN_UPDATES:
        # A CPU budget allows only a few passes: more, smaller updates learn more from each example
        # (NSMC, Gemma + LoRA, 2.1 epochs each: 83.3% with batch 8 and no accumulation, 79.4% with x4).
        dropped, accumulation = accumulation, 1
    return Plan(
        model=m, source=source, offline=not hub, task=task, language=language,
        p95_tokens=(report.get("token_lengths") or {}).get("p95"), precision=precision, device=hw["device"],
        gpus=len(hw["gpus"]) if on_gpu else 1, available_gb=available, method=fit["method"], lora_r=fit["r"],
        targets=fit["targets"], max_length=fit["max_length"], batch_size=batch, checkpointing=fit["checkpointing"],
        memory=fit["memory"], to_qlora=fit["to_qlora"], learning_rate=lr, head_learning_rate=head_lr,
        dropout=dropout, epochs=sched["epochs"], accumulation=accumulation, dropped_accumulation=dropped,
        updates=int(updates), train_rows=sched["train_rows"], max_train=sched["max_train"],
        max_eval=sched["max_eval"], minutes=sched["minutes"], budget=sched["budget"], time_probe=measured,
        imbalance_ratio=imbalance.get("ratio") if imbalance else None,
        class_weights="balanced" if imbalance and task == "classification" else "none",
        patience=TrainConfig.__dataclass_fields__["early_stopping_patience"].default)


def config_for(plan: Plan, report: dict) -> TrainConfig:
    """The training config that carries out the plan on the inspected file."""
    classifier_decoder = plan.model.kind == "decoder" and plan.task != "generation"
    return TrainConfig(
        dataset_path=report["path"], text_column=report.get("text_column"), label_column=report.get("label_column"),
        task=plan.task, max_train_examples=plan.max_train, max_eval_examples=plan.max_eval,
        max_length=plan.max_length, base_model=plan.model.id, method=plan.method, lora_r=plan.lora_r,
        lora_alpha=2 * plan.lora_r, lora_dropout=plan.dropout, lora_target_modules=plan.targets,
        learning_rate=plan.learning_rate, head_learning_rate=plan.head_learning_rate,
        lr_scheduler="cosine" if plan.task == "generation" else "linear",
        warmup_ratio=0.03 if plan.task == "generation" else 0.06, epochs=plan.epochs, batch_size=plan.batch_size,
        gradient_accumulation_steps=plan.accumulation, precision=plan.precision,
        gradient_checkpointing=plan.checkpointing, text_template=CLASSIFY_TEMPLATE if classifier_decoder else None,
        class_weights=plan.class_weights, early_stopping_patience=plan.patience,
        language=plan.language, generation_columns=report.get("generation_columns"))  # the child trusts these


def recommend_settings(dataset_path: str, goal: str | None = None, method: str | None = None,
                       base_model: str | None = None, lang: str = "en") -> dict:
    """Recommend a base model, LoRA/QLoRA/full settings and hyperparameters for a dataset on this machine.

    Args:
        dataset_path: the training file (CSV, TSV, JSON, JSONL or Parquet).
        goal: optional free text, e.g. "sentiment", "fast", "best accuracy", "in 10 minutes", "low memory".
        method: force "lora", "qlora" or "full".
        base_model: force a base model (catalog name, hub id or local folder).
        lang: language of the reasons, "en" or "ko".
    """
    if method is not None and method not in METHODS:
        raise ValueError(f"Unknown method {method!r}. Fix: use one of {', '.join(METHODS)}, or leave it out.")
    report = inspect_dataset(dataset_path, lang=lang)
    hw = detect_hardware(lang=lang)
    return recommend_for(report, hw, goal=goal, method=method, base_model=base_model, lang=lang)


def recommend_for(report: dict, hw: dict, *, goal: str | None = None, method: str | None = None,
                  base_model: str | None = None, lang: str = "en", probe: bool = True) -> dict:
    """The recommendation for an inspect_dataset report and a detect_hardware report (tests fake both).

    probe=False skips the CPU time probe (tools/time_probe.py), e.g. for a dry run that must be instant."""
    blocking = [i for i in report.get("issues") or [] if i.get("severity") == "error"]
    if blocking:  # inspect_dataset found something no setting can train around; its message holds the fix
        name = report["path"].replace("\\", "/").rsplit("/", 1)[-1]
        raise ValueError(say(lang, f"Cannot train on {name} as it is: {blocking[0]['message']}",
                             f"{name}(으)로는 지금 상태로 학습할 수 없습니다: {blocking[0]['message']}"))
    plan = plan_for(report, hw, goal=goal, method=method, base_model=base_model, probe=probe)
    cfg = config_for(plan, report)
    shards = scale_out_for(plan)
    return {
        "base_model": plan.model.id,
        "method": plan.method,
        "lora": None if plan.method == "full" else {"r": plan.lora_r, "alpha": 2 * plan.lora_r,
                                                    "dropout": cfg.lora_dropout, "target_modules": plan.targets},
        "learning_rate": plan.learning_rate,
        "head_learning_rate": plan.head_learning_rate,
        "lr_scheduler": cfg.lr_scheduler,
        "epochs": plan.epochs,
        "batch_size": plan.batch_size,
        "gradient_accumulation_steps": plan.accumulation,
        "max_length": plan.max_length,
        "max_train_examples": plan.max_train,
        "precision": plan.precision,
        "gradient_checkpointing": plan.checkpointing,
        "class_weights": plan.class_weights,
        "early_stopping_patience": plan.patience,
        "estimated_memory_gb": plan.memory["total"],
        "memory_breakdown_gb": plan.memory,
        "estimated_minutes": plan.minutes,
        "time_probe": plan.time_probe,
        "offline": plan.offline,
        "reasons": reasons(plan, lang) + ([scale_out_reason(shards, plan, lang)] if shards else []),
        "config": cfg.to_dict(),
        "command": cfg.command(num_processes=plan.gpus),
        **({"scale_out": shards} if shards else {}),
    }


def scale_out_for(plan: Plan) -> dict | None:
    """An FSDP config and launch commands when the estimate does not fit one GPU (tools/scale_out.py)."""
    if plan.device != "cuda" or plan.memory["total"] <= plan.available_gb:
        return None
    return scale_out_plan(plan.memory, plan.available_gb, plan.gpus, plan.precision)
