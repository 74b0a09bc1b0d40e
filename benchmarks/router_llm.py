"""The first action of a turn, router and chat model together, on routing cases: which combination is right.

    python benchmarks/router_llm.py [--splits test fresh] [--out benchmarks/results/router_llm.json]

Each case runs through the real agent (the embedded chat model, the case's files in a folder written
by assistant.routing.case_files, start_training in dry-run) only up to its first decision: when the
router is sure that is the router's action; when it is unsure the model's likelihood of each option
the agent offers is recorded and the turn stops there (the arguments are not written: that is the
slow part and does not change the choice). Then, for the unsure cases, three ways to choose are
compared on the same recorded numbers: the router's best action, the model's best option, and their
product (what the agent does: log P_model + log P_router). "very unsure" cases (the agent asks back
with options) count as the route `ask_back`, i.e. right only when asking back was the right thing.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")


class FirstChoiceMade(Exception):
    """Stops the turn once the model has scored its options."""


def main(splits: list[str], out: Path, limit: int | None, router_path: Path | None = None) -> dict:
    from assistant import llm as llm_module, router, turn_route
    from assistant.agent import Agent
    from assistant.router import load_cases
    from assistant.routing import case_files
    from assistant.session import ChatSession
    from assistant.workspace import Workspace

    if router_path:  # e.g. the train+dev fit (`git show c5d0987:assistant/routing/router.safetensors`)
        fitted = router.Router.load(router_path)
        router.shared = lambda: fitted
    shipped_on = router.shared().shipped_on
    llm = llm_module.shared(llm_module.LLMConfig())
    agent = Agent(llm)
    seen: dict = {}
    real_choose = llm.choose

    def recording_choose(messages, tools, prefix, options):
        seen["options"], seen["scores"] = options, real_choose(messages, tools, prefix, options)
        raise FirstChoiceMade

    llm.choose = recording_choose
    report = {"model": llm.name, "router_fitted_on": shipped_on, "splits": {}}
    with tempfile.TemporaryDirectory() as data:
        case_files.main(data)
        for split in splits:
            cases = load_cases(split)
            if limit and limit < len(cases):  # evenly spaced: the files are grouped by intent and language
                cases = [cases[i * len(cases) // limit] for i in range(limit)]
            rows, start = [], time.time()
            for case in cases:
                session = ChatSession.from_history(case.get("history") or [], Workspace(data, case.get("files") or []),
                                                   dry_run=True)
                seen.clear()
                asked = None
                original = turn_route.route
                turn_route.route = lambda s, t, picked=None: (seen.setdefault("asked", original(s, t, picked)))
                try:
                    for _ in agent.run(session, case["message"]):
                        pass
                finally:
                    turn_route.route = original
                asked = seen.get("asked")
                row = {"id": case["id"], "lang": case["lang"], "route": case["route"],
                       "sure": session.route_tools is not None and len(session.route_tools) == 1 and not session.route_reply,
                       "tools": sorted(session.route_tools or []), "reply": session.route_reply,
                       "prior": session.route_prior, "asked": asked}
                if "options" in seen:
                    row["options"], row["scores"] = seen["options"], seen["scores"]
                rows.append(row)
            report["splits"][split] = {"fitted_on_it": split in shipped_on, "cases": rows, "seconds": round(time.time() - start, 1),
                                       "summary": summarise(rows)}
            print(split, json.dumps(report["splits"][split]["summary"]), flush=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return report


def pick(row: dict, how: str) -> str:
    """The first action under one way of choosing."""
    if row["asked"]:
        return "ask_back"
    if row["sure"]:
        return row["tools"][0]
    if "options" not in row:  # no model call: no tool offered (route "none"/"ask_back") or nothing left to choose
        return row["tools"][0] if row["tools"] and not row["reply"] else "none"
    from assistant.chat_model import weighed

    options, scores, prior = row["options"], row["scores"], row["prior"] or {}
    flat = dict.fromkeys(options, 1.0) | {"reply": 1.0}  # no opinion: the model's own softmax
    value = {"model": weighed(scores, options, flat, "reply"),
             "router": weighed([0.0] * len(options), options, prior, "reply"),  # equal model scores: the router's alone
             "product": weighed(scores, options, prior, "reply")}[how]
    best = options[max(range(len(options)), key=value.__getitem__)]
    return "none" if best in ("reply", "answer") else best


def summarise(rows: list[dict]) -> dict:
    def right(row, how):
        got, want = pick(row, how), row["route"]
        return got == want or (got in ("none", "ask_back") and want in ("none", "ask_back"))  # as expect_first "none"

    out = {"cases": len(rows), "sure": sum(r["sure"] for r in rows), "asked_back": sum(bool(r["asked"]) for r in rows),
           "model_consulted": sum("options" in r for r in rows)}
    for how in ("router", "model", "product"):
        for lang in ("en", "ko", None):
            sub = [r for r in rows if lang is None or r["lang"] == lang]
            key = how + (f"/{lang}" if lang else "")
            out[key] = round(sum(right(r, how) for r in sub) / max(len(sub), 1), 4)
        consulted = [r for r in rows if "options" in r]
        out[f"{how}/when_consulted"] = round(sum(right(r, how) for r in consulted) / max(len(consulted), 1), 4)
    return out


if __name__ == "__main__":
    from assistant.routing.build_cases import BLIND

    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--splits", nargs="+", default=["test", "fresh"], choices=["test", *BLIND, "dev"])
    p.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "router_llm.json")
    p.add_argument("--limit", type=int, help="only N evenly spaced cases of each split")
    p.add_argument("--router", type=Path, help="router weights to use instead of the packaged ones (to measure "
                   "splits the packaged router was fitted on)")
    a = p.parse_args()
    main(a.splits, a.out, a.limit, a.router)
