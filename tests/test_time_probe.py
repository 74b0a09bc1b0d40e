"""The CPU time probe (tools/time_probe.py): real steps of a tiny BERT, cached, and used by the plan."""
from __future__ import annotations

import json

import pytest

from tools import recommend, time_probe
from tools.catalog import BaseModel


@pytest.fixture
def probing(tmp_path, monkeypatch):
    """The probe on (conftest turns it off), with a cache of the test's own."""
    monkeypatch.delenv("FINETUNE_ASSISTANT_NO_PROBE", raising=False)
    monkeypatch.setenv("FINETUNE_ASSISTANT_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(time_probe, "PROBE_SECONDS", 0.2)  # a few steps of a 2-layer model are enough here
    return tmp_path / "cache" / time_probe.CACHE_NAME


def _settings(tiny_bert, **over):
    s = dict(model_id=tiny_bert, method="lora", precision="fp32", batch_size=4, length=16, task="classification",
             lora_r=4, targets=["query", "value"], dropout=0.05, checkpointing=False)
    return {**s, **over}


def test_the_probe_times_real_steps_and_caches_them_per_batch_and_length(probing, tiny_bert, monkeypatch):
    first = time_probe.measure(**_settings(tiny_bert))
    assert first["ok"] and not first["cached"] and first["seconds_per_step"] > 0
    assert first["timed_steps"] >= time_probe.MIN_STEPS and first["forward_backward_s"] > 0
    cached = json.loads(probing.read_text())
    assert list(cached) == [first["key"]] and time_probe.cpu_name() in first["key"]

    ran = []
    real_steps = time_probe._steps
    monkeypatch.setattr(time_probe, "_steps", lambda **kw: ran.append(kw) or real_steps(**kw))
    again = time_probe.measure(**_settings(tiny_bert))
    assert again["cached"] and again["seconds_per_step"] == first["seconds_per_step"] and not ran  # no steps ran
    bigger = time_probe.measure(**_settings(tiny_bert, batch_size=8))
    longer = time_probe.measure(**_settings(tiny_bert, length=32))
    assert not bigger["cached"] and not longer["cached"] and len(ran) == 2
    assert len({first["key"], bigger["key"], longer["key"]}) == 3
    assert len(json.loads(probing.read_text())) == 3  # every entry kept, none half-written
    assert not list(probing.parent.glob("*.tmp-*"))


def test_a_probe_that_cannot_run_says_why_and_is_not_cached(probing, tmp_path):
    failed = time_probe.measure(**_settings(str(tmp_path / "no-such-model")))
    assert not failed["ok"] and "Cannot load the base model" in failed["error"]
    assert not probing.exists()


def _tiny_entry(tiny_bert) -> BaseModel:
    """A catalog entry with the tiny BERT's shape, so the constants and the probe describe the same model."""
    return BaseModel(id=tiny_bert, kind="encoder", params_m=1.0, languages=("en",), lora_targets=("query", "value"),
                     license="apache-2.0", hidden=32, layers=2, heads=2, intermediate=64, vocab=30522)


def _report(rows=4000):
    return {"path": "data.csv", "task": "classification", "language": "en", "rows": rows,
            "labels": {"1": rows // 2, "0": rows // 2}, "token_lengths": {"p50": 12, "p95": 30, "max": 60},
            "text_column": "text", "label_column": "label"}


def _cpu():
    return {"device": "cpu", "gpus": [], "cpu_cores": 2, "ram_gb": 16.0, "free_ram_gb": 12.0,
            "bitsandbytes_4bit": False, "bitsandbytes_detail": "test"}


def test_the_cpu_plan_takes_its_minutes_from_the_probe_and_says_so(probing, tiny_bert, monkeypatch):
    entry = _tiny_entry(tiny_bert)
    monkeypatch.setattr(recommend, "model_entry", lambda name: entry)
    monkeypatch.setattr(recommend, "hub_reachable", lambda: False)
    plain = recommend.recommend_for(_report(), _cpu(), base_model=tiny_bert, method="lora", probe=False)
    probed = recommend.recommend_for(_report(), _cpu(), base_model=tiny_bert, method="lora")
    probe = probed["time_probe"]
    assert probe["ok"] and probe["batch_size"] == probed["batch_size"] and not plain["time_probe"]["ok"]
    # the minutes are the measured seconds per example x the planned examples (+ load, evaluation)
    per_example = (probe["forward_backward_s"] + probe["optimizer_s"] / max(1, 32 // probe["batch_size"])) \
        / probe["batch_size"]
    m = recommend.estimate.estimate_minutes
    args = dict(method="lora", task="classification", precision="fp32", train_examples=3600, eval_examples=400,
                epochs=probed["epochs"], tokens_per_example=min(probed["max_length"], 12 * 1.15 + 2),
                lora_layers=None, hardware=_cpu(), lora_targets=["query", "value"], lora_dropout=0.1)
    assert probed["estimated_minutes"] == m(entry, **args, measured_seconds_per_example=per_example)
    assert plain["estimated_minutes"] == m(entry, **args)
    assert any("probe on this machine" in r and f"{probe['seconds_per_step']:.2f} s per step" in r
               for r in probed["reasons"])
    assert any("constants" in r and "probe turned off" in r for r in plain["reasons"])
    ko = recommend.recommend_for(_report(), _cpu(), base_model=tiny_bert, method="lora", lang="ko")
    assert ko["time_probe"]["cached"] and any("직접 잰 값" in r and "저장해 둔" in r for r in ko["reasons"])


def test_a_failing_probe_falls_back_to_the_constants_with_a_reason(probing, tiny_bert, monkeypatch):
    entry = _tiny_entry(tiny_bert)
    monkeypatch.setattr(recommend, "model_entry", lambda name: entry)
    monkeypatch.setattr(recommend, "hub_reachable", lambda: False)

    def out_of_memory(**kw):
        raise RuntimeError("DefaultCPUAllocator: can't allocate memory")

    monkeypatch.setattr(time_probe, "_steps", out_of_memory)
    r = recommend.recommend_for(_report(), _cpu(), base_model=tiny_bert, method="lora")
    off = recommend.recommend_for(_report(), _cpu(), base_model=tiny_bert, method="lora", probe=False)
    assert not r["time_probe"]["ok"] and r["estimated_minutes"] == off["estimated_minutes"]
    assert any("constants" in s and "can't allocate memory" in s for s in r["reasons"])
    ko = recommend.recommend_for(_report(), _cpu(), base_model=tiny_bert, method="lora", lang="ko")
    assert any("상수로 계산" in s for s in ko["reasons"])


def test_a_gpu_plan_keeps_the_constants_and_no_probe_runs(probing, monkeypatch):
    monkeypatch.setattr(time_probe, "measure", lambda **kw: pytest.fail("a GPU plan must not probe the CPU"))
    gpu = {**_cpu(), "device": "cuda", "gpus": [{"name": "NVIDIA A100", "memory_gb": 80, "free_gb": 78,
                                                   "bf16": True, "compute_capability": "8.0"}]}
    r = recommend.recommend_for(_report(), gpu)
    assert r["time_probe"] is None and r["estimated_minutes"] > 0
