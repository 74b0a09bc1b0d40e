"""Out-of-fold class probabilities for the label check: TF-IDF, the multilingual encoder, and their average.

Every row gets probabilities from models that never saw it (stratified 5-fold cross-validation,
the same folds for both models). TF-IDF + logistic regression is the project's baseline
(tools/baselines.py); the encoder model is logistic regression on multilingual-e5-small sentence
embeddings (tools/encoder.py), which know that "superb" and "brilliant" mean the same, in English
and Korean. The ensemble averages the two. ENCODER_C was set once, not tuned on the benchmark files.

Embedding is the slow part (200 SST-2 texts took 4.2 CPU-seconds on one thread), so embeddings are
kept in the cache dir, keyed by the texts themselves: checking the same file again, or a copy with
some labels changed (the review -> fix -> check loop), reuses them.
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

import numpy as np

FOLDS = 5
ENCODER_C = 10.0  # embeddings are unit vectors with small coordinates: the default C=1 underfits them
CACHED_FILES = 20  # embedding caches kept (8k texts are 12 MB each); the least recently used go first
PROBE_ROWS = 256  # embedded first and timed, to foresee how long the whole file takes on this machine


class TooSlow(Exception):
    """Embedding every text would take longer than the caller's budget (seconds: the projection)."""

    def __init__(self, seconds: float):
        super().__init__(f"about {seconds:.0f} s")
        self.seconds = seconds


def folds_for(labels: np.ndarray) -> int:
    return min(FOLDS, int(np.bincount(labels).min()))


def _splitter(labels: np.ndarray):
    from sklearn.model_selection import StratifiedKFold

    return StratifiedKFold(folds_for(labels), shuffle=True, random_state=0)


def tfidf_probabilities(texts: list[str], labels: np.ndarray, language: str) -> np.ndarray:
    """Each row's class probabilities from a TF-IDF + logistic regression model trained without it."""
    from sklearn.model_selection import cross_val_predict
    from threadpoolctl import threadpool_limits

    from tools.baselines import tfidf_model

    # One BLAS thread, as in baselines.py: more only oversubscribe a small shared machine.
    with threadpool_limits(limits=1):
        try:
            return cross_val_predict(tfidf_model(language), texts, labels, method="predict_proba",
                                     cv=_splitter(labels))
        except ValueError as e:  # "empty vocabulary": texts with no usable characters
            raise ValueError(f"The texts contain no usable characters ({e}). Fix: check the text column; "
                             f"inspect_dataset shows which column holds the texts.") from None


def embedding_cache_path(texts: list[str]) -> Path:
    """Where the embeddings of exactly these texts (in this order) are kept."""
    from tools.encoder import CACHE_FORMAT, PACKED_SHA256
    from tools.models import cache_dir

    h = hashlib.sha256(f"{PACKED_SHA256}/{CACHE_FORMAT}/query\n".encode())
    for t in texts:
        h.update(t.encode("utf-8", "surrogatepass") + b"\x00")
    return cache_dir() / "embeddings" / f"{h.hexdigest()[:32]}.npy"


def cached_embeddings(texts: list[str]) -> np.ndarray | None:
    path = embedding_cache_path(texts)
    try:
        vectors = np.load(path)
    except (OSError, ValueError):
        return None
    if vectors.shape != (len(texts), 384):
        return None
    os.utime(path)  # recently used: kept longest
    return vectors


def text_embeddings(texts: list[str], budget_s: float | None = None) -> np.ndarray:
    """e5 "query:" embeddings of the texts, from the cache when this exact list was embedded before.

    With budget_s, the first PROBE_ROWS texts are embedded and timed first; if the whole list would
    take longer than budget_s on this machine (as loaded right now), TooSlow is raised instead.
    """
    import time

    from tools.encoder import embed, load_encoder

    vectors = cached_embeddings(texts)
    if vectors is not None:
        return vectors
    load_encoder()  # loading (seconds) is not embedding: keep it out of the timing
    start = time.perf_counter()
    head = embed(texts[:PROBE_ROWS], kind="query")
    projected = (time.perf_counter() - start) * len(texts) / max(len(head), 1)
    if budget_s is not None and len(texts) > PROBE_ROWS and projected > budget_s:
        raise TooSlow(projected)
    vectors = np.concatenate([head, embed(texts[PROBE_ROWS:], kind="query")]) if len(texts) > PROBE_ROWS else head
    path = embedding_cache_path(texts)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.stem}.tmp-{os.getpid()}.npy")
    np.save(tmp, vectors)
    os.replace(tmp, path)  # never a half-written cache
    old = sorted(path.parent.glob("*.npy"), key=lambda p: p.stat().st_mtime)[:-CACHED_FILES]
    for p in old:
        p.unlink(missing_ok=True)
    return vectors


def encoder_probabilities(vectors: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Each row's class probabilities from logistic regression on the embeddings, trained without it."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import cross_val_predict
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1):
        return cross_val_predict(LogisticRegression(max_iter=2000, C=ENCODER_C), vectors, labels,
                                 method="predict_proba", cv=_splitter(labels))
