"""Helpers for tests that train tiny models through start_training (shared by several test files)."""
from __future__ import annotations

import time
from pathlib import Path

from tools.runner import training_status

POS = ["great", "wonderful", "superb", "lovely", "brilliant", "moving", "funny", "charming"]
NEG = ["awful", "boring", "dreadful", "dull", "terrible", "tedious", "clumsy", "lifeless"]


def write_reviews(path: Path, n: int = 160, classes=("pos", "neg")) -> Path:
    rows = ["text,label"]
    for i in range(n):
        words = POS if i % 2 == 0 else NEG
        rows.append(f"a {words[i % 8]} film with {words[(i // 2) % 8]} acting number {i},{classes[i % 2]}")
    path.write_text("\n".join(rows) + "\n")
    return path


def build_tiny_bert(path: Path) -> str:
    """A 2-layer BERT with random weights and MiniLM's tokenizer: real mechanics, no download."""
    from transformers import AutoTokenizer, BertConfig, BertForSequenceClassification

    from tools.models import MINILM, embedded_model_dir

    tok = AutoTokenizer.from_pretrained(embedded_model_dir(MINILM))
    cfg = BertConfig(vocab_size=tok.vocab_size, hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                     intermediate_size=64, max_position_embeddings=128)
    BertForSequenceClassification(cfg).save_pretrained(path)
    tok.save_pretrained(path)
    return str(path)


def wait(run_id: str, until=("completed", "failed", "cancelled"), timeout: float = 240) -> dict:
    deadline = time.time() + timeout
    while time.time() < deadline:
        st = training_status(run_id)
        if st["status"] in until:
            return st
        time.sleep(0.5)
    log = Path(st["run_dir"], "train.log").read_text()[-3000:]
    raise AssertionError(f"run {run_id} still {st['status']} after {timeout}s\n{log}")


def completed(run_id: str, timeout: float = 240) -> dict:
    """Wait for a run that must complete; if it does not, the assertion shows its error and train.log."""
    st = wait(run_id, timeout=timeout)
    assert st["status"] == "completed", why(st)
    return st


def why(st: dict) -> str:
    """A failed run's error and the end of its train.log: what a failing assertion should print."""
    log = Path(st["run_dir"], "train.log")
    return f"{st.get('error')}\n--- train.log ---\n{log.read_text(errors='replace')[-3000:] if log.is_file() else ''}"


def tiny(tiny_bert, **over):
    settings = dict(base_model=tiny_bert, method="lora", lora_target_modules=["query", "value"], epochs=3,
                    batch_size=8, gradient_accumulation_steps=1, learning_rate=5e-3, max_length=32, logging_steps=2,
                    save_steps=5, lora_layers=None)
    settings.update(over)
    return settings


def until(condition, timeout: float = 180, poll: float = 0.02):
    """condition()'s first truthy value, polled every `poll` seconds; fails the test after `timeout`."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(poll)
    raise AssertionError("condition not reached in time")


def completed_run(root: Path, tiny_bert: str, **settings) -> Path:
    """Train one tiny run on a written reviews file under root/runs, for a module-scoped fixture to share.

    The runs folder is set only while it trains (a module fixture cannot use monkeypatch); tests then
    point FINETUNE_ASSISTANT_RUNS at run_dir.parent themselves."""
    import os

    from tools.runner import start_training

    os.environ["FINETUNE_ASSISTANT_RUNS"] = str(root / "runs")
    try:
        started = start_training(str(write_reviews(root / "reviews.csv")), **tiny(tiny_bert, **settings))
        completed(started["run_id"])
    finally:
        del os.environ["FINETUNE_ASSISTANT_RUNS"]
    return Path(started["run_dir"])
