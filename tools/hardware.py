"""detect_hardware: what this machine can train with, in numbers and in one plain paragraph."""
from __future__ import annotations

import json
import os
from functools import lru_cache

import psutil

from tools.language import say
from tools.models import cache_dir


def _gpus() -> list[dict]:
    import torch

    if not torch.cuda.is_available():
        return []
    gpus = []
    for i in range(torch.cuda.device_count()):
        props = torch.cuda.get_device_properties(i)
        try:
            free, total = torch.cuda.mem_get_info(i)
        except RuntimeError:  # a busy or MIG device can refuse the query
            free, total = props.total_memory, props.total_memory
        major, minor = props.major, props.minor
        gpus.append({
            "name": props.name,
            "memory_gb": round(total / 2**30, 1),
            "free_gb": round(free / 2**30, 1),
            "bf16": major >= 8,  # Ampere and newer
            "compute_capability": f"{major}.{minor}",
        })
    return gpus


def cpu_has_bf16() -> bool:
    """True when the CPU multiplies bf16 natively (AVX512-BF16 or AMX): bf16 autocast then trains
    1.6x (MiniLM) to 2.4x (Gemma 270M + LoRA) faster than fp32 here. Without these instructions
    bf16 is emulated and slower, so the answer must come from the CPU's own flags."""
    import torch

    if not torch.backends.mkldnn.is_available():
        return False
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as f:
            flags = next((line for line in f if line.startswith("flags")), "")
    except OSError:  # not Linux: no flags to read, so no claim
        return False
    return bool({"avx512_bf16", "amx_bf16"} & set(flags.split()))


def _probe_4bit(device: str) -> tuple[bool, str]:
    """Run one tiny NF4 layer forward and backward; True only if bitsandbytes really works here."""
    try:
        import bitsandbytes as bnb
        import torch

        layer = bnb.nn.Linear4bit(64, 64, bias=False, compute_dtype=torch.float32, quant_type="nf4")
        layer = layer.to(device)  # quantizes the weight
        x = torch.randn(2, 64, device=device, requires_grad=True)
        out = layer(x)
        out.sum().backward()
        ok = bool(torch.isfinite(out).all()) and x.grad is not None
        return ok, f"bitsandbytes {bnb.__version__}"
    except Exception as e:  # any failure means "no 4-bit here"; the reason goes in the report
        return False, f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}"[:200]


@lru_cache(maxsize=2)
def bitsandbytes_4bit(device: str) -> tuple[bool, str]:
    """The 4-bit probe, cached in memory and on disk per device and library version."""
    try:
        import bitsandbytes
        import torch

        key = f"{device}-bnb{bitsandbytes.__version__}-torch{torch.__version__}"
    except Exception as e:
        return False, f"bitsandbytes not importable: {e}"[:200]
    path = cache_dir() / "bnb_probe.json"
    try:
        cached = json.loads(path.read_text())
    except (OSError, ValueError):
        cached = {}
    if key in cached:
        return tuple(cached[key])
    result = _probe_4bit(device)
    cached[key] = list(result)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(cached))
    except OSError:
        pass  # a read-only cache only costs a re-probe next time
    return result


def _spaces() -> dict | None:
    """Hugging Face Spaces hints: ZeroGPU and the hardware flavour the Space was given."""
    if not (os.environ.get("SPACE_ID") or os.environ.get("SYSTEM") == "spaces"):
        return None
    return {
        "space_id": os.environ.get("SPACE_ID"),
        "zero_gpu": os.environ.get("SPACES_ZERO_GPU", "").lower() in ("1", "true"),
        "accelerator": os.environ.get("ACCELERATOR") or None,
    }


def _summary(report: dict, lang: str) -> str:
    gpus, ram, free = report["gpus"], report["ram_gb"], report["free_ram_gb"]
    cores, q4 = report["cpu_cores"], report["bitsandbytes_4bit"]
    if gpus:
        g = ", ".join(say(lang, f"{x['name']} ({x['memory_gb']} GB, {x['free_gb']} GB free"
                                f"{', bf16' if x['bf16'] else ', no bf16 so fp16'})",
                          f"{x['name']} ({x['memory_gb']} GB, 여유 {x['free_gb']} GB"
                          f"{', bf16 지원' if x['bf16'] else ', bf16 미지원 → fp16 사용'})") for x in gpus)
        s = say(lang, f"You have {len(gpus)} GPU{'s' if len(gpus) > 1 else ''}: {g}. ",
                f"GPU {len(gpus)}개를 사용할 수 있습니다: {g}. ")
    elif report["device"] == "mps":
        s = say(lang, "You have an Apple GPU (MPS). ", "Apple GPU(MPS)를 사용할 수 있습니다. ")
    else:
        s = say(lang, f"There is no GPU, so training runs on the CPU ({cores} cores). That is fine for small models "
                      f"(MiniLM, Gemma 3 270M) with LoRA on a few thousand examples: minutes to tens of minutes. ",
                f"GPU가 없어 CPU({cores}코어)로 학습합니다. 작은 모델(MiniLM, Gemma 3 270M)과 LoRA로 "
                f"수천 개 예제 규모는 몇 분에서 수십 분이면 됩니다. ")
        if report.get("cpu_bf16"):
            s += say(lang, "This CPU has native bf16 instructions, so mixed precision trains about twice as fast. ",
                     "이 CPU는 bf16 연산을 지원해 혼합 정밀도로 약 2배 빠르게 학습합니다. ")
    s += say(lang, f"{free} GB of {ram} GB RAM is free. ", f"메모리는 {ram} GB 중 {free} GB가 비어 있습니다. ")
    if q4:
        s += say(lang, "4-bit quantization (QLoRA) works here.", "4비트 양자화(QLoRA)가 이 컴퓨터에서 동작합니다.")
    else:
        s += say(lang, "4-bit quantization (QLoRA) does not work here, so use LoRA.",
                 "4비트 양자화(QLoRA)는 이 컴퓨터에서 동작하지 않으니 LoRA를 쓰세요.")
    if report.get("spaces"):
        zero = report["spaces"]["zero_gpu"]
        s += say(lang, " Running on a Hugging Face Space" + (" with ZeroGPU." if zero else "."),
                 " Hugging Face Space에서 실행 중입니다" + (" (ZeroGPU)." if zero else "."))
    return s


def detect_hardware(lang: str = "en") -> dict:
    """Detect GPUs, Apple MPS, CPU cores, RAM and whether 4-bit QLoRA works on this machine.

    Args:
        lang: language of the summary, "en" or "ko".
    """
    import torch

    gpus = _gpus()
    mps = bool(getattr(torch.backends, "mps", None) and torch.backends.mps.is_available())
    device = "cuda" if gpus else ("mps" if mps else "cpu")
    mem = psutil.virtual_memory()
    q4_ok, q4_detail = bitsandbytes_4bit("cuda" if gpus else "cpu")
    report = {
        "device": device,
        "gpus": gpus,
        "cpu_cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "cpu_bf16": cpu_has_bf16(),
        "ram_gb": round(mem.total / 2**30, 1),
        "free_ram_gb": round(mem.available / 2**30, 1),
        "bitsandbytes_4bit": q4_ok,
        "bitsandbytes_detail": q4_detail,
        "spaces": _spaces(),
    }
    report["summary"] = _summary(report, lang)
    return report
