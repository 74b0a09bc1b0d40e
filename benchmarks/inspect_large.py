"""Upload to training on a ~1 GB CSV: how often the file is read, before and after issue 12.1.

Writes a CSV of English and Korean review-like sentences (text,label) with planted exact
duplicates, then walks the app's path on it in a fresh process per code tree: upload
(inspect_dataset), Recommend (recommend_settings), the two dry runs of the confirmation gate
and the settings form (start_training dry_run=True), and Start (start_training). The run it
starts is cancelled at once and the training child's data loading (prepare.load_examples on
the config.json Start wrote, which the child runs before its first step) is timed in a fresh
process of its own. With --baseline TREE (e.g. `git worktree add /tmp/before <commit>`) the
same walk runs on that tree first, and the result holds both totals and their ratio; both
are measured by this script on the same file, one after the other. Writes
benchmarks/results/inspect_large.json; the CSV is deleted afterwards unless --keep.

    python benchmarks/inspect_large.py [--baseline /tmp/before] [--gb 1.0] [--dir /tmp] [--keep]
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

EN = ("the movie film story plot acting actor actress director music score scene ending cast script camera "
      "was is felt seemed really truly quite very rather not never always great good bad awful boring brilliant "
      "funny sad slow fast beautiful ugly clever stupid moving dull fresh stale and but so with without a an "
      "of in on for to i we they it this that").split()
KO = ("영화 정말 너무 진짜 완전 배우 연기 스토리 음악 결말 감독 장면 재미있다 재미없다 최고 최악 지루하다 감동 "
      "웃기다 슬프다 별로 추천 시간 낭비 다시 보고 싶다 그냥 그래도 역시 생각 보다 좋았다 아쉽다 ㅋㅋ ㅠㅠ").split()
LABELS = np.array(["positive", "negative", "neutral"])


def _pool(rng: np.random.Generator, words: list[str], n: int, lo: int, hi: int) -> np.ndarray:
    """n random sentences of lo..hi words (a few repeat by chance; rows join two, so rows rarely do)."""
    w = np.array(words, dtype=object)
    lengths = rng.integers(lo, hi, n)
    return np.array([" ".join(w[rng.integers(0, len(w), k)]) for k in lengths], dtype=object)


def generate(path: Path, target_bytes: int, seed: int = 0) -> dict:
    """Write the CSV in 200k-row chunks; 2% of rows are exact copies of 2,000 fixed rows."""
    rng = np.random.default_rng(seed)
    pool = np.concatenate([_pool(rng, EN, 120_000, 4, 18), _pool(rng, KO, 80_000, 3, 12)])
    dup_texts = pool[rng.integers(0, len(pool), 2000)] + " (again)"
    dup_labels = LABELS[rng.integers(0, 3, 2000)]
    written, rows, chunk = 0, 0, 200_000
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("text,label\n")
        while written < target_bytes:
            a, b = rng.integers(0, len(pool), chunk), rng.integers(0, len(pool), chunk)
            text = pool[a] + ", " + pool[b]
            label = LABELS[rng.choice(3, chunk, p=[0.55, 0.35, 0.10])]
            dup = rng.random(chunk) < 0.02
            pick = rng.integers(0, 2000, int(dup.sum()))
            text[dup], label[dup] = dup_texts[pick], dup_labels[pick]
            block = pd.DataFrame({"text": text, "label": label}).to_csv(index=False, header=False)
            f.write(block)
            written += len(block.encode())
            rows += chunk
    return {"rows_written": rows, "file_bytes": path.stat().st_size}


APP = r"""
import json, sys, time
from pathlib import Path
t0 = time.time()
from tools.inspection import inspect_dataset
from tools.recommend import recommend_settings
from tools.runner import cancel_training, start_training
steps, path = {"import": time.time() - t0}, sys.argv[1]

def step(name, fn, *args, **kwargs):
    t = time.time()
    out = fn(*args, **kwargs)
    steps[name] = time.time() - t
    return out

report = step("upload", inspect_dataset, path)
rec = step("recommend", recommend_settings, path)
step("dry_run_confirm", start_training, path, dry_run=True)
step("dry_run_form", start_training, path, dry_run=True, epochs=rec["epochs"] + 1)  # the form changed a setting
run = step("start", start_training, path)
cancel_training(run["run_id"])  # the child's data loading is timed on its own below
hwm = next(int(l.split()[1]) for l in Path("/proc/self/status").read_text().splitlines() if l.startswith("VmHWM:"))
print(json.dumps({"steps": steps, "peak_rss_mb": hwm / 1024, "run_dir": run["run_dir"], "report": report}))
"""

TRAIN_CHILD = r"""
import json, sys, time
t0 = time.time()
from tools import prepare
from tools.config import TrainConfig
data = prepare.load_examples(TrainConfig.load(sys.argv[1]))
print(json.dumps({"seconds": time.time() - t0, "train": len(data.train), "validation": len(data.validation)}))
"""


def _python(tree: Path, code: str, *args: str, env: dict) -> dict:
    proc = subprocess.run([sys.executable, "-c", code, *args], cwd=tree, capture_output=True, text=True,
                          env={**env, "PYTHONPATH": str(tree)})
    if proc.returncode:
        sys.exit(f"{tree}: failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def walk(tree: Path, path: Path, runs: Path) -> dict:
    """Upload → recommend → two dry runs → start, then the training child's data loading; seconds per step."""
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "FINETUNE_ASSISTANT_RUNS": str(runs)}
    load = os.getloadavg()[0]
    app = _python(tree, APP, str(path), env=env)
    child = _python(tree, TRAIN_CHILD, str(Path(app["run_dir"]) / "config.json"), env=env)
    steps = {k: round(v, 1) for k, v in app["steps"].items() if k != "import"}
    steps["training_child_reads_data"] = round(child["seconds"], 1)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=tree, capture_output=True, text=True)
    return {"tree": str(tree), "commit": commit.stdout.strip() or None, "steps_seconds": steps,
            "total_seconds": round(sum(steps.values()), 1), "app_peak_rss_mb": round(app["peak_rss_mb"]),
            "load_average_before": round(load, 1), "report": app["report"],
            "training_examples": {"train": child["train"], "validation": child["validation"]}}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--baseline", default=None, help="a checkout of the code before the change, walked first")
    ap.add_argument("--gb", type=float, default=1.0, help="size of the generated CSV in GB (10^9 bytes)")
    ap.add_argument("--dir", default=None, help="where to write the CSV (default: a temporary directory)")
    ap.add_argument("--keep", action="store_true", help="keep the generated CSV")
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "inspect_large.json"))
    args = ap.parse_args()

    tmp = Path(args.dir or tempfile.mkdtemp(prefix="inspect_large-"))
    path = tmp / "large_reviews.csv"
    walks = {}
    try:
        if path.exists():
            gen = {"file_bytes": path.stat().st_size, "generate_seconds": 0.0}
        else:
            start = time.time()
            gen = generate(path, int(args.gb * 1e9))
            gen["generate_seconds"] = round(time.time() - start, 1)
        print(f"generated {path} ({gen['file_bytes'] / 1e9:.2f} GB) in {gen['generate_seconds']} s", flush=True)
        trees = ([("before", Path(args.baseline).resolve())] if args.baseline else []) + [("after", ROOT)]
        for name, tree in trees:
            with tempfile.TemporaryDirectory(prefix="inspect_large-runs-") as runs:
                walks[name] = walk(tree, path, Path(runs))
            print(name, json.dumps(walks[name]["steps_seconds"]), walks[name]["total_seconds"], "s", flush=True)
    finally:
        if not args.keep:
            path.unlink(missing_ok=True)
            if not args.dir:
                tmp.rmdir()
    r = walks["after"].pop("report")
    for w in walks.values():
        w.pop("report", None)
    out = {
        "file_bytes": gen["file_bytes"], "rows": r["rows"],
        "upload_to_training_data_seconds": {name: w["total_seconds"] for name, w in walks.items()},
        "speedup": round(walks["before"]["total_seconds"] / walks["after"]["total_seconds"], 2)
        if "before" in walks else None,
        "walks": walks,
        "sampled": r["sampled"], "sample_note": r["sample_note"], "generate_seconds": gen["generate_seconds"],
        "task": r["task"], "language": r["language"], "labels": r["labels"], "token_lengths": r["token_lengths"],
        "issues": {i["kind"]: i["count"] for i in r["issues"]},
        "planted": "2% of rows copy one of 2,000 fixed (text, label) rows; the rest join two random sentences",
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "pandas": pd.__version__},
        "note": "one walk after the other on a shared machine; load_average_before is the 1-minute load when a walk "
                "began",
        "date": time.strftime("%Y-%m-%d"),
    }
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(out, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps(out, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
