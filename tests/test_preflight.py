"""start_training refuses, with settings that would fit, when memory or disk is short (machine faked)."""
from __future__ import annotations

import collections
import shutil

import psutil
import pytest

from tools import hardware
from tools.runner import start_training
from training_kit import write_reviews

GB = 2**30
VM = collections.namedtuple("VM", "total available percent")
DU = collections.namedtuple("DU", "total used free")


@pytest.fixture
def machine(monkeypatch, tmp_path):
    """machine(ram_free_gb=..., disk_free_gb=..., gpu_free_gb=None): fake free RAM, disk and VRAM."""
    monkeypatch.setenv("FINETUNE_ASSISTANT_RUNS", str(tmp_path / "runs"))
    monkeypatch.setattr(hardware, "bitsandbytes_4bit", lambda device: (True, "faked"))
    # a CPU with bf16 (the plan trains in bf16 there, in fp32 elsewhere): the memory estimates, and so which
    # settings fit, must not depend on the CPU the tests happen to run on
    monkeypatch.setattr(hardware, "cpu_has_bf16", lambda: True)

    def fake(ram_free_gb=16.0, disk_free_gb=100.0, gpu_free_gb=None):
        monkeypatch.setattr(psutil, "virtual_memory", lambda: VM(32 * GB, int(ram_free_gb * GB), 50.0))
        monkeypatch.setattr(shutil, "disk_usage", lambda path: DU(500 * GB, 400 * GB, int(disk_free_gb * GB)))
        gpus = [] if gpu_free_gb is None else [{"name": "Tesla T4", "memory_gb": 16.0, "free_gb": gpu_free_gb,
                                                 "bf16": False, "compute_capability": "7.5"}]
        monkeypatch.setattr(hardware, "_gpus", lambda: gpus)
    return fake


@pytest.fixture
def reviews(tmp_path):
    return str(write_reviews(tmp_path / "reviews.csv", n=200))


def _refused(path, *needles, **settings) -> str:
    with pytest.raises(ValueError) as e:
        start_training(path, dry_run=True, **settings)
    msg = str(e.value)
    for needle in needles:
        assert needle in msg, msg
    return msg


def test_the_recommended_config_always_fits(machine, reviews):
    # recommend_settings shrinks the batch to 85% of the free memory; the check refuses only above 100%
    for free in (1.2, 2.0, 16.0):
        machine(ram_free_gb=free)
        run = start_training(reviews, dry_run=True)
        assert run["resources"]["memory_gb"] <= free and run["resources"]["free_memory_gb"] == pytest.approx(free, 0.1)


def test_an_override_that_does_not_fit_is_refused_with_settings_that_do(machine, reviews, tmp_path):
    machine(ram_free_gb=1.5)
    msg = _refused(reviews, "Not enough memory", "GB of RAM is free", "Fix:", "batch_size=", "max_length=",
                   batch_size=256, max_length=512)
    assert msg.count("; or ") >= 1  # several independent ways out, each checked to fit on its own
    with pytest.raises(ValueError, match="Not enough memory"):
        start_training(reviews, batch_size=256, max_length=512)  # a real start too, not only the dry run
    assert not (tmp_path / "runs").exists() or not any((tmp_path / "runs").iterdir())
    ko = _refused(reviews, "메모리가 부족해", "해결:", "batch_size=", batch_size=256, max_length=512, lang="ko")
    assert "Fix:" not in ko


def test_suggestions_name_qlora_and_a_smaller_model(machine, reviews):
    # Qwen 0.5B (top-half LoRA) at batch 4 x 64 tokens: LoRA ~1.45 GB, QLoRA ~1.1 GB; the largest smaller
    # model that fits is Gemma 3 270M
    machine(ram_free_gb=1.4)
    msg = _refused(reviews, "Not enough memory", "method=qlora", "base_model=google/gemma-3-270m",
                   base_model="Qwen/Qwen2.5-Coder-0.5B-Instruct", method="lora", batch_size=4, max_length=64)
    assert "Qwen/Qwen2.5-Coder-0.5B-Instruct" in msg


def test_gpu_memory_is_what_counts_on_a_gpu(machine, reviews):
    machine(ram_free_gb=64.0, gpu_free_gb=0.5)
    _refused(reviews, "GPU memory (VRAM)", "0.50 GB", batch_size=512, max_length=512)


def test_nothing_fits_says_so(machine, reviews):
    machine(ram_free_gb=0.3)  # less than the Python runtime itself
    _refused(reviews, "more memory", batch_size=8)


def test_a_nearly_full_disk_is_refused(machine, reviews):
    machine(disk_free_gb=0.6)
    msg = _refused(reviews, "Not enough disk space", "FINETUNE_ASSISTANT_RUNS", "0.6 GB free")
    assert "method=lora" in msg  # full fine-tuning checkpoints are what fill it
    _refused(reviews, "디스크 공간이 부족해", "해결:", lang="ko")
    machine(disk_free_gb=5.0)
    assert start_training(reviews, dry_run=True)["resources"]["free_disk_gb"] == 5.0
