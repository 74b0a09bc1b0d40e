"""explain_results: what a finished run's numbers mean, how it compares to baselines, and what to try next.

Reads only the run directory (config.json, status.json, progress.jsonl, metrics.json, predictions.csv)
written by the training engine; nothing is loaded or recomputed, so it answers in milliseconds.
Every sentence is built from this run's numbers, in English or Korean. Texts and labels from the
user's data are shown inside code spans: they are data to look at, never instructions.
"""
from __future__ import annotations

from tools.evaluation import finite
from tools.explain_classification import classification
from tools.explain_curve import curve_lines, curve_tips, kept_of, read_curve
from tools.explain_format import code, jsonable, num, paragraphs
from tools.explain_generation import generation
from tools.retrain import fairness_note
from tools.runs import find_run, list_run_dirs, read_json, read_jsonl

LANGS = ("en", "ko")


def _not_ready(run_id: str, status: dict, progress: list[dict], ko: bool) -> str:
    state = status.get("status")
    if state in ("queued", "running"):
        last = next((p for p in reversed(progress) if "step" in p), None)
        where = ""
        if last and state == "running":
            epoch = f", epoch {num(round(last['epoch'], 2))}" if finite(last.get("epoch")) else ""
            where = f" (step {last['step']}{epoch})"
        if ko:
            what = "대기 중(queued)이라 학습이 아직 시작되지 않았습니다" if state == "queued" else f"아직 학습 중입니다{where}"
            return (f"`{run_id}` 실행은 {what}. 해결: training_status로 진행 상황과 남은 시간을 확인하며 기다렸다가, "
                    "상태가 completed가 되면 explain_results를 다시 호출하세요.")
        what = "still queued (training has not started)" if state == "queued" else f"still running{where}"
        return (f"Run {run_id} is {what}, so there are no final results yet. Fix: wait until it finishes "
                "(training_status shows its progress and ETA), then call explain_results again.")
    if state == "failed":
        error = " ".join(str(status.get("error") or "no error message recorded").split())[:400]
        if ko:
            return (f"`{run_id}` 실행은 실패했습니다: {error}. 해결: 오류 내용(training_status, 실행 폴더의 train.log)을 "
                    "확인해 원인을 고친 뒤 새로 학습을 시작하세요. 실패한 실행에는 설명할 결과가 없습니다.")
        return (f"Run {run_id} failed: {error}. Fix: read the error (training_status, or train.log in the run "
                "directory), fix its cause and start a new run; a failed run has no results to explain.")
    if state == "cancelled":
        if ko:
            return (f"`{run_id}` 실행은 끝나기 전에 취소되어 최종 평가가 없습니다. 해결: start_training으로 새로 "
                    "학습하거나, 완료된 다른 실행의 run_id를 지정하세요.")
        return (f"Run {run_id} was cancelled before it finished, so it has no final evaluation. Fix: start a new "
                "run with start_training, or pass the run_id of a completed run.")
    if ko:
        return (f"`{run_id}` 실행의 status.json을 읽을 수 없어 상태를 알 수 없습니다. 해결: training_status로 "
                "확인하고, 실행이 중단되었다면 새로 학습을 시작하세요.")
    return (f"Run {run_id} has no readable status.json, so its state is unknown. Fix: check it with "
            "training_status; if the run crashed, start a new one.")


def validation_note(rule: dict | None, ko: bool) -> str | None:
    """The explanation's sentence on how the validation rows were chosen, when not at random."""
    if not rule or rule.get("rule") != "whole_sentences":
        return None
    n, sentences, rows, words = rule["validation_rows"], rule["sentences"], rule["rows"], rule["min_words"]
    leaked = rule.get("phrases_left_out", 0)
    if ko:
        out = (f"**검증 행 선택:** 이 파일의 {rows:,}행 중 완전한 문장(문장부호로 끝나고 {words}단어 이상)은 {sentences:,}행뿐이고 "
               f"나머지는 짧은 구절입니다. 실제로 넣을 텍스트는 완전한 문장이므로, 검증은 문장 {n:,}개로만 했습니다(구절은 "
               f"학습에만 사용). 구절로 채점하면 점수가 실제보다 높게 나옵니다.")
        return out + (f" 검증 문장의 일부인 구절 {leaked:,}개는 학습에서 뺐습니다(정답의 일부를 미리 보지 않도록)." if leaked else "")
    out = (f"**How the validation rows were chosen:** only {sentences:,} of this file's {rows:,} rows are whole "
           f"sentences (ending like a sentence, {words} words or more); the rest are short phrases. People send whole "
           f"texts, so the model was scored on {n:,} held-out sentences only (the phrases are only trained on): a score "
           f"on phrases would flatter it.")
    return out + (f" {leaked:,} phrases that are pieces of those sentences were left out of training, so the model "
                  f"never saw part of an answer." if leaked else "")


def explain_results(run_id: str | None = None, lang: str = "en") -> dict:
    """Explain a finished run: its metrics in plain words, the baselines, the errors and what to try next.

    Args:
        run_id: the training run to explain; empty means the latest run.
        lang: language of the explanation and suggestions, "en" or "ko".

    Returns:
        {"run_id", "status", "task", "metrics", "baseline", "confusion_matrix", "labels",
        "confusion_matrix_png", "loss_png", "worst_errors", "explanation" (Markdown), "suggestions"}
        (+ "samples" for generation runs).
    """
    if lang not in LANGS:
        raise ValueError(f"Unknown lang {lang!r}. Fix: use \"en\" for English or \"ko\" for Korean.")
    ko = lang == "ko"
    try:
        run_dir = find_run(run_id)
    except ValueError:
        if not ko:
            raise
        if not run_id:
            raise ValueError("아직 학습 실행이 없습니다. 해결: start_training으로 학습을 시작하세요(진행 중인 학습이 있으면 "
                             "끝날 때까지 기다리세요).") from None
        recent = ", ".join(p.name for p in list_run_dirs()[-5:]) or "없음"
        raise ValueError(f"run_id {code(run_id, 60)}에 해당하는 학습 실행이 없습니다. 해결: 최근 실행({recent}) 중 하나를 쓰거나, run_id를 "
                         "비워 두면 가장 최근 실행을 설명합니다.") from None
    status = read_json(run_dir / "status.json", {}) or {}
    progress = read_jsonl(run_dir / "progress.jsonl")
    if status.get("status") != "completed":
        raise ValueError(_not_ready(run_dir.name, status, progress, ko))
    data = read_json(run_dir / "metrics.json")
    if not isinstance(data, dict):
        raise ValueError(f"`{run_dir.name}` 실행은 완료되었지만 metrics.json이 없거나 읽을 수 없습니다. 해결: 실행 폴더의 "
                         "train.log를 확인하고 학습을 다시 실행하세요." if ko else
                         f"Run {run_dir.name} is completed but its metrics.json is missing or unreadable. Fix: look "
                         "at train.log in the run directory and run the training again.")
    config = read_json(run_dir / "config.json", {}) or {}
    task = data.get("task") or config.get("task") or "classification"
    labels = (data.get("metrics") or {}).get("labels") or data.get("labels")
    curve = read_curve(progress, len(labels) if task == "classification" and labels else None)
    curve["kept"] = kept_of(data)  # which epoch the model is, and why (the curve section says it)
    if task == "classification":
        explanation, suggestions = classification(run_dir, data, config, curve, ko)
    elif task == "generation":
        explanation, suggestions = generation(run_dir, data, config, curve, ko)
    else:  # regression and anything newer: the numbers as they are, plus the curve
        lines = [f"## `{run_dir.name}` 실행 결과" if ko else f"## Results of run `{run_dir.name}`"]
        lines += [f"- **{k}**: {v:.4g}" for k, v in (data.get("metrics") or {}).items() if finite(v)]
        lines += curve_lines(curve, ko)
        explanation, suggestions = paragraphs(lines), curve_tips(curve, config, ko)
        if not suggestions:
            suggestions = ["predict로 새 데이터 몇 개를 시험해 보고 예측값이 그럴듯한지 직접 확인하세요." if ko else
                           "Try predict on a few new examples and check that the predicted values are plausible."]
    matrix = (data.get("metrics") or {}).get("confusion_matrix") or []
    fair = fairness_note(config, sum(map(sum, matrix)) if task == "classification" and matrix else None, ko)
    if fair:  # a retrain scored on an earlier run's validation rows (tools/retrain.py)
        explanation += "\n\n" + fair
    chosen = validation_note(data.get("validation_rule"), ko)
    if chosen:  # sentences held out of a file that mixes them with phrases (tools/prepare.py)
        explanation += "\n\n" + chosen
    png = {name: str(run_dir / name) if (run_dir / name).is_file() else None
           for name in ("confusion_matrix.png", "loss.png")}
    result = {
        "run_id": run_dir.name,
        "status": "completed",
        "task": task,
        "metrics": data.get("metrics") or {},
        "baseline": data.get("baseline") if task == "classification" else None,
        "confusion_matrix": (data.get("metrics") or {}).get("confusion_matrix") if task == "classification" else None,
        "labels": labels if task == "classification" else None,
        "confusion_matrix_png": png["confusion_matrix.png"],
        "loss_png": png["loss.png"],
        "worst_errors": data.get("worst_errors") or [],
        "explanation": explanation + "\n\n" + ("### 다음에 해 볼 것" if ko else "### What to try next") + "\n\n"
        + "\n".join(f"- {tip}" for tip in suggestions),
        "suggestions": suggestions,
    }
    if task == "generation":
        result["samples"] = data.get("samples") or []
    return jsonable(result)
