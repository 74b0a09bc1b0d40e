"""export_model (merged, ONNX, GGUF) and export_script on a real tiny run: every export is reloaded and
agrees with the run's own predictions; runs that cannot be exported give a fix and leave nothing behind;
the exported train.py, run here, repeats the original run's metrics."""
from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tools.export import export_model
from tools.export_script import export_script

from training_kit import completed_run


pytestmark = pytest.mark.slow  # every test here uses a run that really trains (tiny model)


@pytest.fixture(scope="module")
def run(tiny_bert, tmp_path_factory):
    return completed_run(tmp_path_factory.mktemp("export-runs"), tiny_bert, epochs=2, learning_rate=1e-2)


@pytest.fixture
def run_dir(run, monkeypatch):
    monkeypatch.setenv("FINETUNE_ASSISTANT_RUNS", str(run.parent))
    return run


def _fake_run(root: Path, name: str, status: str, task: str = "classification") -> Path:
    d = root / name
    d.mkdir()
    (d / "config.json").write_text(json.dumps({"dataset_path": "x.csv", "task": task}))
    (d / "status.json").write_text(json.dumps({"status": status}))
    if status == "completed":
        (d / "adapter").mkdir()
    return d


def test_merged_export_reloads_and_agrees(run_dir):
    out = export_model(run_dir.name, format="merged")
    assert out["format"] == "merged" and out["verified"] and out["agreement"] >= 0.995
    folder = Path(out["path"])
    assert folder == run_dir / "exports" / "merged" and (folder / "config.json").is_file()
    assert json.loads((folder / "labels.json").read_text())["labels"] == ["neg", "pos"]
    from transformers import AutoModelForSequenceClassification

    model = AutoModelForSequenceClassification.from_pretrained(folder)  # plain transformers, no peft
    assert "lora" not in " ".join(n for n, _ in model.named_parameters())
    again = export_model(run_dir.name, format="merged")  # a second export replaces the first cleanly
    assert again["verified"] and sorted(p.name for p in (run_dir / "exports").iterdir()) == ["merged"]


def _has_onnx_exporter() -> bool:
    import importlib.util

    from tools.export_onnx import EXPORTER_DIR

    return (EXPORTER_DIR / "optimum").is_dir() or importlib.util.find_spec("optimum") is not None


@pytest.mark.skipif(not _has_onnx_exporter(), reason="optimum-onnx exporter folder not installed "
                    "(see tools/export_onnx.py INSTALL_COMMAND)")
def test_onnx_export_runs_in_onnxruntime_and_agrees_with_pytorch(run_dir):
    out = export_model(run_dir.name, format="onnx")
    assert out["format"] == "onnx" and out["exporter"] == "optimum-onnx"
    assert out["verified"] and out["agreement"] >= 0.995 and out["examples"] == 16
    folder = Path(out["path"])
    assert (folder / "model.onnx").is_file() and (folder / "labels.json").is_file()
    assert not [p for p in (run_dir / "exports").iterdir() if p.name.startswith(".")]  # no temporary folders left


def test_onnx_without_the_exporter_says_how_to_install_it(run_dir, monkeypatch, tmp_path):
    import importlib.util

    import tools.export_onnx as eo

    monkeypatch.setattr(eo, "EXPORTER_DIR", tmp_path / "no-exporter")
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "optimum" else real(name, *a))
    before = sorted(p.name for p in (run_dir / "exports").iterdir()) if (run_dir / "exports").exists() else []
    with pytest.raises(ValueError, match="optimum-onnx.*Fix: run `pip install --no-deps --target"):
        export_model(run_dir.name, format="onnx")
    assert sorted(p.name for p in (run_dir / "exports").iterdir()) == before  # nothing partial


def test_exports_that_cannot_be_made_are_clear_and_write_nothing(run_dir, monkeypatch, tmp_path):
    monkeypatch.setattr("tools.export_gguf.CONVERTER_DIR", tmp_path / "no-converter")  # as on a fresh install
    failed = _fake_run(run_dir.parent, "20000101-000000-failed", "failed")
    running = _fake_run(run_dir.parent, "20000101-000001-running", "running")
    generation = _fake_run(run_dir.parent, "20000101-000002-gen", "completed", task="generation")
    for bad in (failed, running):
        for fmt in ("onnx", "merged"):
            with pytest.raises(ValueError, match="no trained model to export.*Fix:"):
                export_model(bad.name, format=fmt)
        assert not (bad / "exports").exists()
    with pytest.raises(ValueError, match="convert_hf_to_gguf.py.*Modelfile"):
        export_model(generation.name, format="gguf")
    with pytest.raises(ValueError, match="ONNX export is offered for classifiers.*Fix:"):
        export_model(generation.name, format="onnx")
    with pytest.raises(ValueError, match="GGUF is a format for generative models.*Fix:"):
        export_model(run_dir.name, format="gguf")
    with pytest.raises(ValueError, match="Unknown export format.*Fix:"):
        export_model(run_dir.name, format="tflite")
    assert not (generation / "exports").exists()
    with pytest.raises(ValueError, match="never got as far as reading its labels.*Fix:"):
        export_script(failed.name)
    assert not [p for p in failed.iterdir() if "train_script" in p.name]


def test_the_exported_script_repeats_the_run(run_dir, tmp_path):
    out = export_script(run_dir.name)
    folder = Path(out["path"])
    assert {"train.py", "config.json", "labels.json", "requirements.txt", "train_colab.ipynb", "data_source.json",
            "data/train.jsonl", "data/validation.jsonl"} <= set(out["files"])
    requirements = (folder / "requirements.txt").read_text()
    assert all(f"{lib}==" in requirements for lib in ("transformers", "peft", "datasets", "accelerate"))
    # train.py imports nothing of this app: only the libraries it lists (and torch/numpy under them)
    imports = {line.split()[1].split(".")[0] for line in (folder / "train.py").read_text().splitlines()
               if line.strip().startswith(("import ", "from ")) and not line.startswith(" " * 8)}
    assert imports <= {"argparse", "json", "math", "os", "pathlib", "numpy", "torch", "datasets", "transformers",
                       "peft"}, imports
    notebook = json.loads((folder / "train_colab.ipynb").read_text())
    code = "".join("".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code")
    assert notebook["nbformat"] == 4 and "pip install -q -r requirements.txt" in code and "python train.py" in code
    source = json.loads((folder / "data_source.json").read_text())
    assert source["train_examples"] + source["validation_examples"] == 160 and len(source["sha256"]) == 64

    env = {k: v for k, v in os.environ.items() if k != "FINETUNE_ASSISTANT_RUNS"}
    done = subprocess.run([sys.executable, str(folder / "train.py"), "--output_dir", str(tmp_path / "again")],
                          cwd=tmp_path, env={**env, "HF_HUB_OFFLINE": "1"}, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    again = json.loads((tmp_path / "again" / "metrics.json").read_text())
    original = json.loads((run_dir / "metrics.json").read_text())["metrics"]
    # Same data, seed, sampler and settings on the same machine: the same predictions, hence the same metrics.
    assert again["accuracy"] == original["accuracy"] and again["f1_macro"] == original["f1_macro"]
    with open(run_dir / "predictions.csv", encoding="utf-8-sig", newline="") as f:
        before = [r["predicted"] for r in csv.DictReader(f)]
    after = [json.loads(line)["predicted"] for line in (tmp_path / "again" / "predictions.jsonl").open()]
    assert after == before


def test_a_full_disk_midway_gives_a_fix_and_leaves_no_partial_export(run_dir, monkeypatch):
    import errno
    import sys

    export_module = sys.modules["tools.export"]
    script_module = sys.modules["tools.export_script"]  # `tools.export_script` the attribute is the function

    def half_written(run, folder):
        folder.mkdir()
        (folder / "model.safetensors").write_bytes(b"partial")
        raise OSError(errno.ENOSPC, "No space left on device")

    before = sorted(str(p.relative_to(run_dir)) for p in run_dir.rglob("*"))
    monkeypatch.setattr(export_module, "save_merged", half_written)
    with pytest.raises(ValueError, match="Could not write the export.*No space left.*Fix:"):
        export_model(run_dir.name, format="merged")

    def no_room(name):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(script_module, "_notebook", no_room)
    with pytest.raises(ValueError, match="Could not write the script folder.*No space left.*Fix:"):
        export_script(run_dir.name)
    assert sorted(str(p.relative_to(run_dir)) for p in run_dir.rglob("*")) == before  # an earlier export is intact
