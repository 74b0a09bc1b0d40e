"""Chat latency of the local LLM: load, first token, decoding speed, time to a routing decision.

    python benchmarks/chat_latency.py [--cold] [--out benchmarks/results/chat_latency.json]

For fp32 and dynamic int8 (CPU), each in a fresh process so neither warms the other:
- warm load: seconds to load the model from the safetensors cache (int8: the quantized copy
  cached beside it; "first_load_s" is the same process's first load, which may build that copy);
- time to first token and decode tokens/s: greedy, a fixed prose prompt, 128 new tokens, 3 runs;
- time to a routing decision: the full agent (router, then the model only when the router is
  unsure; system prompt, tools, a CSV uploaded) on a set of messages in English and Korean, from
  the message to the first tool call or answer text; `llm_chose` says whether the model was asked.
--cold also measures the first conversion of the embedded GGUF into a fresh, temporary cache.
Targets here: warm load ≤ 5 s, int8 decode ≥ 2x fp32, median time to a routing decision ≤ 1.5 s.
"""
from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# Routing messages of our own (not the evaluation cases), with the file each one needs uploaded.
ROUTING = [
    ("What does the LoRA rank control?", False), ("Do I have enough GPU memory to fine-tune?", False),
    ("Inspect reviews.csv", True), ("Recommend training settings for reviews.csv", True),
    ("How is my training going?", False), ("Hi there!", False),
    ("배치 크기는 어떻게 정하나요?", False), ("reviews.csv 파일 확인해 줘", True),
]
PROSE = [{"role": "user", "content": "Explain in one paragraph why LoRA fine-tuning needs less memory than full "
                                     "fine-tuning."}]


@dataclass
class BenchConfig:
    out: str = str(ROOT / "benchmarks" / "results" / "chat_latency.json")
    cold: bool = False
    decode_tokens: int = 128
    repeats: int = 3

    def __post_init__(self):
        if self.decode_tokens < 16 or self.repeats < 1:
            raise ValueError("decode_tokens must be >= 16 and repeats >= 1. Fix: use the defaults (128, 3).")


def _reviews_csv(folder: Path) -> None:
    rows = ["text,label"] + [f"{w} movie, {'loved' if i % 2 else 'hated'} it,{i % 2}"
                             for i, w in enumerate(["a great", "a dull", "an odd", "a fine"] * 50)]
    (folder / "reviews.csv").write_text("\n".join(rows) + "\n")


def run_variant(quantize: str, cfg: BenchConfig) -> dict:
    """One variant, in this process: load, decode, routing."""
    import torch  # noqa: F401  (imported before timing the load: it is not part of it)
    import transformers  # noqa: F401

    from assistant import llm as llm_module
    from assistant.agent import Agent, prompt_size
    from assistant.events import TextDelta, ToolCall
    from assistant.session import ChatSession
    from assistant.workspace import Workspace

    start = time.perf_counter()
    llm = llm_module.load(llm_module.LLMConfig(quantize=quantize))
    first_load = time.perf_counter() - start  # int8: quantizes and caches the result when the cache is new
    del llm
    gc.collect()
    start = time.perf_counter()
    llm = llm_module.load(llm_module.LLMConfig(quantize=quantize))
    warm_load = time.perf_counter() - start
    ttft, tps = [], []
    for _ in range(cfg.repeats + 1):  # the first run warms the kernels and is dropped
        llm.complete(PROSE, max_new_tokens=cfg.decode_tokens)
        ttft.append(llm.last_stats.first_token_s)
        tps.append(llm.last_stats.decode_tokens_per_s)
    ttft, tps = ttft[1:], tps[1:]
    agent = Agent(llm)
    from assistant import router

    router.shared().decide("warm-up", {"file": False})  # the app loads the router at start, beside the model
    routing = []
    with tempfile.TemporaryDirectory() as tmp:
        _reviews_csv(Path(tmp))
        for message, needs_file in ROUTING:
            session = ChatSession(workspace=Workspace(tmp, ["reviews.csv"] if needs_file else []), dry_run=True)
            t0, decided, first = time.perf_counter(), None, None
            for event in agent.run(session, message):
                if decided is None and isinstance(event, (ToolCall, TextDelta)):
                    decided = time.perf_counter() - t0
                    first = event.name if isinstance(event, ToolCall) else "text"
                    break  # only the decision is timed; closing the run stops the generation
            with llm.lock:  # wait until that generation has really stopped before the next message
                pass
            routing.append({"message": message, "seconds": round(decided or float("nan"), 2), "first": first,
                            "router_sure": session.route_tools is not None and not session.route_reply
                                          and len(session.route_tools) == 1})
        prompt_tokens = prompt_size(llm, ChatSession(workspace=Workspace(tmp, ["reviews.csv"])))
    return {"precision": llm.precision, "first_load_s": round(first_load, 2), "warm_load_s": round(warm_load, 2),
            "time_to_first_token_s": round(statistics.median(ttft), 3),
            "decode_tokens_per_s": round(statistics.median(tps), 2),
            "prompt_tokens_with_tools": prompt_tokens,
            "routing": routing, "routing_median_s": round(statistics.median(r["seconds"] for r in routing), 2)}


def cold_load() -> dict:
    """Convert the embedded GGUF into an empty cache, in a child process (the real first start)."""
    code = ("import time; t=time.perf_counter(); from tools.models import embedded_model_dir, QWEN; "
            "embedded_model_dir(QWEN); print(time.perf_counter()-t)")
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "FINETUNE_ASSISTANT_CACHE": cache, "PYTHONPATH": str(ROOT)}
        out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return {"cold_conversion_s": round(float(out.stdout.strip().splitlines()[-1]), 1)}


def main(cfg: BenchConfig) -> dict:
    from tools.models import QWEN, embedded_model_dir

    embedded_model_dir(QWEN)  # the warm numbers need the cache; it is made once here if missing
    result = {"model": QWEN, "machine": {"cpu_count": os.cpu_count(), "platform": platform.platform(),
                                         "python": platform.python_version()},
              "decode_tokens": cfg.decode_tokens, "repeats": cfg.repeats, "variants": {}}
    for name, quantize in (("fp32", "none"), ("int8", "int8")):
        print(f"[chat_latency] {name} …", file=sys.stderr, flush=True)
        proc = subprocess.run([sys.executable, __file__, "--variant", quantize, "--decode-tokens",
                               str(cfg.decode_tokens), "--repeats", str(cfg.repeats)],
                              capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
        if proc.returncode:
            raise RuntimeError(f"{name} failed:\n{proc.stderr[-3000:]}")
        result["variants"][name] = json.loads(proc.stdout.strip().splitlines()[-1])
        print(json.dumps(result["variants"][name]), file=sys.stderr, flush=True)
    if cfg.cold:
        result.update(cold_load())
    fp32, int8 = result["variants"]["fp32"], result["variants"]["int8"]
    speedup = int8["decode_tokens_per_s"] / fp32["decode_tokens_per_s"]
    result["int8_decode_speedup"] = round(speedup, 2)
    result["targets"] = {"warm_load_le_5s": int8["warm_load_s"] <= 5.0, "int8_decode_ge_2x": speedup >= 2.0,
                         "routing_median_le_1_5s": int8["routing_median_s"] <= 1.5}
    Path(cfg.out).write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n")
    print(json.dumps({k: v for k, v in result.items() if k != "variants"}, indent=1))
    return result


if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--out", default=BenchConfig.out)
    p.add_argument("--cold", action="store_true", help="also time the first GGUF conversion (about 2 minutes)")
    p.add_argument("--decode-tokens", type=int, default=128)
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--variant", choices=["none", "int8"], help=argparse.SUPPRESS)  # internal: one child run
    a = p.parse_args()
    bench = BenchConfig(a.out, a.cold, a.decode_tokens, a.repeats)
    if a.variant:
        print(json.dumps(run_variant(a.variant, bench), ensure_ascii=False))
    else:
        main(bench)
