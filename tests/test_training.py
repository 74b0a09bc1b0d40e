"""The training engine, end to end, on tiny models built from configs (seconds each).

Every run goes through start_training -> child process -> training_status, like the chat's.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tools.runner import cancel_training, resume_training, start_training, training_status
from tools.runs import complete_checkpoints, read_json, read_jsonl

from training_kit import tiny, wait, write_reviews


@pytest.mark.slow
def test_a_run_writes_everything_and_its_adapter_reloads(tiny_bert, runs, tmp_path):
    data = write_reviews(tmp_path / "reviews.csv")
    run = start_training(str(data), **tiny(tiny_bert))
    assert run["status"] in ("queued", "running") and run["run_id"].endswith("reviews")
    st = wait(run["run_id"])
    assert st["status"] == "completed", st["error"]
    d = Path(run["run_dir"])
    for name in ("config.json", "status.json", "progress.jsonl", "metrics.json", "predictions.csv",
                 "confusion_matrix.png", "loss.png", "train.log", "labels.json", "adapter/adapter_config.json"):
        assert (d / name).is_file(), name
    progress = read_jsonl(d / "progress.jsonl")
    train_lines = [p for p in progress if "loss" in p]
    assert train_lines and {"step", "epoch", "loss", "learning_rate", "grad_norm"} <= set(train_lines[0])
    assert any("examples_per_s" in p and "eta_seconds" in p for p in train_lines)
    assert any("eval_accuracy" in p and "eval_f1_macro" in p for p in progress)  # per-epoch evaluation
    metrics = read_json(d / "metrics.json")
    assert metrics["metrics"]["n"] == 16 and set(metrics["baseline"]) >= {"majority", "tfidf_logreg"}
    assert metrics["reload_check"]["same_predictions"] == metrics["reload_check"]["examples"]
    assert st["step"] == st["total_steps"] and st["eta_seconds"] is None
    # The adapter loads with plain peft, and the run's config reruns it exactly.
    from peft import PeftModel
    from transformers import AutoModelForSequenceClassification

    base = AutoModelForSequenceClassification.from_pretrained(tiny_bert, num_labels=2)
    PeftModel.from_pretrained(base, str(d / "adapter"))
    assert json.loads((d / "config.json").read_text())["base_model"] == tiny_bert

    from tools.explain import explain_results
    from tools.predict import predict

    preds = predict(["a wonderful film", "a dreadful film"], run["run_id"])
    assert [set(p) for p in preds] == [{"label", "score"}] * 2 and all(p["label"] in ("pos", "neg") for p in preds)
    assert explain_results(run["run_id"])["metrics"]["accuracy"] == metrics["metrics"]["accuracy"]


@pytest.mark.slow
def test_same_seed_same_metrics(tiny_bert, runs, tmp_path):
    data = write_reviews(tmp_path / "reviews.csv")
    results = []
    for _ in range(2):
        run = start_training(str(data), **tiny(tiny_bert, epochs=1))
        assert wait(run["run_id"])["status"] == "completed"
        results.append(read_json(Path(run["run_dir"]) / "metrics.json")["metrics"])
    assert results[0] == results[1]


@pytest.mark.slow
def test_full_fine_tuning_and_merged_export(tiny_bert, runs, tmp_path):
    data = write_reviews(tmp_path / "reviews.csv")
    run = start_training(str(data), **tiny(tiny_bert, method="full", learning_rate=1e-3, epochs=1))
    assert wait(run["run_id"])["status"] == "completed"
    assert (Path(run["run_dir"]) / "adapter" / "model.safetensors").is_file()
    merged = start_training(str(data), **tiny(tiny_bert, epochs=1, merge_adapter=True))
    assert wait(merged["run_id"])["status"] == "completed"
    from transformers import AutoModelForSequenceClassification

    AutoModelForSequenceClassification.from_pretrained(Path(merged["run_dir"]) / "merged")


@pytest.mark.slow
def test_runs_queue_one_at_a_time(tiny_bert, runs, tmp_path):
    data = write_reviews(tmp_path / "reviews.csv")
    first = start_training(str(data), **tiny(tiny_bert, epochs=2))
    second = start_training(str(data), **tiny(tiny_bert, epochs=1))
    assert second["status"] == "queued"
    a, b = wait(first["run_id"]), wait(second["run_id"])
    assert a["status"] == b["status"] == "completed"
    sa, sb = read_json(Path(first["run_dir"]) / "status.json"), read_json(Path(second["run_dir"]) / "status.json")
    assert sb["started_at"] >= sa["finished_at"] - 0.5  # the second began only after the first ended


def _wait_for_checkpoint(run_dir: Path, timeout=120):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if complete_checkpoints(run_dir):
            return
        time.sleep(0.2)
    raise AssertionError("no complete checkpoint appeared")


@pytest.mark.slow
def test_cancel_then_resume(tiny_bert, runs, tmp_path):
    data = write_reviews(tmp_path / "reviews.csv", n=400)
    run = start_training(str(data), **tiny(tiny_bert, epochs=40, save_steps=20))
    wait(run["run_id"], until=("running",))
    _wait_for_checkpoint(Path(run["run_dir"]))
    start = time.time()
    st = cancel_training(run["run_id"])
    assert st["status"] == "cancelled" and time.time() - start < 15
    assert st["resumable"] and complete_checkpoints(Path(run["run_dir"]))
    stopped_at = st["step"]
    resume_training(run["run_id"])
    st = wait(run["run_id"], until=("running", "completed"))
    cancel_training(run["run_id"])  # resumed from the checkpoint, not from zero
    status = read_json(Path(run["run_dir"]) / "status.json")
    assert status["resumed_from"].startswith("checkpoint-")
    assert int(status["resumed_from"].split("-")[1]) <= stopped_at


@pytest.mark.slow
def test_sigkill_at_any_moment_resumes_from_the_last_complete_checkpoint(tiny_bert, runs, tmp_path):
    data = write_reviews(tmp_path / "reviews.csv", n=160)
    run = start_training(str(data), **tiny(tiny_bert, epochs=6, save_steps=4))
    run_dir = Path(run["run_dir"])
    _wait_for_checkpoint(run_dir)
    pid = read_json(run_dir / "status.json")["pid"]
    os.killpg(pid, signal.SIGKILL)
    time.sleep(1)
    st = training_status(run["run_id"])
    assert st["status"] == "failed" and st["interrupted"] and st["resumable"]
    # A half-written checkpoint (killed mid-save) is never resumed from.
    broken = run_dir / "checkpoints" / "checkpoint-99999"
    broken.mkdir()
    (broken / "trainer_state.json").write_text("{")
    resume_training(run["run_id"])
    st = wait(run["run_id"])
    assert st["status"] == "completed", st["error"]
    assert read_json(run_dir / "status.json")["resumed_from"] != "checkpoint-99999"


@pytest.mark.slow
def test_nan_loss_stops_with_a_fix(tiny_bert, runs, tmp_path):
    data = write_reviews(tmp_path / "reviews.csv")
    run = start_training(str(data), **tiny(tiny_bert, method="full", learning_rate=1e9, logging_steps=1,
                                           weight_decay=0.0))
    st = wait(run["run_id"])
    assert st["status"] == "failed" and "lower the learning rate" in st["error"]


@pytest.mark.parametrize("override, message", [
    ({"base_model": "nobody/no-such-model"}, "Unknown model"),
    ({"label_column": "stars"}, "no column 'stars'"),
    ({"learning_rate": 0}, "learning_rate=0"),
    ({"method": "adapter"}, "Unknown method"),
])
def test_bad_configs_are_clear_errors(tiny_bert, runs, tmp_path, override, message):
    data = write_reviews(tmp_path / "reviews.csv")
    with pytest.raises(ValueError, match=message):
        start_training(str(data), **{**tiny(tiny_bert), **override})


def test_one_class_and_unwritable_runs_dir(tiny_bert, runs, tmp_path, monkeypatch):
    one = write_reviews(tmp_path / "one.csv", classes=("pos", "pos"))
    with pytest.raises(ValueError, match="one class"):
        start_training(str(one), **tiny(tiny_bert))
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    monkeypatch.setenv("FINETUNE_ASSISTANT_RUNS", str(blocker / "runs"))
    with pytest.raises(ValueError, match="FINETUNE_ASSISTANT_RUNS"):
        start_training(str(write_reviews(tmp_path / "r.csv")), **tiny(tiny_bert))


def test_generation_masks_the_prompt(tmp_path):
    from tools.config import TrainConfig
    from tools.models import QWEN, load_tokenizer
    from tools.prepare import tokenize

    tok = load_tokenizer(QWEN)
    cfg = TrainConfig(dataset_path="x.csv", task="generation", max_length=128, base_model=QWEN,
                      lora_target_modules=["q_proj"])
    ds = tokenize([{"prompt": "Say hi", "response": "Hi there!"}], tok, cfg, tmp_path / "c.arrow")
    row = ds[0]
    answer = [i for i, lab in zip(row["input_ids"], row["labels"]) if lab != -100]
    assert tok.decode(answer).startswith("Hi there!") and row["labels"][0] == -100
    assert "<|im_start|>assistant" in tok.decode(row["input_ids"])  # Qwen's own chat template


@pytest.mark.slow
def test_same_command_under_accelerate_launch_with_two_processes(tiny_bert, runs, tmp_path):
    from tools.config import TrainConfig

    data = write_reviews(tmp_path / "reviews.csv")
    cfg = TrainConfig(dataset_path=str(data), run_dir=str(runs / "ddp"), **tiny(tiny_bert, epochs=1))
    runs.mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, "-m", "accelerate.commands.launch", "--cpu", "--num_processes", "2", "--num_machines", "1",
           "--mixed_precision", "no", "--dynamo_backend", "no", "-m", "tools.train"]
    for key, value in cfg.to_dict().items():
        if value is not None:
            cmd += [f"--{key}", ",".join(map(str, value)) if isinstance(value, list) else str(value)]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-3000:]
    assert read_json(runs / "ddp" / "status.json")["status"] == "completed"
    assert (runs / "ddp" / "adapter" / "adapter_config.json").is_file()


def test_a_template_keeps_its_cue_when_long_texts_are_cut():
    from tools.models import MINILM, load_tokenizer
    from tools.prepare import encode_texts

    tok = load_tokenizer(MINILM)
    enc = encode_texts(tok, ["word " * 200], "Text: {text}\nLabel:", max_length=16)
    assert len(enc["input_ids"][0]) == 16 and tok.decode(enc["input_ids"][0]).rstrip().endswith("label : [SEP]")


@pytest.mark.slow
def test_bf16_keeps_the_trained_weights_in_fp32(tiny_bert, tmp_path):
    import torch

    from tools.config import TrainConfig
    from tools.modeling import build_model

    cfg = TrainConfig(dataset_path=str(write_reviews(tmp_path / "r.csv")), **tiny(tiny_bert, precision="bf16"))
    model, _ = build_model(cfg, ["neg", "pos"])
    trained = [p.dtype for p in model.parameters() if p.requires_grad]
    frozen = {p.dtype for p in model.parameters() if not p.requires_grad}
    assert trained and set(trained) == {torch.float32} and frozen == {torch.bfloat16}
