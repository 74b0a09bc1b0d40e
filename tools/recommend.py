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

from tools import estimate
from tools.catalog import CATALOG, BaseModel, embedded_default
from tools.config import METHODS, TrainConfig
from tools.hardware import detect_hardware
from tools.inspection import inspect_dataset
from tools.language import say
from tools.models import hub_reachable, model_entry

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


def _available_gb(hw: dict) -> float:
    """Memory one training process may use: free VRAM of one GPU, else free RAM."""
    if hw["device"] == "cuda" and hw["gpus"]:
        return min(g["free_gb"] for g in hw["gpus"]) * MEMORY_HEADROOM
    return hw["free_ram_gb"] * MEMORY_HEADROOM


def _precision(hw: dict) -> str:
    if hw["device"] == "cuda" and hw["gpus"]:
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



def _fit(m: BaseModel, *, task, rows, hw, report, method, wants, q4, precision, available, num_labels,
         lang) -> dict:
    """Method, batch size and checkpointing for model `m` so that the memory estimate fits."""
    on_gpu = hw["device"] == "cuda" and bool(hw["gpus"])
    r, targets = _lora_shape(m, task, rows, hw)
    max_length = _max_length(report, m, hw)
    reasons = []
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
    if memory["total"] > available and chosen == "lora" and q4 and m.kind == "decoder" and not method:
        chosen = "qlora"
        memory = mem(batch, chosen, checkpointing)
        reasons.append(say(lang, f"LoRA on {m.id} does not fit in {available:.0f} GB, so QLoRA stores the "
                                 "frozen weights in 4 bits (about a quarter of the memory).",
                           f"{m.id}에 LoRA는 {available:.0f} GB에 들어가지 않아, 고정된 가중치를 4비트로 저장하는 "
                           "QLoRA를 씁니다(메모리 약 1/4)."))
    return {"r": r, "targets": targets, "max_length": max_length, "method": chosen,
            "batch": batch, "effective": effective, "checkpointing": checkpointing, "memory": memory,
            "reasons": reasons}


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
                  base_model: str | None = None, lang: str = "en") -> dict:
    """The recommendation for an inspect_dataset report and a detect_hardware report (tests fake both)."""
    task, language, rows = report["task"], report["language"], report["rows"]
    blocking = [i for i in report.get("issues") or [] if i.get("severity") == "error"]
    if blocking:  # inspect_dataset found something no setting can train around; its message holds the fix
        name = report["path"].replace("\\", "/").rsplit("/", 1)[-1]
        raise ValueError(say(lang, f"Cannot train on {name} as it is: {blocking[0]['message']}",
                             f"{name}(으)로는 지금 상태로 학습할 수 없습니다: {blocking[0]['message']}"))
    # `labels` lists at most MAX_LABELS classes; num_labels counts them all
    num_labels = max(report.get("num_labels") or len(report.get("labels") or {}), 1) if task == "classification" else 1
    wants, reasons = _goal(goal), []
    if task == "classification" and num_labels < 2:
        raise ValueError(f"{report['path']} has only one class in {report['label_column']!r}; a classifier needs "
                         "at least two. Fix: add examples of the other classes or pick another label column.")
    precision, available = _precision(hw), _available_gb(hw)
    on_gpu = hw["device"] == "cuda" and bool(hw["gpus"])
    q4 = bool(hw["bitsandbytes_4bit"])
    hub = hub_reachable()

    # --- base model --------------------------------------------------------------------------
    if base_model:
        candidates = [model_entry(base_model)]
        reasons.append(say(lang, f"Using {candidates[0].id} as you asked.", f"요청하신 {candidates[0].id}을(를) 사용합니다."))
    elif on_gpu and hub:
        candidates = _gpu_candidates(task, language)
    else:
        candidates = [embedded_default(task, language)]
        reasons.append(say(
            lang, "The Hugging Face Hub is not reachable, so only the embedded models (which ship with this app) "
                  "are offered.",
            "Hugging Face Hub에 연결할 수 없어 앱에 내장된 모델만 추천합니다."))
    if task == "generation":
        candidates = [c for c in candidates if c.kind == "decoder"] or candidates
        if candidates[0].kind != "decoder":
            raise ValueError(f"{candidates[0].id} is an encoder and cannot generate text. Fix: choose a decoder "
                             "such as Qwen/Qwen2.5-0.5B-Instruct or google/gemma-3-270m.")

    max_train = None
    for m in candidates:
        fit = _fit(m, task=task, rows=rows, hw=hw, report=report, method=method, wants=wants, q4=q4,
                   precision=precision, available=available, num_labels=num_labels, lang=lang)
        # On a GPU a batch of one is too slow to be worth it: try the next (smaller) candidate.
        if fit["memory"]["total"] <= available and (fit["batch"] >= 2 or not on_gpu) or m is candidates[-1]:
            break
    r, targets, max_length = fit["r"], fit["targets"], fit["max_length"]
    chosen, batch, effective, checkpointing, memory = (fit["method"], fit["batch"], fit["effective"],
                                                        fit["checkpointing"], fit["memory"])
    reasons += fit["reasons"]
    if memory["total"] > available:
        reasons.append(say(lang, f"Warning: even so the estimate ({memory['total']} GB) exceeds the free memory "
                                 f"({available:.1f} GB usable); training may run out of memory.",
                           f"주의: 그래도 예상 메모리({memory['total']} GB)가 사용 가능한 메모리({available:.1f} GB)보다 "
                           "큽니다. 메모리 부족이 날 수 있습니다."))
    accumulation = max(1, effective // batch)

    # --- learning rate, epochs, time budget -------------------------------------------------
    lr, head_lr = _learning_rate(m, chosen, task)
    dropout = 0.1 if rows < 5000 else 0.05
    epochs = _epochs(task, rows)
    if wants["fast"]:
        epochs = max(1.0, epochs - 1)
    train_rows = int(rows * 0.9)
    # Generation eval runs the LM head over every token: keep it small on a CPU.
    max_eval = (100 if not on_gpu else 500) if task == "generation" else 2000
    eval_rows = min(rows - train_rows, max_eval)
    p50 = (report.get("token_lengths") or {}).get("p50") or max_length / 2
    tokens = min(max_length, p50 * 1.15 + 2)  # length-grouped batches pad little beyond the median
    if m.kind == "decoder" and task != "generation":
        tokens += 6  # the classification template

    def minutes(n_train, ep):
        return estimate.estimate_minutes(m, method=chosen, task=task, precision=precision, train_examples=n_train,
                                         eval_examples=eval_rows, epochs=ep, tokens_per_example=tokens,
                                         lora_layers=None, hardware=hw, lora_targets=targets, lora_dropout=dropout)

    est = minutes(train_rows, epochs)
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
        est = minutes(max_train or train_rows, epochs)
        reasons.append(say(
            lang, f"To finish in about {budget} minutes on this machine: {epochs:g} epoch(s)"
                  + (f" on {max_train:,} of the {train_rows:,} training examples" if max_train else "") + ".",
            f"이 컴퓨터에서 약 {budget}분 안에 끝나도록 {epochs:g} 에폭"
            + (f", 학습 예제 {train_rows:,}개 중 {max_train:,}개" if max_train else "") + "로 맞췄습니다."))

    updates = (max_train or train_rows) * epochs / (batch * accumulation)
    if not on_gpu and chosen != "full" and task != "generation" and accumulation > 1 and updates < MIN_UPDATES:
        # A CPU budget allows only a few passes: more, smaller updates learn more from each example
        # (NSMC, Gemma + LoRA, 2.1 epochs each: 83.3% with batch 8 and no accumulation, 79.4% with x4).
        accumulation = 1
        reasons.append(say(lang, f"With x{effective // batch} accumulation only {int(updates)} updates would fit, so "
                                 "every batch makes its own update: more updates learn more from each example.",
                           f"누적 {effective // batch}단계로는 업데이트가 {int(updates)}번뿐이라 배치마다 바로 업데이트합니다. "
                           "업데이트가 많을수록 예제마다 더 많이 배웁니다."))

    # --- reasons for each choice ------------------------------------------------------------
    if not base_model:
        if language in ("ko", "mixed") and m.reads("ko"):
            reasons.append(say(lang, f"Your texts are {'Korean' if language == 'ko' else 'mixed Korean/English'}, so "
                                     f"{m.id} was chosen: its vocabulary reads Korean.",
                               f"데이터가 {'한국어' if language == 'ko' else '한국어/영어 혼합'}이라 한국어를 읽을 수 있는 "
                               f"{m.id}을(를) 골랐습니다."))
        else:
            reasons.append(say(lang, f"{m.id} ({m.params_m:g}M parameters, {m.kind}) suits {task} on this machine.",
                               f"{m.id}({m.params_m:g}M 파라미터, {m.kind})는 이 컴퓨터에서 {task} 작업에 알맞습니다."))
    elif language == "ko" and not m.reads("ko"):
        reasons.append(say(lang, f"Warning: {m.id} was not pretrained on Korean; expect weak results. "
                                 "google/gemma-3-270m (embedded) or klue/roberta-base read Korean.",
                           f"주의: {m.id}은(는) 한국어로 사전학습되지 않아 성능이 낮을 수 있습니다. 내장된 google/gemma-3-270m이나 "
                           "klue/roberta-base를 권합니다."))
    method_reason = {
        "full": say(lang, f"Full fine-tuning: {m.id} is small enough that updating every weight costs little "
                          "more than LoRA and usually gives the best accuracy.",
                    f"전체 파인튜닝: {m.id}은(는) 작아서 모든 가중치를 학습해도 LoRA와 비용 차이가 작고 정확도가 가장 좋습니다."),
        "lora": say(lang, f"LoRA (r={r}, alpha={2 * r}): trains small adapter matrices instead of all "
                          f"{m.params_m:g}M weights, so memory and time stay low.",
                    f"LoRA(r={r}, alpha={2 * r}): {m.params_m:g}M개 가중치 전체 대신 작은 어댑터만 학습해 메모리와 시간이 적게 듭니다."),
        "qlora": say(lang, "QLoRA: the frozen model is stored in 4-bit NF4 and only the LoRA adapters train, "
                           "for the smallest memory footprint.",
                     "QLoRA: 고정된 모델을 4비트 NF4로 저장하고 LoRA 어댑터만 학습해 메모리를 가장 적게 씁니다."),
    }[chosen]
    reasons.append(method_reason)
    if chosen != "full" and m.kind == "decoder" and task != "generation":
        reasons.append(say(lang, f"Adapters on every linear layer (attention and MLP) of all {m.layers} blocks: on "
                                 "Korean reviews this was 1-2 points more accurate in the same time than adapting "
                                 "only the top half, which runs faster but learns less per example.",
                           f"{m.layers}개 블록 전체의 모든 선형층(어텐션과 MLP)에 어댑터를 답니다. 한국어 리뷰에서 같은 시간에 "
                           "위쪽 절반만 적응시킬 때보다 1~2%p 정확했습니다(그쪽이 빠르지만 예제마다 덜 배웁니다)."))
    reasons.append(say(lang, f"max_length {max_length}: 95% of your texts are at most "
                             f"{(report.get('token_lengths') or {}).get('p95')} tokens, so almost nothing is cut off.",
                       f"max_length {max_length}: 텍스트의 95%가 {(report.get('token_lengths') or {}).get('p95')} 토큰 "
                       "이하라 거의 잘리지 않습니다."))
    reasons.append(say(lang, f"Learning rate {lr:g}" + (f" (classification head {head_lr:g})" if head_lr else "")
                             + f", {epochs:g} epoch(s), batch {batch}"
                             + (f" x {accumulation} accumulation steps" if accumulation > 1 else "")
                             + f" = {batch * accumulation} examples per update.",
                       f"학습률 {lr:g}" + (f"(분류 헤드 {head_lr:g})" if head_lr else "") + f", {epochs:g} 에폭, "
                       f"배치 {batch}" + (f" x 누적 {accumulation}단계" if accumulation > 1 else "")
                       + f" = 업데이트당 예제 {batch * accumulation}개."))
    reasons.append({
        "bf16": say(lang, "bf16 mixed precision: your GPU supports it, halving activation memory without "
                          "fp16's overflow risk.", "bf16 혼합 정밀도: GPU가 지원하며 fp16보다 안정적이고 메모리를 절반으로 줄입니다.")
        if hw["device"] == "cuda" else
        say(lang, "bf16 mixed precision on the CPU: it has native bf16 instructions (AVX512-BF16/AMX), which train "
                  "about 2x faster than fp32 (measured 1.6x on MiniLM, 2.4x on Gemma 3 270M with LoRA); the trained "
                  "weights stay in fp32.",
            "CPU에서 bf16 혼합 정밀도: 이 CPU는 bf16 명령(AVX512-BF16/AMX)을 지원해 fp32보다 약 2배 빠릅니다"
            "(MiniLM 1.6배, Gemma 3 270M LoRA 2.4배 측정). 학습되는 가중치는 fp32로 유지됩니다."),
        "fp16": say(lang, "fp16 mixed precision: your GPU has no bf16 (pre-Ampere).",
                    "fp16 혼합 정밀도: GPU가 bf16을 지원하지 않습니다(Ampere 이전)."),
        "fp32": say(lang, "fp32: CPUs train in full precision.", "fp32: CPU는 전체 정밀도로 학습합니다."),
    }[precision])
    if checkpointing:
        reasons.append(say(lang, "Gradient checkpointing is on: it recomputes activations in the backward pass "
                                 "(about 30% slower) so the batch fits in memory.",
                           "그래디언트 체크포인팅 사용: 역전파 때 활성값을 다시 계산해(약 30% 느림) 메모리에 맞춥니다."))
    reasons.append(say(lang, f"Estimated peak memory {memory['total']} GB of {available:.1f} GB usable; about "
                             f"{est:g} minutes.",
                       f"예상 최대 메모리 {memory['total']} GB(사용 가능 {available:.1f} GB), 예상 시간 약 {est:g}분."))

    cfg = TrainConfig(
        dataset_path=report["path"], text_column=report.get("text_column"), label_column=report.get("label_column"),
        task=task, max_train_examples=max_train, max_eval_examples=max_eval, max_length=max_length, base_model=m.id, method=chosen,
        lora_r=r, lora_alpha=2 * r, lora_dropout=dropout, lora_target_modules=targets,
        learning_rate=lr, head_learning_rate=head_lr,
        lr_scheduler="cosine" if task == "generation" else "linear",
        warmup_ratio=0.03 if task == "generation" else 0.06, epochs=epochs, batch_size=batch,
        gradient_accumulation_steps=accumulation, precision=precision, gradient_checkpointing=checkpointing,
        text_template=CLASSIFY_TEMPLATE if m.kind == "decoder" and task != "generation" else None,
        language=language, generation_columns=report.get("generation_columns"))  # the child trusts these
    gpus = len(hw["gpus"]) if on_gpu else 1
    if gpus > 1:
        reasons.append(say(lang, f"{gpus} GPUs: the command uses accelerate launch, one process per GPU (data "
                                 "parallel), so each step sees {gpus}x the examples.".replace("{gpus}", str(gpus)),
                           f"GPU {gpus}개: accelerate launch로 GPU마다 프로세스를 하나씩 띄워(데이터 병렬) 단계마다 "
                           f"{gpus}배의 예제를 봅니다."))
    return {
        "base_model": m.id,
        "method": chosen,
        "lora": None if chosen == "full" else {"r": r, "alpha": 2 * r, "dropout": cfg.lora_dropout,
                                               "target_modules": targets},
        "learning_rate": lr,
        "head_learning_rate": head_lr,
        "lr_scheduler": cfg.lr_scheduler,
        "epochs": epochs,
        "batch_size": batch,
        "gradient_accumulation_steps": accumulation,
        "max_length": max_length,
        "max_train_examples": max_train,
        "precision": precision,
        "gradient_checkpointing": checkpointing,
        "estimated_memory_gb": memory["total"],
        "memory_breakdown_gb": memory,
        "estimated_minutes": est,
        "offline": not hub,
        "reasons": reasons,
        "config": cfg.to_dict(),
        "command": cfg.command(num_processes=gpus),
    }
