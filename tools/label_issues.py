"""Rows whose label looks wrong: cleanlab's confident learning on out-of-fold class probabilities.

Every row gets class probabilities from models that never saw it (5-fold cross-validation,
tools/label_models.py): TF-IDF + logistic regression (the project's baseline) averaged with
logistic regression on multilingual-e5-small embeddings. cleanlab compares them with the given
labels and flags the rows it is confident are mislabelled; of those we keep the rows whose given
label has under 30% probability (the bound the TF-IDF-only version chose among 0.35-0.2 on the
benchmark files; not re-tuned for the ensemble).

Measured by benchmarks/improvement_loop.py (8k rows, labels flipped at random, seeded), precision /
recall against the flipped rows at this default: SST-2 5% flipped 0.52 / 0.64 (TF-IDF alone 0.34 /
0.58, encoder alone 0.40 / 0.68), 10% 0.70 / 0.55 (0.50 / 0.54; 0.60 / 0.61); NSMC 5% 0.41 / 0.51
(0.37 / 0.50; 0.27 / 0.55), 10% 0.61 / 0.46 (0.57 / 0.47; 0.46 / 0.50). The average is the best
of the three by F1 and average precision on all four files, but precision and recall of 0.6 together
are reached on none: the models' own mistakes (13-19% of clean labels) still outnumber 5-10% of
flipped labels. The list is for review, not blind deletion.

Embedding is the slow part: on two shared cores 8k texts took 18-23 minutes under a load of about
10, and the first 256 texts foresaw 11-15 minutes at a load of 5. A chat turn should not wait that
long, so when the first 256 texts foresee more than EMBED_BUDGET_S for the file, TF-IDF runs alone
and the result says so (note, method). Embeddings are cached by the texts, so a second check of
the file, or of a copy with labels fixed, takes 16-40 s with the encoder.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from tools.columns import detect_columns
from tools.data import clean_labels, read_table
from tools.label_models import folds_for
from tools.language import dataset_language, say

MIN_PER_CLASS = 3  # each fold's model must see at least two examples of every class
FILTER_BY = "prune_by_noise_rate"  # cleanlab's default filter
GIVEN_LABEL_BOUND = 0.3  # flagged only below this probability of the given label: see the module docstring
EMBED_BUDGET_S = 180  # longest first-time embedding a chat turn waits for; over it, TF-IDF alone (see docstring)
REGRESSION_DISTINCT = 20  # as inspect_dataset: many distinct non-integer numbers are a regression target


@dataclass
class LabeledTable:
    """A classification file as read for checking and cleaning: every row of the file, in order."""
    frame: pd.DataFrame
    info: dict  # read_table's info: path, format, encoding, delimiter, ...
    text_column: str
    label_column: str
    texts: pd.Series  # str, "" where the cell is missing
    labels: pd.Series  # str, or None where missing or a placeholder like NaN


def _is_regression(labels: pd.Series) -> bool:
    values = labels.dropna()
    numbers = pd.to_numeric(values, errors="coerce")
    return (len(values) > 0 and numbers.notna().all() and values.nunique() > REGRESSION_DISTINCT
            and bool((numbers % 1 != 0).any()))


def read_labeled(path: str, text_column: str | None = None, label_column: str | None = None) -> LabeledTable:
    """Read a text-classification file with the project's reader and column detection.

    Raises ValueError (with a Fix) for generation data, plain texts without labels and regression targets.
    """
    frame, info = read_table(path)
    cols = detect_columns(frame, text_column or None, label_column or None)
    if cols.generation or cols.label is None:
        raise ValueError(f"{info['path']} has no label column (found text column {cols.text!r}, columns: "
                         f"{', '.join(map(repr, info['columns'][:20]))}), so there are no labels to check. Fix: pass "
                         f"label_column= naming the column with the classes; prompt/response data cannot be checked.")
    labels = clean_labels(frame[cols.label].astype(object))
    if _is_regression(labels):
        raise ValueError(f"The labels in {cols.label!r} are numbers with {labels.nunique():,} distinct values "
                         f"(regression), not classes. Fix: only classification labels can be checked; pass "
                         f"label_column= if another column holds the classes.")
    texts = frame[cols.text].astype(object).where(frame[cols.text].notna(), "").astype(str)
    return LabeledTable(frame, info, cols.text, cols.label, texts, labels)


def _labelled_rows(table):
    """The rows with a label and some text: (mask over the table, texts, sorted classes, class index per row)."""
    usable = table.labels.notna() & table.texts.str.strip().ne("")
    labels = table.labels[usable]
    _check_classes(labels)
    classes = sorted(labels.unique())
    return usable, table.texts[usable].tolist(), classes, labels.map({c: i for i, c in enumerate(classes)}).to_numpy()


def _check_classes(labels: pd.Series) -> None:
    counts = labels.value_counts()
    if len(counts) < 2:
        only = f"one class ({counts.index[0]!r})" if len(counts) else "no labels at all"
        raise ValueError(f"The labelled rows have {only}, so no label can look wrong against another. Fix: add "
                         f"examples of at least one other class, or pass the right label_column.")
    rare = counts[counts < MIN_PER_CLASS]
    if len(rare):
        shown = ", ".join(f"{k!r} ({v})" for k, v in rare.head(5).items())
        raise ValueError(f"Too few rows per class for cross-validation: {shown} have fewer than {MIN_PER_CLASS} "
                         f"rows. Fix: add examples of these classes, or merge or remove them.")


def probabilities(texts: list[str], labels: np.ndarray, language: str):
    """(out-of-fold probabilities, what gave them, None or why the encoder was left out as {"en", "ko"}).

    The average of TF-IDF and encoder probabilities when the encoder can run here in chat time
    (its embeddings are cached, or embedding them is foreseen to take at most EMBED_BUDGET_S on this
    machine), else TF-IDF alone.
    """
    from tools import label_models

    tfidf = label_models.tfidf_probabilities(texts, labels, language)
    features = "word 1-2-grams + char 2-5-grams" if language == "en" else "char 1-4-grams"
    tfidf_name = f"TF-IDF ({features}) + logistic regression"
    try:
        vectors = label_models.text_embeddings(texts, budget_s=EMBED_BUDGET_S)
    except label_models.TooSlow as slow:
        minutes, limit = max(1, round(slow.seconds / 60)), EMBED_BUDGET_S // 60
        return tfidf, tfidf_name, {
            "en": f"embedding all {len(texts):,} texts would take about {minutes} min on this machine now, more than "
                  f"a chat turn should wait ({limit} min), so only the quick TF-IDF model ran",
            "ko": f"지금 이 컴퓨터에서 텍스트 {len(texts):,}개를 모두 임베딩하면 약 {minutes}분이 걸려 대화에서 기다리기에는 "
                  f"너무 길어({limit}분 초과) 빠른 TF-IDF 모델만 사용했습니다"}
    except (ValueError, OSError, RuntimeError, ImportError) as e:  # not installed, damaged, out of memory
        return tfidf, tfidf_name, {
            "en": f"the multilingual encoder could not load ({str(e)[:200]}), so only TF-IDF ran",
            "ko": f"다국어 인코더를 불러오지 못해 TF-IDF만 사용했습니다 ({str(e)[:200]})"}
    encoder = label_models.encoder_probabilities(vectors, labels)
    return ((tfidf + encoder) / 2, f"the average of {tfidf_name} and multilingual-e5-small embeddings + "
            f"logistic regression", None)


QUICK_ROWS = 20_000  # the data report's quick check runs on files up to this size (benchmarks/inspect_label_check.py)


def _quick_features(texts: list[str], language: str):
    """A faster cousin of the baseline for the data report: word 1-2-grams (Korean: character 1-3-grams),
    vectorised once for all folds, and complement naive Bayes instead of logistic regression. With 10% of
    8k labels flipped it finds them about as well as the full TF-IDF path (precision / recall SST-2
    0.53 / 0.48, NSMC 0.57 / 0.58) in under a second instead of 30-40 s on two loaded cores. Fitting TF-IDF on every text uses no label, so no fold
    learns the labels it is scored on; vectorising once is what makes the check cheap (benchmarks/
    inspect_label_check.py)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    features = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True) if language == "en" else \
        TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3), sublinear_tf=True, max_features=100_000)
    return features.fit_transform(texts)


def quick_count(path: str, text_column: str | None, label_column: str | None) -> int | None:
    """How many rows look mislabelled to a quick TF-IDF check, for inspect_dataset's report; None when the
    file is over QUICK_ROWS rows or cannot be checked (one class, too few rows per class, no labels)."""
    import cleanlab.filter
    from sklearn.model_selection import cross_val_predict
    from sklearn.naive_bayes import ComplementNB
    from threadpoolctl import threadpool_limits

    from tools.label_models import _splitter

    try:
        table = read_labeled(path, text_column, label_column)
        if len(table.frame) > QUICK_ROWS:
            return None
        _, texts, _, y = _labelled_rows(table)
        with threadpool_limits(limits=1):
            probs = cross_val_predict(ComplementNB(alpha=0.3),
                                      _quick_features(texts, dataset_language(texts)), y, method="predict_proba",
                                      cv=_splitter(y))
    except ValueError:  # nothing to check, or no usable characters: the report says nothing about it
        return None
    flagged = cleanlab.filter.find_label_issues(y, probs, filter_by=FILTER_BY)
    return int(sum(1 for i in np.flatnonzero(flagged) if probs[i, y[i]] < GIVEN_LABEL_BOUND))


def _summary(result: dict, used: int, name: str, lang: str) -> str:
    count, acc = result["count"], result["model_accuracy"]
    checker = say(lang, "the check model (TF-IDF and the multilingual encoder together)",
                  "점검 모델(TF-IDF와 다국어 인코더를 함께 사용)") if result["encoder_used"] else \
        say(lang, "the quick TF-IDF check model", "빠른 TF-IDF 점검 모델")
    note = "" if result["encoder_used"] else say(lang, " The multilingual encoder was not used: ",
                                                 " 다국어 인코더는 쓰지 않았습니다: ") + result["note"] + "."
    if not count:
        return say(lang, f"No row of {name} looks mislabelled ({used:,} labelled rows checked; {checker} "
                         f"agrees with {acc:.0%} of the labels).",
                   f"{name}에서 라벨이 틀려 보이는 행은 없습니다 (라벨이 있는 {used:,}행 점검, {checker}이 "
                   f"라벨의 {acc:.0%}와 일치).") + note
    top = result["rows"][0]
    snippet = top["text"] if len(top["text"]) <= 60 else top["text"][:60] + "…"
    return say(
        lang,
        f"About {count:,} of {used:,} rows ({count / used:.1%}) of {name} look mislabelled. The most suspicious: "
        f"row {top['row']} \"{snippet}\" is labelled {top['label']!r} but looks like {top['suggested_label']!r} "
        f"({top['confidence']:.0%}). {checker[0].upper() + checker[1:]} agrees with {acc:.0%} of the labels, "
        f"so some flagged rows are only hard examples: review them, then clean the file with the fixes you accept "
        f"(clean_dataset with fixes, or drop_label_issues=True).",
        f"{name}의 {used:,}행 중 약 {count:,}행({count / used:.1%})의 라벨이 틀려 보입니다. 가장 의심스러운 행: "
        f"{top['row']}행 \"{snippet}\"의 라벨은 {top['label']!r}이지만 {top['suggested_label']!r}로 보입니다 "
        f"({top['confidence']:.0%}). {checker}이 라벨의 {acc:.0%}와 일치하므로 일부는 단지 어려운 "
        f"예시일 수 있습니다. 검토한 뒤 받아들인 수정으로 파일을 정리하세요 (clean_dataset의 fixes, 또는 "
        f"drop_label_issues=True).") + note


def find_label_issues(path: str, text_column: str | None = None, label_column: str | None = None,
                      lang: str = "en") -> dict:
    """Find rows whose label looks wrong, most suspicious first (cleanlab confident learning).

    Cross-validated TF-IDF and encoder-embedding logistic regressions give every row probabilities
    from models that did not see it; cleanlab flags the rows whose given label they contradict.
    TF-IDF alone (with a note) when the encoder cannot load or embedding the file would take longer
    than a chat turn should wait (EMBED_BUDGET_S, foreseen from the first 256 texts). 15-40 s for
    8,000 rows on two cores with TF-IDF alone or cached embeddings; embedding 8,000 short texts
    the first time takes minutes.

    Args:
        path: the training data file (CSV, TSV, JSON, JSON Lines or Parquet).
        text_column: the column holding the texts, if the guess is wrong.
        label_column: the column holding the labels, if the guess is wrong.
        lang: language of the summary: "en" or "ko".

    Returns:
        rows (list of {row, text, label, suggested_label, confidence}; row is the 0-based data row
        in the file, confidence the model's probability of the suggested label), count, method,
        summary, encoder_used, note (why the encoder was left out, or None), model_accuracy (out-of-fold
        agreement with the given labels), seconds.
    """
    import cleanlab.filter

    if lang not in ("en", "ko"):
        raise ValueError(f"lang must be 'en' or 'ko', not {lang!r}. Fix: pass lang='en' or lang='ko'.")
    start = time.perf_counter()
    table = read_labeled(path, text_column, label_column)
    usable, texts, classes, y = _labelled_rows(table)
    language = dataset_language(texts)
    probs, model, left_out = probabilities(texts, y, language)
    ranked = cleanlab.filter.find_label_issues(y, probs, filter_by=FILTER_BY, return_indices_ranked_by="self_confidence")
    ranked = [i for i in ranked if probs[i, y[i]] < GIVEN_LABEL_BOUND]
    file_rows = table.texts.index[usable.to_numpy()].to_numpy()
    rows = []
    for i in ranked:
        other = probs[i].copy()
        other[y[i]] = -1.0  # the suggestion is the likeliest label other than the given one
        j = int(other.argmax())
        rows.append({"row": int(file_rows[i]), "text": texts[i], "label": classes[y[i]],
                     "suggested_label": classes[j], "confidence": round(float(probs[i, j]), 3)})
    result = {
        "rows": rows, "count": len(rows),
        "method": (f"cleanlab confident learning (filter_by={FILTER_BY!r}; given label under {GIVEN_LABEL_BOUND:.0%}) on "
                   f"{folds_for(y)}-fold out-of-fold probabilities of {model}" + (f"; {left_out['en']}" if left_out else "")),
        "encoder_used": left_out is None, "note": left_out[lang] if left_out else None,
        "model_accuracy": round(float((probs.argmax(axis=1) == y).mean()), 4),
        "text_column": table.text_column, "label_column": table.label_column,
        "seconds": 0.0,
    }
    result["summary"] = _summary(result, len(texts), Path(table.info["path"]).name, lang)
    result["seconds"] = round(time.perf_counter() - start, 2)
    return result
