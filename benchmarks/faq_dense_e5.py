"""FAQ search's dense half: multilingual e5 (tools/encoder.py) against today's MiniLM, same queries.

    python benchmarks/faq_dense_e5.py [--dev ../shared/eval/faq_dev.jsonl] [--out benchmarks/results/faq_dense_e5.json]

tools/faq.py is not changed; this reads its index and scoring function. For each query set
(the shared dev questions, and our own paraphrase sets EXTRA, BLIND and FRESH of
benchmarks/faq_retrieval.py, English and Korean) it reports topic hit@1 / hit@3 of:
- dense only: 0.5 * cos(title) + 0.5 * cos(title + answer), the other language scaled by
  OTHER_LANGUAGE_FACTOR. MiniLM as faq.py uses it (Korean entries borrow their English twin's
  vector; a Korean query is reduced to what MiniLM can read); e5 embeds every entry in its own
  language ("passage: ") and the whole query ("query: ").
- hybrid: faq.combine (sparse + dense) with the dense components swapped in. e5's cosines sit
  higher than MiniLM's (unrelated texts still score about 0.7), so the dense floor is re-chosen
  for e5 from a few values; the out-of-scope questions show whether the relevance threshold still
  rejects them at that floor.
Latency: the median time to embed one query, per encoder, after warm-up, in this process.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import faq_retrieval as sets  # noqa: E402
from tools import encoder, faq  # noqa: E402

FLOORS = (0.1, 0.7, 0.75, 0.8, 0.85)


def query_sets(dev_path: Path) -> dict[str, list[tuple[str, str, str]]]:
    out = {}
    if dev_path.is_file():
        rows = [json.loads(line) for line in dev_path.read_text(encoding="utf-8").splitlines() if line.strip()]
        out["dev"] = [(r["q"], r["lang"], r["topic"]) for r in rows]
    out.update({"extra": sets.EXTRA, "blind": sets.BLIND, "fresh": sets.FRESH})
    return out


def hits(scores: np.ndarray, topics: np.ndarray, want: str) -> tuple[int, int]:
    order = np.argsort(-scores, kind="stable")
    return int(topics[order[0]] == want), int(want in topics[order[:3]])


def main(dev: Path, out: Path) -> dict:
    index = faq.load_index()
    entries = index.entries
    topics = np.array([e.topic for e in entries])
    langs = np.array([e.lang for e in entries])
    e5_dense = {"title": encoder.embed([e.title for e in entries], kind="passage"),
                "full": encoder.embed([e.title + "\n" + e.answer for e in entries], kind="passage")}
    other = faq.WEIGHTS["other_language"]

    def dense_only(comp, lang):
        s = 0.5 * comp["dense_title"] + 0.5 * comp["dense_full"]
        return np.where(langs == lang, s, s * other)

    def with_e5(comp, q):
        v = encoder.embed([q])[0]
        return {**comp, "dense_title": e5_dense["title"] @ v, "dense_full": e5_dense["full"] @ v, "readable_share": 1.0}

    report = {"encoders": {"minilm": faq.MINILM, "e5": encoder.E5}, "sets": {}}
    for name, queries in query_sets(dev).items():
        tally: dict[str, list[int]] = {}
        for q, lang, topic in queries:
            comp = index.components(q)
            comp_e5 = with_e5(comp, q)
            rows = {"minilm_dense": dense_only(comp, lang), "e5_dense": dense_only(comp_e5, lang),
                    "minilm_hybrid": faq.combine(comp, langs, lang)}
            rows.update({f"e5_hybrid_floor{f}": faq.combine(comp_e5, langs, lang, {"dense_floor": f}) for f in FLOORS})
            for key, s in rows.items():
                for tag in (key, f"{key}/{lang}"):
                    h1, h3 = hits(s, topics, topic)
                    t = tally.setdefault(tag, [0, 0, 0])
                    t[0], t[1], t[2] = t[0] + h1, t[1] + h3, t[2] + 1
        report["sets"][name] = {k: {"hit@1": round(v[0] / v[2], 3), "hit@3": round(v[1] / v[2], 3), "n": v[2]}
                                for k, v in sorted(tally.items())}
    oos = sets.OUT_OF_SCOPE + sets.OUT_OF_SCOPE_BLIND
    above = {"minilm_hybrid": 0, **{f"e5_hybrid_floor{f}": 0 for f in FLOORS}}
    for q, lang in oos:
        comp = index.components(q)
        comp_e5 = with_e5(comp, q)
        above["minilm_hybrid"] += faq.combine(comp, langs, lang).max() >= faq.RELEVANCE_THRESHOLD
        for f in FLOORS:
            above[f"e5_hybrid_floor{f}"] += faq.combine(comp_e5, langs, lang, {"dense_floor": f}).max() >= \
                faq.RELEVANCE_THRESHOLD
    report["out_of_scope_above_threshold"] = {k: int(v) for k, v in above.items()}
    report["out_of_scope_questions"] = len(oos)
    timings = {"minilm": [], "e5": []}
    for fn, key in ((lambda q: faq.embed([q]), "minilm"), (lambda q: encoder.embed([q]), "e5")):
        fn("warm-up")
        for q, _, _ in sets.BLIND[:30]:
            t = time.perf_counter()
            fn(q)
            timings[key].append(time.perf_counter() - t)
    report["query_embed_ms_median"] = {k: round(1000 * statistics.median(v), 1) for k, v in timings.items()}
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return report


if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--dev", type=Path, default=ROOT.parent / "shared" / "eval" / "faq_dev.jsonl")
    p.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "faq_dense_e5.json")
    a = p.parse_args()
    r = main(a.dev, a.out)
    for name, rows in r["sets"].items():
        print(name, {k: v["hit@1"] for k, v in rows.items() if "/" not in k})
    print("out of scope above threshold:", r["out_of_scope_above_threshold"], "of", r["out_of_scope_questions"])
    print("query embedding ms:", r["query_embed_ms_median"])
