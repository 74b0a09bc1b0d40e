"""Compare finished training runs: their numbers side by side, what was set differently, and a paired test.

Reads only the run directories (config.json, status.json, metrics.json, predictions.csv). Two
classification runs are paired on the validation rows they share (same text and same true label):
McNemar's exact test asks whether one being right where the other is wrong more often than the
reverse is more than chance. A retrain on a cleaned file keeps the validation rows that survived
cleaning, so the pair is compared on those rows only.
"""
from __future__ import annotations

import csv
from collections import Counter
from itertools import combinations
from pathlib import Path

from tools.language import say
from tools.runs import find_run, list_run_dirs, read_json

SIGNIFICANT = 0.05  # p-value under which a difference is called more than chance
NOT_COMPARED = ("run_dir",)  # config keys that always differ between runs


def mcnemar_exact(a_right: list[bool], b_right: list[bool]) -> tuple[int, int, float]:
    """(rows only a got right, rows only b got right, McNemar's exact two-sided p-value) on paired rows.

    The exact test is a binomial test on the discordant rows: under "equally good" each of them is
    a's or b's with probability 1/2. No discordant rows: p = 1.
    """
    from scipy.stats import binomtest

    a_only = sum(a and not b for a, b in zip(a_right, b_right))
    b_only = sum(b and not a for a, b in zip(a_right, b_right))
    p = binomtest(a_only, a_only + b_only, 0.5).pvalue if a_only + b_only else 1.0
    return a_only, b_only, round(float(p), 4)


def _ids(run_ids) -> list[str] | None:
    if run_ids is None or run_ids == "" or run_ids == []:
        return None
    if isinstance(run_ids, str):  # "a, b" from a chat model or a text box
        run_ids = run_ids.replace(",", " ").split()
    out = []
    for r in run_ids:
        if str(r).strip() and str(r).strip() not in out:
            out.append(str(r).strip())
    return out


def _completed_dir(run_id: str) -> Path:
    run_dir = find_run(run_id)
    status = (read_json(run_dir / "status.json", {}) or {}).get("status", "unknown")
    if status != "completed":
        why = (read_json(run_dir / "status.json", {}) or {}).get("error") or ""
        raise ValueError(f"Run {run_id} is {status}{': ' + why[:200] if why else ''}, so it has no results to compare. "
                         f"Fix: compare completed runs only (wait for it with training_status, or leave it out).")
    return run_dir


def _predictions(run_dir: Path) -> list[tuple[str, str, bool]] | None:
    """(text, true label, right?) per validation row, or None when the run has no usable predictions.csv."""
    try:
        with open(run_dir / "predictions.csv", encoding="utf-8-sig", newline="") as f:
            rows = list(csv.DictReader(f))
    except OSError:
        return None
    if not rows or not {"text", "label", "correct"} <= set(rows[0]):
        return None
    return [(r["text"], r["label"], r["correct"] == "True") for r in rows]


def _read_run(run_dir: Path) -> dict:
    config = read_json(run_dir / "config.json", {}) or {}
    metrics = read_json(run_dir / "metrics.json")
    if not isinstance(metrics, dict):
        raise ValueError(f"Run {run_dir.name} is completed but its metrics.json is missing or unreadable. Fix: look at "
                         f"{run_dir / 'train.log'}; train it again if the file was deleted.")
    numbers = {k: v for k, v in (metrics.get("metrics") or {}).items() if isinstance(v, (int, float))}
    baselines = {name: {k: v for k, v in (m or {}).items() if k in ("accuracy", "f1_macro")}
                 for name, m in (metrics.get("baseline") or {}).items() if isinstance(m, dict)}
    seconds = (metrics.get("train") or {}).get("seconds")
    return {"run_id": run_dir.name, "task": metrics.get("task") or config.get("task"),
            "base_model": metrics.get("base_model") or config.get("base_model"),
            "method": metrics.get("method") or config.get("method"), "metrics": numbers, "baselines": baselines,
            "minutes": round(seconds / 60, 1) if isinstance(seconds, (int, float)) else None,
            "dataset_path": config.get("dataset_path"), "_config": config, "_predictions": _predictions(run_dir)}


def _differences(runs: list[dict]) -> dict:
    """{config key: {run_id: value}} for every key whose value is not the same in all runs."""
    keys = sorted({k for r in runs for k in r["_config"]} - set(NOT_COMPARED))
    out = {}
    for k in keys:
        values = {r["run_id"]: r["_config"].get(k) for r in runs}
        if len({repr(v) for v in values.values()}) > 1:
            out[k] = values
    return out


def _keyed(preds: list[tuple[str, str, bool]]) -> dict:
    """{(text, label, n-th occurrence): right?}: duplicate validation texts pair one to one. Texts as
    clean_dataset normalises them, so a run on the cleaned file pairs with the run before cleaning."""
    from tools.cleaning import normalize_text

    seen, out = Counter(), {}
    for text, label, right in preds:
        text = normalize_text(text)
        seen[(text, label)] += 1
        out[(text, label, seen[(text, label)])] = right
    return out


def _pair(a: dict, b: dict) -> dict | None:
    if a["_predictions"] is None or b["_predictions"] is None:
        return None
    ka, kb = _keyed(a["_predictions"]), _keyed(b["_predictions"])
    shared = [k for k in ka if k in kb]
    if not shared:
        return None
    a_only, b_only, p = mcnemar_exact([ka[k] for k in shared], [kb[k] for k in shared])
    return {"a": a["run_id"], "b": b["run_id"], "rows": len(shared),
            "a_accuracy": round(sum(ka[k] for k in shared) / len(shared), 4),
            "b_accuracy": round(sum(kb[k] for k in shared) / len(shared), 4),
            "a_only_right": a_only, "b_only_right": b_only, "p_value": p}


def _score(run: dict) -> tuple[str, float, bool] | None:
    """(metric name, value, higher is better) that ranks runs of this task."""
    m = run["metrics"]
    if "accuracy" in m:
        return "accuracy", m["accuracy"], True
    if "eval_loss" in m:
        return "eval_loss", m["eval_loss"], False
    return None


def _summary(runs: list[dict], differences: dict, pairs: list[dict], lang: str) -> str:
    def value(name, v):
        return f"{v:.1%}" if name == "accuracy" else f"{v:.3f}"

    def called(name):
        return say(lang, name.replace("_", " "), {"accuracy": "정확도", "eval_loss": "검증 손실"}.get(name, name))

    lines = []
    for r in runs:
        s = _score(r)
        tfidf = r["baselines"].get("tfidf_logreg", {}).get("accuracy")
        base = say(lang, f"; TF-IDF baseline {tfidf:.1%}", f"; TF-IDF 기준선 {tfidf:.1%}") if tfidf is not None else ""
        shown = value(s[0], s[1]) if s else "?"
        lines.append(f"- {r['run_id']} ({r['base_model']}, {r['method']}): {called(s[0]) if s else '?'} {shown}{base}")
    head = say(lang, f"{len(runs)} run(s) compared:", f"실행 {len(runs)}개 비교:")
    text = [head] + lines
    scored = [(r, _score(r)) for r in runs if _score(r)]
    if len(runs) == 1:
        text.append(say(lang, "There is no other completed run to compare it with yet.",
                        "아직 비교할 다른 완료된 실행이 없습니다."))
    elif len({s[0] for _, s in scored}) == 1 and len(scored) == len(runs):
        best, (name, v, _) = (max if scored[0][1][2] else min)(scored, key=lambda t: t[1][1])
        text.append(say(lang, f"Best {called(name)}: {best['run_id']} ({value(name, v)}).",
                        f"{called(name)} 최고: {best['run_id']} ({value(name, v)})."))
    if differences:
        keys = ", ".join(list(differences)[:8]) + (" …" if len(differences) > 8 else "")
        text.append(say(lang, f"Settings that differ: {keys}.", f"다른 설정: {keys}."))
    elif len(runs) > 1:
        text.append(say(lang, "All settings are the same.",
                        "모든 설정이 같습니다."))
    for p in pairs[:6]:
        better, worse, more, fewer = ((p["a"], p["b"], p["a_only_right"], p["b_only_right"])
                                      if p["a_only_right"] >= p["b_only_right"]
                                      else (p["b"], p["a"], p["b_only_right"], p["a_only_right"]))
        chance = p["p_value"] >= SIGNIFICANT
        text.append(say(
            lang,
            f"{better} vs {worse} on the same {p['rows']:,} validation rows: right where the other is wrong on "
            f"{more}, the reverse on {fewer}; McNemar p = {p['p_value']:.3g} — "
            + ("the difference could be chance." if chance else "more than chance."),
            f"같은 검증 행 {p['rows']:,}개에서 {better} 대 {worse}: 상대가 틀린 것을 맞힌 행 {more}개, 반대 {fewer}개; "
            f"McNemar p = {p['p_value']:.3g} — " + ("우연일 수 있는 차이입니다." if chance else "우연 이상의 차이입니다.")))
    if len(runs) > 1 and not pairs:
        text.append(say(lang, "No two of these runs share validation rows, so no paired test was possible.",
                        "검증 행을 공유하는 실행이 없어 짝 검정을 할 수 없습니다."))
    return "\n".join(text)


def compare_runs(run_ids: list[str] | None = None, lang: str = "en") -> dict:
    """Compare completed training runs: metrics, both baselines, config differences and McNemar's test.

    Args:
        run_ids: the runs to compare (a list, or one string separated by commas); None means every
            completed run.
        lang: language of the summary: "en" or "ko".

    Returns:
        runs (one per run: run_id, task, base_model, method, metrics, baselines, minutes, dataset_path),
        differences ({config key: {run_id: value}} for keys that differ), pairs (for two runs sharing
        validation rows: {a, b, rows, a_accuracy, b_accuracy, a_only_right, b_only_right, p_value}),
        summary.
    """
    if lang not in ("en", "ko"):
        raise ValueError(f"lang must be 'en' or 'ko', not {lang!r}. Fix: pass lang='en' or lang='ko'.")
    ids = _ids(run_ids)
    if ids is None:
        dirs = [d for d in list_run_dirs() if (read_json(d / "status.json", {}) or {}).get("status") == "completed"]
        if not dirs:
            raise ValueError("There is no completed training run to compare yet. Fix: train a model with "
                             "start_training and wait until it finishes.")
    else:
        dirs = [_completed_dir(r) for r in ids]
    runs = [_read_run(d) for d in dirs]
    differences = _differences(runs)
    pairs = [p for a, b in combinations(runs, 2) if (p := _pair(a, b))]
    summary = _summary(runs, differences, pairs, lang)
    return {"runs": [{k: v for k, v in r.items() if not k.startswith("_")} for r in runs],
            "differences": differences, "pairs": pairs, "summary": summary}
