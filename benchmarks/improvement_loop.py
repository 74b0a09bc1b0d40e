"""The improvement loop, measured. Part 1 (here): does find_label_issues find labels flipped at random?

For SST-2 and NSMC (8k rows each) and noise rates 5% and 10%, a seeded random set of rows gets the
other label; find_label_issues runs on the noisy file through the product path (the CSV reader,
the column detection, the tool's own default threshold), and its flagged rows are scored against
the flipped ones: precision and recall. The first noise rate of each file embeds its texts (cold);
the second reuses the cached embeddings. Then each probability model (TF-IDF, encoder, their
average) is scored at the default filter and at the other operating points considered (cleanlab's
default filter alone, its frac_noise, and bounds on the given label's probability) plus the ranking
itself (precision among the top k, k = number flipped; average precision), and its accuracy
against the noisy and the clean labels.
`--cold-default` only records what the default does on each clean file with nothing cached
(seconds, whether the encoder ran or why not) on this machine as loaded now.

`--loop`: the whole cure on the 10%-noisy SST-2 file through the product path: train with the recommended
settings (run A), find_label_issues, clean_dataset dropping the flagged rows, tools/retrain.py's fair split
(A's surviving validation rows), retrain with A's settings (run B), compare_runs. Both runs are scored
against the CLEAN labels of the shared validation rows (the noisy file's validation labels are 10% wrong
too), with McNemar's exact test on those rows.
`--imbalance`: a 9:1 subset of SST-2 (3,600 positive, 400 negative rows, seeded): the recommended settings
(class_weights="balanced" when the report finds the imbalance) against the same settings without it; same
seed, so the same validation rows; macro F1, minority-class recall and McNemar.
Augmentation on 200 examples is benchmarks/augmentation.py.

    python benchmarks/improvement_loop.py [--only sst2,nsmc] [--cold-default] [--loop] [--imbalance]
Writes benchmarks/results/improvement_loop.json.
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
RATES = (0.05, 0.10)
SEED = 0
OUT = ROOT / "benchmarks" / "results" / "improvement_loop.json"
KEPT = ("run_id", "minutes", "accuracy", "f1_macro", "tfidf_accuracy")  # what a run reports here


def noisy_copy(name: str, rate: float, folder: Path):
    """(path of the noisy CSV, set of flipped row numbers, clean labels): a seeded share of rows relabelled."""
    import numpy as np
    import pandas as pd

    df = pd.read_csv(DATA / DATASETS[name], dtype=str, keep_default_na=False)
    clean = df["label"].tolist()
    classes = sorted(set(clean))
    rng = np.random.default_rng(SEED)
    flipped = rng.choice(len(df), size=round(rate * len(df)), replace=False)
    for i in flipped:  # another label, drawn at random (binary data: the other one)
        df.loc[i, "label"] = rng.choice([c for c in classes if c != clean[i]])
    path = folder / f"{name}_noise{int(rate * 100)}.csv"
    df.to_csv(path, index=False)
    return path, {int(i) for i in flipped}, clean


def score(flagged, truth: set[int]) -> dict:
    flagged = set(int(i) for i in flagged)
    hit = len(flagged & truth)
    p, r = hit / len(flagged) if flagged else 0.0, hit / len(truth)
    return {"flagged": len(flagged), "precision": round(p, 3), "recall": round(r, 3),
            "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0}


def operating_points(probs, y, truth: set[int]) -> dict:
    """The default filter and the alternatives considered, on one model's out-of-fold probabilities."""
    import cleanlab.filter
    import cleanlab.rank
    import numpy as np
    from sklearn.metrics import average_precision_score

    from tools.label_issues import FILTER_BY, GIVEN_LABEL_BOUND

    given = probs[np.arange(len(y)), y]
    is_flipped = np.isin(np.arange(len(y)), sorted(truth))
    quality = cleanlab.rank.get_label_quality_scores(y, probs)
    default = cleanlab.filter.find_label_issues(y, probs, filter_by=FILTER_BY)
    out = {"default": score(np.flatnonzero(default & (given < GIVEN_LABEL_BOUND)), truth),
           "accuracy_vs_noisy_labels": round(float((probs.argmax(1) == y).mean()), 4),
           "ranking": {"precision_at_k": round(float(is_flipped[np.argsort(quality)[:len(truth)]].mean()), 3),
                       "average_precision": round(float(average_precision_score(is_flipped, -quality)), 3)}}
    for frac in (1.0, 0.5, 0.3):
        found = cleanlab.filter.find_label_issues(y, probs, filter_by=FILTER_BY, frac_noise=frac)
        out[f"{FILTER_BY}, frac_noise={frac}"] = score(np.flatnonzero(found), truth)
    for bound in (0.35, 0.3, 0.25, 0.2):
        out[f"{FILTER_BY} and given-label probability < {bound}"] = score(np.flatnonzero(default & (given < bound)),
                                                                          truth)
    return out


def models_compared(path: Path, truth: set[int], clean: list[str]) -> dict:
    """TF-IDF, encoder and their average, each scored at the tool's default filter and the alternatives."""
    import numpy as np
    import pandas as pd

    from tools import label_models
    from tools.language import dataset_language

    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    classes = sorted(df["label"].unique())
    y = df["label"].map({c: i for i, c in enumerate(classes)}).to_numpy()
    y_clean = np.array([classes.index(c) for c in clean])
    texts = df["text"].tolist()
    start = time.perf_counter()
    tfidf = label_models.tfidf_probabilities(texts, y, dataset_language(texts))
    tfidf_s = time.perf_counter() - start
    start = time.perf_counter()
    encoder = label_models.encoder_probabilities(label_models.text_embeddings(texts), y)  # embeddings cached by now
    encoder_s = time.perf_counter() - start
    out = {}
    for name, probs in (("tfidf", tfidf), ("encoder", encoder), ("ensemble", (tfidf + encoder) / 2)):
        out[name] = operating_points(probs, y, truth)
        out[name]["accuracy_vs_clean_labels"] = round(float((probs.argmax(1) == y_clean).mean()), 4)
    out["tfidf"]["seconds"] = round(tfidf_s, 1)
    out["encoder"]["seconds_from_cached_embeddings"] = round(encoder_s, 1)
    return out


def label_noise(name: str, folder: Path) -> list[dict]:
    """Both noise rates of one dataset: the first call embeds the texts (cold), the second reuses them."""
    import pandas as pd

    from tools.label_issues import find_label_issues
    from tools.label_models import embedding_cache_path

    texts = pd.read_csv(DATA / DATASETS[name], dtype=str, keep_default_na=False)["text"].tolist()
    embedding_cache_path(texts).unlink(missing_ok=True)  # the first call below pays for the embedding
    results = []
    for rate in RATES:
        path, truth, clean = noisy_copy(name, rate, folder)
        start = time.perf_counter()
        r = find_label_issues(str(path))
        seconds = time.perf_counter() - start
        result = {"dataset": name, "noise_rate": rate, "flipped": len(truth), "rows": len(clean),
                  "seconds": round(seconds, 1), "embeddings": "cached" if results else "computed in this call",
                  "method": r["method"], "default": score([x["row"] for x in r["rows"]], truth), "meets_target": None}
        result["meets_target"] = result["default"]["precision"] >= 0.6 and result["default"]["recall"] >= 0.6
        print(json.dumps({k: result[k] for k in ("dataset", "noise_rate", "default", "seconds")}), flush=True)
        result["models"] = models_compared(path, truth, clean)
        print(json.dumps({m: v["default"] for m, v in result["models"].items()}), flush=True)
        results.append(result)
    return results


def cold_default(name: str) -> dict:
    """What the tool's default does on a file whose texts were never embedded, on this machine as loaded now."""
    import pandas as pd

    from tools.label_issues import EMBED_BUDGET_S, find_label_issues
    from tools.label_models import embedding_cache_path

    path = DATA / DATASETS[name]
    embedding_cache_path(pd.read_csv(path, dtype=str, keep_default_na=False)["text"].tolist()).unlink(missing_ok=True)
    start = time.perf_counter()
    r = find_label_issues(str(path))
    out = {"dataset": name, "file": path.name, "seconds": round(time.perf_counter() - start, 1),
           "encoder_used": r["encoder_used"], "note": r["note"], "embed_budget_s": EMBED_BUDGET_S,
           "load_average": [round(x, 1) for x in os.getloadavg()]}
    print(json.dumps(out), flush=True)
    return out


def _clean_scores(run_id: str, truth: dict[str, str]) -> tuple[list[str], list[bool]]:
    """(validation texts, right or not against the clean label) of a run, from its predictions.csv."""
    import csv

    from tools.cleaning import normalize_text
    from tools.runs import find_run

    with open(find_run(run_id) / "predictions.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    texts = [normalize_text(r["text"]) for r in rows]
    return texts, [r["predicted"] == truth[t] for r, t in zip(rows, texts)]


def loop(folder: Path) -> dict:
    """Train on the 10%-noisy SST-2 file, clean it with the found issues, retrain fairly, compare."""
    import pandas as pd

    from benchmarks.augmentation import train
    from tools.cleaning import clean_dataset, normalize_text
    from tools.compare import compare_runs, mcnemar_exact
    from tools.label_issues import find_label_issues
    from tools.retrain import fair_retrain

    path, truth_rows, clean = noisy_copy("sst2", 0.10, folder)
    texts = pd.read_csv(path, dtype=str, keep_default_na=False)["text"].map(normalize_text).tolist()
    clean_label: dict[str, str] = {}
    for t, c in zip(texts, clean):
        clean_label.setdefault(t, c)  # a text repeated with two clean labels: its first one (rare in SST-2)
    start = time.time()
    before = train(path)
    issues = find_label_issues(str(path))
    cleaned = clean_dataset(str(path), drop_label_issues=True)
    fair = fair_retrain(before["run_id"], cleaned["output_path"])
    after = train(Path(fair["dataset_path"]), None, fair["settings"])
    pair = compare_runs([before["run_id"], after["run_id"]])["pairs"]
    a_texts, a_right = _clean_scores(before["run_id"], clean_label)
    b_texts, b_right = _clean_scores(after["run_id"], clean_label)
    b_by_text = dict(zip(b_texts, b_right))
    shared = [(a, b_by_text[t]) for t, a in zip(a_texts, a_right) if t in b_by_text]
    a_only, b_only, p = mcnemar_exact([a for a, _ in shared], [b for _, b in shared])
    flagged = {x["row"] for x in issues["rows"]}
    return {
        "file": "sst2_train_8k.csv with 10% of labels flipped (seed 0)", "flipped": len(truth_rows),
        "found": {"flagged": len(flagged), **score(flagged, truth_rows), "method": issues["method"]},
        "cleaning": {k: cleaned[k] for k in ("rows_in", "rows_out", "dropped")},
        "fair_split": {k: fair[k] for k in ("train_rows", "validation_rows", "validation_lost")},
        "before": {k: before[k] for k in KEPT}, "after": {k: after[k] for k in KEPT},
        "on_clean_validation_labels": {
            "rows": len(shared), "before_accuracy": round(sum(a for a, _ in shared) / len(shared), 4),
            "after_accuracy": round(sum(b for _, b in shared) / len(shared), 4),
            "before_only_right": a_only, "after_only_right": b_only, "mcnemar_p": round(p, 4)},
        "compare_runs_pair_on_given_labels": pair[0] if pair else None,
        "total_minutes": round((time.time() - start) / 60, 1)}


def imbalance(folder: Path) -> dict:
    """A 9:1 SST-2 subset: the recommended class weighting against none, same settings and validation rows."""
    import pandas as pd

    from benchmarks.augmentation import train
    from tools.compare import compare_runs
    from tools.recommend import recommend_settings
    from tools.runs import find_run, read_json
    from tools.settings import user_settings

    df = pd.read_csv(DATA / DATASETS["sst2"], dtype=str, keep_default_na=False)
    subset = pd.concat([df[df["label"] == "1"].sample(3600, random_state=SEED),
                        df[df["label"] == "0"].sample(400, random_state=SEED)]).sample(frac=1, random_state=SEED)
    path = folder / "sst2_9to1.csv"
    subset.to_csv(path, index=False)
    rec = recommend_settings(str(path))
    start = time.time()
    weighted = train(path)
    same = {**user_settings({"config": weighted["config"]}), "seed": weighted["config"]["seed"],
            "class_weights": "none"}
    plain = train(path, None, same)

    def minority_recall(run_id):
        per_class = read_json(find_run(run_id) / "metrics.json")["metrics"]["per_class"]
        return per_class["0"]["recall"]

    pair = compare_runs([plain["run_id"], weighted["run_id"]])["pairs"]
    return {"file": "SST-2 3,600 positive + 400 negative rows (seed 0)",
            "recommended_class_weights": rec["config"].get("class_weights"),
            "reason": next((r for r in rec.get("reasons", []) if "balanced" in r or "class weight" in r.lower()), None),
            "weighted": {**{k: weighted[k] for k in KEPT}, "minority_recall": minority_recall(weighted["run_id"])},
            "unweighted": {**{k: plain[k] for k in KEPT}, "minority_recall": minority_recall(plain["run_id"])},
            "f1_macro_gain": round(weighted["f1_macro"] - plain["f1_macro"], 4),
            "mcnemar": pair[0] if pair else None, "total_minutes": round((time.time() - start) / 60, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", default=",".join(DATASETS), help="comma-separated: " + ", ".join(DATASETS))
    parser.add_argument("--cold-default", action="store_true",
                        help="only record what the default does on each file when nothing is cached (seconds, method)")
    parser.add_argument("--loop", action="store_true", help="only the train, clean, retrain, compare loop")
    parser.add_argument("--imbalance", action="store_true", help="only class weighting on a 9:1 subset")
    args = parser.parse_args()
    names = [n for n in args.only.split(",") if n]
    previous = json.loads(OUT.read_text()) if OUT.is_file() else {}
    if args.loop or args.imbalance:
        with tempfile.TemporaryDirectory() as tmp:
            os.environ["FINETUNE_ASSISTANT_RUNS"] = str(Path(tmp) / "runs")
            for flag, measure in (("loop", loop), ("imbalance", imbalance)):
                if getattr(args, flag):
                    previous[flag] = {**measure(Path(tmp)), "load_average_at_end": [round(x, 1) for x in os.getloadavg()]}
                    print(flag, json.dumps(previous[flag], indent=1, ensure_ascii=False), flush=True)
                    OUT.write_text(json.dumps(previous, indent=2, ensure_ascii=False) + "\n")
        previous.pop("not_measured", None)
        OUT.write_text(json.dumps(previous, indent=2, ensure_ascii=False) + "\n")
        print(f"wrote {OUT}")
        return
    if args.cold_default:
        previous["cold_default"] = [cold_default(n) for n in names]
        OUT.write_text(json.dumps(previous, indent=2, ensure_ascii=False) + "\n")
        print(f"wrote {OUT}")
        return
    with tempfile.TemporaryDirectory() as tmp:
        results = [r for n in names for r in label_noise(n, Path(tmp))]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    # --only reruns some datasets: the others keep their last results
    results = [r for r in previous.get("label_noise", []) if r["dataset"] not in names and "models" in r] + results
    report = {**{k: previous[k] for k in ("cold_default", "loop", "imbalance") if k in previous},
              "label_noise": results, "load_average_at_end": [round(x, 1) for x in os.getloadavg()],
              "cpu_cores": os.cpu_count(), "target": "precision and recall both >= 0.6 at the default threshold",
              "seed": SEED}
    OUT.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
