"""predict(path=...) on a 100k-row CSV with a trained MiniLM run: rows/s against a bare PyTorch loop, and memory.

The file repeats the SST-2 sentences of shared/data/sst2_train_8k.csv (with an id column) to --rows rows.
The baseline, in the same process with the same loaded model, is the loop one would write by hand: the
texts already in a list, tokenised and run through the model over exactly the same batches, nothing
read or written. Resident memory is sampled every 0.2 s while the file is labelled (start / middle /
end / peak). Without --run_id it trains a short MiniLM run first (1 epoch on 2,000 rows, ~3 min on a
laptop CPU). Writes benchmarks/results/predict_file.json.

    python benchmarks/predict_file.py [--rows 100000] [--run_id RUN] [--runs /tmp/bench-runs] [--chunk_rows N]

--chunk_rows (default: the tool's own 5,000) lets a shorter run on a loaded machine still cross several
chunks, so flat memory is seen across chunk boundaries.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

SST2 = ROOT.parent / "shared" / "data" / "sst2_train_8k.csv"


def train_short_run() -> str:
    from tools.runner import start_training, training_status

    run = start_training(str(SST2), max_train_examples=2000, epochs=1, max_eval_examples=800)
    while (st := training_status(run["run_id"]))["status"] not in ("completed", "failed", "cancelled"):
        time.sleep(5)
    if st["status"] != "completed":
        raise SystemExit(f"the benchmark run {run['run_id']} {st['status']}: {st.get('error')}")
    return run["run_id"]


class RssSampler(threading.Thread):
    def __init__(self):
        super().__init__(daemon=True)
        import psutil

        self.proc, self.samples, self.stop = psutil.Process(), [], threading.Event()

    def run(self):
        while not self.stop.is_set():
            self.samples.append((time.time(), self.proc.memory_info().rss / 2**20))
            time.sleep(0.2)

    def summary(self) -> dict:
        t0, t1 = self.samples[0][0], self.samples[-1][0]
        middle = min(self.samples, key=lambda s: abs(s[0] - (t0 + t1) / 2))
        every = max(1, len(self.samples) // 20)  # about 20 points over the run: flat or growing is visible
        return {"start": round(self.samples[0][1]), "middle": round(middle[1]), "end": round(self.samples[-1][1]),
                "peak": round(max(s[1] for s in self.samples)), "samples": len(self.samples),
                "series_s_mb": [[round(t - t0), round(mb)] for t, mb in self.samples[::every]]}


def bare_loop(model, tokenizer, texts: list[str], cfg, chunk: int, batch: int) -> float:
    """Seconds for tokenise + forward over the same batches predict_file uses (chunks, then batches), at the
    run's precision: a bf16 run is predicted under bf16 autocast by the tool, so the loop does the same
    (an fp32 loop would measure the precision, not the tool: 2.0x slower on this CPU)."""
    import torch

    half = {"bf16": torch.bfloat16, "fp16": torch.float16}.get(cfg.precision)
    start = time.time()
    for c in range(0, len(texts), chunk):
        part = texts[c:c + chunk]
        for i in range(0, len(part), batch):
            enc = tokenizer(part[i:i + batch], truncation=True, max_length=cfg.max_length, padding=True,
                            return_tensors="pt")
            with torch.no_grad(), torch.autocast("cpu", dtype=half, enabled=half is not None):
                model(**enc).logits.float().softmax(-1).max(-1)
    return time.time() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--run_id")
    parser.add_argument("--runs", help="runs folder (FINETUNE_ASSISTANT_RUNS)")
    parser.add_argument("--chunk_rows", type=int, help="rows per chunk (default: tools.predict_file.CHUNK_ROWS)")
    args = parser.parse_args()
    if args.runs:
        os.environ["FINETUNE_ASSISTANT_RUNS"] = args.runs
    import pandas as pd
    import torch

    import tools.predict as _  # noqa: F401
    from tools import predict_file as pf
    from tools.predict import predict
    from tools.runs import find_run

    predict_module = sys.modules["tools.predict"]
    if args.chunk_rows:
        pf.CHUNK_ROWS = args.chunk_rows
    run_id = args.run_id or train_short_run()
    run_dir = find_run(run_id)
    src = pd.read_csv(SST2, dtype=str, keep_default_na=False)
    reps = -(-args.rows // len(src))
    big = pd.concat([src] * reps, ignore_index=True).iloc[:args.rows]
    big.insert(0, "id", range(len(big)))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "sst2_100k.csv"
        big[["id", "text"]].to_csv(path, index=False)
        texts = big["text"].tolist()
        del big, src
        model, tokenizer, cfg = predict_module._loaded(str(run_dir))
        predict(texts[:64], run_id=run_id)  # warm-up: model loaded, first batches run
        bare_loop(model, tokenizer, texts[:256], cfg, pf.CHUNK_ROWS, pf.BATCH)
        sampler = RssSampler()
        sampler.start()
        time.sleep(0.3)
        out = predict(path=str(path), run_id=run_id)
        sampler.stop.set()
        sampler.join()
        bare_s = bare_loop(model, tokenizer, texts, cfg, pf.CHUNK_ROWS, pf.BATCH)
        out_bytes = Path(out["output_path"]).stat().st_size
    file_rps = out["rows"] / out["seconds"]
    bare_rps = len(texts) / bare_s
    result = {
        "what": "predict(path=...) on a CSV of SST-2 sentences vs a bare tokenise+forward loop over the same batches",
        "rows": out["rows"], "run_id": run_id, "base_model": cfg.base_model, "max_length": cfg.max_length,
        "precision": cfg.precision,
        "chunk_rows": pf.CHUNK_ROWS, "batch": pf.BATCH,
        "predict_file": {"seconds": out["seconds"], "rows_per_s": round(file_rps, 1)},
        "bare_loop": {"seconds": round(bare_s, 2), "rows_per_s": round(bare_rps, 1)},
        "ratio_to_bare_loop": round(file_rps / bare_rps, 3),
        "rss_mb_while_labelling": sampler.summary(),
        "output_mb": round(out_bytes / 2**20, 1),
        "machine": {"cpu": platform.processor() or platform.machine(), "threads": torch.get_num_threads(),
                    "cores": os.cpu_count()},
    }
    dest = ROOT / "benchmarks" / "results" / "predict_file.json"
    dest.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
