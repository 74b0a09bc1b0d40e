"""recommend_settings: sensible, different advice for different machines and data."""
from __future__ import annotations

import json
import shlex

import pytest

from tools import recommend
from tools.config import TrainConfig, parse_config


def _hw(gpus, ram=16.0, cores=8, q4=True):
    return {"device": "cuda" if gpus else "cpu", "gpus": gpus, "cpu_cores": cores, "ram_gb": ram,
            "free_ram_gb": ram * 0.8, "bitsandbytes_4bit": q4, "bitsandbytes_detail": "test"}


def _gpu(name, mem, bf16=True):
    return {"name": name, "memory_gb": mem, "free_gb": mem * 0.95, "bf16": bf16, "compute_capability": "8.0"}


PROFILES = {
    "cpu laptop": _hw([], ram=8, cores=4),
    "8 GB": _hw([_gpu("Tesla T4", 8, bf16=False)]),
    "24 GB": _hw([_gpu("NVIDIA GeForce RTX 4090", 24)]),
    "80 GB": _hw([_gpu("NVIDIA A100-SXM4-80GB", 80)]),
    "2x24 GB": _hw([_gpu("NVIDIA GeForce RTX 4090", 24)] * 2),
}


def _report(task="classification", language="en", rows=8000, p50=14, p95=45):
    labels = {"1": rows // 2, "0": rows - rows // 2} if task == "classification" else {}
    return {"path": "data.csv", "task": task, "language": language, "rows": rows, "labels": labels,
            "token_lengths": {"p50": p50, "p95": p95, "max": p95 * 2}, "text_column": "text",
            "label_column": "label" if labels else None}


@pytest.fixture
def online(monkeypatch):
    monkeypatch.setattr(recommend, "hub_reachable", lambda: True)


def _key(r):
    return (r["base_model"], r["method"], r["batch_size"], r["gradient_accumulation_steps"], r["precision"],
            r["gradient_checkpointing"], r["command"].split()[0])


def test_every_machine_gets_its_own_sensible_advice_for_generation(online):
    recs = {name: recommend.recommend_for(_report("generation", p50=200, p95=600), hw)
            for name, hw in PROFILES.items()}
    assert len({_key(r) for r in recs.values()}) == len(PROFILES)
    for name, r in recs.items():
        hw = PROFILES[name]
        usable = (hw["gpus"][0]["free_gb"] if hw["gpus"] else hw["free_ram_gb"]) * recommend.MEMORY_HEADROOM
        assert r["estimated_memory_gb"] <= usable, name
        assert r["method"] in ("lora", "qlora") and r["lora"]["r"] >= 8
        TrainConfig.from_dict(r["config"])  # the config is complete and valid
    assert recs["cpu laptop"]["precision"] == "fp32" and recs["cpu laptop"]["base_model"].startswith("Qwen/Qwen2.5-Coder")
    assert recs["8 GB"]["precision"] == "fp16"  # a T4 has no bf16
    assert recs["24 GB"]["precision"] == "bf16"
    assert "1.5B" in recs["8 GB"]["base_model"] and "7B" in recs["80 GB"]["base_model"]
    assert recs["80 GB"]["method"] == "lora" and not recs["80 GB"]["gradient_checkpointing"]
    assert recs["2x24 GB"]["command"].startswith("accelerate launch --multi_gpu --num_processes 2")
    assert recs["cpu laptop"]["estimated_minutes"] <= recommend.CPU_MINUTES_BUDGET + 1


def test_classification_on_cpu_and_gpu(online):
    cpu = recommend.recommend_for(_report(), PROFILES["cpu laptop"])
    gpu = recommend.recommend_for(_report(), PROFILES["24 GB"])
    assert cpu["base_model"] == "sentence-transformers/all-MiniLM-L6-v2" and cpu["method"] == "full"
    assert gpu["base_model"] == "FacebookAI/roberta-base" and gpu["precision"] == "bf16"
    assert cpu["max_length"] >= 45 and cpu["max_length"] % 8 == 0


def test_korean_on_cpu_gets_a_model_that_reads_korean():
    r = recommend.recommend_for(_report(language="ko"), PROFILES["cpu laptop"], lang="ko")
    assert r["base_model"] == "google/gemma-3-270m" and r["method"] == "lora"
    # every block and every linear layer: on NSMC that beat the faster top-half attention-only setup
    assert r["config"]["lora_layers"] is None and "down_proj" in r["lora"]["target_modules"]
    assert r["offline"] and any("내장" in s for s in r["reasons"])
    assert all(any("\uac00" <= ch <= "\ud7a3" for ch in s) for s in r["reasons"])


def test_lora_dropout_is_priced_into_the_cpu_time_plan():
    # dropout copies every adapted layer's input: the same run without it must be planned faster
    from tools import estimate
    from tools.catalog import embedded_default

    m, hw = embedded_default("classification", "ko"), PROFILES["cpu laptop"]
    targets = list(m.lora_targets)

    def minutes(dropout):
        return estimate.estimate_minutes(m, method="lora", task="classification", precision="fp32", train_examples=7200,
                                         eval_examples=800, epochs=1.0, tokens_per_example=29, lora_layers=None,
                                         hardware=hw, lora_targets=targets, lora_dropout=dropout)

    assert minutes(0.05) > 1.2 * minutes(0.0)


def test_offline_gpu_offers_only_embedded_models():
    r = recommend.recommend_for(_report(), PROFILES["24 GB"])
    assert r["base_model"] == "sentence-transformers/all-MiniLM-L6-v2" and r["offline"]
    assert any("embedded" in s for s in r["reasons"])


def test_goal_and_overrides():
    hw = PROFILES["cpu laptop"]
    q = recommend.recommend_for(_report(language="ko"), hw, goal="low memory")
    assert q["method"] == "qlora"
    slow = recommend.recommend_for(_report(rows=200_000), hw, goal="best accuracy")
    fast = recommend.recommend_for(_report(rows=200_000), hw, goal="fast, in 5 minutes")
    assert slow["estimated_minutes"] > 5 and slow["max_train_examples"] is None
    assert fast["estimated_minutes"] <= 5.5 and fast["max_train_examples"] < 180_000
    named = recommend.recommend_for(_report(), hw, base_model="google/gemma-3-270m", method="lora")
    assert named["base_model"] == "google/gemma-3-270m" and named["method"] == "lora"
    with pytest.raises(ValueError, match="QLoRA needs 4-bit"):
        recommend.recommend_for(_report(), _hw([], q4=False), method="qlora", base_model="google/gemma-3-270m")
    with pytest.raises(ValueError, match="one class"):
        recommend.recommend_for({**_report(), "labels": {"1": 10}}, hw)
    with pytest.raises(ValueError, match="Unknown method"):
        recommend.recommend_settings("x.csv", method="adapter")


def test_command_reproduces_the_config():
    r = recommend.recommend_for(_report(language="ko"), PROFILES["cpu laptop"])
    argv = shlex.split(r["command"])
    assert argv[:3] == ["python", "-m", "tools.train"]
    assert parse_config(argv[3:]).to_dict() == r["config"]


def test_real_recommendation_on_a_small_csv(tmp_path):
    rows = ["text,label"] + [f"a wonderful film number {i},1" for i in range(40)] + \
           [f"a dreadful boring film {i},0" for i in range(40)]
    path = tmp_path / "reviews.csv"
    path.write_text("\n".join(rows) + "\n")
    r = recommend.recommend_settings(str(path))
    json.dumps(r)
    assert r["base_model"] == "sentence-transformers/all-MiniLM-L6-v2"
    assert set(r) >= {"base_model", "method", "lora", "learning_rate", "epochs", "batch_size",
                      "gradient_accumulation_steps", "max_length", "precision", "gradient_checkpointing",
                      "estimated_memory_gb", "estimated_minutes", "reasons", "config", "command"}


def test_a_cpu_with_native_bf16_trains_in_bf16_and_is_planned_faster():
    plain = _hw([], ram=16, cores=2)
    bf16_cpu = {**plain, "cpu_bf16": True}
    before = recommend.recommend_for(_report(language="ko", rows=8000, p50=30, p95=70), plain)
    after = recommend.recommend_for(_report(language="ko", rows=8000, p50=30, p95=70), bf16_cpu, lang="ko")
    assert before["precision"] == "fp32" and after["precision"] == "bf16"
    # the time budget buys more training when each step is faster
    assert after["epochs"] * (after["config"]["max_train_examples"] or 7200) > \
        before["epochs"] * (before["config"]["max_train_examples"] or 7200)
    assert any("bf16" in s and "CPU" in s for s in after["reasons"])


def _imbalance_issue(ratio: float) -> dict:
    return {"kind": "class_imbalance", "severity": "warning", "count": 1, "ratio": ratio, "message": "skewed"}


def test_imbalance_in_the_data_report_turns_class_weights_on_and_says_why():
    hw = PROFILES["cpu laptop"]
    skewed = {**_report(rows=2000), "labels": {"1": 1800, "0": 200}, "issues": [_imbalance_issue(9.0)]}
    en = recommend.recommend_for(skewed, hw)
    ko = recommend.recommend_for(skewed, hw, lang="ko")
    assert en["class_weights"] == en["config"]["class_weights"] == "balanced"
    assert any("class_weights=balanced" in s and "9x the rows of the smallest" in s and "macro-F1" in s
               for s in en["reasons"])
    assert any("class_weights=balanced" in s and "9배" in s and "클래스 가중치" in s for s in ko["reasons"])
    assert TrainConfig.from_dict(en["config"]).class_weights == "balanced"
    even = recommend.recommend_for(_report(rows=2000), hw)
    assert even["class_weights"] == "none" and not any("class_weights" in s for s in even["reasons"])
    # generation has no classes to weigh, whatever the report says
    gen = recommend.recommend_for({**_report("generation", p50=200, p95=600), "issues": [_imbalance_issue(5.0)]}, hw)
    assert gen["class_weights"] == "none"


def test_the_kept_epoch_and_early_stopping_are_explained_in_the_reasons():
    r = recommend.recommend_for(_report(rows=800), PROFILES["cpu laptop"])  # small data: several epochs
    assert r["epochs"] >= 2 and r["early_stopping_patience"] == r["config"]["early_stopping_patience"] == 2
    assert any("best validation macro-F1" in s and "early_stopping_patience=2" in s for s in r["reasons"])
    ko = recommend.recommend_for(_report(rows=800), PROFILES["cpu laptop"], lang="ko")
    assert any("가장 좋은 에폭의 모델을 남깁니다" in s and "early_stopping_patience=2" in s for s in ko["reasons"])


def test_real_recommendation_on_an_imbalanced_csv_weights_the_classes(tmp_path):
    rows = ["text,label"] + [f"a wonderful film number {i},1" for i in range(90)] + \
           [f"a dreadful boring film {i},0" for i in range(10)]
    path = tmp_path / "skewed.csv"
    path.write_text("\n".join(rows) + "\n")
    r = recommend.recommend_settings(str(path))
    assert r["config"]["class_weights"] == "balanced"
    assert any("9x the rows of the smallest" in s for s in r["reasons"])
    from tools.settings import user_settings

    shown = user_settings(r)  # the proposal table and the settings form show the new settings
    assert shown["class_weights"] == "balanced" and shown["early_stopping_patience"] == 2
    assert shown["report_to"] == "tensorboard"
