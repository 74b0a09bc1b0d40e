"""Load test of the web app: 8 people chatting at once with the real embedded chat model.

    python benchmarks/load_test.py [--clients 8] [--minutes 4] [--out benchmarks/results/load_test.json]

Starts the app on 127.0.0.1 in a child process (the same build() as app.py, with endpoints
callable by gradio_client; runs and uploads in a temporary folder), waits for the chat model,
then runs N separate gradio_client clients (one session each) for a bounded time: each uploads a
small CSV, then sends messages in English and Korean one after another (questions, inspect,
recommend). After a warm-up (every client has uploaded and had one answer) it chats for the given
time, records every turn's latency and error, and samples the server's memory (RSS of the app
process and its children) every 5 s; the clients finish their last turn, then the app stops.
Targets: zero errors; memory in the last minute within 10% of the first minute.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

MESSAGES = ["What does the LoRA rank control?", "Inspect reviews.csv", "How many epochs should I use?",
            "Recommend training settings for reviews.csv", "LoRA가 뭐예요?", "reviews.csv 파일 확인해 줘",
            "Is my data balanced?", "배치 크기는 어떻게 정하나요?"]


def serve(port: int) -> None:
    """The child: the app as app.py builds it, with the embedded model, endpoints open to gradio_client."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from app import limit_malloc_arenas
    from webui import ChatModel, build, launch_options

    limit_malloc_arenas()  # as app.py does

    from assistant.llm import LLMConfig

    model = ChatModel(config=LLMConfig()).start()
    demo = build(model, test_api=True)  # test_api: gradio_client may call the page's endpoints
    demo.queue(default_concurrency_limit=4).launch(server_name="127.0.0.1", server_port=port,
                                                   **launch_options())


def _reviews(folder: Path) -> Path:
    rows = ["text,label"] + [f"{w} movie number {i}, {'loved' if i % 2 else 'hated'} it,{i % 2}"
                             for i, w in enumerate(["a great", "a dull", "an odd", "a fine"] * 50)]
    path = folder / "reviews.csv"
    path.write_text("\n".join(rows) + "\n")
    return path


def _rss_mb(pid: int) -> float:
    import psutil

    try:
        proc = psutil.Process(pid)
        procs = [proc] + proc.children(recursive=True)
        return sum(p.memory_info().rss for p in procs if p.is_running()) / 2**20
    except psutil.Error:
        return float("nan")


def _client(url: str, data: Path, clock: dict, index: int, turns: list, errors: list) -> None:
    from gradio_client import Client, handle_file

    try:
        c = Client(url, verbose=False)
        c.predict({"text": "", "files": [handle_file(str(data))]}, "en", api_name="/chat")
    except Exception as e:  # noqa: BLE001 - every failure is a result here
        errors.append({"client": index, "message": "upload", "error": f"{type(e).__name__}: {e}"})
        return
    i = index
    while clock["stop_at"] is None or time.time() < clock["stop_at"]:
        text = MESSAGES[i % len(MESSAGES)]
        i += 1
        start = time.perf_counter()
        try:
            history, _ = c.predict({"text": text, "files": []}, "en", api_name="/chat")
            answer = history[-1]["content"]
            answer = " ".join(p.get("text", "") for p in answer) if isinstance(answer, list) else str(answer)
            if not answer.strip():
                raise ValueError("empty answer")
            turns.append({"client": index, "message": text, "seconds": round(time.perf_counter() - start, 2),
                          "at": round(time.time(), 1), "warmup": clock["t0"] is None})
        except Exception as e:  # noqa: BLE001
            errors.append({"client": index, "message": text, "error": f"{type(e).__name__}: {e}"[:500]})


def _pct(values: list[float], q: float) -> float | None:
    if not values:
        return None
    values = sorted(values)
    return round(values[min(len(values) - 1, int(round(q * (len(values) - 1))))], 2)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--clients", type=int, default=8)
    p.add_argument("--minutes", type=float, default=4.0, help="how long the clients chat (then it stops itself)")
    p.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "load_test.json"))
    p.add_argument("--serve", type=int, help=argparse.SUPPRESS)  # the child process's mode
    a = p.parse_args(argv)
    if a.serve:
        serve(a.serve)
        return 0
    if not (1 <= a.clients <= 64 and 0.5 <= a.minutes <= 30):
        print("error: use 1-64 clients and 0.5-30 minutes.", file=sys.stderr)
        return 2
    import socket
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}/"
    tmp = Path(tempfile.mkdtemp(prefix="load-test-"))
    env = {**os.environ, "FINETUNE_ASSISTANT_RUNS": str(tmp / "runs"), "TMPDIR": str(tmp),
           "HF_HUB_OFFLINE": "1", "GRADIO_ANALYTICS_ENABLED": "False"}
    server = subprocess.Popen([sys.executable, __file__, "--serve", str(port)], env=env, cwd=ROOT,
                              stdout=open(tmp / "server.log", "wb"), stderr=subprocess.STDOUT)
    started = time.time()
    try:
        while True:  # the page answers at once; then wait for the chat model to be ready
            try:
                urllib.request.urlopen(url, timeout=2).read()
                break
            except OSError:
                if server.poll() is not None or time.time() - started > 300:
                    raise SystemExit(f"the app did not start; see {tmp / 'server.log'}")
                time.sleep(1)
        from gradio_client import Client

        probe = Client(url, verbose=False)
        while "ready" not in probe.predict("en", api_name="/hardware")[2]:
            if time.time() - started > 600:
                raise SystemExit("the chat model did not load within 10 minutes")
            time.sleep(2)
        ready_s = time.time() - started
        data = _reviews(tmp)
        turns, errors, memory = [], [], []
        clock = {"t0": None, "stop_at": None}
        threads = [threading.Thread(target=_client, args=(url, data, clock, i, turns, errors), daemon=True)
                   for i in range(a.clients)]
        for t in threads:
            t.start()
        # Warm-up: every client has uploaded and had one answer (the model's buffers and caches are
        # allocated); then the measured time starts.
        while len({t["client"] for t in turns}) + len({e["client"] for e in errors}) < a.clients:
            time.sleep(1)
        t0 = clock["t0"] = time.time()
        clock["stop_at"] = t0 + 60 * a.minutes
        warmup_s = t0 - started - ready_s
        while any(t.is_alive() for t in threads):
            memory.append({"t": round(time.time() - t0, 1), "rss_mb": round(_rss_mb(server.pid), 1)})
            time.sleep(5)
        for t in threads:
            t.join()
        elapsed = time.time() - t0
    finally:
        server.terminate()
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
    shutil.rmtree(tmp, ignore_errors=True)
    latencies = [t["seconds"] for t in turns if not t["warmup"]]
    first = [m["rss_mb"] for m in memory if m["t"] <= 60]
    last = [m["rss_mb"] for m in memory if m["t"] >= elapsed - 60]
    growth = (statistics.mean(last) / statistics.mean(first) - 1) if first and last else None
    result = {
        "clients": a.clients, "minutes": a.minutes, "model": "embedded Qwen2.5-Coder-0.5B-Instruct (int8, CPU)",
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "startup_to_model_ready_s": round(ready_s, 1), "warmup_s": round(warmup_s, 1),
        "turns": len(latencies), "warmup_turns": len(turns) - len(latencies), "errors": len(errors), "error_samples": errors[:10],
        "turns_per_minute": round(len(latencies) / (elapsed / 60), 2),
        "latency_s": {"p50": _pct(latencies, 0.5), "p95": _pct(latencies, 0.95), "max": max(latencies, default=None)},
        "memory_mb": {"first_minute_mean": round(statistics.mean(first), 1) if first else None,
                      "last_minute_mean": round(statistics.mean(last), 1) if last else None,
                      "growth": round(growth, 4) if growth is not None else None, "samples": memory},
        "targets": {"zero_errors": not errors, "memory_growth_under_10pct": growth is not None and growth < 0.10},
    }
    out = Path(a.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps({k: v for k, v in result.items() if k != "memory_mb"} | {
        "memory_growth": result["memory_mb"]["growth"]}, indent=2, ensure_ascii=False))
    return 0 if all(result["targets"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
