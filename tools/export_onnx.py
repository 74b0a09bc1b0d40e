"""ONNX export of a merged classifier with the optimum-onnx exporter, checked with onnxruntime.

optimum-onnx 0.1.0, its newest release, requires transformers < 4.58, while this app runs on
transformers 5 (optimum-onnx issue #114). Installing it beside the app would downgrade transformers,
so the exporter lives in a folder of its own (EXPORTER_DIR: optimum-onnx with the transformers release
it supports) and runs in a child process with that folder first on its path; torch, onnx and
numpy come from the app's environment. When an optimum-onnx release supports transformers 5 and is
installed normally, the child uses it and the folder is not needed.
"""
from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import time
from pathlib import Path

from tools.runs import read_json

EXPORTER_DIR = Path(os.environ.get("FINETUNE_ASSISTANT_ONNX_EXPORTER",
                                   "~/.cache/finetune-assistant/onnx-exporter")).expanduser()
EXPORTER_PACKAGES = ("optimum-onnx==0.1.0 optimum==2.1.0 transformers==4.57.6 tokenizers==0.22.2 "
                     "huggingface_hub==0.36.2")
INSTALL_COMMAND = f"pip install --no-deps --target {EXPORTER_DIR} {EXPORTER_PACKAGES}"
TIMEOUT_S = 1800


def _exporter_env() -> dict:
    env = dict(os.environ, HF_HUB_OFFLINE="1", TOKENIZERS_PARALLELISM="false")
    if (EXPORTER_DIR / "optimum").is_dir():
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(EXPORTER_DIR), env.get("PYTHONPATH")) if p)
    elif importlib.util.find_spec("optimum") is None:
        raise ValueError("ONNX export needs the optimum-onnx exporter, which is not installed. Fix: run "
                         f"`{INSTALL_COMMAND}` once (its own folder: the newest optimum-onnx needs an older "
                         "transformers than this app), and `pip install onnx onnxruntime`.")
    return env


def run_exporter(merged: Path, out: Path, env: dict) -> None:
    """`optimum-cli export onnx` on the merged folder; its own validation against PyTorch runs too."""
    cmd = [sys.executable, "-m", "optimum.commands.optimum_cli", "export", "onnx", "--model", str(merged),
           "--task", "text-classification", str(out)]
    try:
        done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        raise ValueError(f"The ONNX exporter ran for over {TIMEOUT_S // 60} minutes. Fix: export a smaller model, "
                         "or use format='merged'.") from None
    if done.returncode != 0 or not (out / "model.onnx").is_file():
        tail = " ".join((done.stderr or done.stdout).strip().splitlines()[-3:])[-400:]
        raise ValueError(f"The optimum-onnx exporter failed: {tail}. Fix: if it names a missing module, run "
                         f"`{INSTALL_COMMAND}`; if the architecture is not supported, use format='merged'.")


def onnx_predict(session, tokenizer, texts: list[str], labels: list[str], max_length: int,
                 template: str | None, batch_size: int = 32) -> list[str]:
    """Predicted labels from an onnxruntime session, batched and tokenised exactly as PyTorch's are."""
    import numpy as np

    from tools.prepare import encode_texts

    wanted = {i.name for i in session.get_inputs()}
    out = []
    for i in range(0, len(texts), batch_size):
        enc = encode_texts(tokenizer, texts[i:i + batch_size], template, max_length, padding=True,
                           return_tensors="np")
        feed = {k: np.asarray(v, dtype=np.int64) for k, v in enc.items() if k in wanted}
        logits = session.run(["logits"], feed)[0]
        out += [labels[j] for j in logits.argmax(-1).tolist()]
    return out


def ort_session(model_path: Path):
    import onnxruntime as ort

    return ort.InferenceSession(str(model_path), providers=["CPUExecutionProvider"])


def export_onnx(run_dir: Path, folder: Path) -> tuple[float, dict]:
    """Merge, export with optimum-onnx into `folder`, reload with onnxruntime; (agreement, extra keys)."""
    import shutil

    from tools.config import TrainConfig
    from tools.export import agreement, save_merged, validation_rows
    from tools.modeling import load_tokenizer_for

    try:
        import onnxruntime  # noqa: F401 - checked before minutes of merging and exporting
    except ImportError:
        raise ValueError("ONNX export needs onnxruntime to check the exported model. Fix: pip install onnx "
                         "onnxruntime.") from None
    env = _exporter_env()  # a missing exporter is reported before minutes of merging
    merged = folder.with_name(folder.name + "-merged")
    try:
        save_merged(run_dir, merged)
        start = time.time()
        run_exporter(merged, folder, env)
        export_seconds = time.time() - start
    finally:
        shutil.rmtree(merged, ignore_errors=True)
    cfg = TrainConfig.load(run_dir / "config.json")
    labels = read_json(run_dir / "labels.json", {})["labels"]
    shutil.copy(run_dir / "labels.json", folder / "labels.json")
    texts, torch_pred = validation_rows(run_dir)
    onnx_pred = onnx_predict(ort_session(folder / "model.onnx"), load_tokenizer_for(str(folder)), texts, labels,
                             cfg.max_length, cfg.text_template)
    return agreement(onnx_pred, torch_pred), {"examples": len(texts), "export_seconds": round(export_seconds, 1),
                                              "exporter": "optimum-onnx"}
