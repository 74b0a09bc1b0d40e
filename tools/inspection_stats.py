"""Counting a table one chunk at a time: the statistics behind inspect_dataset.

Stats is fed every chunk of a file (a small file is one chunk) and keeps bounded memory: one
8-byte hash per row for the duplicate checks (up to MAX_HASHED rows, then only the first rows),
label counts (up to LABEL_COUNT_CAP distinct values), a uniform random sample of texts and the
longest texts for the token lengths, and a few short quoted examples of each problem.
"""
from __future__ import annotations

import json
from collections import Counter

import numpy as np
import pandas as pd

from tools.columns import Columns, parse_conversation
from tools.data import clean_labels

MAX_HASHED = 16_000_000  # rows hashed for duplicate checks (about 0.5 GB with the sorts)
LABEL_COUNT_CAP = 100_000  # distinct label values counted before we stop (regression targets)
REGRESSION_DISTINCT = 20  # numeric labels with more distinct values than this (and fractions) are a regression

# ------------------------------------------------------------------------------ row texts

def row_texts(df: pd.DataFrame, cols: Columns) -> pd.Series:
    """The text each row contributes (prompt and response joined for generation); NA where it is empty."""
    gen = cols.generation or {}
    if "messages" in gen:
        joined = []
        for v in df[gen["messages"]].tolist():
            turns = parse_conversation(v) if isinstance(v, str) else None
            ok = turns and any(c.strip() for _, c in turns)
            joined.append("\n".join(f"{r}: {c}" for r, c in turns) if ok else None)
        return pd.Series(joined, index=df.index, dtype=object)
    if len(gen) >= 2:
        roles = list(gen)
        first, last = df[gen[roles[0]]], df[gen[roles[-1]]]
        out = first.fillna("") + "\n"
        if len(roles) == 3:
            ctx = df[gen[roles[1]]].fillna("")
            out = out + (ctx + "\n").where(ctx.str.strip() != "", "")
        out = out + last.fillna("")
        empty = first.isna() | (first.str.strip() == "") | last.isna() | (last.str.strip() == "")
        return out.mask(empty)
    s = df[cols.text]
    return s.mask(s.str.strip() == "")


def normalize_texts(s: pd.Series) -> pd.Series:
    """Lowercased, punctuation and symbols removed, whitespace runs collapsed: near-duplicate keys."""
    import pyarrow as pa
    import pyarrow.compute as pc

    arr = pa.array(s, type=pa.string(), from_pandas=True)
    arr = pc.replace_substring_regex(pc.utf8_lower(arr), r"[^\p{L}\p{N}\p{M}\s\p{Z}]+", "")
    arr = pc.utf8_trim_whitespace(pc.replace_substring_regex(arr, r"[\s\p{Z}]+", " "))
    return arr.to_pandas().set_axis(s.index)  # pd.Series(..., index=) would realign, not relabel


def text_hashes(s: pd.Series) -> np.ndarray:
    """64-bit hashes of non-missing strings (categorize=False: most texts are unique, factorizing is waste)."""
    return pd.util.hash_array(s.to_numpy(dtype=object), categorize=False)


def _hash_labels(s: pd.Series) -> np.ndarray:
    """64-bit hashes of labels, missing ones included; labels repeat, so hash each distinct value once."""
    codes, uniques = pd.factorize(s)
    table = np.append(text_hashes(pd.Series(uniques, dtype=object)), np.uint64(0x5EED))  # code -1 (NA) → last
    return table[codes]


def _combine(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return a * np.uint64(0x9E3779B97F4A7C15) ^ b


class _Distinct:
    """Distinct 64-bit hashes (optionally each with a value), compacted as they come in."""

    def __init__(self):
        self.keys, self.values = np.empty(0, np.uint64), np.empty(0, np.uint64)
        self._pending: list[tuple[np.ndarray, np.ndarray | None]] = []
        self._n = 0

    def add(self, keys: np.ndarray, values: np.ndarray | None = None) -> None:
        self._pending.append((keys, values))
        self._n += len(keys)
        if self._n > 4_000_000:
            self.compact()

    def compact(self) -> "_Distinct":
        if self._pending:
            keys = np.concatenate([self.keys] + [k for k, _ in self._pending])
            values = np.concatenate([self.values] + [v if v is not None else k for k, v in self._pending])
            self.keys, idx = np.unique(keys, return_index=True)
            self.values = values[idx]
            self._pending, self._n = [], 0
        return self

    def __len__(self) -> int:
        return len(self.compact().keys)


def snippet(text, row: int | None = None, width: int = 50) -> str:
    """A short, quoted, single-line excerpt of a cell (at most 80 characters with the row number)."""
    s = " ".join(str(text).split())
    s = "".join(ch for ch in s if ch.isprintable())
    s = json.dumps(s if len(s) <= width else s[:width - 1] + "…", ensure_ascii=False)
    return f"row {row}: {s}" if row is not None else s


# ------------------------------------------------------------------------------ statistics

class Stats:
    """Everything inspect_dataset counts, fed one chunk at a time (the whole file is one chunk when small).

    token_sample: texts kept for tokenizing, a uniform random sample; longest: the longest texts kept too.
    """

    def __init__(self, cols: Columns, token_sample: int, longest: int, seed: int = 0):
        self.cols, self.token_sample, self.longest_kept = cols, token_sample, longest
        self.rows = self.empty = self.missing = self.non_empty = self.hashed = 0
        self.labels: Counter = Counter()
        self.labels_overflow = False
        self.all_numeric, self.non_integer = True, False
        self.num_min, self.num_max, self.num_sum, self.num_n = np.inf, -np.inf, 0.0, 0
        self.raw, self.pair, self.norm, self.norm_label = _Distinct(), _Distinct(), _Distinct(), _Distinct()
        self.examples: dict[str, list[str]] = {}  # kind → up to 3 short quoted examples
        self._examples_done = False
        self.rng = np.random.default_rng(seed)
        self.sample = pd.DataFrame({"key": pd.Series(dtype=float), "text": pd.Series(dtype=object),
                                    "row": pd.Series(dtype=int)})
        self.longest = pd.DataFrame({"len": pd.Series(dtype=int), "text": pd.Series(dtype=object),
                                     "row": pd.Series(dtype=int)})

    def _example(self, kind: str, items) -> None:
        have = self.examples.setdefault(kind, [])
        have.extend(list(items)[:3 - len(have)])

    def update(self, df: pd.DataFrame) -> None:
        self.rows += len(df)
        text = row_texts(df, self.cols)
        empty = text.isna().to_numpy()
        self.empty += int(empty.sum())
        self._example("empty_text", [f"row {i + 1}" for i in df.index[empty][:3]])
        label = None
        if self.cols.label:
            label = clean_labels(df[self.cols.label])
            missing = label.isna().to_numpy()
            self.missing += int(missing.sum())
            self._example("missing_labels", [f"row {i + 1}" for i in df.index[missing][:3]])
            self._count_labels(label.dropna())
        keep = ~empty
        t = text[keep]
        self.non_empty += len(t)
        lab = label[keep] if label is not None else None
        room = MAX_HASHED - self.hashed
        if room > 0 and len(t):
            t_h, lab_h = (t, lab) if len(t) <= room else (t.iloc[:room], lab.iloc[:room] if lab is not None else None)
            self._hash_chunk(t_h, lab_h)
        self._keep_sample(t)

    def _count_labels(self, lab: pd.Series) -> None:
        if not len(lab):
            return
        if self.labels_overflow:  # a regression target with very many values: fold the numbers row by row
            values, weights = lab, np.ones(len(lab))
        else:
            counts = lab.value_counts()
            self.labels.update(counts.to_dict())
            self.labels_overflow = len(self.labels) > LABEL_COUNT_CAP
            values, weights = counts.index.to_series(), counts.to_numpy(dtype=float)
        if not self.all_numeric:
            return
        num = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float)
        if np.isnan(num).any():
            self.all_numeric = False
            return
        self.non_integer |= bool((num % 1 != 0).any())
        self.num_min, self.num_max = min(self.num_min, num.min()), max(self.num_max, num.max())
        self.num_sum, self.num_n = self.num_sum + float(num @ weights), self.num_n + float(weights.sum())

    def _hash_chunk(self, t: pd.Series, lab: pd.Series | None) -> None:
        self.hashed += len(t)
        norm = normalize_texts(t)
        raw_h, norm_h = text_hashes(t), text_hashes(norm)
        self.raw.add(raw_h)
        self.norm.add(norm_h)
        if lab is None:
            self.pair.add(raw_h)
        else:
            lab_h = _hash_labels(lab)
            self.pair.add(_combine(raw_h, lab_h))
            has = lab.notna().to_numpy()
            self.norm_label.add(_combine(norm_h[has], lab_h[has]), norm_h[has])
        if not self._examples_done:  # examples come from the first chunk: cheap, and enough to show what is meant
            self._examples_done = True
            self._chunk_examples(t, norm, lab)

    def _chunk_examples(self, t: pd.Series, norm: pd.Series, lab: pd.Series | None) -> None:
        frame = pd.DataFrame({"t": t, "n": norm, "l": lab if lab is not None else ""})
        exact = frame.duplicated(["t", "l"])
        self._example("exact_duplicates", [snippet(x, i + 1) for i, x in frame.t[exact].head(3).items()])
        near = frame.n.duplicated() & ~frame.t.duplicated()
        self._example("near_duplicates", [snippet(x, i + 1) for i, x in frame.t[near].head(3).items()])
        if lab is not None:
            labelled = frame[frame.l.notna()]
            distinct = labelled.groupby("n", sort=False)["l"].nunique()
            for n in distinct.index[distinct > 1][:3]:
                rows = labelled[labelled.n == n]
                ls = sorted(set(rows.l))[:3]
                self._example("conflicting_labels", [
                    f"{snippet(rows.t.iloc[0], width=30)} → {', '.join(snippet(x, width=10) for x in ls)}"])

    def _keep_sample(self, t: pd.Series) -> None:
        """A uniform random sample (the token_sample smallest random keys) and the longest texts."""
        if not len(t):
            return
        keys, n_sample, n_long = self.rng.random(len(t)), self.token_sample, self.longest_kept
        pick = np.argpartition(keys, n_sample)[:n_sample] if len(t) > n_sample else np.arange(len(t))
        part = pd.DataFrame({"key": keys[pick], "text": t.iloc[pick].to_numpy(object),
                             "row": t.index.to_numpy()[pick] + 1})
        self.sample = pd.concat([self.sample, part], ignore_index=True).nsmallest(n_sample, "key")
        lengths = t.str.len().to_numpy()
        pick = np.argpartition(-lengths, n_long)[:n_long] if len(t) > n_long else np.arange(len(t))
        part = pd.DataFrame({"len": lengths[pick], "text": t.iloc[pick].to_numpy(object),
                             "row": t.index.to_numpy()[pick] + 1})
        self.longest = pd.concat([self.longest, part], ignore_index=True).nlargest(n_long, "len")

    # ---- results
    def task(self) -> str:
        if self.cols.generation:
            return "generation"
        distinct = len(self.labels)
        if self.labels and self.all_numeric and distinct > REGRESSION_DISTINCT and self.non_integer:
            return "regression"
        return "classification"

    def duplicate_counts(self) -> dict:
        """Exact and near duplicates and conflicting texts; frees the hashes (the tokenizer needs the memory).

        exact: rows whose (text, label) repeat an earlier row; near: rows whose normalised text
        repeats an earlier row although their exact text does not; conflicts: normalised texts
        seen with more than one label.
        """
        nl = self.norm_label.compact()
        conflicts = int((np.unique(nl.values, return_counts=True)[1] > 1).sum()) if len(nl.values) else 0
        counts = {"exact_duplicates": self.hashed - len(self.pair), "near_duplicates": len(self.raw) - len(self.norm),
                  "conflicting_labels": conflicts}
        self.raw = self.pair = self.norm = self.norm_label = None
        return counts
