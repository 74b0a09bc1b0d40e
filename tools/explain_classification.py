"""explain_results for a classification run: the facts computed once, then one function per section.

Every sentence is built from the run's own numbers; texts and labels from the user's data are quoted in
code spans (code()), so they read as data, never as instructions.
"""
from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from pathlib import Path

from tools.evaluation import finite
from tools.explain_curve import curve_lines, curve_tips
from tools.explain_format import code, duration, method_name, num, paragraphs, pct, pts
from tools.language import dataset_language, say


@dataclass(frozen=True)
class Facts:
    """What the sections of a classification explanation read: the run's numbers, taken apart once."""
    name: str  # the run's id
    lang: str
    config: dict
    curve: dict
    metrics: dict
    labels: list[str]
    cm: list[list[int]]
    per_class: dict
    n: int  # validation examples
    acc: float
    f1: float
    prec: float
    rec: float
    correct: int
    train: dict
    counts: dict  # training examples per label
    base: str
    method: str | None
    f1s: list[tuple[str, float]]  # (label, F1), weakest first
    baseline: dict
    maj: dict  # the majority-class baseline's metrics
    tfidf: dict  # the TF-IDF + logistic regression baseline's metrics
    beats_tfidf: bool | None  # None: no TF-IDF baseline recorded
    weakest: tuple[str, dict] | None  # (label, its per-class metrics) when there are two classes or more
    mixed_with: str | None  # the class the weakest one is confused with most
    errors: list[dict]  # the most confident mistakes
    model_tip: tuple[str, str] | None  # _model_suggestion

    @property
    def ko(self) -> bool:
        return self.lang == "ko"

    def say(self, en: str, ko: str) -> str:
        return say(self.lang, en, ko)


def facts(run_dir: Path, data: dict, config: dict, curve: dict, ko: bool) -> Facts:
    """The Facts of a run from its metrics.json (data), config.json and curve; missing numbers read as 0/empty."""
    m = data.get("metrics") or {}
    labels = [str(x) for x in (m.get("labels") or data.get("labels") or [])]
    cm = m.get("confusion_matrix") or []
    per_class = m.get("per_class") or {}
    n = int(m.get("n") or sum(map(sum, cm)) or 0)
    acc = float(m.get("accuracy", 0.0))
    f1s = sorted(((lab, float(per_class[lab]["f1"])) for lab in labels if lab in per_class), key=lambda t: t[1])
    weakest, mixed_with = None, None
    if len(f1s) > 1:
        lab = f1s[0][0]
        pc = per_class[lab]
        weakest = (lab, pc)
        k = labels.index(lab)
        pairs = [(cm[k][j] + cm[j][k], j) for j in range(len(labels)) if j != k and k < len(cm) and j < len(cm)]
        if pairs and max(pairs)[0] > 0:
            mixed_with = labels[max(pairs)[1]]  # the class it is confused with most, in either direction
    baseline = data.get("baseline") or {}
    tfidf = baseline.get("tfidf_logreg") or {}
    errors = [e for e in data.get("worst_errors") or [] if isinstance(e, dict)]
    base = data.get("base_model") or config.get("base_model") or "?"
    method = data.get("method") or config.get("method")
    return Facts(
        name=run_dir.name, lang="ko" if ko else "en", config=config, curve=curve, metrics=m, labels=labels, cm=cm,
        per_class=per_class, n=n, acc=acc, f1=float(m.get("f1_macro", 0.0)),
        prec=float(m.get("precision_macro", 0.0)), rec=float(m.get("recall_macro", 0.0)),
        correct=sum(cm[i][i] for i in range(min(len(cm), len(labels)))) if cm else round(acc * n),
        train=data.get("train") or {}, counts={str(k): v for k, v in (data.get("label_counts_train") or {}).items()},
        base=base, method=method, f1s=f1s, baseline=baseline, maj=baseline.get("majority") or {}, tfidf=tfidf,
        beats_tfidf=acc - tfidf["accuracy"] > 0 if tfidf else None, weakest=weakest, mixed_with=mixed_with,
        errors=errors, model_tip=_model_suggestion(base, _texts_language(run_dir, errors), method, ko))


def classification(run_dir: Path, data: dict, config: dict, curve: dict, ko: bool) -> tuple[str, list[str]]:
    """(the Markdown explanation, the suggestions) for a completed classification run."""
    run = facts(run_dir, data, config, curve, ko)
    sections = (_header, _numbers, _baselines, _confusions, _mistakes, _curve)
    return paragraphs([line for section in sections for line in section(run)]), _tips(run)


def _header(run: Facts) -> list[str]:
    """The run in one sentence: model, method, examples, epochs, time."""
    L = run.say  # noqa: N806 - one letter keeps the paired sentences readable
    base, method, train, config, n, ko = run.base, run.method, run.train, run.config, run.n, run.ko
    lines = [L(f"## Results of run `{run.name}`", f"## `{run.name}` 실행 결과")]
    examples, epochs = train.get("examples"), train.get("epochs", config.get("epochs"))
    setup = L(f"`{base}` fine-tuned with {method_name(method, ko)}", f"`{base}` 모델을 {method_name(method, ko)} 파인튜닝했습니다")
    if finite(examples):
        setup += L(f" on {int(examples):,} training examples", f"(학습 예제 {int(examples):,}개")
        if finite(epochs):
            setup += L(f" for {num(round(epochs, 2))} epochs", f", {num(round(epochs, 2))} 에폭")
        if finite(train.get("seconds")):
            setup += L(f" in {duration(train['seconds'], ko)}", f", {duration(train['seconds'], ko)} 소요")
        setup += L("", ")")
    lines.append(setup + L(f"; evaluated on {n:,} validation examples.", f". 평가는 검증 예제 {n:,}개로 했습니다."))
    return lines


def _numbers(run: Facts) -> list[str]:
    """What accuracy, macro F1, precision and recall mean, with this run's values."""
    L = run.say  # noqa: N806 - one letter keeps the paired sentences readable
    m, labels, f1s, n, correct = run.metrics, run.labels, run.f1s, run.n, run.correct
    acc, f1, prec, rec = run.acc, run.f1, run.prec, run.rec
    lines = [L("### What the numbers mean", "### 지표 해석")]
    # Only the numbers the engine recorded: a missing one is left out rather than shown as 0.
    if n:
        lines.append(L(f"- **Accuracy {pct(acc)}**: {correct:,} of the {n:,} validation examples were classified "
                       "correctly.",
                       f"- **정확도(accuracy) {pct(acc)}**: 검증 예제 {n:,}개 중 {correct:,}개를 맞혔습니다."))
    elif "accuracy" in m:
        lines.append(L(f"- **Accuracy {pct(acc)}**: the share of validation examples classified correctly.",
                       f"- **정확도(accuracy) {pct(acc)}**: 검증 예제 중 맞힌 비율입니다."))
    if len(f1s) <= 6:
        each = ", ".join(f"{code(lab, 30)} {v:.3f}" for lab, v in f1s)
    else:
        each = L(f"from {f1s[0][1]:.3f} ({code(f1s[0][0], 30)}) to {f1s[-1][1]:.3f} ({code(f1s[-1][0], 30)})",
                 f"{code(f1s[0][0], 30)} {f1s[0][1]:.3f}부터 {code(f1s[-1][0], 30)} {f1s[-1][1]:.3f}까지")
    per = L(f" Per class: {each}.", f" 클래스별: {each}.") if each else ""
    if "f1_macro" in m:
        lines.append(L(f"- **Macro F1 {f1:.3f}**: F1 is computed for each class and then averaged, so every class "
                       f"counts the same however few examples it has, and one weak class pulls it down.{per}",
                       f"- **매크로 F1 {f1:.3f}**: 클래스마다 F1을 구한 뒤 단순 평균한 값입니다. 예제 수와 상관없이 모든 "
                       f"클래스가 똑같이 반영되므로 약한 클래스가 하나만 있어도 점수가 떨어집니다.{per}"))
    if "precision_macro" in m:
        lines.append(L(f"- **Precision {prec:.3f}** (macro): when the model predicts a class, it is right {pct(prec)} "
                       "of the time on average.",
                       f"- **정밀도(precision) {prec:.3f}** (macro): 모델이 어떤 클래스라고 예측했을 때 평균 {pct(prec)}가 "
                       "맞습니다."))
    if "recall_macro" in m:
        lines.append(L(f"- **Recall {rec:.3f}** (macro): of the examples that really belong to a class, it finds "
                       f"{pct(rec)} on average.",
                       f"- **재현율(recall) {rec:.3f}** (macro): 실제로 그 클래스인 예제 중 평균 {pct(rec)}를 찾아냅니다."))
    if "f1_macro" in m and acc - f1 >= 0.05 and len(labels) > 1:
        lines.append(L(f"Accuracy is {100 * (acc - f1):.0f} points above macro F1: the model does well on the big "
                       "classes and worse on the small ones.",
                       f"정확도가 매크로 F1보다 {100 * (acc - f1):.0f}%p 높습니다. 큰 클래스는 잘 맞히지만 작은 클래스에서 약하다는 뜻입니다."))
    return lines


def _baselines(run: Facts) -> list[str]:
    """The majority-class and TF-IDF baselines beside the model, and whether the lead is real."""
    L = run.say  # noqa: N806 - one letter keeps the paired sentences readable
    baseline, maj, tfidf, beats_tfidf = run.baseline, run.maj, run.tfidf, run.beats_tfidf
    acc, f1, n, ko = run.acc, run.f1, run.n, run.ko
    lines = [L("### Compared with simple baselines", "### 베이스라인과 비교")]
    if maj or tfidf:
        maj_label = baseline.get("majority_label")
        if maj_label is None and maj:
            maj_label = next((lab for lab, v in (maj.get("per_class") or {}).items() if v.get("recall") == 1.0), None)
        if maj:
            which = f" {code(maj_label, 30)}" if maj_label is not None else ""
            lines.append(L(f"- Always answering the most frequent class{which}: accuracy {pct(maj['accuracy'])}, "
                           f"macro F1 {maj['f1_macro']:.3f}.",
                           f"- 항상 가장 많은 클래스{which + '(으)로만' if which else '로만'} 답하면: "
                           f"정확도 {pct(maj['accuracy'])}, 매크로 F1 {maj['f1_macro']:.3f}."))
        if tfidf:
            secs = baseline.get("seconds")
            took = (L(f", trained in {duration(secs, ko)}", f", 학습 {duration(secs, ko)}") if finite(secs) else "")
            lines.append(L(f"- TF-IDF + logistic regression (a classic model{took}): "
                           f"accuracy {pct(tfidf['accuracy'])}, "
                           f"macro F1 {tfidf['f1_macro']:.3f}.",
                           f"- TF-IDF + 로지스틱 회귀(고전적인 모델{took}): 정확도 {pct(tfidf['accuracy'])}, "
                           f"매크로 F1 {tfidf['f1_macro']:.3f}."))
        noise = 100 * 1.96 * math.sqrt(max(acc * (1 - acc), 0.01) / max(n, 1))  # 95% interval half-width, points
        if maj and acc <= maj["accuracy"] + 0.01:
            lines.append(L(f"**The model is no better than always answering the most frequent class "
                           f"({pct(acc)} vs {pct(maj['accuracy'])}): it has not learned the task.**",
                           f"**항상 가장 많은 클래스로 답하는 것과 다를 바 없습니다({pct(acc)} 대 {pct(maj['accuracy'])}). "
                           "모델이 과제를 학습하지 못했습니다.**"))
        if tfidf:
            d = acc - tfidf["accuracy"]
            if beats_tfidf:
                vs_maj = L(f" and {pts(acc - maj['accuracy'])} above the majority baseline",
                           f", 다수 클래스 베이스라인보다 {pts(acc - maj['accuracy'])}%p") if maj else ""
                lines.append(L(f"The fine-tuned model is **{pts(d)} points** above TF-IDF{vs_maj} in accuracy "
                               f"(macro F1 {pts(f1 - tfidf['f1_macro'])} points).",
                               f"파인튜닝한 모델의 정확도가 TF-IDF보다 **{pts(d)}%p**{vs_maj} 높습니다"
                               f"(매크로 F1은 {pts(f1 - tfidf['f1_macro'])}%p)."))
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
                               f"({pct(acc)} vs {pct(tfidf['accuracy'])}, {pts(d)} points). A model that trains in "
                               "seconds does as well, so this fine-tune is not worth its cost yet.",
                               f"**파인튜닝한 모델이 TF-IDF + 로지스틱 회귀 베이스라인을 이기지 못했습니다**"
                               f"({pct(acc)} 대 {pct(tfidf['accuracy'])}, {pts(d)}%p). 몇 초면 학습되는 모델과 같거나 "
                               "못하니, 아직은 파인튜닝에 든 비용만큼의 효과가 없습니다."))
    else:
        lines.append(L("No baseline was recorded for this run.", "이 실행에는 베이스라인 결과가 기록되지 않았습니다."))
    return lines


def _confusions(run: Facts) -> list[str]:
    """The classes mixed up most, and the weakest class."""
    L = run.say  # noqa: N806 - one letter keeps the paired sentences readable
    cm, labels, n, counts, weakest = run.cm, run.labels, run.n, run.counts, run.weakest
    lines = [L("### Where it goes wrong", "### 어디서 틀리는가")]
    cells = sorted(((cm[i][j], i, j) for i in range(len(cm)) for j in range(len(cm[i]))
                    if i != j and i < len(labels) and j < len(labels) and cm[i][j] > 0), reverse=True)[:3]
    for count, i, j in cells:
        row = sum(cm[i])
        lines.append(L(f"- {code(labels[i], 30)} predicted as {code(labels[j], 30)}: {count:,} times "
                       f"({pct(count / row)} of the {row:,} {code(labels[i], 30)} examples).",
                       f"- {code(labels[i], 30)}을(를) {code(labels[j], 30)}(으)로 잘못 예측: {count:,}건"
                       f"({code(labels[i], 30)} 예제 {row:,}개 중 {pct(count / row)})."))
    if not cells and n:
        lines.append(L("No validation example was misclassified.", "잘못 분류된 검증 예제가 없습니다."))
    if weakest is not None:
        lab, pc = weakest
        in_train = L(f", {counts[lab]:,} in training", f", 학습 예제 {counts[lab]:,}개") if lab in counts else ""
        lines.append(L(f"Weakest class: {code(lab, 30)} with F1 {pc['f1']:.3f} (precision {pc['precision']:.3f}, "
                       f"recall {pc['recall']:.3f}, {pc['support']:,} validation examples{in_train}).",
                       f"가장 약한 클래스는 {code(lab, 30)}입니다: F1 {pc['f1']:.3f}(정밀도 {pc['precision']:.3f}, "
                       f"재현율 {pc['recall']:.3f}, 검증 예제 {pc['support']:,}개{in_train})."))
        if pc["recall"] < pc["precision"] - 0.1:
            lines.append(L(f"It is mostly *missed*: many real {code(lab, 30)} examples get another label.",
                           f"주로 *놓치는* 쪽입니다: 실제 {code(lab, 30)} 예제가 다른 레이블로 많이 분류됩니다."))
        elif pc["precision"] < pc["recall"] - 0.1:
            lines.append(L(f"It is *over-predicted*: the model often says {code(lab, 30)} for examples of other "
                           "classes.",
                           f"*과하게 예측되는* 쪽입니다: 다른 클래스 예제를 {code(lab, 30)}(으)로 자주 예측합니다."))
    return lines


def _mistakes(run: Facts) -> list[str]:
    """The most confident mistakes, quoted as data."""
    L = run.say  # noqa: N806 - one letter keeps the paired sentences readable
    if not run.errors:
        return []
    lines = [L("The model's most confident mistakes (texts quoted as they appear in the data):",
               "모델이 가장 확신하며 틀린 예제(데이터의 텍스트를 그대로 인용):")]
    for e in run.errors[:5]:
        sure = pct(e["score"]) if finite(e.get("score")) else "?"
        lines.append(L(f"- {sure} sure it is {code(e.get('predicted'), 30)}, but the label is "
                       f"{code(e.get('label'), 30)}: {code(e.get('text'))}",
                       f"- {code(e.get('predicted'), 30)}일 확률을 {sure}로 봤지만 정답은 {code(e.get('label'), 30)}: "
                       f"{code(e.get('text'))}"))
    return lines


def _curve(run: Facts) -> list[str]:
    """Over- and underfitting in the logged losses (explain_curve.py)."""
    return [run.say("### Training curve", "### 학습 곡선"), *curve_lines(run.curve, run.ko)]


def _tips(run: Facts) -> list[str]:
    """What to try next, each from a number above; a healthy run gets one sentence saying so."""
    L = run.say  # noqa: N806 - one letter keeps the paired sentences readable
    acc, f1, maj, beats_tfidf, model_tip = run.acc, run.f1, run.maj, run.beats_tfidf, run.model_tip
    weakest, mixed_with, counts, train = run.weakest, run.mixed_with, run.counts, run.train
    config, errors, curve, ko = run.config, run.errors, run.curve, run.ko
    tips = []
    if maj and acc <= maj["accuracy"] + 0.01:
        tips.append(L("The model only matches the majority baseline: check that the label column is the right one, "
                      "then train longer or with a higher learning rate.",
                      "모델이 다수 클래스 베이스라인 수준입니다. 레이블 열이 맞는지 먼저 확인하고, 더 오래 또는 더 높은 "
                      "학습률로 학습하세요."))
    tips += curve_tips(curve, config, ko)
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
                tips.append(L(f"Class {code(lab, 30)} is the weakest (F1 {pc['f1']:.3f}, recall {pc['recall']:.3f}) "
                              f"and has only {n_train:,} training examples against a median of {median:,}: add "
                              f"more {code(lab, 30)} examples (or oversample them).",
                              f"{code(lab, 30)} 클래스가 가장 약하고(F1 {pc['f1']:.3f}, 재현율 {pc['recall']:.3f}) 학습 "
                              f"예제가 {n_train:,}개뿐입니다(클래스 중앙값 {median:,}개). {code(lab, 30)} 예제를 더 모으거나 "
                              "오버샘플링하세요."))
            elif mixed_with:
                other = mixed_with
                tips.append(L(f"Class {code(lab, 30)} is the weakest (F1 {pc['f1']:.3f}) and is mixed up with "
                              f"{code(other, 30)}: compare examples of the two for unclear or inconsistent labels, "
                              f"and add examples that separate them.",
                              f"{code(lab, 30)} 클래스가 가장 약하고(F1 {pc['f1']:.3f}) {code(other, 30)}와(과) 자주 "
                              "헷갈립니다. 두 클래스의 예제를 비교해 애매하거나 일관되지 않은 레이블을 찾고, 둘을 구분해 "
                              "주는 예제를 더 넣으세요."))
    rows, used = train.get("rows_available"), train.get("examples")
    if finite(rows) and finite(used) and used < rows:
        tips.append(L(f"Only {int(used):,} of the {int(rows):,} available training rows were used "
                      f"(max_train_examples={config.get('max_train_examples', int(used))}): train on all of them "
                      f"(max_train_examples={int(rows)}); more data is usually the surest gain.",
                      f"사용 가능한 학습 데이터 {int(rows):,}행 중 {int(used):,}행만 썼습니다"
                      f"(max_train_examples={config.get('max_train_examples', int(used))}). 전부 쓰세요"
                      f"(max_train_examples={int(rows)}). 데이터를 늘리는 것이 대개 가장 확실한 개선입니다."))
    sure_wrong = [e for e in errors if finite(e.get("score")) and e["score"] >= 0.9]
    if len(sure_wrong) >= 2:
        tips.append(L(f"The model is at least 90% sure on {len(sure_wrong)} of its worst mistakes: some of those "
                      "labels may be wrong. Check them, and run inspect_dataset to find duplicates and conflicting "
                      "labels.",
                      f"가장 크게 틀린 예제 중 {len(sure_wrong)}개는 모델이 90% 이상 확신했습니다. 레이블 자체가 틀렸을 수 "
                      "있으니 확인하고, inspect_dataset으로 중복과 상충하는 레이블을 찾아보세요."))
    if not tips:
        tips.append(L(f"The run looks healthy ({pct(acc)} accuracy, above the baselines): try predict on a few new "
                      "texts; for more accuracy, add training data or try a bigger base model.",
                      f"이번 실행은 상태가 좋습니다(정확도 {pct(acc)}, 베이스라인보다 높음). predict로 새 텍스트 몇 개를 "
                      "시험해 보고, 더 높이려면 학습 데이터를 늘리거나 더 큰 베이스 모델을 시도하세요."))
    return tips


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
