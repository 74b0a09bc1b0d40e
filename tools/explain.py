"""explain_results: what a finished run's numbers mean, how it compares to baselines, and what to try next.

Reads only the run directory (config.json, status.json, progress.jsonl, metrics.json, predictions.csv)
written by the training engine; nothing is loaded or recomputed, so it answers in milliseconds.
Every sentence is built from this run's numbers, in English or Korean. Texts and labels from the
user's data are shown inside code spans: they are data to look at, never instructions.
"""
from __future__ import annotations

import csv
import math
import re
from pathlib import Path

from tools.evaluation import finite as _finite
from tools.language import dataset_language
from tools.runs import find_run, list_run_dirs, read_json, read_jsonl

LANGS = ("en", "ko")


# ------------------------------------------------------------------------------------ helpers

def _code(value, limit: int = 120) -> str:
    """User data as one inline code span: one line, no backticks that could close it, truncated."""
    text = " ".join(str("" if value is None else value).split()).replace("`", "'")
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return f"`{text}`" if text else "` `"


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def _pts(d: float) -> str:
    return f"{100 * d:+.1f}"


def _num(x) -> str:
    """3.0 → "3", 0.0005 → "0.0005", 1.25 → "1.25"."""
    return f"{float(x):g}"


def _lr(x) -> str:
    """A learning rate with two significant digits: 0.0005 / 3 → "0.00017", not "0.000166667"."""
    return f"{float(x):.2g}"


def _duration(seconds, ko: bool) -> str:
    if not _finite(seconds):
        return "?"
    if seconds < 90:
        return f"{seconds:.0f}초" if ko else f"{seconds:.0f} s"
    if seconds < 90 * 60:
        return f"{seconds / 60:.0f}분" if ko else f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f}시간" if ko else f"{seconds / 3600:.1f} h"


def _join(lines: list[str]) -> str:
    """Markdown paragraphs; consecutive list items stay one tight list."""
    out = ""
    for line in lines:
        item = line.startswith("- ") or re.match(r"\d+\. ", line) is not None
        prev_item = out.split("\n")[-1].startswith(("- ", "   - ")) or re.match(r"\d+\. ", out.split("\n")[-1] or "")
        if not out:
            out = line
        else:
            out += ("\n" if item and prev_item else "\n\n") + line
    return out


# The Korean names carry their particle (로/으로), which depends on how the word ends.
_METHODS = {"lora": ("LoRA", "LoRA로"), "qlora": ("QLoRA", "QLoRA로"), "full": ("full fine-tuning", "전체 파인튜닝으로")}


def _method(method, ko: bool) -> str:
    names = _METHODS.get(str(method or "").lower())
    return names[1 if ko else 0] if names else (f"{method}(으)로" if ko else str(method or "?"))


def _jsonable(value):
    """NaN/inf → None, so the result is strict JSON (a NaN loss is reported in words instead)."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


# ------------------------------------------------------------------------------ run not ready

def _not_ready(run_id: str, status: dict, progress: list[dict], ko: bool) -> str:
    state = status.get("status")
    if state in ("queued", "running"):
        last = next((p for p in reversed(progress) if "step" in p), None)
        where = ""
        if last and state == "running":
            epoch = f", epoch {_num(round(last['epoch'], 2))}" if _finite(last.get("epoch")) else ""
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


# ------------------------------------------------------------------------------ training curve

def _curve(progress: list[dict], n_classes: int | None = None) -> dict:
    """Signs of over/under-fitting and divergence in the logged losses."""
    train = [(p.get("step"), p["loss"], p.get("epoch")) for p in progress
             if "loss" in p and isinstance(p["loss"], (int, float))]
    evals = [p for p in progress if isinstance(p.get("eval_loss"), (int, float))]
    out = {"train_points": len(train), "eval_points": len(evals), "nan_step": None, "overfitting": False,
           "underfitting": False, "still_improving": False}
    for p in progress:
        for key in ("loss", "eval_loss"):
            v = p.get(key)
            if isinstance(v, (int, float)) and not math.isfinite(v):
                out["nan_step"] = p.get("step")
                break
        if out["nan_step"] is not None:
            break
    good = [loss for _, loss, _ in train if math.isfinite(loss)]
    if good:
        chunk = max(1, min(5, len(good) // 10))  # average a few points: single steps are noisy
        out["train_first"] = sum(good[:chunk]) / chunk
        out["train_last"] = sum(good[-chunk:]) / chunk
        if len(good) >= 3:
            drop = (out["train_first"] - out["train_last"]) / max(out["train_first"], 1e-9)
            near_chance = n_classes and n_classes > 1 and out["train_last"] > 0.9 * math.log(n_classes)
            out["underfitting"] = drop < 0.1 or bool(near_chance)
    ev = [(p.get("step"), p["eval_loss"], p.get("epoch")) for p in evals if math.isfinite(p["eval_loss"])]
    if ev:
        out["eval_first"], out["eval_last"] = ev[0][1], ev[-1][1]
        best = min(range(len(ev)), key=lambda i: ev[i][1])
        out["eval_best"], out["best_step"], out["best_epoch"] = ev[best][1], ev[best][0], ev[best][2]
        if len(ev) >= 2:
            rose = ev[-1][1] - ev[best][1]
            # Train loss at the best evaluation, to check it kept falling afterwards.
            train_then = [loss for s, loss, _ in train if math.isfinite(loss) and _finite(s) and _finite(ev[best][0])
                          and s <= ev[best][0]]
            falling = not train_then or not good or good[-1] < train_then[-1]
            out["overfitting"] = best < len(ev) - 1 and rose > max(0.05 * ev[best][1], 0.01) and falling
            out["eval_rise"] = rose / max(ev[best][1], 1e-9)
            out["still_improving"] = best == len(ev) - 1 and ev[-2][1] - ev[-1][1] > 0.03 * ev[-2][1]
    if out["overfitting"]:
        out["underfitting"] = False  # a falling train loss with a rising eval loss is the opposite problem
    return out


def _curve_text(c: dict, ko: bool) -> list[str]:
    lines = []
    if c["nan_step"] is not None:
        lines.append(f"**손실이 {c['nan_step']} 스텝에서 NaN(또는 무한대)이 되었습니다.** 학습이 발산했다는 뜻이라 그 이후의 "
                     "가중치는 믿기 어렵습니다." if ko else
                     f"**The loss became NaN (or infinite) at step {c['nan_step']}.** Training diverged there, so "
                     "the weights after that point cannot be trusted.")
    if "train_first" in c:
        lines.append(f"학습 손실(train loss): {c['train_first']:.3f} → {c['train_last']:.3f}."
                     if ko else f"Train loss went from {c['train_first']:.3f} to {c['train_last']:.3f}.")
    if "eval_first" in c and c["eval_points"] >= 2:
        lines.append(f"검증 손실(eval loss), 평가 {c['eval_points']}번: {c['eval_first']:.3f} → "
                     f"{c['eval_last']:.3f}." if ko else
                     f"Eval loss over {c['eval_points']} evaluations: {c['eval_first']:.3f} → {c['eval_last']:.3f}.")
    if c["overfitting"]:
        at = (f"{_num(round(c['best_epoch'], 2))} 에폭(스텝 {c['best_step']})" if _finite(c.get("best_epoch"))
              else f"스텝 {c['best_step']}") if ko else (
             f"epoch {_num(round(c['best_epoch'], 2))} (step {c['best_step']})" if _finite(c.get("best_epoch"))
             else f"step {c['best_step']}")
        lines.append(f"**과적합(overfitting) 신호**: 검증 손실이 {at}에서 가장 낮았고({c['eval_best']:.3f}) 마지막에는 "
                     f"{c['eval_last']:.3f}까지 {100 * c['eval_rise']:.0f}% 올랐는데, 그동안 학습 손실은 계속 내려갔습니다. "
                     "모델이 일반적인 규칙 대신 학습 예제 자체를 외우기 시작했다는 뜻입니다." if ko else
                     f"**Overfitting:** eval loss was lowest ({c['eval_best']:.3f}) at {at} and then rose "
                     f"{100 * c['eval_rise']:.0f}% to {c['eval_last']:.3f} while train loss kept falling: the model "
                     "started memorising the training examples instead of learning what generalises.")
    elif c["underfitting"]:
        lines.append(f"**과소적합(underfitting) 신호**: 학습 손실이 거의 줄지 않았거나({c['train_first']:.3f} → "
                     f"{c['train_last']:.3f}) 찍기 수준에 머뭅니다. 모델이 아직 충분히 배우지 못했습니다." if ko else
                     f"**Underfitting:** train loss barely fell ({c['train_first']:.3f} → {c['train_last']:.3f}, or "
                     "stayed near the level of guessing): the model has not learned enough yet.")
    elif c["still_improving"]:
        lines.append("마지막 평가에서도 검증 손실이 계속 내려가고 있었습니다. 더 학습하면 좋아질 여지가 있습니다." if ko else
                     "Eval loss was still falling at the last evaluation, so more training would likely still help.")
    elif c["train_points"] >= 3 and c["eval_points"] >= 2 and c["nan_step"] is None:
        lines.append("과적합이나 과소적합 신호는 보이지 않습니다." if ko else "No sign of overfitting or underfitting.")
    if c["train_points"] < 3 and c["eval_points"] < 2:
        lines.append("기록된 손실 값이 너무 적어 과적합·과소적합을 판단하기 어렵습니다(logging_steps를 줄여 보세요)." if ko else
                     "Too few loss values were logged to judge over- or underfitting (a smaller logging_steps "
                     "gives more).")
    return lines


def _curve_suggestions(c: dict, config: dict, ko: bool) -> list[str]:
    out = []
    lr, epochs = config.get("learning_rate"), config.get("epochs")
    if c["nan_step"] is not None:
        lower = f" ({_lr(lr)} → {_lr(lr / 3)})" if _finite(lr) else ""
        fp16 = config.get("precision") == "fp16"
        out.append((f"손실이 NaN이 되었으니 학습률을 낮추세요{lower}."
                    + (" fp16 대신 bf16이나 fp32를 쓰세요." if fp16 else "")
                    + " 빈 텍스트나 지나치게 긴 텍스트가 없는지도 확인하세요.") if ko else
                   (f"The loss went NaN: lower the learning rate{lower}"
                    + ("; use bf16 or fp32 instead of fp16" if fp16 else "")
                    + "; also check the data for empty or extremely long texts."))
    if c["overfitting"]:
        best = c.get("best_epoch")
        fewer = _num(max(0.5, round(best, 1))) if _finite(best) and best > 0 else None
        dropout = config.get("lora_dropout")
        more_dropout = f"lora_dropout {_num(dropout)} → {_num(round(dropout + 0.1, 2))}" if _finite(dropout) else \
            "lora_dropout"
        if ko:
            target = f"epochs={fewer}" + (f"(지금은 {_num(epochs)})" if _finite(epochs) else "") if fewer else "더 적은 에폭"
            out.append(f"과적합이 보이니 에폭을 줄이세요: {target}. 또는 eval_steps로 더 자주 평가해 가장 좋은 "
                       f"체크포인트에서 멈추세요(early stopping). 데이터 추가, {more_dropout}, 더 낮은 학습률도 도움이 됩니다.")
        else:
            target = f"epochs={fewer}" + (f" instead of {_num(epochs)}" if _finite(epochs) else "") if fewer else \
                "fewer epochs"
            out.append(f"Overfitting: train for fewer epochs ({target}), or evaluate more often with eval_steps and "
                       f"keep the best checkpoint (early stopping); more data, {more_dropout} or a lower learning "
                       "rate also help.")
    elif c["underfitting"] and c["nan_step"] is None:
        more = f"epochs={_num(epochs * 2)}" if _finite(epochs) else ("더 많은 에폭" if ko else "more epochs")
        higher = f" ({_lr(lr)} → {_lr(lr * 2)})" if _finite(lr) else ""
        out.append(f"과소적합이 보이니 더 오래 학습하거나({more}) 학습률을 높이세요{higher.lstrip()}. 그래도 안 되면 더 큰 베이스 "
                   "모델을 쓰세요." if ko else
                   f"Underfitting: train longer ({more}) or raise the learning rate{higher}; if that is not enough, "
                   "use a bigger base model.")
    elif c["still_improving"]:
        more = f"epochs={_num(epochs + 1)}" if _finite(epochs) else ("에폭 1~2회 추가" if ko else "one or two more epochs")
        out.append(f"검증 손실이 아직 내려가는 중이었으니 조금 더 학습해 보세요({more})." if ko else
                   f"Eval loss was still falling at the end: train a bit longer ({more}).")
    return out


# ------------------------------------------------------------------------------ classification

def _texts_language(run_dir: Path, errors: list[dict]) -> str | None:
    """The language of the validation texts (en, ko, mixed or other); None if no text is available."""
    texts = [str(e.get("text") or "") for e in errors if isinstance(e, dict)]
    try:
        with open(run_dir / "predictions.csv", encoding="utf-8-sig", newline="") as f:
            for i, row in enumerate(csv.DictReader(f)):
                if i >= 300:
                    break
                texts.append(row.get("text") or "")
    except (OSError, csv.Error, UnicodeDecodeError):
        pass
    if not any(ch.isalpha() for text in texts for ch in text):
        return None
    return dataset_language(texts)


def _model_suggestion(base: str, language: str | None, method: str | None, ko: bool) -> tuple[str, str] | None:
    """("language" | "bigger", advice): a base model that reads the data's language, else a bigger one."""
    try:
        from tools.catalog import CATALOG, find_model
    except Exception:  # the catalog is optional here: without it the advice stays generic
        return None
    current = find_model(base or "")
    if language in ("ko", "mixed") and current is not None and not current.reads("ko"):
        return "language", (
            f"`{current.id}`는 한국어를 읽지 못하는 모델입니다(어휘에 한글이 거의 없음). 한국어를 읽는 모델로 바꾸세요: "
            "내장된 `google/gemma-3-270m`, 또는 인터넷이 되면 `klue/roberta-base`." if ko else
            f"`{current.id}` cannot read Korean (its vocabulary has almost no Hangul): switch to a model that "
            "does, the embedded `google/gemma-3-270m` or, with internet access, `klue/roberta-base`.")
    if current is None:
        return None
    lang = language or "en"
    bigger = sorted((m for m in CATALOG if m.reads(lang) and m.params_m > current.params_m * 1.5
                     and "classification" in m.tasks), key=lambda m: m.params_m)
    # One that works offline (embedded) and the smallest step up on the hub, whichever exist.
    picks = [m for m in bigger if m.embedded][:1] + [m for m in bigger if not m.embedded][:1]
    if not picks:
        return None
    where = {True: ("embedded", "내장 모델"), False: ("needs internet", "인터넷 필요")}
    names = [f"`{m.id}` ({m.params_m:.0f}M, {where[m.embedded][1 if ko else 0]})" for m in picks]
    qlora = any(m.params_m >= 1000 for m in picks) and method != "qlora"
    if ko:
        return "bigger", (f"더 큰 베이스 모델을 시도해 보세요: {' 또는 '.join(names)}"
                          + (". 메모리가 부족하면 method=qlora로 4비트 로딩하세요." if qlora else "."))
    return "bigger", (f"Try a bigger base model: {' or '.join(names)}"
                      + ("; use method=qlora to load it in 4 bits if memory is tight." if qlora else "."))


def _classification(run_dir: Path, data: dict, config: dict, curve: dict, ko: bool) -> tuple[str, list[str]]:
    m = data.get("metrics") or {}
    labels = [str(x) for x in (m.get("labels") or data.get("labels") or [])]
    cm = m.get("confusion_matrix") or []
    per_class = m.get("per_class") or {}
    n = int(m.get("n") or sum(map(sum, cm)) or 0)
    acc, f1 = float(m.get("accuracy", 0.0)), float(m.get("f1_macro", 0.0))
    prec, rec = float(m.get("precision_macro", 0.0)), float(m.get("recall_macro", 0.0))
    correct = sum(cm[i][i] for i in range(min(len(cm), len(labels)))) if cm else round(acc * n)
    train = data.get("train") or {}
    counts = {str(k): v for k, v in (data.get("label_counts_train") or {}).items()}
    base = data.get("base_model") or config.get("base_model") or "?"
    method = data.get("method") or config.get("method")
    lines, tips = [], []

    def L(en: str, k: str) -> str:  # noqa: N802 - one letter keeps the paired sentences readable
        return k if ko else en

    # --- header
    lines.append(L(f"## Results of run `{run_dir.name}`", f"## `{run_dir.name}` 실행 결과"))
    examples, epochs = train.get("examples"), train.get("epochs", config.get("epochs"))
    setup = L(f"`{base}` fine-tuned with {_method(method, ko)}", f"`{base}` 모델을 {_method(method, ko)} 파인튜닝했습니다")
    if _finite(examples):
        setup += L(f" on {int(examples):,} training examples", f"(학습 예제 {int(examples):,}개")
        if _finite(epochs):
            setup += L(f" for {_num(round(epochs, 2))} epochs", f", {_num(round(epochs, 2))} 에폭")
        if _finite(train.get("seconds")):
            setup += L(f" in {_duration(train['seconds'], ko)}", f", {_duration(train['seconds'], ko)} 소요")
        setup += L("", ")")
    lines.append(setup + L(f"; evaluated on {n:,} validation examples.", f". 평가는 검증 예제 {n:,}개로 했습니다."))

    # --- what the numbers mean
    lines.append(L("### What the numbers mean", "### 지표 해석"))
    # Only the numbers the engine recorded: a missing one is left out rather than shown as 0.
    if n:
        lines.append(L(f"- **Accuracy {_pct(acc)}**: {correct:,} of the {n:,} validation examples were classified "
                       "correctly.",
                       f"- **정확도(accuracy) {_pct(acc)}**: 검증 예제 {n:,}개 중 {correct:,}개를 맞혔습니다."))
    elif "accuracy" in m:
        lines.append(L(f"- **Accuracy {_pct(acc)}**: the share of validation examples classified correctly.",
                       f"- **정확도(accuracy) {_pct(acc)}**: 검증 예제 중 맞힌 비율입니다."))
    f1s = sorted(((lab, float(per_class[lab]["f1"])) for lab in labels if lab in per_class), key=lambda t: t[1])
    if len(f1s) <= 6:
        each = ", ".join(f"{_code(lab, 30)} {v:.3f}" for lab, v in f1s)
    else:
        each = L(f"from {f1s[0][1]:.3f} ({_code(f1s[0][0], 30)}) to {f1s[-1][1]:.3f} ({_code(f1s[-1][0], 30)})",
                 f"{_code(f1s[0][0], 30)} {f1s[0][1]:.3f}부터 {_code(f1s[-1][0], 30)} {f1s[-1][1]:.3f}까지")
    per = L(f" Per class: {each}.", f" 클래스별: {each}.") if each else ""
    if "f1_macro" in m:
        lines.append(L(f"- **Macro F1 {f1:.3f}**: F1 is computed for each class and then averaged, so every class "
                       f"counts the same however few examples it has, and one weak class pulls it down.{per}",
                       f"- **매크로 F1 {f1:.3f}**: 클래스마다 F1을 구한 뒤 단순 평균한 값입니다. 예제 수와 상관없이 모든 "
                       f"클래스가 똑같이 반영되므로 약한 클래스가 하나만 있어도 점수가 떨어집니다.{per}"))
    if "precision_macro" in m:
        lines.append(L(f"- **Precision {prec:.3f}** (macro): when the model predicts a class, it is right {_pct(prec)} "
                       "of the time on average.",
                       f"- **정밀도(precision) {prec:.3f}** (macro): 모델이 어떤 클래스라고 예측했을 때 평균 {_pct(prec)}가 "
                       "맞습니다."))
    if "recall_macro" in m:
        lines.append(L(f"- **Recall {rec:.3f}** (macro): of the examples that really belong to a class, it finds "
                       f"{_pct(rec)} on average.",
                       f"- **재현율(recall) {rec:.3f}** (macro): 실제로 그 클래스인 예제 중 평균 {_pct(rec)}를 찾아냅니다."))
    if "f1_macro" in m and acc - f1 >= 0.05 and len(labels) > 1:
        lines.append(L(f"Accuracy is {100 * (acc - f1):.0f} points above macro F1: the model does well on the big "
                       "classes and worse on the small ones.",
                       f"정확도가 매크로 F1보다 {100 * (acc - f1):.0f}%p 높습니다. 큰 클래스는 잘 맞히지만 작은 클래스에서 약하다는 뜻입니다."))

    # --- baselines
    baseline = data.get("baseline") or {}
    maj, tfidf = baseline.get("majority") or {}, baseline.get("tfidf_logreg") or {}
    lines.append(L("### Compared with simple baselines", "### 베이스라인과 비교"))
    beats_tfidf = None
    if maj or tfidf:
        maj_label = baseline.get("majority_label")
        if maj_label is None and maj:
            maj_label = next((lab for lab, v in (maj.get("per_class") or {}).items() if v.get("recall") == 1.0), None)
        if maj:
            which = f" {_code(maj_label, 30)}" if maj_label is not None else ""
            lines.append(L(f"- Always answering the most frequent class{which}: accuracy {_pct(maj['accuracy'])}, "
                           f"macro F1 {maj['f1_macro']:.3f}.",
                           f"- 항상 가장 많은 클래스{which + '(으)로만' if which else '로만'} 답하면: "
                           f"정확도 {_pct(maj['accuracy'])}, 매크로 F1 {maj['f1_macro']:.3f}."))
        if tfidf:
            secs = baseline.get("seconds")
            took = (L(f", trained in {_duration(secs, ko)}", f", 학습 {_duration(secs, ko)}") if _finite(secs) else "")
            lines.append(L(f"- TF-IDF + logistic regression (a classic model{took}): "
                           f"accuracy {_pct(tfidf['accuracy'])}, "
                           f"macro F1 {tfidf['f1_macro']:.3f}.",
                           f"- TF-IDF + 로지스틱 회귀(고전적인 모델{took}): 정확도 {_pct(tfidf['accuracy'])}, "
                           f"매크로 F1 {tfidf['f1_macro']:.3f}."))
        noise = 100 * 1.96 * math.sqrt(max(acc * (1 - acc), 0.01) / max(n, 1))  # 95% interval half-width, points
        if maj and acc <= maj["accuracy"] + 0.01:
            lines.append(L(f"**The model is no better than always answering the most frequent class "
                           f"({_pct(acc)} vs {_pct(maj['accuracy'])}): it has not learned the task.**",
                           f"**항상 가장 많은 클래스로 답하는 것과 다를 바 없습니다({_pct(acc)} 대 {_pct(maj['accuracy'])}). "
                           "모델이 과제를 학습하지 못했습니다.**"))
            tips.append(L("The model only matches the majority baseline: check that the label column is the right one, "
                          "then train longer or with a higher learning rate.",
                          "모델이 다수 클래스 베이스라인 수준입니다. 레이블 열이 맞는지 먼저 확인하고, 더 오래 또는 더 높은 "
                          "학습률로 학습하세요."))
        if tfidf:
            d = acc - tfidf["accuracy"]
            beats_tfidf = d > 0
            if beats_tfidf:
                vs_maj = L(f" and {_pts(acc - maj['accuracy'])} above the majority baseline",
                           f", 다수 클래스 베이스라인보다 {_pts(acc - maj['accuracy'])}%p") if maj else ""
                lines.append(L(f"The fine-tuned model is **{_pts(d)} points** above TF-IDF{vs_maj} in accuracy "
                               f"(macro F1 {_pts(f1 - tfidf['f1_macro'])} points).",
                               f"파인튜닝한 모델의 정확도가 TF-IDF보다 **{_pts(d)}%p**{vs_maj} 높습니다"
                               f"(매크로 F1은 {_pts(f1 - tfidf['f1_macro'])}%p)."))
                if f1 < tfidf["f1_macro"] - 0.01:
                    lines.append(L(f"**But its macro F1 is below TF-IDF's** ({f1:.3f} vs {tfidf['f1_macro']:.3f}): it "
                                   "wins on the big classes and loses on the small ones, where TF-IDF does better.",
                                   f"**하지만 매크로 F1은 TF-IDF보다 낮습니다**({f1:.3f} 대 {tfidf['f1_macro']:.3f}). 큰 "
                                   "클래스에서 이기고 작은 클래스에서는 TF-IDF보다 못하다는 뜻입니다."))
                if 100 * d < noise:
                    lines.append(L(f"With {n:,} validation examples, differences under about {noise:.1f} points can be "
                                   "chance, so the lead is not yet certain.",
                                   f"다만 검증 예제가 {n:,}개라 약 {noise:.1f}%p 이내의 차이는 우연일 수 있어, 앞선다고 "
                                   "단정하기는 이릅니다."))
            else:
                lines.append(L(f"**The fine-tuned model does not beat the TF-IDF + logistic regression baseline** "
                               f"({_pct(acc)} vs {_pct(tfidf['accuracy'])}, {_pts(d)} points). A model that trains in "
                               "seconds does as well, so this fine-tune is not worth its cost yet.",
                               f"**파인튜닝한 모델이 TF-IDF + 로지스틱 회귀 베이스라인을 이기지 못했습니다**"
                               f"({_pct(acc)} 대 {_pct(tfidf['accuracy'])}, {_pts(d)}%p). 몇 초면 학습되는 모델과 같거나 "
                               "못하니, 아직은 파인튜닝에 든 비용만큼의 효과가 없습니다."))
    else:
        lines.append(L("No baseline was recorded for this run.", "이 실행에는 베이스라인 결과가 기록되지 않았습니다."))

    # --- errors
    lines.append(L("### Where it goes wrong", "### 어디서 틀리는가"))
    cells = sorted(((cm[i][j], i, j) for i in range(len(cm)) for j in range(len(cm[i]))
                    if i != j and i < len(labels) and j < len(labels) and cm[i][j] > 0), reverse=True)[:3]
    for count, i, j in cells:
        row = sum(cm[i])
        lines.append(L(f"- {_code(labels[i], 30)} predicted as {_code(labels[j], 30)}: {count:,} times "
                       f"({_pct(count / row)} of the {row:,} {_code(labels[i], 30)} examples).",
                       f"- {_code(labels[i], 30)}을(를) {_code(labels[j], 30)}(으)로 잘못 예측: {count:,}건"
                       f"({_code(labels[i], 30)} 예제 {row:,}개 중 {_pct(count / row)})."))
    if not cells and n:
        lines.append(L("No validation example was misclassified.", "잘못 분류된 검증 예제가 없습니다."))
    weakest, mixed_with = None, None
    if len(f1s) > 1:
        lab = f1s[0][0]
        pc = per_class[lab]
        weakest = (lab, pc)
        k = labels.index(lab)
        pairs = [(cm[k][j] + cm[j][k], j) for j in range(len(labels)) if j != k and k < len(cm) and j < len(cm)]
        if pairs and max(pairs)[0] > 0:
            mixed_with = labels[max(pairs)[1]]  # the class it is confused with most, in either direction
        in_train = L(f", {counts[lab]:,} in training", f", 학습 예제 {counts[lab]:,}개") if lab in counts else ""
        lines.append(L(f"Weakest class: {_code(lab, 30)} with F1 {pc['f1']:.3f} (precision {pc['precision']:.3f}, "
                       f"recall {pc['recall']:.3f}, {pc['support']:,} validation examples{in_train}).",
                       f"가장 약한 클래스는 {_code(lab, 30)}입니다: F1 {pc['f1']:.3f}(정밀도 {pc['precision']:.3f}, "
                       f"재현율 {pc['recall']:.3f}, 검증 예제 {pc['support']:,}개{in_train})."))
        if pc["recall"] < pc["precision"] - 0.1:
            lines.append(L(f"It is mostly *missed*: many real {_code(lab, 30)} examples get another label.",
                           f"주로 *놓치는* 쪽입니다: 실제 {_code(lab, 30)} 예제가 다른 레이블로 많이 분류됩니다."))
        elif pc["precision"] < pc["recall"] - 0.1:
            lines.append(L(f"It is *over-predicted*: the model often says {_code(lab, 30)} for examples of other "
                           "classes.",
                           f"*과하게 예측되는* 쪽입니다: 다른 클래스 예제를 {_code(lab, 30)}(으)로 자주 예측합니다."))
    errors = [e for e in data.get("worst_errors") or [] if isinstance(e, dict)]
    if errors:
        lines.append(L("The model's most confident mistakes (texts quoted as they appear in the data):",
                       "모델이 가장 확신하며 틀린 예제(데이터의 텍스트를 그대로 인용):"))
        for e in errors[:5]:
            sure = _pct(e["score"]) if _finite(e.get("score")) else "?"
            lines.append(L(f"- {sure} sure it is {_code(e.get('predicted'), 30)}, but the label is "
                           f"{_code(e.get('label'), 30)}: {_code(e.get('text'))}",
                           f"- {_code(e.get('predicted'), 30)}일 확률을 {sure}로 봤지만 정답은 {_code(e.get('label'), 30)}: "
                           f"{_code(e.get('text'))}"))

    # --- curve
    lines.append(L("### Training curve", "### 학습 곡선"))
    lines += _curve_text(curve, ko)

    # --- suggestions, each from a number above
    tips += _curve_suggestions(curve, config, ko)
    language = _texts_language(run_dir, errors)
    model_tip = _model_suggestion(base, language, method, ko)
    if beats_tfidf is False:
        tips.append(L("It does not beat TF-IDF + logistic regression yet: "
                      + ("see the base-model advice below; " if model_tip else "try a bigger base model; ")
                      + "more epochs or more data can close the gap, and if TF-IDF is good enough for you, use it.",
                      "아직 TF-IDF + 로지스틱 회귀를 이기지 못합니다. "
                      + ("아래 베이스 모델 제안을 참고하고, " if model_tip else "더 큰 베이스 모델을 시도하고, ")
                      + "에폭이나 데이터를 늘려 보세요. TF-IDF 정도로 충분하다면 그 모델을 써도 됩니다."))
    # A model that cannot read the language is always worth fixing; a bigger one only when this one falls short.
    if model_tip and (model_tip[0] == "language" or beats_tfidf is False or curve["underfitting"] or acc < 0.8):
        tips.append(model_tip[1])
    if weakest is not None:
        lab, pc = weakest
        n_train = counts.get(lab)
        median = sorted(counts.values())[len(counts) // 2] if counts else None
        if pc["f1"] < f1 - 0.05 or pc["f1"] < 0.6:
            if pc["recall"] <= pc["precision"] and n_train is not None and median and n_train < 0.5 * median:
                tips.append(L(f"Class {_code(lab, 30)} is the weakest (F1 {pc['f1']:.3f}, recall {pc['recall']:.3f}) "
                              f"and has only {n_train:,} training examples against a median of {median:,}: add "
                              f"more {_code(lab, 30)} examples (or oversample them).",
                              f"{_code(lab, 30)} 클래스가 가장 약하고(F1 {pc['f1']:.3f}, 재현율 {pc['recall']:.3f}) 학습 "
                              f"예제가 {n_train:,}개뿐입니다(클래스 중앙값 {median:,}개). {_code(lab, 30)} 예제를 더 모으거나 "
                              "오버샘플링하세요."))
            elif mixed_with:
                other = mixed_with
                tips.append(L(f"Class {_code(lab, 30)} is the weakest (F1 {pc['f1']:.3f}) and is mixed up with "
                              f"{_code(other, 30)}: compare examples of the two for unclear or inconsistent labels, "
                              f"and add examples that separate them.",
                              f"{_code(lab, 30)} 클래스가 가장 약하고(F1 {pc['f1']:.3f}) {_code(other, 30)}와(과) 자주 "
                              "헷갈립니다. 두 클래스의 예제를 비교해 애매하거나 일관되지 않은 레이블을 찾고, 둘을 구분해 "
                              "주는 예제를 더 넣으세요."))
    rows, used = train.get("rows_available"), train.get("examples")
    if _finite(rows) and _finite(used) and used < rows:
        tips.append(L(f"Only {int(used):,} of the {int(rows):,} available training rows were used "
                      f"(max_train_examples={config.get('max_train_examples', int(used))}): train on all of them "
                      f"(max_train_examples={int(rows)}); more data is usually the surest gain.",
                      f"사용 가능한 학습 데이터 {int(rows):,}행 중 {int(used):,}행만 썼습니다"
                      f"(max_train_examples={config.get('max_train_examples', int(used))}). 전부 쓰세요"
                      f"(max_train_examples={int(rows)}). 데이터를 늘리는 것이 대개 가장 확실한 개선입니다."))
    sure_wrong = [e for e in errors if _finite(e.get("score")) and e["score"] >= 0.9]
    if len(sure_wrong) >= 2:
        tips.append(L(f"The model is at least 90% sure on {len(sure_wrong)} of its worst mistakes: some of those "
                      "labels may be wrong. Check them, and run inspect_dataset to find duplicates and conflicting "
                      "labels.",
                      f"가장 크게 틀린 예제 중 {len(sure_wrong)}개는 모델이 90% 이상 확신했습니다. 레이블 자체가 틀렸을 수 "
                      "있으니 확인하고, inspect_dataset으로 중복과 상충하는 레이블을 찾아보세요."))
    if not tips:
        tips.append(L(f"The run looks healthy ({_pct(acc)} accuracy, above the baselines): try predict on a few new "
                      "texts; for more accuracy, add training data or try a bigger base model.",
                      f"이번 실행은 상태가 좋습니다(정확도 {_pct(acc)}, 베이스라인보다 높음). predict로 새 텍스트 몇 개를 "
                      "시험해 보고, 더 높이려면 학습 데이터를 늘리거나 더 큰 베이스 모델을 시도하세요."))
    return _join(lines), tips


# ---------------------------------------------------------------------------------- generation

def _repeats(text: str) -> bool:
    """True when some 3-word sequence occurs 3 or more times: the usual sign of a looping generation."""
    words = str(text or "").split()
    grams = [" ".join(words[i:i + 3]) for i in range(len(words) - 2)]
    return any(grams.count(g) >= 3 for g in set(grams))


def _overlap(generated: str, reference: str) -> float:
    """Word-overlap F1 between a generation and its reference (a rough closeness, not a quality score)."""
    g, r = re.findall(r"\w+", str(generated or "").lower()), re.findall(r"\w+", str(reference or "").lower())
    if not g or not r:
        return 0.0
    common = sum(min(g.count(w), r.count(w)) for w in set(g))
    if not common:
        return 0.0
    p, rc = common / len(g), common / len(r)
    return 2 * p * rc / (p + rc)


def _generation(run_dir: Path, data: dict, config: dict, curve: dict, ko: bool) -> tuple[str, list[str]]:
    m = data.get("metrics") or {}
    loss, ppl = m.get("eval_loss"), m.get("perplexity")
    if not _finite(ppl) and _finite(loss):
        ppl = math.exp(min(loss, 50))
    train = data.get("train") or {}
    base = data.get("base_model") or config.get("base_model") or "?"
    method = _method(data.get("method") or config.get("method"), ko)

    def L(en: str, k: str) -> str:  # noqa: N802 - one letter keeps the paired sentences readable
        return k if ko else en

    lines = [L(f"## Results of run `{run_dir.name}`", f"## `{run_dir.name}` 실행 결과")]
    setup = L(f"`{base}` fine-tuned with {method} to generate text", f"`{base}` 모델을 {method} 텍스트 생성용으로 파인튜닝했습니다")
    if _finite(train.get("examples")):
        setup += L(f" on {int(train['examples']):,} examples", f"(학습 예제 {int(train['examples']):,}개")
        if _finite(train.get("seconds")):
            setup += L(f" in {_duration(train['seconds'], ko)}", f", {_duration(train['seconds'], ko)} 소요")
        setup += L("", ")")
    lines.append(setup + ".")
    lines.append(L("### What the numbers mean", "### 지표 해석"))
    if _finite(loss):
        lines.append(L(f"- **Eval loss {loss:.3f}**: the average cross-entropy per token of the reference answers in "
                       "the validation set, i.e. how surprised the model is by the right answer. Lower is better.",
                       f"- **검증 손실(eval loss) {loss:.3f}**: 검증 세트의 정답 텍스트에 대한 토큰당 평균 교차 엔트로피로, "
                       "모델이 정답을 보고 얼마나 '놀라는지'를 뜻합니다. 낮을수록 좋습니다."))
    if _finite(ppl):
        lines.append(L(f"- **Perplexity {ppl:.1f}** (e to the power of the loss): on average the model is as unsure "
                       f"about the next token as if it were choosing among {ppl:.0f} equally likely tokens. "
                       "Single digits usually mean fluent, in-style text; hundreds mean it has not learned the style.",
                       f"- **퍼플렉서티(perplexity) {ppl:.1f}** (손실의 지수값): 모델이 다음 토큰을 고를 때 평균적으로 "
                       f"{ppl:.0f}개의 후보 중 하나를 무작위로 고르는 것만큼 헷갈린다는 뜻입니다. 한 자릿수면 대개 "
                       "자연스럽고 스타일에 맞는 텍스트, 수백이면 아직 스타일을 배우지 못한 것입니다."))
    lines.append(L("### Training curve", "### 학습 곡선"))
    lines += _curve_text(curve, ko)
    tips = _curve_suggestions(curve, config, ko)

    samples = data.get("samples") or []
    if samples:
        lines.append(L("### Sample generations (beside the reference answers)", "### 생성 예시(정답과 나란히)"))
        for i, s in enumerate(samples[:3], 1):
            close = _overlap(s.get("generated"), s.get("reference"))
            lines.append(L(f"{i}. Prompt: {_code(s.get('prompt'), 160)}"
                           f"\n   - Reference: {_code(s.get('reference'), 200)}"
                           f"\n   - Generated: {_code(s.get('generated'), 200)}\n   - Word overlap with the reference: "
                           f"{_pct(close)}",
                           f"{i}. 프롬프트: {_code(s.get('prompt'), 160)}\n   - 정답: {_code(s.get('reference'), 200)}"
                           f"\n   - 생성: {_code(s.get('generated'), 200)}\n   - 정답과 단어 겹침: {_pct(close)}"))
        empty = sum(1 for s in samples if not str(s.get("generated") or "").strip())
        loops = sum(1 for s in samples if _repeats(s.get("generated")))
        if empty:
            tips.append(L(f"{empty} of {len(samples)} samples generated nothing: check that the prompt format at "
                          "prediction matches training, and train longer.",
                          f"예시 {len(samples)}개 중 {empty}개는 아무것도 생성하지 않았습니다. 예측할 때의 프롬프트 형식이 "
                          "학습 때와 같은지 확인하고, 더 오래 학습하세요."))
        if loops:
            tips.append(L(f"Repetition in {loops} of {len(samples)} samples (the same words over and over): train "
                          "longer or on more examples, "
                          "and use a repetition penalty when generating.",
                          f"예시 {len(samples)}개 중 {loops}개가 같은 말을 반복합니다. 더 오래 또는 더 많은 예제로 학습하고, "
                          "생성할 때 반복 페널티(repetition penalty)를 쓰세요."))
    if _finite(ppl) and ppl > 50 and not curve["underfitting"]:
        tips.append(L(f"Perplexity {ppl:.0f} is high: train for more epochs or on more examples, or use a bigger "
                      "base model.",
                      f"퍼플렉서티 {ppl:.0f}은(는) 높은 편입니다. 에폭이나 학습 예제를 늘리거나 더 큰 베이스 모델을 쓰세요."))
    rows, used = train.get("rows_available"), train.get("examples")
    if _finite(rows) and _finite(used) and used < rows:
        tips.append(L(f"Only {int(used):,} of the {int(rows):,} available rows were used: train on all of them "
                      f"(max_train_examples={int(rows)}).",
                      f"사용 가능한 {int(rows):,}행 중 {int(used):,}행만 썼습니다. 전부 쓰세요(max_train_examples={int(rows)})."))
    if not tips:
        tips.append(L("Training looks healthy: read more generations with predict and judge them yourself; "
                      "loss and perplexity do not measure correctness.",
                      "학습은 정상으로 보입니다. predict로 생성 결과를 더 읽어 보고 직접 판단하세요. 손실과 퍼플렉서티는 "
                      "내용이 맞는지까지 재지는 못합니다."))
    return _join(lines), tips


# ------------------------------------------------------------------------------------- the tool

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
        raise ValueError(f"run_id {_code(run_id, 60)}에 해당하는 학습 실행이 없습니다. 해결: 최근 실행({recent}) 중 하나를 쓰거나, run_id를 "
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
    curve = _curve(progress, len(labels) if task == "classification" and labels else None)
    if task == "classification":
        explanation, suggestions = _classification(run_dir, data, config, curve, ko)
    elif task == "generation":
        explanation, suggestions = _generation(run_dir, data, config, curve, ko)
    else:  # regression and anything newer: the numbers as they are, plus the curve
        lines = [f"## `{run_dir.name}` 실행 결과" if ko else f"## Results of run `{run_dir.name}`"]
        lines += [f"- **{k}**: {v:.4g}" for k, v in (data.get("metrics") or {}).items() if _finite(v)]
        lines += _curve_text(curve, ko)
        explanation, suggestions = _join(lines), _curve_suggestions(curve, config, ko)
        if not suggestions:
            suggestions = ["predict로 새 데이터 몇 개를 시험해 보고 예측값이 그럴듯한지 직접 확인하세요." if ko else
                           "Try predict on a few new examples and check that the predicted values are plausible."]
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
    return _jsonable(result)
