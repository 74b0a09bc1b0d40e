"""The training curve of a run: signs of over- and underfitting and divergence, in words and as advice."""
from __future__ import annotations

import math

from tools.evaluation import finite
from tools.explain_format import num, rate


def read_curve(progress: list[dict], n_classes: int | None = None) -> dict:
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
            train_then = [loss for s, loss, _ in train if math.isfinite(loss) and finite(s) and finite(ev[best][0])
                          and s <= ev[best][0]]
            falling = not train_then or not good or good[-1] < train_then[-1]
            out["overfitting"] = best < len(ev) - 1 and rose > max(0.05 * ev[best][1], 0.01) and falling
            out["eval_rise"] = rose / max(ev[best][1], 1e-9)
            out["still_improving"] = best == len(ev) - 1 and ev[-2][1] - ev[-1][1] > 0.03 * ev[-2][1]
    if out["overfitting"]:
        out["underfitting"] = False  # a falling train loss with a rising eval loss is the opposite problem
    return out


KEPT_KEYS = ("kept", "best_epoch", "best_step", "best_metric", "best_metric_name", "stopped_early", "epochs_trained",
             "epochs_planned", "early_stopping_patience", "evaluations")
METRIC_WORDS = {"f1_macro": ("macro-F1", "macro-F1"), "loss": ("eval loss", "검증 손실")}


def kept_of(data: dict) -> dict | None:
    """Which evaluation the model is, as metrics.json records it (tools/best_epoch.py); None for older runs."""
    if data.get("kept") not in ("best", "last"):
        return None
    return {k: data.get(k) for k in KEPT_KEYS}


def kept_lines(k: dict | None, ko: bool) -> list[str]:
    """Which epoch the model is and why: the best of its evaluations, and whether training stopped early."""
    evals = (k or {}).get("evaluations") or []
    if len(evals) < 2 or not finite(k.get("best_epoch")) or not finite(k.get("best_metric")):
        return []  # one evaluation or none: the model is simply the last one
    en_name, ko_name = METRIC_WORDS.get(k.get("best_metric_name"), (k.get("best_metric_name"),) * 2)
    best, last, value, n = k["best_epoch"], k.get("epochs_trained") or k["best_epoch"], f"{k['best_metric']:.3f}", len(evals)
    if k["kept"] == "last":
        return [f"남긴 모델은 마지막 {num(last)} 에폭의 것입니다. {num(best)} 에폭의 검증 {ko_name}이 더 좋았지만 그 가중치 파일이 "
                "없어 되돌리지 못했습니다." if ko else
                f"The model kept is the last epoch's ({num(last)}), although epoch {num(best)} scored a better validation "
                f"{en_name}: its saved weights were missing, so they could not be restored."]
    if best >= last - 1e-3:
        line = (f"**남긴 모델: 마지막 {num(best)} 에폭.** 평가 {n}번 중 검증 {ko_name}({value})이 가장 좋았습니다." if ko else
                f"**Kept: epoch {num(best)}, the last one.** Its validation {en_name} ({value}) was the best of the {n} "
                "evaluations.")
    else:
        line = (f"**남긴 모델: {num(last)} 에폭 중 {num(best)} 에폭**(스텝 {k['best_step']}). 평가 {n}번 중 검증 {ko_name}"
                f"({value})이 가장 좋아서, 어댑터와 위의 지표, predictions.csv 모두 마지막 에폭이 아니라 이 에폭의 것입니다." if ko else
                f"**Kept: epoch {num(best)} of {num(last)}** (step {k['best_step']}). Its validation {en_name} ({value}) "
                f"was the best of the {n} evaluations, so the adapter, the metrics above and predictions.csv are that "
                "epoch's, not the last one's.")
    if k.get("stopped_early"):
        since = n - 1 - next((i for i, e in enumerate(evals) if e.get("step") == k.get("best_step")), n - 1)
        planned, patience = k.get("epochs_planned"), k.get("early_stopping_patience")
        line += (f" {num(planned)} 에폭 계획 중 {num(last)} 에폭에서 일찍 멈췄습니다. 그 뒤 평가 {since}번 연속 더 나아지지 "
                 f"않아(early_stopping_patience={patience}) 남은 에폭을 건너뛰었습니다." if ko else
                 f" Training stopped early after epoch {num(last)} of {num(planned)}: {since} evaluations in a row did not "
                 f"beat it (early_stopping_patience={patience}), so the remaining epochs were skipped.")
    return [line]


def curve_lines(c: dict, ko: bool) -> list[str]:
    lines = kept_lines(c.get("kept"), ko)
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
        at = (f"{num(round(c['best_epoch'], 2))} 에폭(스텝 {c['best_step']})" if finite(c.get("best_epoch"))
              else f"스텝 {c['best_step']}") if ko else (
             f"epoch {num(round(c['best_epoch'], 2))} (step {c['best_step']})" if finite(c.get("best_epoch"))
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


def curve_tips(c: dict, config: dict, ko: bool) -> list[str]:
    out = []
    lr, epochs = config.get("learning_rate"), config.get("epochs")
    if c["nan_step"] is not None:
        lower = f" ({rate(lr)} → {rate(lr / 3)})" if finite(lr) else ""
        fp16 = config.get("precision") == "fp16"
        out.append((f"손실이 NaN이 되었으니 학습률을 낮추세요{lower}."
                    + (" fp16 대신 bf16이나 fp32를 쓰세요." if fp16 else "")
                    + " 빈 텍스트나 지나치게 긴 텍스트가 없는지도 확인하세요.") if ko else
                   (f"The loss went NaN: lower the learning rate{lower}"
                    + ("; use bf16 or fp32 instead of fp16" if fp16 else "")
                    + "; also check the data for empty or extremely long texts."))
    if c["overfitting"]:
        best = c.get("best_epoch")
        fewer = num(max(0.5, round(best, 1))) if finite(best) and best > 0 else None
        dropout = config.get("lora_dropout")
        more_dropout = f"lora_dropout {num(dropout)} → {num(round(dropout + 0.1, 2))}" if finite(dropout) else \
            "lora_dropout"
        kept = c.get("kept") or {}
        kept_epoch = kept.get("best_epoch") if kept.get("kept") == "best" else None
        if ko:
            target = f"epochs={fewer}" + (f"(지금은 {num(epochs)})" if finite(epochs) else "") if fewer else "더 적은 에폭"
            already = (f"남긴 모델은 과적합 전인 {num(kept_epoch)} 에폭의 것이지만, " if finite(kept_epoch) else "")
            out.append(f"과적합이 보이니 {already}에폭을 줄이세요: {target}. 또는 eval_steps로 더 자주 평가하고 "
                       "early_stopping_patience를 1로 낮춰 더 일찍 멈추세요(early stopping). 데이터 추가, "
                       f"{more_dropout}, 더 낮은 학습률도 도움이 됩니다.")
        else:
            target = f"epochs={fewer}" + (f" instead of {num(epochs)}" if finite(epochs) else "") if fewer else \
                "fewer epochs"
            already = (f"the model kept is epoch {num(kept_epoch)}'s, from before it began, but " if finite(kept_epoch)
                       else "")
            out.append(f"Overfitting: {already}train for fewer epochs ({target}), or evaluate more often with "
                       "eval_steps and stop sooner with early_stopping_patience=1 (early stopping); more data, "
                       f"{more_dropout} or a lower learning rate also help.")
    elif c["underfitting"] and c["nan_step"] is None:
        more = f"epochs={num(epochs * 2)}" if finite(epochs) else ("더 많은 에폭" if ko else "more epochs")
        higher = f" ({rate(lr)} → {rate(lr * 2)})" if finite(lr) else ""
        out.append(f"과소적합이 보이니 더 오래 학습하거나({more}) 학습률을 높이세요{higher.lstrip()}. 그래도 안 되면 더 큰 베이스 "
                   "모델을 쓰세요." if ko else
                   f"Underfitting: train longer ({more}) or raise the learning rate{higher}; if that is not enough, "
                   "use a bigger base model.")
    elif c["still_improving"]:
        more = f"epochs={num(epochs + 1)}" if finite(epochs) else ("에폭 1~2회 추가" if ko else "one or two more epochs")
        out.append(f"검증 손실이 아직 내려가는 중이었으니 조금 더 학습해 보세요({more})." if ko else
                   f"Eval loss was still falling at the end: train a bit longer ({more}).")
    return out
