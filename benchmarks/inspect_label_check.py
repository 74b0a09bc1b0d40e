"""What the data report's quick label check (tools/label_issues.quick_count) adds to inspect_dataset.

For SST-2 and NSMC (8k rows each), in one process: inspect_dataset with the check switched off
(QUICK_ROWS = 0) and on, the measurement memo cleared before each call, best of REPEATS each; and the
quick count next to what find_label_issues' full TF-IDF path flags (the encoder left out).

    nice -n 15 python benchmarks/inspect_label_check.py
Writes benchmarks/results/inspect_label_check.json.
"""
from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
DATA = ROOT.parent / "shared" / "data"
FILES = {"sst2": "sst2_train_8k.csv", "nsmc": "nsmc_train_8k.csv"}
REPEATS = 2
OUT = ROOT / "benchmarks" / "results" / "inspect_label_check.json"


def timed_inspect(path: Path, quick_rows: int) -> tuple[float, dict]:
    from tools import inspection

    best, result = float("inf"), None
    for _ in range(REPEATS):
        inspection._measure.cache_clear()
        inspection.QUICK_ROWS = quick_rows
        start = time.perf_counter()
        result = inspection.inspect_dataset(str(path))
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> None:
    import cleanlab.filter  # noqa: F401  (imported once up front: both timings see it loaded)

    from tools import label_issues

    out = {}
    for name, file in FILES.items():
        path = DATA / file
        off, _ = timed_inspect(path, 0)
        on, report = timed_inspect(path, label_issues.QUICK_ROWS)
        found = next((i for i in report["issues"] if i["kind"] == "label_issues"), None)
        out[name] = {"rows": report["rows"], "inspect_seconds_without": round(off, 2), "inspect_seconds_with": round(on, 2),
                     "added_seconds": round(on - off, 2), "ratio": round(on / off, 2),
                     "quick_count": found["count"] if found else 0, "message": found["message"] if found else None}
        print(name, out[name], flush=True)
    out["machine"] = f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.1f} (shared; other jobs were running)"
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(out, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
