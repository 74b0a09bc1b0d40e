"""Train SST-2, NSMC (Korean) and TREC with the settings recommend_settings gives on this machine.

Each run goes through the product path (start_training -> child process -> training_status)
and is scored on its own held-out validation split against the majority and TF-IDF
baselines computed on the same split. A second section compares the project's training loop
with a bare PyTorch loop on the same model, batch and length, in this process.

    python benchmarks/train_quality.py [--only sst2,nsmc,trec] [--skip-loop]
Writes benchmarks/results/train_quality.json.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
DATA = ROOT.parent / "shared" / "data"
DATASETS = {"sst2": "sst2_train_8k.csv", "nsmc": "nsmc_train_8k.csv", "trec": "trec_train.csv"}
OUT = ROOT / "benchmarks" / "results" / "train_quality.json"


def quality_run(name: str, runs_dir: Path) -> dict:
    from tools.recommend import recommend_settings
    from tools.runner import start_training, training_status

    os.environ["FINETUNE_ASSISTANT_RUNS"] = str(runs_dir)
    path = DATA / DATASETS[name]
    rec = recommend_settings(str(path))
    start = time.time()
    run = start_training(str(path))
    while (st := training_status(run["run_id"]))["status"] in ("queued", "running"):
        time.sleep(5)
    minutes = (time.time() - start) / 60
    result = {"dataset": name, "status": st["status"], "error": st["error"], "minutes": round(minutes, 2),
              "estimated_minutes": rec["estimated_minutes"], "config": rec["config"]}
    if st["status"] == "completed":
        m = json.loads((Path(run["run_dir"]) / "metrics.json").read_text())
        result.update(
            accuracy=m["metrics"]["accuracy"], f1_macro=m["metrics"]["f1_macro"], validation_examples=m["metrics"]["n"],
            tfidf_accuracy=m["baseline"]["tfidf_logreg"]["accuracy"], majority_accuracy=m["baseline"]["majority"]["accuracy"],
            beats_tfidf=m["metrics"]["accuracy"] > m["baseline"]["tfidf_logreg"]["accuracy"], train=m["train"],
            reload_check=m.get("reload_check"), paired=paired_with_tfidf(Path(run["run_dir"])))
    print(json.dumps({k: v for k, v in result.items() if k != "config"}), flush=True)
    return result


def paired_with_tfidf(run_dir: Path) -> dict:
    """Model against TF-IDF on the same validation examples: where each is right alone, and McNemar's
    exact test (is the model's lead more than chance on this many examples?)."""
    import csv

    from tools.baselines import tfidf_predictions
    from tools.compare import mcnemar_exact
    from tools.config import TrainConfig
    from tools.prepare import load_examples

    data = load_examples(TrainConfig.load(run_dir / "config.json"))
    names = data.labels
    tfidf = tfidf_predictions([r["text"] for r in data.train], [names[r["label"]] for r in data.train],
                              [r["text"] for r in data.validation], data.language)
    with open(run_dir / "predictions.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    truth = [names[r["label"]] for r in data.validation]
    assert [r["label"] for r in rows] == truth[:len(rows)], "predictions.csv is not in validation order"
    model_right = [r["correct"] == "True" for r in rows]
    tfidf_right = [t == y for t, y in zip(tfidf, truth)]
    model_only, tfidf_only, p = mcnemar_exact(model_right, tfidf_right)
    return {"examples": len(rows), "tfidf_accuracy": round(sum(tfidf_right) / len(rows), 4),
            "model_right_tfidf_wrong": model_only, "tfidf_right_model_wrong": tfidf_only,
            "mcnemar_p": round(float(p), 4)}


def loop_comparison(steps: int = 30, batch: int = 16, length: int = 32) -> dict:
    """examples/s of a bare PyTorch loop vs the project's Trainer setup, same model, batch and length."""
    import torch
    from datasets import Dataset
    from transformers import AutoModelForSequenceClassification, DataCollatorWithPadding, Trainer

    from tools.callbacks import CheckpointMarker, ProgressCallback, RunStatus, StopControl
    from tools.config import TrainConfig
    from tools.modeling import load_tokenizer_for, optimizer_groups
    from tools.models import MINILM, resolve_model_path
    from tools.train import _training_args

    path = resolve_model_path(MINILM)
    tok = load_tokenizer_for(path)
    n = steps * batch
    g = torch.Generator().manual_seed(0)
    ids = torch.randint(1000, 20000, (n, length), generator=g)
    labels = torch.randint(0, 2, (n,), generator=g)

    def fresh():
        torch.manual_seed(0)
        return AutoModelForSequenceClassification.from_pretrained(path, num_labels=2)

    # Bare loop: forward, backward, clip, AdamW step, zero_grad.
    model = fresh()
    model.train()
    opt = torch.optim.AdamW(model.parameters(), lr=1e-4)
    start = time.perf_counter()
    for i in range(0, n, batch):
        out = model(input_ids=ids[i:i + batch], attention_mask=torch.ones_like(ids[i:i + batch]),
                    labels=labels[i:i + batch])
        out.loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        opt.zero_grad(set_to_none=True)
    bare = n / (time.perf_counter() - start)

    # The project's loop: the same Trainer arguments, callbacks and optimizer as tools/train.py.
    with tempfile.TemporaryDirectory() as tmp:
        run_dir = Path(tmp)
        cfg = TrainConfig(dataset_path="unused.csv", method="full", learning_rate=1e-4, epochs=1,
                          batch_size=batch, logging_steps=10, save_steps=10_000, max_length=length)
        ds = Dataset.from_dict({"input_ids": ids.tolist(), "attention_mask": [[1] * length] * n,
                                "labels": labels.tolist()})
        model = fresh()
        args = _training_args(cfg, run_dir, steps)
        args.disable_tqdm = True
        trainer = Trainer(model=model, args=args, train_dataset=ds, data_collator=DataCollatorWithPadding(tok),
                          optimizers=(torch.optim.AdamW(optimizer_groups(model, cfg), lr=1e-4), None),
                          callbacks=[ProgressCallback(run_dir, RunStatus(run_dir), batch), StopControl(run_dir, cfg),
                                     CheckpointMarker(run_dir)])
        start = time.perf_counter()
        trainer.train()
        ours = n / (time.perf_counter() - start)
    return {"model": MINILM, "batch": batch, "length": length, "steps": steps,
            "bare_examples_per_s": round(bare, 2), "project_examples_per_s": round(ours, 2),
            "ratio": round(ours / bare, 3)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", default="sst2,nsmc,trec")
    parser.add_argument("--skip-loop", action="store_true")
    args = parser.parse_args()
    if not DATA.is_dir():
        sys.exit(f"{DATA} not found: the benchmark needs ../shared/data")
    previous = json.loads(OUT.read_text()) if OUT.is_file() else {}
    results = {r["dataset"]: r for r in previous.get("runs", [])}
    with tempfile.TemporaryDirectory() as runs_dir:
        for name in args.only.split(","):
            results[name] = quality_run(name, Path(runs_dir))
    summary = {"cpu_cores": len(os.sched_getaffinity(0)), "runs": list(results.values())}
    summary["loop"] = previous.get("loop") if args.skip_loop else loop_comparison()
    if summary["loop"]:
        print(json.dumps(summary["loop"]), flush=True)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
