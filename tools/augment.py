"""More training rows for a small classification file: token-level edits of its own rows, as a new file.

Each added row is one existing row with one edit (the "easy data augmentation" operations, which
need no model and no network): two words swapped, a few words deleted, or a few words replaced by a
"synonym" taken from the file's own vocabulary — the word whose neighbours in this file are most
like its own (PPMI co-occurrence vectors reduced by SVD; cosine at least SYNONYM_MIN). Words are
split on spaces, so a Korean eojeol (word with its particle) is one word; this works the same for
English and Korean. Labels are copied unchanged.

Copies of a row must not be scored as unseen rows: train on the new file with the original
validation rows given as validation_path (benchmarks/augmentation.py does). Measured there on 200
examples of SST-2 and of NSMC; see knowledge/*-data-augmentation.md for whether it helped.
"""
from __future__ import annotations

import random
import time
from collections import Counter
from pathlib import Path

import numpy as np

from tools.cleaning import _free_name, _write_new, _writer
from tools.label_issues import read_labeled
from tools.language import say

OPERATIONS = ("swap", "delete", "synonym")
EDIT_SHARE = 0.1  # about one word in ten is edited (at least one), as in the EDA paper's alpha
SYNONYM_MIN = 0.5  # cosine of two words' context vectors under which they are not called synonyms
MIN_COUNT = 2  # words seen fewer times have no reliable neighbours
WINDOW = 2
MAX_COPIES = 8
MAX_VOCAB = 20_000  # the most frequent words get context vectors; enough for the small files this is for


def synonyms(texts: list[str], min_similarity: float = SYNONYM_MIN) -> dict[str, list[str]]:
    """{word: similar words, most similar first} from the texts' own co-occurrence statistics."""
    from scipy.sparse import coo_matrix
    from sklearn.decomposition import TruncatedSVD

    counts = Counter(w for t in texts for w in t.split())
    vocab = [w for w, n in counts.most_common(MAX_VOCAB) if n >= MIN_COUNT]
    if len(vocab) < 3:
        return {}
    index = {w: i for i, w in enumerate(vocab)}
    rows, cols = [], []
    for t in texts:
        ids = [index.get(w) for w in t.split()]
        for i, a in enumerate(ids):
            if a is None:
                continue
            for b in ids[max(0, i - WINDOW):i] + ids[i + 1:i + 1 + WINDOW]:
                if b is not None:
                    rows.append(a)
                    cols.append(b)
    if not rows:
        return {}
    co = coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(vocab), len(vocab))).tocsr()
    co.sum_duplicates()
    total, row_sum, col_sum = co.sum(), np.asarray(co.sum(axis=1)).ravel(), np.asarray(co.sum(axis=0)).ravel()
    co = co.tocoo()
    pmi = np.log(co.data * total / (row_sum[co.row] * col_sum[co.col] + 1e-12))
    keep = pmi > 0
    ppmi = coo_matrix((pmi[keep], (co.row[keep], co.col[keep])), shape=co.shape).tocsr()
    dims = min(50, len(vocab) - 1)
    vectors = TruncatedSVD(dims, random_state=0).fit_transform(ppmi)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-12
    sims = vectors @ vectors.T
    np.fill_diagonal(sims, -1.0)
    out = {}
    for i, w in enumerate(vocab):
        best = np.argsort(-sims[i])[:3]
        close = [vocab[j] for j in best if sims[i, j] >= min_similarity]
        if close:
            out[w] = close
    return out


def edit(words: list[str], operation: str, rng: random.Random, similar: dict[str, list[str]]) -> list[str] | None:
    """One edited copy of the words, or None when this operation cannot change them."""
    n = max(1, round(EDIT_SHARE * len(words)))
    out = list(words)
    if operation == "swap":
        if len(out) < 2:
            return None
        for _ in range(n):
            i, j = rng.sample(range(len(out)), 2)
            out[i], out[j] = out[j], out[i]
    elif operation == "delete":
        if len(out) < 2:
            return None
        kept = [w for w in out if rng.random() >= EDIT_SHARE]
        if len(kept) == len(out):
            del kept[rng.randrange(len(kept))]
        out = kept or [rng.choice(out)]
    else:
        places = [i for i, w in enumerate(out) if w in similar]
        if not places:
            return None
        for i in rng.sample(places, min(n, len(places))):
            out[i] = rng.choice(similar[out[i]])
    return out if out != words else None


def _summary(r: dict, name: str, lang: str) -> str:
    ops = ", ".join(f"{k} {v:,}" for k, v in r["operations"].items())
    return say(
        lang,
        f"Wrote {Path(r['output_path']).name}: the {r['rows_in']:,} rows of {name} and {r['added']:,} edited copies "
        f"({ops}; {r['synonym_words']:,} words have a synonym in this file). Train on it with your original validation "
        f"rows as validation_path: a copy of a training row in the validation split would flatter the score. {name} "
        f"itself is unchanged.",
        f"{Path(r['output_path']).name} 작성: {name}의 {r['rows_in']:,}행과 편집한 사본 {r['added']:,}행 ({ops}; 이 파일에서 "
        f"유의어를 찾은 단어 {r['synonym_words']:,}개). 원래 검증 행을 validation_path로 지정해 학습하세요. 학습 행의 사본이 "
        f"검증에 들어가면 점수가 부풀려집니다. 원본 {name}은 바뀌지 않았습니다.")


def augment_dataset(path: str, text_column: str | None = None, label_column: str | None = None, copies: int = 2,
                    seed: int = 0, lang: str = "en") -> dict:
    """Write a new file with the rows of a small classification file plus edited copies (swap, delete, synonym).

    Args:
        path: the training data file (CSV, TSV, JSON, JSON Lines or Parquet).
        text_column: the column holding the texts, if the guess is wrong.
        label_column: the column holding the labels, if the guess is wrong.
        copies: edited copies per row (1 to 8).
        seed: the random seed; the same seed gives the same file.
        lang: language of the summary: "en" or "ko".

    Returns:
        output_path, rows_in, rows_out, added, operations ({swap, delete, synonym: count}), synonym_words,
        summary, seconds.
    """
    if lang not in ("en", "ko"):
        raise ValueError(f"lang must be 'en' or 'ko', not {lang!r}. Fix: pass lang='en' or lang='ko'.")
    if not isinstance(copies, int) or isinstance(copies, bool) or not 1 <= copies <= MAX_COPIES:
        raise ValueError(f"copies={copies!r}. Fix: use a whole number from 1 to {MAX_COPIES}.")
    start = time.perf_counter()
    table = read_labeled(path, text_column, label_column)
    usable = table.labels.notna() & table.texts.str.strip().ne("")
    if usable.sum() == 0:
        raise ValueError(f"{Path(table.info['path']).name} has no row with both a text and a label. Fix: check the "
                         f"text_column and label_column; inspect_dataset shows what they hold.")
    if table.labels[usable].nunique() < 2:
        raise ValueError(f"Every labelled row of {Path(table.info['path']).name} has the same label "
                         f"({table.labels[usable].iloc[0]!r}); copies of one class teach a classifier nothing. Fix: add "
                         f"examples of the other classes first.")
    texts = [" ".join(t.split()) for t in table.texts[usable]]
    similar = synonyms(texts)
    rng = random.Random(seed)
    frame = table.frame.loc[usable]
    added, done = [], Counter()
    for (_, row), words in zip(frame.iterrows(), (t.split() for t in texts)):
        made = set()
        for _ in range(copies):
            for operation in rng.sample(OPERATIONS, len(OPERATIONS)):  # another operation when one cannot apply
                new = edit(words, operation, rng, similar)
                if new is not None and " ".join(new) not in made:
                    made.add(" ".join(new))
                    copy = row.copy()
                    copy[table.text_column] = " ".join(new)
                    added.append(copy)
                    done[operation] += 1
                    break
    import pandas as pd

    out = pd.concat([table.frame, pd.DataFrame(added, columns=table.frame.columns)], ignore_index=True)
    source = Path(table.info["path"])
    output_path, _ = _free_name(source, "augmented")
    _write_new(output_path, _writer(out, table.info))
    result = {"output_path": str(output_path), "rows_in": len(table.frame), "rows_out": len(out), "added": len(added),
              "operations": {k: done[k] for k in OPERATIONS}, "synonym_words": len(similar),
              "text_column": table.text_column, "label_column": table.label_column}
    result["summary"] = _summary(result, source.name, lang)
    result["seconds"] = round(time.perf_counter() - start, 2)
    return result
