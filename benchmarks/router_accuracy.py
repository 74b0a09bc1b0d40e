"""Router accuracy on the routing data set's splits: per route, per intent, per language, unsure rate.

    python benchmarks/router_accuracy.py [--out benchmarks/results/router_accuracy.json]

Reads the packaged assistant/routing/router.safetensors (retrain with `python -m assistant.router train`).
The test split and the fresh set (written blind, later) were never used for training or tuning; dev
chose the kept epoch and the unsure threshold (add --splits train to see the gap to train). Also writes the test split's route confusion matrix
as a PNG with the project's own plotting (tools/evaluation.py), and the median time of one routing
decision (embedding the message and the last assistant turn, then scoring), after warm-up.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from assistant.router import WEIGHTS, Router, last_assistant_turn, load_cases  # noqa: E402
from assistant.routing.build_cases import BLIND  # noqa: E402
from tools.evaluation import plot_confusion_matrix  # noqa: E402

MEASURED = ("test", *BLIND)  # the splits that only measure (until a later fit takes them in)


def share(rows: list[bool]) -> float:
    return round(sum(rows) / len(rows), 4) if rows else None


def measure(router: Router, cases: list[dict]) -> tuple[dict, list[str]]:
    decisions = router.decide_many([c["message"] for c in cases], [c["state"] for c in cases],
                                   [last_assistant_turn(c.get("history")) for c in cases])
    got = [d.action for d in decisions]
    right = [g == c["route"] for g, c in zip(got, cases)]
    # what an evaluation of the first tool sees: "none" and "ask_back" both answer without a tool
    first_tool = [r or {g, c["route"]} <= {"none", "ask_back"} for r, g, c in zip(right, got, cases)]
    intent_right = [d.intent == c["intent"] for d, c in zip(decisions, cases)]
    unsure = [d.unsure for d in decisions]

    def grouped(key):
        groups: dict[str, list[bool]] = {}
        for c, r in zip(cases, right):
            groups.setdefault(key(c), []).append(r)
        return {k: {"accuracy": share(v), "n": len(v)} for k, v in sorted(groups.items())}

    report = {
        "cases": len(cases), "accuracy": share(right), "intent_accuracy": share(intent_right),
        "first_tool_accuracy": share(first_tool),
        "first_tool_by_language": {lang: share([f for f, c in zip(first_tool, cases) if c["lang"] == lang])
                                   for lang in ("en", "ko")},
        "by_language": grouped(lambda c: c["lang"]),
        "by_route": grouped(lambda c: c["route"]),
        "by_intent": grouped(lambda c: c["intent"]),
        "by_route_and_language": grouped(lambda c: f"{c['route']}/{c['lang']}"),
        "unsure_rate": share(unsure),
        "accuracy_when_sure": share([r for r, u in zip(right, unsure) if not u]),
        "accuracy_when_unsure": share([r for r, u in zip(right, unsure) if u]),
        "sure_share_and_accuracy_by_threshold": {
            str(t): {"sure": share([d.ranked[0][1] >= t for d in decisions]),
                     "accuracy_when_sure": share([r for r, d in zip(right, decisions) if d.ranked[0][1] >= t])}
            for t in (0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99)},
        "right_in_top3": share([c["route"] in d.top(3) for c, d in zip(cases, decisions)]),
        "errors": [{"id": c["id"], "message": c["message"], "state": c["state"], "route": c["route"], "got": g,
                    "intent": c["intent"], "got_intent": d.intent,
                    "p": d.ranked[0][1], "unsure": d.unsure}
                   for c, g, d, r in zip(cases, got, decisions, right) if not r],
    }
    return report, got


def main(out: Path, splits: list[str], router_path: Path | None = None) -> dict:
    router = Router.load(router_path or WEIGHTS)
    report = {"threshold": router.threshold, "actions": router.actions, "splits": {}}
    for name in splits:
        cases = load_cases(name)
        report["splits"][name], got = measure(router, cases)
        report["splits"][name]["fitted_on_it"] = name in router.shipped_on  # then it measures nothing new
        if name in MEASURED:
            labels = router.actions
            cm = [[sum(1 for c, g in zip(cases, got) if c["route"] == t and g == p) for p in labels] for t in labels]
            png = out.with_name(f"{out.stem}_{name}.png")
            report[f"{name}_confusion_matrix"] = {"labels": labels, "counts": cm,
                                                  "png": plot_confusion_matrix(cm, labels, png)}
    router.decide("warm-up", {"file": False})
    seconds = []
    for c in load_cases("test")[:40]:
        t = time.perf_counter()
        router.decide(c["message"], c["state"], last_assistant_turn(c.get("history")))
        seconds.append(time.perf_counter() - t)
    report["decision_ms_median"] = round(1000 * statistics.median(seconds), 1)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return report


if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "router_accuracy.json")
    p.add_argument("--splits", nargs="+", default=[*MEASURED, "dev"], choices=[*MEASURED, "dev", "train"])
    p.add_argument("--router", type=Path, help="router weights instead of the packaged ones (e.g. the train+dev fit "
                   "of `git show c5d0987:assistant/routing/router.safetensors`, to measure test and fresh)")
    a = p.parse_args()
    r = main(a.out, a.splits, a.router)
    for name, s in r["splits"].items():
        print(f"{name}: accuracy {s['accuracy']} ({s['cases']} cases), "
              f"{ {k: v['accuracy'] for k, v in s['by_language'].items()} }, unsure {s['unsure_rate']}, "
              f"sure-accuracy {s['accuracy_when_sure']}, first tool {s['first_tool_accuracy']} "
              f"{s['first_tool_by_language']}, fitted on it: {s['fitted_on_it']}")
    for name in MEASURED:
        if name in r["splits"]:
            print(f"{name} by route:", {k: v["accuracy"] for k, v in r["splits"][name]["by_route"].items()})
    print("decision ms (median):", r["decision_ms_median"])
