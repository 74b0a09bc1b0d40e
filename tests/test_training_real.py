"""Short real runs on the embedded models: MiniLM (classification), Qwen 0.5B with LoRA and QLoRA."""
from __future__ import annotations

from pathlib import Path

import pytest

from training_kit import wait, why, write_reviews
from tools.runner import start_training
from tools.runs import read_json

pytestmark = pytest.mark.slow


def test_minilm_learns_a_small_sentiment_set(runs, tmp_path):
    data = write_reviews(tmp_path / "reviews.csv", n=240)
    run = start_training(str(data), epochs=2)  # the recommended settings: MiniLM, full fine-tuning
    st = wait(run["run_id"], timeout=600)
    assert st["status"] == "completed", why(st)
    m = read_json(Path(run["run_dir"]) / "metrics.json")
    assert m["base_model"] == "sentence-transformers/all-MiniLM-L6-v2"
    assert m["metrics"]["accuracy"] >= 0.9  # the words give the class away; a working run gets them


@pytest.mark.parametrize("method", ["lora", "qlora"])
def test_qwen_trains_a_few_steps(runs, tmp_path, method):
    """QLoRA runs on a CPU too (bitsandbytes >= 0.45): 4-bit NF4 base, LoRA adapters, head kept in fp32."""
    data = write_reviews(tmp_path / "reviews.csv", n=80)
    run = start_training(str(data), base_model="Qwen/Qwen2.5-Coder-0.5B-Instruct", method=method,
                         max_train_examples=16, max_eval_examples=8, epochs=1, batch_size=4,
                         gradient_accumulation_steps=1, max_length=24, logging_steps=1, lora_layers=None,
                         lora_target_modules=["q_proj", "v_proj"])
    st = wait(run["run_id"], timeout=900)
    assert st["status"] == "completed", why(st)
    d = Path(run["run_dir"])
    assert st["step"] == 4 and read_json(d / "metrics.json")["metrics"]["n"] == 8
    assert (d / "adapter" / "adapter_model.safetensors").is_file()
    cfg = read_json(d / "config.json")
    assert cfg["method"] == method and cfg["base_model"] == "Qwen/Qwen2.5-Coder-0.5B-Instruct"


def test_gemma_instruction_tuning_a_few_steps(runs, tmp_path):
    """Causal-LM LoRA on the embedded Gemma: loss on the response only, eval loss, perplexity, samples."""
    rows = ["instruction,input,output"]
    for i in range(24):
        rows.append(f'"Translate the number {i} into words.",,"The number {i} is written as {i}."')
    data = tmp_path / "instructions.csv"
    data.write_text("\n".join(rows) + "\n")
    run = start_training(str(data), base_model="google/gemma-3-270m", max_train_examples=8, max_eval_examples=4,
                         epochs=1, batch_size=4, gradient_accumulation_steps=1, max_length=48, logging_steps=1)
    st = wait(run["run_id"], timeout=900)
    assert st["status"] == "completed", why(st)
    m = read_json(Path(run["run_dir"]) / "metrics.json")
    assert m["task"] == "generation" and m["metrics"]["perplexity"] > 1
    assert len(m["samples"]) == 3 and all({"prompt", "reference", "generated"} <= set(s) for s in m["samples"])
