"""`python -m assistant.evaluate CASES.jsonl --data-dir DIR --out OUT.json`: measure tool routing.

Each case runs through the same agent as the chat (real local model, the case's files resolved
in --data-dir as if uploaded, start_training in dry-run) and is recorded as
{"id", "tool_calls": [{"name", "args"}], "answer", "seconds"}. The pass/fail summary uses the
case's own fields: expect_first ("none" = no tool call), expect_first_in, expect_any (at least
one of these is called), expect_args ({tool: {arg: value}} on some call of that tool), forbid.
A call the gate refused still counts as a call: this measures the model's decisions.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from assistant.llm import LLMConfig, default_model


@dataclass
class EvalConfig:
    cases: str
    data_dir: str
    out: str
    model: str = field(default_factory=default_model)
    device: str = "auto"
    quantize: str = "auto"
    ids: list[str] | None = None  # only these case ids
    max_model_calls: int = 4

    def __post_init__(self):
        if not Path(self.cases).is_file():
            raise ValueError(f"No cases file at {self.cases}. Fix: pass a JSONL file such as shared/eval/agent_dev.jsonl.")
        if not Path(self.data_dir).is_dir():
            raise ValueError(f"--data-dir {self.data_dir} is not a folder. Fix: pass the folder holding the cases' files.")
        if not Path(self.out).parent.is_dir():
            raise ValueError(f"The folder of --out {self.out} does not exist. Fix: create it or choose another path.")


def load_cases(path: str | Path) -> list[dict]:
    cases = []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                cases.append(json.loads(line))
            except json.JSONDecodeError as e:
                raise ValueError(f"{path} line {n} is not JSON ({e.msg}). Fix: one JSON object per line.") from None
    return cases


def _same(a, b) -> bool:
    norm = (lambda v: " ".join(str(v).split()).lower())
    if isinstance(b, list):
        return isinstance(a, list) and len(a) == len(b) and all(map(_same, a, b))
    return norm(a) == norm(b)


def check(case: dict, record: dict) -> list[str]:
    """Why a case failed (empty when it passed)."""
    names = [c["name"] for c in record["tool_calls"]]
    first = names[0] if names else "none"
    fails = []
    if "expect_first" in case and first != case["expect_first"]:
        fails.append(f"first tool {first}, expected {case['expect_first']}")
    if "expect_first_in" in case and first not in case["expect_first_in"]:
        fails.append(f"first tool {first}, expected one of {case['expect_first_in']}")
    if case.get("expect_any") and not set(case["expect_any"]) & set(names):
        fails.append(f"none of {case['expect_any']} called")
    for tool, want in (case.get("expect_args") or {}).items():
        got = [c["args"] for c in record["tool_calls"] if c["name"] == tool]
        if not any(all(_same(args.get(k), v) for k, v in want.items()) for args in got):
            fails.append(f"{tool} arguments {got or 'never called'}, expected {want}")
    bad = sorted(set(case.get("forbid") or []) & set(names))
    if bad:
        fails.append(f"forbidden {bad} called")
    return fails


def run_case(agent, case: dict, data_dir: str) -> dict:
    from assistant.events import Final
    from assistant.session import ChatSession
    from assistant.workspace import Workspace

    session = ChatSession.from_history(case.get("history") or [], Workspace(data_dir, case.get("files") or []),
                                       dry_run=True)
    final = None
    for event in agent.run(session, case["message"]):
        if isinstance(event, Final):
            final = event
    return {"id": case["id"], "tool_calls": final.tool_calls, "answer": final.text, "seconds": final.seconds}


def main(cfg: EvalConfig, llm=None) -> dict:
    from assistant import llm as llm_module
    from assistant.agent import Agent, AgentConfig

    cases = [c for c in load_cases(cfg.cases) if not cfg.ids or c["id"] in cfg.ids]
    if llm is None:
        llm = llm_module.shared(LLMConfig(model=cfg.model, device=cfg.device, quantize=cfg.quantize))
    agent = Agent(llm, AgentConfig(max_model_calls=cfg.max_model_calls))
    records, ok = [], []
    start = time.time()
    for case in cases:
        record = run_case(agent, case, cfg.data_dir)
        fails = check(case, record)
        ok.append(not fails)
        records.append(record)
        calls = ", ".join(c["name"] for c in record["tool_calls"]) or "none"
        print(f"{'PASS' if not fails else 'FAIL'} {case['id']:<12} {record['seconds']:6.1f}s  {calls}"
              + (f"   ({'; '.join(fails)})" if fails else ""), flush=True)
    passed = sum(ok)
    summary = {"passed": passed, "total": len(cases), "pass_rate": round(passed / max(len(cases), 1), 4),
               "seconds": round(time.time() - start, 1), "llm": llm.describe() if hasattr(llm, "describe") else None,
               **breakdown(cases, records, ok, Path(cfg.out).with_suffix(".confusion.png"))}
    out = {"model": getattr(llm, "name", cfg.model), "cases": records, "summary": summary}
    Path(cfg.out).write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{passed}/{len(cases)} passed ({100 * passed / max(len(cases), 1):.1f}%); results in {cfg.out}")
    for key in ("by_language", "by_expected"):
        print(f"{key}: " + ", ".join(f"{k} {v['pass_rate']:.2f} ({v['n']})" for k, v in summary[key].items()))
    return out


def expected_first(case: dict) -> str:
    """The case's intended first action, for grouping: expect_first, or the first of expect_first_in."""
    return case.get("expect_first") or (case.get("expect_first_in") or ["any"])[0]


def breakdown(cases: list[dict], records: list[dict], ok: list[bool], png: Path) -> dict:
    """Pass rate per language and per expected first action, and the confusion matrix of first actions
    (rows: expected, columns: chosen), drawn with the project's own plotting (tools/evaluation.py)."""
    from tools.evaluation import plot_confusion_matrix

    def rate(group) -> dict:
        out = {}
        for key, ok in group:
            out.setdefault(key, []).append(ok)
        return {k: {"pass_rate": round(sum(v) / len(v), 4), "n": len(v)} for k, v in sorted(out.items())}

    chosen = [(r["tool_calls"][0]["name"] if r["tool_calls"] else "none") for r in records]
    expected = [expected_first(c) for c in cases]
    labels = sorted(set(expected) | set(chosen))
    counts = [[sum(1 for e, g in zip(expected, chosen) if e == t and g == p) for p in labels] for t in labels]
    return {"by_language": rate(zip((c.get("lang", "?") for c in cases), ok)),
            "by_expected": rate(zip(expected, ok)),
            "confusion": {"labels": labels, "counts": counts,
                          "png": plot_confusion_matrix(counts, labels, png) if cases else None}}


def parse_args(argv: list[str] | None = None) -> EvalConfig:
    p = argparse.ArgumentParser(prog="python -m assistant.evaluate", description=__doc__.split("\n\n")[0])
    p.add_argument("cases", help="JSONL file of cases (see shared/eval/agent_dev.jsonl)")
    p.add_argument("--data-dir", required=True, help="folder holding the files the cases upload")
    p.add_argument("--out", required=True, help="where to write the results JSON")
    p.add_argument("--model", default=default_model(), help="chat model: Hugging Face id or local folder")
    p.add_argument("--device", default="auto", choices=["auto", "cpu", "cuda", "mps"])
    p.add_argument("--quantize", default="auto", choices=["auto", "int8", "none"])
    p.add_argument("--ids", nargs="+", help="run only these case ids")
    p.add_argument("--max-model-calls", type=int, default=4)
    p.add_argument("--verbose", action="store_true", help="log every raw model output to stderr")
    a = p.parse_args(argv)
    if a.verbose:
        import logging

        logging.basicConfig(format="%(name)s: %(message)s")
        logging.getLogger("assistant.chat_model").setLevel(logging.DEBUG)
    return EvalConfig(a.cases, a.data_dir, a.out, a.model, a.device, a.quantize, a.ids, a.max_model_calls)


if __name__ == "__main__":
    try:
        main(parse_args())
    except ValueError as e:
        print(f"error: {e}", file=sys.stderr)
        sys.exit(2)
