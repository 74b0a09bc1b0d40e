"""GGUF export of a real tiny generation run with llama.cpp's converter: reloaded with transformers it
makes the same next-token choices as the merged model; without the converter the error names the
command that sets it up and the llama.cpp command to run elsewhere, and nothing is written."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from tools.export import export_model
from tools.export_gguf import converter_ready

from training_kit import completed

pytestmark = pytest.mark.slow  # a generation run really trains (tiny Qwen2 from a config)


@pytest.fixture(scope="module")
def generation_run(tmp_path_factory):
    import os

    from transformers import AutoTokenizer, Qwen2Config, Qwen2ForCausalLM

    from tools.models import QWEN, embedded_model_dir
    from tools.runner import start_training

    root = tmp_path_factory.mktemp("gguf")
    tok = AutoTokenizer.from_pretrained(embedded_model_dir(QWEN))
    cfg = Qwen2Config(vocab_size=len(tok), hidden_size=64, intermediate_size=128, num_hidden_layers=2,
                      num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=256,
                      tie_word_embeddings=True)
    Qwen2ForCausalLM(cfg).save_pretrained(root / "qwen")
    tok.save_pretrained(root / "qwen")
    data = root / "qa.csv"
    rows = ["prompt,response"] + [f"what is {i} plus one,{i + 1}" for i in range(40)]
    data.write_text("\n".join(rows) + "\n")
    os.environ["FINETUNE_ASSISTANT_RUNS"] = str(root / "runs")
    try:
        started = start_training(str(data), base_model=str(root / "qwen"), method="lora", epochs=1, batch_size=8,
                                 learning_rate=5e-3, max_length=32, lora_target_modules=["q_proj", "v_proj"],
                                 lora_layers=None, logging_steps=2, save_steps=50)
        completed(started["run_id"], timeout=600)
    finally:
        del os.environ["FINETUNE_ASSISTANT_RUNS"]
    return Path(started["run_dir"])


@pytest.fixture
def run_dir(generation_run, monkeypatch):
    monkeypatch.setenv("FINETUNE_ASSISTANT_RUNS", str(generation_run.parent))
    return generation_run


@pytest.mark.skipif(not converter_ready(), reason="llama.cpp's converter is not set up (python -m tools.export_gguf "
                                                  "--install)")
def test_gguf_export_reloads_and_agrees_with_the_merged_model(run_dir):
    import gguf

    out = export_model(run_dir.name, format="gguf")
    folder = Path(out["path"])
    assert out["format"] == "gguf" and out["verified"] and out["agreement"] >= 0.995
    assert folder == run_dir / "exports" / "gguf" and (folder / "Modelfile").read_text() == "FROM ./model.gguf\n"
    reader = gguf.GGUFReader(folder / "model.gguf")
    arch = reader.fields["general.architecture"]
    assert bytes(arch.parts[arch.data[0]]).decode() == "qwen2" and len(reader.tensors) > 10
    assert sorted(p.name for p in (run_dir / "exports").iterdir()) == ["gguf"]  # no temporary folder is left


def test_without_the_converter_the_error_names_both_commands(run_dir, monkeypatch, tmp_path):
    monkeypatch.setattr("tools.export_gguf.CONVERTER_DIR", tmp_path / "none")
    before = sorted(p.name for p in run_dir.rglob("*"))
    with pytest.raises(ValueError, match=r"python -m tools.export_gguf --install.*convert_hf_to_gguf.py.*Modelfile"):
        export_model(run_dir.name, format="gguf")
    assert sorted(p.name for p in run_dir.rglob("*")) == before  # nothing written, not even a temporary folder
    assert json.loads((run_dir / "status.json").read_text())["status"] == "completed"
