"""export_model(format="onnx") on a trained MiniLM run: agreement with PyTorch and the speed ratio.

Exports with the optimum-onnx exporter (tools/export_onnx.py), then times, in this one process,
onnxruntime and the merged PyTorch model over the same validation texts and batches (tokenisation
included in both). Agreement is the share of the run's validation predictions (predictions.csv) that
the ONNX model repeats. Writes benchmarks/results/export_onnx.json.

    python benchmarks/export_onnx.py --run_id RUN [--runs /tmp/bench-runs] [--repeats 3]
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--run_id")
    parser.add_argument("--runs", help="runs folder (FINETUNE_ASSISTANT_RUNS)")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    if args.runs:
        os.environ["FINETUNE_ASSISTANT_RUNS"] = args.runs
    import torch
    from transformers import AutoModelForSequenceClassification

    from tools.config import TrainConfig
    from tools.export import export_model, validation_rows
    from tools.export_onnx import onnx_predict, ort_session
    from tools.modeling import load_tokenizer_for
    from tools.predict import predict_with
    from tools.runs import find_run, read_json

    run_dir = find_run(args.run_id, completed=args.run_id is None)
    merged = export_model(run_dir.name, format="merged")
    onnx = export_model(run_dir.name, format="onnx")
    cfg = TrainConfig.load(run_dir / "config.json")
    labels = read_json(run_dir / "labels.json")["labels"]
    texts, _ = validation_rows(run_dir)
    session = ort_session(Path(onnx["path"]) / "model.onnx")
    tokenizer = load_tokenizer_for(onnx["path"])
    model = AutoModelForSequenceClassification.from_pretrained(merged["path"]).eval()

    def best(fn) -> float:
        fn()  # warm-up
        times = []
        for _ in range(args.repeats):
            start = time.time()
            fn()
            times.append(time.time() - start)
        return min(times)

    batch = 32
    onnx_s = best(lambda: onnx_predict(session, tokenizer, texts, labels, cfg.max_length, cfg.text_template, batch))
    torch_s = best(lambda: predict_with(model, tokenizer, texts, labels, cfg.max_length, cfg.text_template, "fp32",
                                        batch_size=batch))
    result = {
        "what": "optimum-onnx export of a MiniLM LoRA classifier (merged), onnxruntime vs PyTorch on the validation rows",
        "run_id": run_dir.name, "base_model": cfg.base_model, "examples": len(texts), "batch": batch,
        "agreement_onnx_vs_run_predictions": onnx["agreement"], "verified": onnx["verified"],
        "agreement_merged_vs_run_predictions": merged["agreement"],
        "export_seconds": onnx["export_seconds"],
        "onnxruntime_s": round(onnx_s, 3), "pytorch_s": round(torch_s, 3),
        "speedup_onnx_over_pytorch": round(torch_s / onnx_s, 2),
        "onnx_mb": round((Path(onnx["path"]) / "model.onnx").stat().st_size / 2**20, 1),
        "threads": torch.get_num_threads(),
    }
    dest = ROOT / "benchmarks" / "results" / "export_onnx.json"
    dest.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
