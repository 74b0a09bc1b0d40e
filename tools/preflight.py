"""Before a run starts: refuse a config that cannot fit in this machine's free memory or disk.

A run that dies of out-of-memory after ten minutes of tokenizing and loading, or that fills the
disk with checkpoints, costs the user more than a clear "no" with settings that would fit. The
memory estimate is tools/estimate.py's (the one recommend_settings fits its batch size to);
recommend_settings aims at MEMORY_HEADROOM (85%) of the free memory, and a run is refused only
when the estimate exceeds all of it, so a recommended config always passes and a user's override
that does not fit is refused. Tests fake the machine by patching psutil and shutil.disk_usage.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from tools import estimate
from tools.catalog import CATALOG, BaseModel
from tools.config import TrainConfig
from tools.language import say

GB = 2**30
DISK_RESERVE_GB = 1.0  # left free beyond what the run writes: logs, the OS, other programs
CHECKPOINTS_ON_DISK = 3  # CheckpointMarker keeps 2; a third exists while the newest is being written


def _memory(m: BaseModel, cfg: TrainConfig, hw: dict, num_labels: int, **change) -> float:
    c = {"method": cfg.method, "batch_size": cfg.batch_size, "max_length": cfg.max_length,
         "gradient_checkpointing": cfg.gradient_checkpointing, **change}
    return estimate.estimate_memory_gb(
        m, method=c["method"], precision=cfg.precision, batch_size=c["batch_size"], seq_len=c["max_length"],
        task=cfg.task, lora_r=cfg.lora_r, targets=list(cfg.lora_target_modules),
        lora_layers=len(cfg.lora_layers) if cfg.lora_layers else None,
        gradient_checkpointing=c["gradient_checkpointing"], device=hw["device"], num_labels=num_labels)["total"]


def free_memory_gb(hw: dict) -> tuple[float, str, str]:
    """(free GB, what it is in English, in Korean): the emptiest GPU's free VRAM, else free RAM."""
    if hw.get("device") == "cuda" and hw.get("gpus"):
        return min(g["free_gb"] for g in hw["gpus"]), "GPU memory (VRAM)", "GPU 메모리(VRAM)"
    return hw["free_ram_gb"], "RAM", "RAM"


def _suggestions(m: BaseModel, cfg: TrainConfig, hw: dict, num_labels: int, free: float, language: str,
                 p95: int | None, lang: str) -> list[str]:
    """Concrete settings that would fit, each checked against the same estimate."""
    from tools.models import hub_reachable

    def fits(**change) -> bool:
        return _memory(m, cfg, hw, num_labels, **change) <= free

    out = []
    b = cfg.batch_size // 2
    while b >= 1 and not fits(batch_size=b):
        b //= 2
    if b >= 1:
        acc = cfg.batch_size * cfg.gradient_accumulation_steps // b
        out.append(say(lang, f"a smaller batch: batch_size={b} with gradient_accumulation_steps={acc} (the same "
                             f"{b * acc} examples per update)",
                       f"더 작은 배치: batch_size={b}, gradient_accumulation_steps={acc} (업데이트당 예제 {b * acc}개 그대로)"))
    if cfg.method == "full" and fits(method="lora"):
        out.append(say(lang, "LoRA: method=lora trains small adapters instead of every weight",
                       "LoRA: method=lora로 전체 가중치 대신 작은 어댑터만 학습"))
    if m.kind == "decoder" and cfg.method != "qlora" and cfg.task != "regression":
        if hw.get("bitsandbytes_4bit") and fits(method="qlora"):
            out.append(say(lang, "QLoRA: method=qlora stores the frozen weights in 4 bits",
                           "QLoRA: method=qlora로 고정 가중치를 4비트로 저장"))
    smaller = [c for c in CATALOG if c.params_m < m.params_m and (c.kind == "decoder" or cfg.task != "generation")
               and c.reads(language) and (c.embedded or hub_reachable())]
    smaller = [c for c in sorted(smaller, key=lambda c: -c.params_m)
               if _memory(c, TrainConfig(**{**cfg.to_dict(), "base_model": c.id, "lora_target_modules":
                                            list(c.lora_targets), "lora_layers": None}), hw, num_labels) <= free]
    if smaller:
        out.append(say(lang, f"a smaller model: base_model={smaller[0].id} ({smaller[0].params_m:g}M parameters "
                             f"instead of {m.params_m:g}M)",
                       f"더 작은 모델: base_model={smaller[0].id} (파라미터 {m.params_m:g}M 대신 {smaller[0].params_m:g}M)"))
    length = cfg.max_length // 2
    while length >= 16 and not fits(max_length=length):
        length //= 2
    if length >= 16:
        note = (say(lang, f"; 95% of your texts have at most {p95} tokens", f"; 텍스트의 95%가 {p95} 토큰 이하")
                if p95 else "")
        out.append(say(lang, f"a shorter max_length={length} (longer texts are cut){note}",
                       f"더 짧은 max_length={length} (긴 텍스트는 잘림){note}"))
    if not cfg.gradient_checkpointing and fits(gradient_checkpointing=True):
        out.append(say(lang, "gradient_checkpointing=true (about 30% slower, much less activation memory)",
                       "gradient_checkpointing=true (약 30% 느리지만 활성값 메모리가 크게 줄어듦)"))
    return out


def disk_need_gb(m: BaseModel, cfg: TrainConfig, rows: int, num_labels: int) -> float:
    """What a run writes: checkpoints (weights + AdamW states), the adapter, a merged copy, tokenized data."""
    trainable = estimate.trainable_params(m, cfg.method, cfg.lora_r, list(cfg.lora_target_modules),
                                          len(cfg.lora_layers) if cfg.lora_layers else m.layers, num_labels)
    checkpoint = trainable * (4 + 8) + 2e6  # fp32 weights, two fp32 moments, trainer/RNG state
    saved = trainable * 4 + (m.params_m * 1e6 * 4 if cfg.merge_adapter or cfg.method == "full" else 0)
    tokens = rows * cfg.max_length * 8 * 2  # input ids and attention mask as int64 in the Arrow cache
    return (CHECKPOINTS_ON_DISK * checkpoint + saved + tokens) / GB


def _existing(path: Path) -> Path:
    while not path.exists() and path.parent != path:
        path = path.parent
    return path


def check_resources(cfg: TrainConfig, hw: dict, report: dict, runs_root: Path, lang: str = "en") -> dict:
    """Raise ValueError with settings that fit when `cfg` needs more memory or disk than is free.

    Returns {"memory_gb", "free_memory_gb", "disk_need_gb", "free_disk_gb"} when it fits.
    """
    from tools.models import model_entry

    m = model_entry(cfg.base_model)
    num_labels = max(report.get("num_labels") or len(report.get("labels") or {}), 2) \
        if cfg.task == "classification" else 1
    need = _memory(m, cfg, hw, num_labels)
    free, what_en, what_ko = free_memory_gb(hw)
    if need > free:
        tips = _suggestions(m, cfg, hw, num_labels, free, report.get("language", "en"),
                            (report.get("token_lengths") or {}).get("p95"), lang)
        fix_en = ("; or ".join(tips) + "." if tips else
                  "even batch_size=1 with max_length=16 does not fit; use a machine with more memory.")
        fix_ko = ("; 또는 ".join(tips) + "." if tips else "batch_size=1, max_length=16로도 맞지 않습니다. 메모리가 더 큰 "
                  "컴퓨터를 쓰세요.")
        raise ValueError(say(
            lang,
            f"Not enough memory to start: {m.id} with method={cfg.method}, batch_size={cfg.batch_size} and "
            f"max_length={cfg.max_length} needs about {need:.2f} GB, but only {free:.2f} GB of {what_en} is free. "
            f"Fix: {fix_en}",
            f"메모리가 부족해 시작할 수 없습니다: {m.id}, method={cfg.method}, batch_size={cfg.batch_size}, "
            f"max_length={cfg.max_length}에는 약 {need:.2f} GB가 필요하지만 {what_ko} 여유는 {free:.2f} GB뿐입니다. "
            f"해결: {fix_ko}"))
    rows = min(report.get("rows") or 0, cfg.max_train_examples or 10**12)
    disk = disk_need_gb(m, cfg, rows, num_labels)
    free_disk = shutil.disk_usage(_existing(Path(runs_root))).free / GB
    if free_disk < disk + DISK_RESERVE_GB:
        smaller = (say(lang, ", or use method=lora instead of full (its checkpoints are a few MB)",
                       ", 또는 full 대신 method=lora 사용(체크포인트가 몇 MB)") if cfg.method == "full" else "")
        raise ValueError(say(
            lang,
            f"Not enough disk space to start: the run writes about {disk:.1f} GB (checkpoints, adapter, tokenized "
            f"data) and needs {DISK_RESERVE_GB:g} GB to spare, but the disk of {runs_root} has {free_disk:.1f} GB "
            f"free. Fix: free some space, or set FINETUNE_ASSISTANT_RUNS to a folder on a bigger disk{smaller}.",
            f"디스크 공간이 부족해 시작할 수 없습니다: 이 학습은 약 {disk:.1f} GB(체크포인트, 어댑터, 토큰화된 데이터)를 쓰고 "
            f"{DISK_RESERVE_GB:g} GB의 여유가 더 필요하지만 {runs_root} 디스크의 여유는 {free_disk:.1f} GB입니다. 해결: 공간을 "
            f"비우거나 FINETUNE_ASSISTANT_RUNS를 더 큰 디스크의 폴더로 지정하세요{smaller}."))
    return {"memory_gb": round(need, 2), "free_memory_gb": round(free, 1), "disk_need_gb": round(disk, 2),
            "free_disk_gb": round(free_disk, 1)}
