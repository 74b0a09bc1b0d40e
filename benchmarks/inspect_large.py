"""inspect_dataset on a ~1 GB CSV: wall time and peak memory of the streaming path.

Writes a CSV of English and Korean review-like sentences (text,label) with planted exact
duplicates, inspects it in a fresh child process (so the peak RSS is the inspection's own,
read from VmHWM), and writes benchmarks/results/inspect_large.json. The generated file is
deleted afterwards unless --keep. Target: about a minute, peak RSS well under 2 GB.

    python benchmarks/inspect_large.py [--gb 1.0] [--dir /tmp] [--keep]
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


CHILD = r"""
import json, sys, time
from pathlib import Path
t0 = time.time()
from tools.inspection import inspect_dataset
t1 = time.time()
r = inspect_dataset(sys.argv[1])
t2 = time.time()
hwm = next(int(l.split()[1]) for l in Path("/proc/self/status").read_text().splitlines() if l.startswith("VmHWM:"))
print(json.dumps({"import_seconds": t1 - t0, "seconds": t2 - t1, "peak_rss_mb": hwm / 1024, "result": r}))
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gb", type=float, default=1.0, help="size of the generated CSV in GB (10^9 bytes)")
    ap.add_argument("--dir", default=None, help="where to write the CSV (default: a temporary directory)")
    ap.add_argument("--keep", action="store_true", help="keep the generated CSV")
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "inspect_large.json"))
    args = ap.parse_args()

    tmp = Path(args.dir or tempfile.mkdtemp(prefix="inspect_large-"))
    path = tmp / "large_reviews.csv"
    try:
        if path.exists():
            gen = {"file_bytes": path.stat().st_size, "generate_seconds": 0.0}
        else:
            start = time.time()
            gen = generate(path, int(args.gb * 1e9))
            gen["generate_seconds"] = round(time.time() - start, 1)
        print(f"generated {path} ({gen['file_bytes'] / 1e9:.2f} GB) in {gen['generate_seconds']} s", flush=True)
        proc = subprocess.run([sys.executable, "-c", CHILD, str(path)], cwd=ROOT, capture_output=True, text=True)
        if proc.returncode:
            sys.exit(f"inspection failed:\n{proc.stderr[-3000:]}")
        child = json.loads(proc.stdout.strip().splitlines()[-1])
    finally:
        if not args.keep:
            path.unlink(missing_ok=True)
            if not args.dir:
                tmp.rmdir()
    r = child["result"]
    out = {
        "file_bytes": gen["file_bytes"],
        "rows": r["rows"],
        "seconds": round(child["seconds"], 1),
        "peak_rss_mb": round(child["peak_rss_mb"]),
        "sampled": r["sampled"],
        "sample_note": r["sample_note"],
        "import_seconds": round(child["import_seconds"], 1),
        "generate_seconds": gen["generate_seconds"],
        "rows_per_second": round(r["rows"] / child["seconds"]),
        "mb_per_second": round(gen["file_bytes"] / 2**20 / child["seconds"], 1),
        "task": r["task"], "language": r["language"], "labels": r["labels"], "token_lengths": r["token_lengths"],
        "issues": {i["kind"]: i["count"] for i in r["issues"]},
        "planted": "2% of rows copy one of 2,000 fixed (text, label) rows; the rest join two random sentences",
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "pandas": pd.__version__},
        "date": time.strftime("%Y-%m-%d"),
    }
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(out, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps(out, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
