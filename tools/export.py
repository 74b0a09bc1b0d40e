"""export_model: the trained model in a form that runs elsewhere, checked by loading it back.

`merged` folds the LoRA adapter into the base weights (peft's merge_and_unload) and saves a plain
transformers model; `onnx` exports that merged classifier with optimum-onnx (tools/export_onnx.py).
Each export is written to a temporary folder, reloaded and compared with the run's own PyTorch
predictions on its validation rows (predictions.csv), and only then renamed into RUN_DIR/exports/:
a failed export leaves nothing behind. `gguf` (generation runs) converts the merged model with
llama.cpp's convert_hf_to_gguf.py (tools/export_gguf.py) and writes an Ollama Modelfile beside it; where
that converter is not set up, the error names the one command that sets it up and the llama.cpp
command to run elsewhere.
"""
from __future__ import annotations

import csv
import os
import shutil
import time
from pathlib import Path

from tools.evaluation import _EXCEL_TRIGGERS
from tools.runs import find_run, read_json

FORMATS = ("onnx", "merged", "gguf")
AGREEMENT_TARGET = 0.995  # share of validation predictions that must equal PyTorch's for `verified`


def completed_run(run_id: str | None) -> Path:
    """The run directory of a completed run; a failed, cancelled or unfinished one is a ValueError."""
    run_dir = find_run(run_id, completed=run_id is None)
    status = (read_json(run_dir / "status.json", {}) or {}).get("status")
    if status != "completed" or not (run_dir / "adapter").is_dir():
        raise ValueError(f"Run {run_dir.name} is {status or 'unfinished'}, so there is no trained model to export. "
                         "Fix: export a completed run (training_status lists them), or resume_training first.")
    return run_dir


def validation_rows(run_dir: Path) -> tuple[list[str], list[str]]:
    """(texts, PyTorch's predicted labels) of the run's validation rows, from its predictions.csv."""
    texts, predicted = [], []
    try:
        with open(run_dir / "predictions.csv", encoding="utf-8-sig", newline="") as f:
            for row in csv.DictReader(f):
                text = row["text"]
                # predictions.csv guards formula-like cells with an apostrophe; the model saw the text without it
                if text.startswith("'") and text[1:].startswith(_EXCEL_TRIGGERS):
                    text = text[1:]
                texts.append(text)
                predicted.append(row["predicted"])
    except (OSError, KeyError) as e:
        raise ValueError(f"Run {run_dir.name} has no readable predictions.csv ({e}). Fix: export a run that "
                         "completed its evaluation.") from None
    return texts, predicted


def agreement(a: list[str], b: list[str]) -> float:
    return round(sum(x == y for x, y in zip(a, b)) / max(len(a), 1), 4)


def _publish(tmp: Path, final: Path) -> None:
    """Move a finished export into place, replacing an older one only once the new one is complete."""
    old = final.with_name(f".{final.name}.old-{os.getpid()}")
    if final.exists():
        os.replace(final, old)
    os.replace(tmp, final)
    shutil.rmtree(old, ignore_errors=True)


def save_merged(run_dir: Path, folder: Path) -> None:
    """Base + adapter folded into one fp32 transformers model (with tokenizer and labels.json) in `folder`."""
    from tools.modeling import load_trained

    model, tokenizer, cfg = load_trained(run_dir)
    model = model.float()  # a portable fp32 model, whatever precision the run trained in
    if cfg.method != "full":
        model = model.merge_and_unload()
    model.save_pretrained(str(folder))
    tokenizer.save_pretrained(str(folder))
    if (run_dir / "labels.json").is_file():
        shutil.copy(run_dir / "labels.json", folder / "labels.json")


def _check_merged(run_dir: Path, folder: Path) -> float:
    """Reload the merged folder with plain transformers; its agreement with the run's predictions."""
    from transformers import AutoModelForCausalLM, AutoModelForSequenceClassification

    from tools.config import TrainConfig
    from tools.modeling import load_tokenizer_for
    from tools.predict import predict_with

    cfg = TrainConfig.load(run_dir / "config.json")
    tokenizer = load_tokenizer_for(str(folder))
    if cfg.task == "generation":
        return _check_merged_generation(run_dir, folder, tokenizer, AutoModelForCausalLM)
    model = AutoModelForSequenceClassification.from_pretrained(str(folder)).eval()
    texts, torch_pred = validation_rows(run_dir)
    labels = read_json(run_dir / "labels.json", {})["labels"]
    preds = predict_with(model, tokenizer, texts, labels, cfg.max_length, cfg.text_template, "fp32")
    return agreement([p["label"] for p in preds], torch_pred)


def _check_merged_generation(run_dir: Path, folder: Path, tokenizer, auto) -> float:
    """Share of next-token choices on the run's sample prompts where merged and adapter models agree."""
    import torch

    from tools.modeling import load_trained
    from tools.prepare import format_prompt

    merged = auto.from_pretrained(str(folder)).eval()
    adapter_model = load_trained(run_dir)[0].float()
    prompts = [s["prompt"] for s in (read_json(run_dir / "metrics.json", {}) or {}).get("samples", [])] or ["Hello"]
    same = total = 0
    for prompt in prompts[:3]:
        enc = tokenizer(format_prompt(tokenizer, prompt), return_tensors="pt")
        with torch.no_grad():
            a = merged(**enc).logits.argmax(-1)
            b = adapter_model(**enc).logits.argmax(-1)
        same, total = same + int((a == b).sum()), total + a.numel()
    return round(same / max(total, 1), 4)


def export_model(run_id: str | None = None, format: str = "onnx") -> dict:
    """Export a trained model (ONNX for classifiers, a merged transformers model, or GGUF instructions), reload-checked.

    Args:
        run_id: the training run to export; leave empty for the latest completed one.
        format: onnx (classifiers, runs with onnxruntime), merged (adapter folded into the base model), or gguf.
    """
    fmt = str(format or "onnx").strip().lower()
    if fmt not in FORMATS:
        raise ValueError(f"Unknown export format {format!r}. Fix: use one of {', '.join(FORMATS)}.")
    run_dir = completed_run(run_id)
    task = (read_json(run_dir / "config.json", {}) or {}).get("task", "classification")
    if fmt == "gguf" and task != "generation":
        raise ValueError(f"GGUF is a format for generative models (llama.cpp, Ollama); run {run_dir.name} is a "
                         "classifier. Fix: use format='onnx' or format='merged'.")
    if fmt == "gguf":
        from tools.export_gguf import converter_ready, missing_converter

        if not converter_ready():  # before minutes of merging
            raise missing_converter(run_dir.name)
    if fmt == "onnx" and task != "classification":
        raise ValueError(f"ONNX export is offered for classifiers; run {run_dir.name} is a {task} run. "
                         "Fix: use format='merged' (or 'gguf' for llama.cpp).")
    exports = run_dir / "exports"
    exports.mkdir(exist_ok=True)
    tmp = exports / f".{fmt}.tmp-{os.getpid()}-{int(time.time())}"
    start = time.time()
    try:
        if fmt == "merged":
            save_merged(run_dir, tmp)
            share, extra = _check_merged(run_dir, tmp), {}
        elif fmt == "gguf":
            from tools.export_gguf import export_gguf

            share, extra = export_gguf(run_dir, tmp)
        else:
            from tools.export_onnx import export_onnx

            share, extra = export_onnx(run_dir, tmp)
        _publish(tmp, exports / fmt)
    except OSError as e:
        raise ValueError(f"Could not write the export in {exports}: {e.strerror or e}. Fix: free disk space or "
                         "check the permissions of the run folder.") from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        if exports.is_dir() and not any(exports.iterdir()):
            exports.rmdir()  # a first export that failed leaves no empty folder either
    verified = share >= AGREEMENT_TARGET
    return {"path": str(exports / fmt), "format": fmt, "verified": verified, "agreement": share,
            "run_id": run_dir.name, "seconds": round(time.time() - start, 1), **extra}
