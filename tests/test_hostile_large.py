"""The two big hostile files: a 1 GB CSV (inspect_dataset only: it streams, in bounded memory) and a
CSV of 1,000,000 rows (through inspect, recommend and a start_training dry run). Slow: about 45 s
and 10 s on 2 cores (13 M rows, peak RSS 0.6 GB). Each file is written by repeating a chunk, and deleted afterwards."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import hostile

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[1]
PEAK_RSS_LIMIT_MB = 2500  # measured 1.35 GB for 8.2 M rows (benchmarks/inspect_large.py); hashes are 8 B/row
ONE_GB = 1 << 30

# Runs in a fresh interpreter and reads its VmHWM (peak RSS of its own address space). Not ru_maxrss:
# Linux carries that across fork and exec, so the child would report the test session's size.
_CHILD = """
import json, re, sys, time
from pathlib import Path
from tools.inspection import inspect_dataset
start = time.time()
r = inspect_dataset(sys.argv[1])
hwm = int(re.search(r"VmHWM:\\s+(\\d+) kB", Path("/proc/self/status").read_text()).group(1))
print(json.dumps({"rows": r["rows"], "labels": r["labels"], "sampled": r["sampled"], "seconds": time.time() - start,
                  "issues": {i["kind"]: i["count"] for i in r["issues"]}, "peak_rss_mb": hwm / 1024}))
"""


def test_one_gigabyte_csv_is_inspected_in_bounded_memory(tmp_path):
    if not Path("/proc/self/status").is_file():
        pytest.skip("peak memory is read from /proc (Linux)")
    if shutil.disk_usage(tmp_path).free < 3 * ONE_GB:
        pytest.skip("needs 3 GB free in the temporary folder")
    path = hostile.big_csv(tmp_path / "big.csv", ONE_GB)
    try:
        size = path.stat().st_size
        with open(path, "rb") as f:
            rows = sum(block.count(b"\n") for block in iter(lambda: f.read(64 << 20), b"")) - 1
        p = subprocess.run([sys.executable, "-c", _CHILD, str(path)], capture_output=True, text=True, timeout=600,
                           cwd=str(tmp_path), env={**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1"})
        assert p.returncode == 0, p.stderr[-3000:]
        r = json.loads(p.stdout.strip().splitlines()[-1])
    finally:
        path.unlink(missing_ok=True)
    assert size >= ONE_GB and r["rows"] == rows and rows % 1000 == 0  # whole repeats of the 1,000-row chunk
    assert r["labels"] == {"neg": rows // 2, "pos": rows // 2}
    assert r["issues"]["exact_duplicates"] == rows - 1000  # 1,000 distinct reviews, repeated
    assert r["sampled"] is True  # token lengths from a sample, every count exact
    assert r["peak_rss_mb"] < PEAK_RSS_LIMIT_MB, r
    print(f"\n1 GB CSV: {rows:,} rows in {r['seconds']:.0f} s, peak RSS {r['peak_rss_mb']:.0f} MB")


def test_a_million_rows(tmp_path, monkeypatch):
    from tools.inspection import inspect_dataset
    from tools.runner import start_training

    monkeypatch.setenv("FINETUNE_ASSISTANT_RUNS", str(tmp_path / "runs"))
    path = hostile.million_rows(tmp_path / "million.csv")
    report = inspect_dataset(str(path))
    assert report["rows"] == 1_000_000 and report["labels"] == {"neg": 500_000, "pos": 500_000}
    assert not [i for i in report["issues"] if i["kind"] == "exact_duplicates"]
    run = start_training(str(path), dry_run=True)
    # on a CPU the recommendation budgets the examples so the run ends in minutes, not days
    cfg = run["config"]
    assert run["status"] == "dry_run" and (cfg["max_train_examples"] or 10**9) < 1_000_000
    assert not (tmp_path / "runs").exists() or not any((tmp_path / "runs").iterdir())
