"""detect_hardware on this machine (no GPU) and the Spaces hints."""
from __future__ import annotations

import json

from tools.hardware import detect_hardware


def test_reports_this_machine():
    hw = detect_hardware()
    json.dumps(hw)
    assert hw["device"] in ("cpu", "cuda", "mps")
    assert hw["cpu_cores"] >= 1 and 0 < hw["free_ram_gb"] <= hw["ram_gb"]
    assert isinstance(hw["bitsandbytes_4bit"], bool)
    assert "RAM" in hw["summary"]
    if hw["device"] == "cpu":
        assert hw["gpus"] == [] and "CPU" in hw["summary"]


def test_korean_summary_and_spaces_hints(monkeypatch):
    monkeypatch.setenv("SPACE_ID", "someone/finetune")
    monkeypatch.setenv("SPACES_ZERO_GPU", "true")
    monkeypatch.setenv("ACCELERATOR", "zero-a10g")
    hw = detect_hardware(lang="ko")
    assert hw["spaces"] == {"space_id": "someone/finetune", "zero_gpu": True, "accelerator": "zero-a10g"}
    assert "메모리" in hw["summary"] and "ZeroGPU" in hw["summary"]


def test_4bit_probe_is_cached(monkeypatch, tmp_path):
    from tools import hardware

    monkeypatch.setenv("FINETUNE_ASSISTANT_CACHE", str(tmp_path))
    hardware.bitsandbytes_4bit.cache_clear()
    calls = []
    real = hardware._probe_4bit
    monkeypatch.setattr(hardware, "_probe_4bit", lambda d: calls.append(d) or real(d))
    first = hardware.bitsandbytes_4bit("cpu")
    hardware.bitsandbytes_4bit.cache_clear()
    assert hardware.bitsandbytes_4bit("cpu") == first  # from the disk cache
    assert calls == ["cpu"]
    hardware.bitsandbytes_4bit.cache_clear()


def test_cpu_bf16_comes_from_the_cpu_flags(monkeypatch, tmp_path):
    import builtins

    from tools import hardware

    real_open = builtins.open

    def fake_cpuinfo(flags):
        info = tmp_path / f"cpuinfo-{len(flags)}"
        info.write_text(f"processor : 0\nflags\t\t: {flags}\n")
        monkeypatch.setattr(builtins, "open", lambda p, *a, **k: real_open(info if p == "/proc/cpuinfo" else p, *a, **k))

    fake_cpuinfo("fpu sse2 avx2 avx512f avx512_bf16")
    assert hardware.cpu_has_bf16() is True
    fake_cpuinfo("fpu sse2 avx2")
    assert hardware.cpu_has_bf16() is False
