"""export_script: a self-contained folder that repeats a run on a bigger machine (a GPU box, Colab).

The folder holds train.py (tools/standalone_train.py: transformers, peft, datasets and accelerate
only), config.json (the run's exact settings), labels.json, the exact train/validation examples the
run used (data/*.jsonl, so no split has to be redone), data_source.json (the original file, its
size and checksum), requirements.txt pinned to the versions that trained the run, and
train_colab.ipynb, which installs those and runs train.py, and accelerate_fsdp.yaml for a model too big
for one GPU (tools/scale_out.py; plus a DeepSpeed ZeRO-3 config when deepspeed is installed). Written
to a temporary folder first.
"""
from __future__ import annotations

import json
import os
import shutil
import time
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from tools import scale_out
from tools.runs import file_sha256, find_run, read_json, write_json

LIBRARIES = ("transformers", "peft", "datasets", "accelerate")


def _requirements(method: str) -> str:
    lines = ["# The libraries (and versions) that trained the original run; torch: the one your machine has.",
             "torch"]
    for name in LIBRARIES + (("bitsandbytes",) if method == "qlora" else ()):
        try:
            lines.append(f"{name}=={version(name)}")
        except PackageNotFoundError:
            lines.append(name)
    return "\n".join(lines) + "\n"


def _write_examples(folder: Path, cfg, labels: list[str]) -> dict:
    """data/train.jsonl and data/validation.jsonl: the run's own examples, labels as their names."""
    from tools.prepare import load_examples

    try:
        data = load_examples(cfg)
    except ValueError as e:
        raise ValueError(f"The run's data could not be read again ({' '.join(str(e).split())[:300]}). Fix: put "
                         f"the training file back at {cfg.dataset_path}, then export again.") from None
    (folder / "data").mkdir()
    for name, rows in (("train", data.train), ("validation", data.validation)):
        with open(folder / "data" / f"{name}.jsonl", "w", encoding="utf-8") as f:
            for r in rows:
                r = {"text": r["text"], "label": data.labels[r["label"]]} if "label" in r else r
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
    return {"train_examples": len(data.train), "validation_examples": len(data.validation)}


def _notebook(run_name: str) -> dict:
    def cell(kind, text):
        c = {"cell_type": kind, "metadata": {}, "source": text.splitlines(keepends=True)}
        return {**c, "execution_count": None, "outputs": []} if kind == "code" else c

    return {"nbformat": 4, "nbformat_minor": 5,
            "metadata": {"accelerator": "GPU", "kernelspec": {"name": "python3", "display_name": "Python 3"},
                         "colab": {"provenance": []}},
            "cells": [
                cell("markdown", f"# Repeat training run {run_name}\n\nUpload this folder as a zip "
                                 "(`train_script.zip`) with the file button on the left, or mount Drive, then run "
                                 "the cells. Runtime > Change runtime type > GPU makes it fast."),
                cell("code", "import os, zipfile\nif os.path.exists('train_script.zip'):\n"
                             "    zipfile.ZipFile('train_script.zip').extractall('train_script')\n"
                             "%cd train_script"),
                cell("code", "!pip install -q -r requirements.txt"),
                cell("code", "!python train.py"),
                cell("code", "import json\nprint(json.load(open('output/metrics.json')))"),
            ]}


def export_script(run_id: str | None = None) -> dict:
    """Write a folder with train.py, requirements.txt, the data, a Colab notebook and the config, to rerun on a GPU.

    Args:
        run_id: the training run to repeat; leave empty for the latest one.
    """
    from tools.config import TrainConfig

    run_dir = find_run(run_id)
    cfg = TrainConfig.load(run_dir / "config.json")
    labels = (read_json(run_dir / "labels.json", {}) or {}).get("labels", [])
    if cfg.task == "classification" and not labels:
        status = (read_json(run_dir / "status.json", {}) or {}).get("status", "unfinished")
        raise ValueError(f"Run {run_dir.name} ({status}) never got as far as reading its labels. Fix: export a run "
                         "that started training (training_status shows its progress).")
    final = run_dir / "train_script"
    tmp = run_dir / f".train_script.tmp-{os.getpid()}-{int(time.time())}"
    tmp.mkdir()
    try:
        counts = _write_examples(tmp, cfg, labels)
        shutil.copy(Path(__file__).with_name("standalone_train.py"), tmp / "train.py")
        write_json(tmp / "config.json", {**cfg.to_dict(), "run_dir": None})
        write_json(tmp / "labels.json", {"labels": labels})
        src = Path(cfg.dataset_path)
        write_json(tmp / "data_source.json", {"dataset_path": cfg.dataset_path, "validation_path": cfg.validation_path,
                                              "bytes": src.stat().st_size, "sha256": file_sha256(src), **counts})
        (tmp / "requirements.txt").write_text(_requirements(cfg.method))
        write_json(tmp / "train_colab.ipynb", _notebook(run_dir.name))
        scale_out.write_configs(tmp, cfg.precision if cfg.precision != "fp32" else "bf16")
        old = run_dir / f".train_script.old-{os.getpid()}"
        if final.exists():
            os.replace(final, old)
        os.replace(tmp, final)
        shutil.rmtree(old, ignore_errors=True)
    except OSError as e:
        raise ValueError(f"Could not write the script folder in {run_dir}: {e.strerror or e}. Fix: free disk space "
                         "or check the folder's permissions.") from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return {"path": str(final), "files": sorted(str(p.relative_to(final)) for p in final.rglob("*") if p.is_file()),
            "command": f"cd {final} && pip install -r requirements.txt && python train.py",
            "scale_out_commands": scale_out.launch_commands(8, 2),  # 8 GPUs a machine: edit to yours
            "run_id": run_dir.name, **counts}
