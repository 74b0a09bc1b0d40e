"""predict: run a trained model on new texts, or label a whole file. The model is loaded once per run and kept.

A file is read in chunks with the same reader as inspect_dataset and written in chunks to a temporary
file that is renamed into place at the end: memory stays flat on any size, and an error leaves nothing
partial behind.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from tools.runs import find_run, read_json


@lru_cache(maxsize=2)
def _loaded(run_dir: str):
    from tools.modeling import load_trained

    return load_trained(Path(run_dir))


def predict_with(model, tokenizer, texts: list[str], labels: list[str], max_length: int,
                 template: str | None = None, precision: str = "fp32", batch_size: int = 32) -> list[dict]:
    """Label and probability for each text with an already loaded classifier."""
    import torch

    from tools.prepare import encode_texts

    # a bf16/fp16 run was trained and evaluated under autocast: predict the same way, or borderline
    # examples flip between the run's own evaluation and later predictions
    half = {"bf16": torch.bfloat16, "fp16": torch.float16}.get(precision)
    out = []
    for i in range(0, len(texts), batch_size):
        enc = encode_texts(tokenizer, texts[i:i + batch_size], template, max_length, padding=True,
                           return_tensors="pt").to(model.device)
        with torch.no_grad(), torch.autocast(model.device.type, dtype=half, enabled=half is not None):
            probs = torch.softmax(model(**enc).logits.float(), dim=-1)
        score, idx = probs.max(-1)
        out += [{"label": labels[j], "score": round(float(s), 4)} for j, s in zip(idx.tolist(), score.tolist())]
    return out


def _generate(model, tokenizer, texts: list[str], max_new_tokens: int = 128) -> list[dict]:
    import torch

    from tools.prepare import format_prompt

    out = []
    for text in texts:
        enc = tokenizer(format_prompt(tokenizer, text), return_tensors="pt").to(model.device)
        with torch.no_grad():
            gen = model.generate(**enc, max_new_tokens=max_new_tokens, do_sample=False,
                                 pad_token_id=tokenizer.pad_token_id)
        out.append({"text": tokenizer.decode(gen[0, enc["input_ids"].shape[1]:], skip_special_tokens=True)})
    return out


def _checked_run(run_id: str | None) -> Path:
    run_dir = find_run(run_id, completed=run_id is None)
    status = (read_json(run_dir / "status.json", {}) or {}).get("status")
    if status != "completed":
        raise ValueError(f"Run {run_dir.name} is {status}, not completed. Fix: wait for it to finish or pick a "
                         "completed run.")
    return run_dir


def predict(texts: list[str] | None = None, run_id: str | None = None, path: str | None = None,
            output_path: str | None = None) -> list[dict] | dict:
    """Classify new texts (or generate answers) with a trained model, or label every row of a file.

    Args:
        texts: the texts to classify, e.g. ["what a wonderful film"].
        run_id: the training run whose model to use; leave empty for the latest completed one.
        path: a CSV/TSV/JSONL/Parquet file to label instead of texts; every row gets a label and a score.
        output_path: where to write the labelled file (default: beside the input, named *.predictions.csv).
    """
    if path is not None and str(path).strip():
        if texts:
            raise ValueError("Both texts and a file were given. Fix: pass either texts or path, not both.")
        from tools.predict_file import predict_file

        run_dir = _checked_run(run_id)
        return predict_file(run_dir, _loaded(str(run_dir)), path, output_path)
    if isinstance(texts, str):
        texts = [texts]
    texts = [str(t) for t in (texts or []) if str(t).strip()]
    if not texts:
        raise ValueError("No text to predict. Fix: pass one or more non-empty texts, or path=<a data file>.")
    if len(texts) > 1000:
        raise ValueError(f"{len(texts)} texts at once is too many. Fix: send at most 1000 per call, or put them in "
                         "a file and pass path=<the file>.")
    run_dir = _checked_run(run_id)
    model, tokenizer, cfg = _loaded(str(run_dir))
    if cfg.task == "generation":
        return _generate(model, tokenizer, texts)
    labels = read_json(run_dir / "labels.json", {})["labels"]
    return predict_with(model, tokenizer, texts, labels, cfg.max_length, cfg.text_template, cfg.precision)
