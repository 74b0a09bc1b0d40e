"""Two cheap baselines every fine-tuned classifier has to beat: the majority class and TF-IDF + LR.

If a LoRA run does not beat a TF-IDF + logistic regression model that trains in seconds, the
fine-tune is not worth its cost yet; explain_results says so.

Measured on 2 shared CPU cores, seeded stratified 90/10 splits of shared/data, with run_baselines
(vectorise + fit + predict + metrics, C=3): SST-2 8k 83.1% in 1.1 s (word 1-2 + char 2-5-grams;
words alone 80-81%, chars alone 81-82%); NSMC 8k 83.0% in 1.4 s (char 1-4-grams; char 2-4 and the
English union 82.3-82.5%); TREC 5.4k, 6 classes 86.3% in 3-4 s (union; words alone 84-85%, chars
alone 79-81%). Majority class: 55.9%, 50.0%, 22.9%.
"""
from __future__ import annotations

import random
import time
from collections import Counter

from tools.evaluation import classification_metrics

LANGUAGES = ("en", "ko", "mixed", "other")
MAX_FEATURES = 200_000  # bounds memory and time on big datasets; 8k rows have ~100k n-grams
MAX_TRAIN_ROWS = 50_000  # beyond this a seeded sample: the baseline is a yardstick, not the product
C = 3.0  # 2 and 4 measured within 0.5 points of each other on all three datasets


def _vectorizer(language: str):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import FeatureUnion

    if language == "en":
        # Words carry English sentiment/topic; char n-grams add robustness to typos and morphology.
        # The token pattern keeps one-letter words and punctuation ("?" and "i" matter for TREC).
        return FeatureUnion([
            ("words", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, max_features=MAX_FEATURES // 2,
                                      token_pattern=r"(?u)\b\w+\b|[^\w\s]")),
            ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True,
                                      max_features=MAX_FEATURES // 2)),
        ])
    # Korean glues particles onto words (영화가, 영화는), so whitespace words barely repeat;
    # character n-grams match the stems. Also the safe choice for other languages and mixes.
    return TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 4), sublinear_tf=True, max_features=MAX_FEATURES)


def tfidf_model(language: str):
    """An unfitted TF-IDF + logistic regression pipeline, the baseline's exact features and C."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    return make_pipeline(_vectorizer(language), LogisticRegression(max_iter=1000, C=C))


def _clean(texts, name: str) -> list[str]:
    if isinstance(texts, str):
        raise ValueError(f"{name} must be a list of texts, not one string. Fix: pass one text per example.")
    return ["" if t is None or (isinstance(t, float) and t != t) else str(t) for t in texts]  # None/NaN → ""


def tfidf_predictions(train_texts: list[str], train_labels: list[str], val_texts: list[str],
                      language: str) -> list[str]:
    """The TF-IDF + logistic regression baseline's label for each validation text (inputs already checked)."""
    from sklearn.linear_model import LogisticRegression
    from threadpoolctl import threadpool_limits

    if len(train_texts) > MAX_TRAIN_ROWS:
        keep = sorted(random.Random(0).sample(range(len(train_texts)), MAX_TRAIN_ROWS))
        fit_texts, fit_labels = [train_texts[i] for i in keep], [train_labels[i] for i in keep]
    else:
        fit_texts, fit_labels = train_texts, train_labels
    if len(set(fit_labels)) < 2:  # only possible with an extreme imbalance and sampling
        fit_texts, fit_labels = train_texts, train_labels

    vectorizer = _vectorizer(language)
    # One BLAS/OpenMP thread: with the default (one per core) on a shared 2-core machine the
    # lbfgs fit on TREC took 15 s instead of 3 s from oversubscription.
    with threadpool_limits(limits=1):
        try:
            x_train = vectorizer.fit_transform(fit_texts)
        except ValueError as e:  # "empty vocabulary": every text empty or only stop characters
            raise ValueError(f"The training texts contain no usable characters ({e}). Fix: check the text "
                             "column; inspect_dataset shows which column holds the texts.") from None
        x_val = vectorizer.transform(val_texts)
        model = LogisticRegression(max_iter=1000, C=C)
        model.fit(x_train, fit_labels)
        return [str(p) for p in model.predict(x_val)]


def run_baselines(train_texts: list[str], train_labels: list[str], val_texts: list[str], val_labels: list[str],
                  language: str) -> dict:
    """Score the majority-class and TF-IDF + logistic regression baselines on the validation split.

    Args:
        train_texts: training texts.
        train_labels: their labels.
        val_texts: validation texts.
        val_labels: their labels.
        language: "en" (word + character n-grams), or "ko", "mixed", "other" (character n-grams).

    Returns:
        {"majority": metrics, "tfidf_logreg": metrics, "seconds": float, "majority_label": str,
        "features": str}; metrics are classification_metrics over the sorted union of labels.
    """
    start = time.perf_counter()
    if language not in LANGUAGES:
        raise ValueError(f"Unknown language {language!r}. Fix: pass one of {', '.join(LANGUAGES)} "
                         "(inspect_dataset reports it).")
    train_texts, val_texts = _clean(train_texts, "train_texts"), _clean(val_texts, "val_texts")
    train_labels, val_labels = [str(x) for x in train_labels], [str(x) for x in val_labels]
    if len(train_texts) != len(train_labels) or len(val_texts) != len(val_labels):
        raise ValueError(f"Texts and labels differ in length (train {len(train_texts)} vs {len(train_labels)}, "
                         f"validation {len(val_texts)} vs {len(val_labels)}). Fix: pass one label per text.")
    if not train_texts or not val_texts:
        raise ValueError("The training or validation split is empty. Fix: pass at least a few examples in each.")
    counts = Counter(train_labels)
    if len(counts) < 2:
        raise ValueError(f"The training split has a single class ({next(iter(counts))!r}), so there is nothing "
                         "to learn. Fix: add examples of at least one other class, or check the label column.")
    labels = sorted(set(train_labels) | set(val_labels))
    # Most frequent class; ties go to the alphabetically first label so the result is repeatable.
    majority_label = min(counts, key=lambda c: (-counts[c], c))

    predicted = tfidf_predictions(train_texts, train_labels, val_texts, language)
    return {
        "majority": classification_metrics(val_labels, [majority_label] * len(val_labels), labels),
        "tfidf_logreg": classification_metrics(val_labels, predicted, labels),
        "seconds": round(time.perf_counter() - start, 2),
        "majority_label": majority_label,
        "features": "word 1-2-grams + char 2-5-grams" if language == "en" else "char 1-4-grams",
    }
