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

from training_kit import completed, tiny, wait, write_reviews


@pytest.mark.slow
def test_a_run_writes_everything_and_its_adapter_reloads(tiny_bert, runs, tmp_path):
    data = write_reviews(tmp_path / "reviews.csv")
    run = start_training(str(data), **tiny(tiny_bert))
    assert run["status"] in ("queued", "running") and run["run_id"].endswith("reviews")
    st = completed(run["run_id"])
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
    # The final model is the best evaluation's: its macro-F1 and accuracy are the ones logged at that step.
    assert metrics["kept"] == "best" and [e["step"] for e in metrics["evaluations"]] == [18, 36, 54]
    best = next(p for p in progress if p.get("step") == metrics["best_step"] and "eval_f1_macro" in p)
    assert metrics["best_metric"] == round(best["eval_f1_macro"], 4) == round(metrics["metrics"]["f1_macro"], 4)
    assert round(best["eval_accuracy"], 4) == round(metrics["metrics"]["accuracy"], 4)
    assert list((d / "tensorboard").glob("events.out.tfevents.*"))  # TensorBoard logs by default
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
        completed(run["run_id"])
        results.append(read_json(Path(run["run_dir"]) / "metrics.json")["metrics"])
    assert results[0] == results[1]


@pytest.mark.slow
def test_full_fine_tuning_and_merged_export(tiny_bert, runs, tmp_path):
    data = write_reviews(tmp_path / "reviews.csv")
    run = start_training(str(data), **tiny(tiny_bert, method="full", learning_rate=1e-3, epochs=1))
    completed(run["run_id"])
    assert (Path(run["run_dir"]) / "adapter" / "model.safetensors").is_file()
    merged = start_training(str(data), **tiny(tiny_bert, epochs=1, merge_adapter=True))
    completed(merged["run_id"])
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
    st = completed(run["run_id"])
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


def test_balanced_class_weights_weigh_the_loss_by_known_numbers():
    import math

    import torch

    from tools.losses import balanced_weights, weighted_cross_entropy

    labels = [0, 1, 1, 1]  # one example of class 0, three of class 1
    weights = balanced_weights(labels, 2)
    assert weights == [2.0, 4 / 6]  # n / (classes x count): 4 / (2 x 1), 4 / (2 x 3)
    assert sum(weights[y] for y in labels) / len(labels) == pytest.approx(1.0)  # the loss keeps its scale
    logits = [[2.0, 0.0], [0.0, 1.0], [1.0, 1.0], [0.5, -0.5]]
    nll = [math.log(sum(math.exp(v) for v in row)) - row[y] for row, y in zip(logits, labels)]
    expected = (2.0 * nll[0] + 4 / 6 * (nll[1] + nll[2] + nll[3])) / 4
    loss = weighted_cross_entropy(weights)
    out = {"logits": torch.tensor(logits)}
    assert loss(out, torch.tensor(labels)).item() == pytest.approx(expected, rel=1e-6)
    assert abs(expected - sum(nll) / 4) > 0.05  # the weighting really changes the number
    # an accumulated batch of 8 examples: the sum over these 4 is divided by all 8
    assert loss(out, torch.tensor(labels), num_items_in_batch=8).item() == pytest.approx(expected * 4 / 8, rel=1e-6)
    with pytest.raises(ValueError, match="class_weights=none"):
        balanced_weights([1, 1, 1], 2)  # class 0 has no rows


def test_best_evaluation_patience_and_a_resume_at_the_stopping_checkpoint(tmp_path):
    from tools.best_epoch import checkpoint_already_stopped, stopped_early, verdict

    def ev(step, f1, loss):
        return {"step": step, "epoch": step / 10, "eval_f1_macro": f1, "eval_loss": loss}
    history = [{"step": 5, "loss": 0.7}, ev(10, 0.80, 0.50), ev(20, 0.90, 0.40), ev(30, 0.90, 0.45), ev(40, 0.85, 0.5)]
    v = verdict(history, "classification", patience=2)
    assert v["best"]["step"] == 20 and v["since_best"] == 2 and v["stop"]  # a tie on F1 with a higher loss is no gain
    assert stopped_early(v, epoch=4.0, epochs=6.0) and not stopped_early(v, epoch=6.0, epochs=6.0)
    assert not verdict(history, "classification", patience=0)["stop"]  # 0: never stop early
    # equal macro-F1: the lower eval loss wins; generation is judged by eval loss alone
    assert verdict(history[:3] + [ev(30, 0.90, 0.30)], "classification", 2)["best"]["step"] == 30
    assert verdict(history, "generation", 2)["best"]["step"] == 20
    # a checkpoint written at the evaluation that ran out of patience: resuming from it must not train on
    ckpt = tmp_path / "checkpoint-40"
    ckpt.mkdir()
    (ckpt / "trainer_state.json").write_text(json.dumps({"global_step": 40, "epoch": 4.0, "log_history": history}))
    assert checkpoint_already_stopped(ckpt, "classification", 2, epochs=6.0) == 40
    assert checkpoint_already_stopped(ckpt, "classification", 3, epochs=6.0) is None  # patience left: train on


def test_the_best_weights_go_back_into_the_model(tiny_bert, tmp_path):
    import torch
    from transformers import AutoModelForSequenceClassification

    from tools.best_epoch import restore_best, save_best

    model = AutoModelForSequenceClassification.from_pretrained(tiny_bert, num_labels=2)
    for p in model.bert.parameters():
        p.requires_grad = False  # like LoRA: only the head trains, so only the head is saved
    save_best(model, tmp_path, {"step": 18, "epoch": 1.0, "metric": 0.9})
    saved = model.classifier.weight.detach().clone()
    frozen = model.bert.embeddings.word_embeddings.weight.detach().clone()
    with torch.no_grad():
        model.classifier.weight.add_(1.0)  # training went on after the best evaluation
    assert not restore_best(model, tmp_path, step=36)  # best.pt holds step 18, not 36: nothing is loaded
    assert not torch.equal(model.classifier.weight, saved)
    assert restore_best(model, tmp_path, step=18)
    assert torch.equal(model.classifier.weight, saved) and torch.equal(model.bert.embeddings.word_embeddings.weight, frozen)


def test_tracking_settings_name_the_install_and_log_into_the_run_dir(tmp_path, monkeypatch):
    import importlib.util

    from tools import tracking
    from tools.config import TrainConfig

    for name in ("wandb", "mlflow"):
        if importlib.util.find_spec(name) is None:
            with pytest.raises(ValueError, match=f"pip install {name}"):
                TrainConfig(dataset_path="x.csv", report_to=name)
        else:
            assert TrainConfig(dataset_path="x.csv", report_to=name).report_to == name
    with pytest.raises(ValueError, match="report_to='comet'"):
        TrainConfig(dataset_path="x.csv", report_to="comet")
    for var in ("TENSORBOARD_LOGGING_DIR", "WANDB_MODE", "WANDB_DIR", "MLFLOW_TRACKING_URI"):
        monkeypatch.delenv(var, raising=False)
    cfg = TrainConfig(dataset_path="x.csv")
    assert tracking.report_to(cfg, tmp_path) == ["tensorboard"]
    assert os.environ["TENSORBOARD_LOGGING_DIR"] == str(tmp_path / "tensorboard")
    cfg.report_to = "mlflow"  # past validation, as when mlflow is installed
    assert tracking.report_to(cfg, tmp_path) == ["tensorboard", "mlflow"]
    assert os.environ["MLFLOW_TRACKING_URI"] == f"file:{tmp_path / 'mlruns'}"  # a local file store, no server
    cfg.report_to = "wandb"
    assert tracking.report_to(cfg, tmp_path) == ["tensorboard", "wandb"]
    assert os.environ["WANDB_MODE"] == "offline" and os.environ["WANDB_DIR"] == str(tmp_path)
    cfg.report_to = "none"
    assert tracking.report_to(cfg, tmp_path) == []


def _imbalanced(path: Path, n: int = 160) -> Path:
    """Four positive reviews for each negative one (inspect_dataset calls that imbalance)."""
    from training_kit import NEG, POS

    rows = ["text,label"] + [f"a {(NEG if i % 5 == 0 else POS)[i % 8]} film number {i},{'neg' if i % 5 == 0 else 'pos'}"
                             for i in range(n)]
    path.write_text("\n".join(rows) + "\n")
    return path


@pytest.mark.slow
def test_weighted_early_stopped_run_keeps_its_best_epoch_and_logs_to_tensorboard(tiny_bert, runs, tmp_path):
    from tools.explain import explain_results
    from tools.inspection import inspect_dataset

    data = _imbalanced(tmp_path / "skewed.csv")
    assert any(i["kind"] == "class_imbalance" for i in inspect_dataset(str(data))["issues"])
    # A learning rate far below fp32's resolution leaves the weights bit-identical, so no evaluation after the
    # first can beat it: with patience 1 the run must stop after epoch 2 of 4, keeping epoch 1.
    run = start_training(str(data), **tiny(tiny_bert, epochs=4, learning_rate=1e-12, early_stopping_patience=1,
                                           class_weights="balanced"))
    st = completed(run["run_id"])
    d = Path(run["run_dir"])
    assert st["step"] == st["total_steps"] == 36 and st["epoch"] == 2.0  # 18 steps an epoch, 2 of 4 epochs ran
    assert st["stopped_early"].startswith("Stopped early at epoch 2 of 4 (step 36)") and "kept is epoch 1" in st["stopped_early"]
    m = read_json(d / "metrics.json")
    assert (m["kept"], m["best_epoch"], m["best_step"], m["stopped_early"]) == ("best", 1.0, 18, True)
    assert [e["step"] for e in m["evaluations"]] == [18, 36] and m["best_metric"] == round(m["metrics"]["f1_macro"], 4)
    counts = m["label_counts_train"]
    n = sum(counts.values())
    assert m["train"]["class_weights"] == {lab: round(n / (2 * c), 4) for lab, c in counts.items()}
    assert m["reload_check"]["same_predictions"] == m["reload_check"]["examples"]
    events = list((d / "tensorboard").glob("events.out.tfevents.*"))
    assert events and events[0].stat().st_size > 0  # tensorboard --logdir runs finds it
    text = explain_results(run["run_id"])["explanation"]
    assert "**Kept: epoch 1 of 2** (step 18)" in text and "stopped early after epoch 2 of 4" in text


def _dead_run(runs: Path, log: str) -> tuple[Path, subprocess.Popen]:
    """A run whose child crashed with `log` as the end of its train.log (a real process that exited)."""
    from tools.runs import record_launch, write_json

    run_dir = runs / "20260101-000000-crash"
    run_dir.mkdir(parents=True)
    (run_dir / "train.log").write_text(log)
    write_json(run_dir / "config.json", {"run_dir": str(run_dir)})
    write_json(run_dir / "status.json", {"run_id": run_dir.name, "status": "running", "queued_at": time.time()})
    proc = subprocess.Popen([sys.executable, "-c", "import os, signal; os.kill(os.getpid(), signal.SIGSEGV)"])
    proc.wait()
    record_launch(run_dir, proc.pid)
    return run_dir, proc


def test_a_native_crash_says_so_and_names_a_way_round(runs):
    """faulthandler's fatal error (the child runs with -X faulthandler) is a crash in native code, not an OOM."""
    log = "step 3\nFatal Python error: Segmentation fault\n\nCurrent thread 0x01 (most recent call first):\n  File \"x.py\", line 1\n"
    run_dir, _ = _dead_run(runs, log)
    st = training_status(run_dir.name)
    assert st["status"] == "failed" and "native code" in st["error"] and "Segmentation fault" in st["error"]
    assert "method lora" in st["error"] and "out of memory" not in st["error"]


def test_the_exit_signal_of_a_child_we_started_names_the_cause(runs, monkeypatch):
    from tools import runner

    run_dir, proc = _dead_run(runs, "step 3\n")
    monkeypatch.setitem(runner._CHILDREN, run_dir.name, proc)
    st = training_status(run_dir.name)
    assert st["status"] == "failed" and "SIGSEGV" in st["error"] and "native code" in st["error"]
    monkeypatch.setitem(runner._EXIT_CODES, run_dir.name, -signal.SIGKILL)
    assert "out-of-memory killer" in runner._died(run_dir, {"pid": proc.pid})["error"]
