"""Does augment_dataset help a small file? 200 examples of SST-2 and of NSMC, with and without.

For each file: 200 training rows and 500 validation rows, drawn seeded and stratified, disjoint.
Run A trains on the 200 rows with the settings recommend_settings gives for them on this machine;
run B trains on augment_dataset's file (the 200 rows plus 2 edited copies of each) with exactly A's
settings. Both score the same 500 validation rows (validation_path), so compare_runs pairs them
(McNemar). Every run also reports the TF-IDF + logistic regression baseline trained on its own
training file, which shows the same question for the classical model at no extra cost.
Runs go through the product path (start_training -> child process), one at a time.

Measured so far: SST-2 only (benchmarks/results/augmentation.json, 29 min on the loaded shared machine).
NSMC's recommended base is Gemma 3 270M: its first run projected 77 minutes (load 9) and was stopped;
run `--only nsmc` on a quieter machine.

    nice -n 15 python benchmarks/augmentation.py [--only sst2,nsmc]
Writes benchmarks/results/augmentation.json.
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
DATASETS = {"sst2": "sst2_train_8k.csv", "nsmc": "nsmc_train_8k.csv"}
TRAIN_ROWS, VALIDATION_ROWS, SEED, COPIES = 200, 500, 0, 2
OUT = ROOT / "benchmarks" / "results" / "augmentation.json"


def split_files(name: str, folder: Path) -> tuple[Path, Path]:
    import pandas as pd
    from sklearn.model_selection import train_test_split

    df = pd.read_csv(DATA / DATASETS[name], dtype=str, keep_default_na=False)
    train, rest = train_test_split(df, train_size=TRAIN_ROWS, random_state=SEED, stratify=df["label"])
    val, _ = train_test_split(rest, train_size=VALIDATION_ROWS, random_state=SEED, stratify=rest["label"])
    paths = folder / f"{name}_train{TRAIN_ROWS}.csv", folder / f"{name}_val{VALIDATION_ROWS}.csv"
    train.to_csv(paths[0], index=False)
    val.to_csv(paths[1], index=False)
    return paths


def train(path: Path, validation: Path | None = None, settings: dict | None = None) -> dict:
    """One run through the product path, waited for; without `validation`, the tool's own seeded split."""
    from tools.runner import start_training, training_status
    from tools.runs import read_json

    start = time.time()
    extra = {"validation_path": str(validation)} if validation else {}
    run = start_training(str(path), **extra, **(settings or {}))
    while (st := training_status(run["run_id"]))["status"] in ("queued", "running"):
        time.sleep(5)
    if st["status"] != "completed":
        raise RuntimeError(f"run {run['run_id']} {st['status']}: {st.get('error')}")
    metrics = read_json(Path(run["run_dir"]) / "metrics.json")
    config = read_json(Path(run["run_dir"]) / "config.json")
    return {"run_id": run["run_id"], "minutes": round((time.time() - start) / 60, 1), "config": config,
            "accuracy": metrics["metrics"]["accuracy"], "f1_macro": metrics["metrics"].get("f1_macro"),
            "tfidf_accuracy": (metrics.get("baseline") or {}).get("tfidf_logreg", {}).get("accuracy")}


def measure(name: str, folder: Path) -> dict:
    from tools.augment import augment_dataset
    from tools.compare import compare_runs
    from tools.settings import user_settings

    train_path, val_path = split_files(name, folder)
    plain = train(train_path, val_path)
    aug = augment_dataset(str(train_path), copies=COPIES, seed=SEED)
    same = {**user_settings({"config": plain["config"]}), "seed": plain["config"]["seed"]}
    augmented = train(Path(aug["output_path"]), val_path, same)
    pair = compare_runs([plain["run_id"], augmented["run_id"]])["pairs"]
    keep = ("run_id", "minutes", "accuracy", "f1_macro", "tfidf_accuracy")
    return {"train_rows": TRAIN_ROWS, "validation_rows": VALIDATION_ROWS,
            "settings": same, "augment": {k: aug[k] for k in ("rows_out", "added", "operations", "synonym_words",
                                                               "seconds")},
            "without": {k: plain[k] for k in keep}, "with": {k: augmented[k] for k in keep},
            "accuracy_gain": round(augmented["accuracy"] - plain["accuracy"], 4),
            "tfidf_gain": (round(augmented["tfidf_accuracy"] - plain["tfidf_accuracy"], 4)
                           if plain["tfidf_accuracy"] is not None and augmented["tfidf_accuracy"] is not None else None),
            "mcnemar": pair[0] if pair else None}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", default=",".join(DATASETS))
    args = parser.parse_args()
    results = json.loads(OUT.read_text()) if OUT.exists() else {}
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["FINETUNE_ASSISTANT_RUNS"] = str(Path(tmp) / "runs")
        for name in args.only.split(","):
            t0 = time.time()
            results[name] = measure(name, Path(tmp))
            results[name]["total_minutes"] = round((time.time() - t0) / 60, 1)
            print(name, json.dumps(results[name], indent=1), flush=True)
            OUT.parent.mkdir(parents=True, exist_ok=True)
            results["machine"] = f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}"
            OUT.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
