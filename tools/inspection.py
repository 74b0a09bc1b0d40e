"""inspect_dataset, the data doctor: what is in a training file and what is wrong with it.

It finds the text and label columns (or the prompt/response or chat columns of generation
data), the task, the label counts, the language and the token lengths under the tokenizer we
would train with, and lists problems (duplicates, conflicting labels, empty cells, imbalance,
texts that would be cut, overlap with a test file) with a one-line fix each, in English or Korean.

Two halves: measure_dataset reads the file and finds everything above in no person's language,
and is memoised per file version (resolved path, size, modification time, chosen columns), so
the upload, the recommendation, every dry run and the start read a file once, not five times;
tools/inspection_report.py then words the problems and the summary in the user's language.

Counts are exact over the whole file. Files over STREAM_BYTES are read in chunks, so memory
stays bounded (tools/inspection_stats.py). Cell contents reach the result only as a few short
quoted examples: the chat model reads this result, and a cell is data, never an instruction.
"""
from __future__ import annotations

import copy
import functools
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from tools import inspection_report
from tools.columns import MAX_LABELS, Columns, detect_columns
from tools.data import iter_chunks, read_table
from tools.inspection_stats import (LABEL_COUNT_CAP, REGRESSION_DISTINCT, Stats, normalize_texts, row_texts,
                                    snippet, text_hashes)
from tools.label_issues import QUICK_ROWS, quick_count
from tools.language import dataset_language

STREAM_BYTES = 200 << 20  # files above this are streamed in chunks instead of read whole
HEAD_ROWS = 50_000  # rows read first from a streamed file to find the columns
CHUNK_ROWS = 200_000
TOKEN_SAMPLE = 20_000  # texts tokenized: all of them up to this many, else a uniform random sample
LONGEST = 2_000  # ... plus the longest texts by characters, so max and truncation see the tail
MIN_ROWS, RARE_CLASS = 50, 10
ENCODER_MAX_LENGTH, DECODER_MAX_LENGTH = 512, 1024
MEMO_SIZE = 8  # file versions whose measurement is kept (each is small: no rows, a few examples)

# ------------------------------------------------------------------------------ token lengths

def _counter(model_id: str):
    """(count(texts) → token counts, the model's length limit or None, note); a rough word count if the
    tokenizer cannot be loaded, so that inspection still works without the model packages."""
    try:
        from tools.models import load_tokenizer

        tok = load_tokenizer(model_id)
    except (ValueError, ImportError, OSError) as e:
        def words(texts):
            return np.array([len(re.findall(r"\w+|[^\w\s]", t)) + 2 for t in texts], dtype=np.int64)
        return words, None, f"approximate (tokenizer unavailable: {' '.join(str(e).split())[:120]})"

    def count(texts):
        out = []
        for i in range(0, len(texts), 1000):
            out += map(len, tok(texts[i:i + 1000], add_special_tokens=True, verbose=False)["input_ids"])
        return np.array(out, dtype=np.int64)
    limit = tok.model_max_length if isinstance(tok.model_max_length, int) and tok.model_max_length < 1e6 else None
    return count, limit, None


def _token_lengths(stats: Stats, task: str, language: str) -> dict:
    """p50/p95/max tokens, the max_length we would train with, and how many texts exceed it.

    Exact when there are at most TOKEN_SAMPLE texts. Otherwise p50/p95 come from the random
    sample, and max and the truncation count from the LONGEST longest texts by characters (token
    counts follow character counts closely); only if even the shortest of those is cut do we
    scale the sample's share up to the whole file and call the count approximate.
    """
    from tools.catalog import embedded_default

    model = embedded_default(task, language)
    count, limit, note = _counter(model.id)
    max_length = ENCODER_MAX_LENGTH if model.kind == "encoder" else DECODER_MAX_LENGTH
    max_length = min(max_length, limit) if limit else max_length
    exact = stats.non_empty <= stats.token_sample  # then the sample holds every text
    measured = stats.sample if exact else pd.concat([stats.sample, stats.longest], ignore_index=True)
    lengths = count(measured["text"].tolist()) if len(measured) else np.zeros(0, np.int64)
    random_part, tail = lengths[:len(stats.sample)], lengths[len(stats.sample):]
    cut = lengths > max_length
    truncated, approximate = int(cut[len(stats.sample):].sum() if not exact else cut.sum()), False
    if not exact and len(tail) and tail.min() > max_length:
        truncated = max(truncated, round(float((random_part > max_length).mean()) * stats.non_empty))
        approximate = True
    return {
        "p50": int(round(np.percentile(random_part, 50))) if len(random_part) else 0,
        "p95": int(round(np.percentile(random_part, 95))) if len(random_part) else 0,
        "max": int(lengths.max()) if len(lengths) else 0,
        "measured": int(len(lengths)), "exact": bool(exact and note is None),
        "max_length": int(max_length), "truncated": truncated, "truncated_approximate": approximate,
        "truncated_rows": sorted({int(r) for r in measured["row"][cut]})[:3],
        "tokenizer": None if note else model.id, "model": model.id, "note": note,
    }


# ------------------------------------------------------------------------- reading, leakage

def _read(path) -> tuple[pd.DataFrame, dict, object]:
    """(head, info, chunks): a small file is read whole and is its own single chunk; a file over
    STREAM_BYTES gives its first HEAD_ROWS rows (to find the columns) and then streams every row."""
    p = Path(str(path)).expanduser()
    big = p.is_file() and p.stat().st_size > STREAM_BYTES
    head, info = read_table(p, nrows=HEAD_ROWS if big else None)
    return head, info, (iter_chunks(p, CHUNK_ROWS) if info["sampled"] else [head])


def _leakage(test_path: str, cols: Columns, stats: Stats) -> dict:
    head, _, chunks = _read(test_path)
    needed = (cols.generation or {"text": cols.text}).values()
    if not all(c in head.columns for c in needed):  # the test file names its columns differently
        cols = detect_columns(head, None, None)
    test_cols = Columns(cols.text, None, cols.generation)  # only the texts matter here
    train = stats.norm.compact().keys
    shared, rows, examples = [], 0, []
    for chunk in chunks:
        t = row_texts(chunk, test_cols).dropna()
        if not len(t):
            continue
        h = text_hashes(normalize_texts(t))
        hit = np.isin(h, train)
        rows += int(hit.sum())
        shared.append(np.unique(h[hit]))
        examples += [snippet(x, i + 1) for i, x in t[hit].head(3 - len(examples)).items()]
    count = len(np.unique(np.concatenate(shared))) if shared else 0
    return {"count": count, "rows": rows, "examples": examples[:3], "name": Path(test_path).name}


# -------------------------------------------------------------------------------- findings

def _q(s, width: int = 20) -> str:
    """A label or column name quoted for a message: short, one line, never raw."""
    return snippet(s, width=width)


def _finding(kind: str, severity: str, count: int, template: str | None = None, examples=None, **fmt) -> dict:
    """One problem in no person's language: inspection_report words it from its template and fmt."""
    found = {"kind": kind, "severity": severity, "count": int(count), "template": template or kind, "fmt": fmt}
    if examples:
        found["examples"] = list(examples)[:3]
    return found


def _findings(stats: Stats, task: str, dups: dict, tokens: dict, labels: Counter, leak: dict | None,
              info: dict) -> list[dict]:
    cols, n, out = stats.cols, stats.rows, []
    ex = stats.examples.get
    gen = cols.generation or {}
    what = "text" if not gen or "text" in gen else "conversation" if "messages" in gen else "prompt or response"
    col = _q(cols.label or cols.text, 40)
    if stats.empty == n:
        out.append(_finding("empty_text", "error", n, "empty_text_all", what=what, column=_q(cols.text, 40)))
    elif stats.empty:
        out.append(_finding("empty_text", "warning", stats.empty, examples=ex("empty_text"), what=what))
    if cols.label and stats.missing == n:
        out.append(_finding("missing_labels", "error", n, "missing_labels_all", column=col))
    elif stats.missing:
        out.append(_finding("missing_labels", "warning", stats.missing, examples=ex("missing_labels")))
    dup = dups["exact_duplicates"]
    if dup:
        out.append(_finding("exact_duplicates", "warning" if dup >= 0.01 * n else "info", dup,
                            examples=ex("exact_duplicates"), what="text and label" if cols.label else "text"))
    near = dups["near_duplicates"]
    if near:
        out.append(_finding("near_duplicates", "warning" if near >= 0.05 * n else "info", near,
                            examples=ex("near_duplicates")))
    if task == "classification" and cols.label:
        conflicts = dups["conflicting_labels"]
        if conflicts:
            out.append(_finding("conflicting_labels", "warning", conflicts, examples=ex("conflicting_labels")))
        ordered = labels.most_common()
        labelled = n - stats.missing
        if len(ordered) == 1:
            out.append(_finding("single_class", "error", 1, big=_q(ordered[0][0]), column=col))
        elif len(ordered) > REGRESSION_DISTINCT and len(ordered) > 0.5 * labelled:
            # Mostly one example per class: no split can put a class in both train and validation.
            out.append(_finding("too_many_classes", "error", len(ordered), column=col, labelled=labelled))
        elif len(ordered) > 1:
            (big, n_big), (small, n_small) = ordered[0], ordered[-1]
            ratio = n_big / n_small
            if ratio >= 3:
                minority = sum(c * 3 <= n_big for _, c in ordered)
                found = _finding("class_imbalance", "warning", minority, big=_q(big), n_big=n_big, small=_q(small),
                                 n_small=n_small, ratio=ratio, strong=ratio >= 10)
                found["ratio"] = round(ratio, 1)
                out.append(found)
            rare = [(k, c) for k, c in ordered if c < RARE_CLASS]
            if rare:
                which = ", ".join(f"{_q(k)} ({c})" for k, c in rare[:5]) + (" …" if len(rare) > 5 else "")
                out.append(_finding("rare_classes", "warning", len(rare), rare=RARE_CLASS, which=which))
        if stats.all_numeric and not stats.non_integer and len(labels) > REGRESSION_DISTINCT:
            out.append(_finding("numeric_labels", "warning", len(labels)))
    if task == "regression":
        out.append(_finding("numeric_labels", "info", len(stats.labels), "numeric_labels_regression"))
    if tokens["truncated"]:
        share = tokens["truncated"] / max(stats.non_empty, 1)
        out.append(_finding("truncation", "warning" if share >= 0.01 else "info", tokens["truncated"],
                            examples=[f"row {r}" for r in tokens["truncated_rows"]], max_length=tokens["max_length"],
                            model=tokens["model"], about=tokens["truncated_approximate"]))
    if leak and leak["count"]:
        out.append(_finding("leakage", "warning", leak["count"], examples=leak["examples"],
                            test=_q(leak["name"], 40), rows=leak["rows"]))
    if n < MIN_ROWS:
        out.append(_finding("too_few_rows", "warning", n, min_rows=MIN_ROWS, per_class=task == "classification"))
    if not info.get("header", True):
        out.append(_finding("no_header", "info", 1))
    order = {"error": 0, "warning": 1, "info": 2}
    return sorted(out, key=lambda i: order[i["severity"]])


def _notes(stats: Stats, task: str, tokens: dict) -> list[tuple[str, dict]]:
    """Where a count is not exact over every row, and why (inspection_report words them)."""
    notes = []
    if not tokens["exact"] and tokens["note"] is None:
        notes.append(("token_sample", {"random": len(stats.sample), "longest": len(stats.longest)}))
    if stats.hashed < stats.non_empty:
        notes.append(("hashed_rows", {"hashed": stats.hashed, "texts": stats.non_empty}))
    if stats.labels_overflow and task == "classification":
        notes.append(("label_cap", {"cap": LABEL_COUNT_CAP}))
    if tokens["note"]:
        notes.append(("no_tokenizer", {"why": tokens["note"]}))
    return notes


# ----------------------------------------------------------------------------- measurement

@dataclass(frozen=True)
class Measurement:
    """What a file holds, in no person's language; shared by every caller, so never changed after it is made."""
    info: dict  # read_table's: format, encoding, header, columns, ...
    rows: int
    columns: Columns
    task: str
    labels: list[tuple[str, int]]  # most common first, at most MAX_LABELS of them
    num_labels: int
    label_stats: dict | None  # min/max/mean of a regression target
    language: str  # of the texts: en, ko, mixed or other
    token_lengths: dict
    tokenizer: str | None  # None when the lengths are word-count approximations
    model: str  # the embedded base model whose tokenizer measured the lengths
    findings: list[dict]  # the problems, worded by inspection_report
    notes: list[tuple[str, dict]]  # where counts are not exact over every row


def _version(path) -> tuple:
    """(resolved path, size, modification time): a rewritten file is a new version and is measured again."""
    p = Path(str(path)).expanduser()
    if not str(path).strip() or not p.is_file():
        return str(path), None, None  # reading it raises the right message; errors are never kept
    st = p.stat()
    return str(p.resolve()), st.st_size, st.st_mtime_ns


def measure_dataset(path: str, text_column: str | None = None, label_column: str | None = None,
                    test_path: str | None = None) -> Measurement:
    """The file's measurement, made once per file version and chosen columns (the MEMO_SIZE latest are kept)."""
    return _measure(_version(path), text_column or None, label_column or None,
                    _version(test_path) if test_path else None)


@functools.lru_cache(maxsize=MEMO_SIZE)
def _measure(version: tuple, text_column: str | None, label_column: str | None,
             test_version: tuple | None) -> Measurement:
    head, info, chunks = _read(version[0])
    cols = detect_columns(head, text_column, label_column)
    stats = Stats(cols, TOKEN_SAMPLE, LONGEST)
    del head  # a streamed file's head is read again as its first chunk
    for chunk in chunks:
        stats.update(chunk)
    task = stats.task()
    labels = Counter() if task != "classification" else stats.labels
    language = dataset_language(stats.sample.sort_values("key")["text"].tolist())
    leak = _leakage(test_version[0], cols, stats) if test_version else None
    dups = stats.duplicate_counts()
    tokens = _token_lengths(stats, task, language)
    ordered = sorted(labels.items(), key=lambda kv: (-kv[1], kv[0]))
    label_stats = None
    if task == "regression":
        label_stats = {"min": float(stats.num_min), "max": float(stats.num_max),
                       "mean": float(stats.num_sum / max(stats.num_n, 1))}
    findings = _findings(stats, task, dups, tokens, labels, leak, info)
    if task == "classification" and cols.label and stats.rows <= QUICK_ROWS and not any(
            f["severity"] == "error" for f in findings):  # cheap enough to run on every upload: see quick_count
        suspicious = quick_count(version[0], cols.text, cols.label)
        if suspicious:
            findings.append(_finding("label_issues", "warning" if suspicious >= 0.02 * stats.rows else "info",
                                     suspicious))
            findings.sort(key=lambda f: {"error": 0, "warning": 1, "info": 2}[f["severity"]])
    public = ("p50", "p95", "max", "max_length", "measured", "exact")
    return Measurement(
        info=info, rows=stats.rows, columns=cols, task=task,
        labels=[(str(k), int(v)) for k, v in ordered[:MAX_LABELS]], num_labels=len(labels), label_stats=label_stats,
        language=language, token_lengths={k: tokens[k] for k in public}, tokenizer=tokens["tokenizer"],
        model=tokens["model"], findings=findings,
        notes=_notes(stats, task, tokens))


# ------------------------------------------------------------------------------------ tool

def inspect_dataset(path: str, text_column: str | None = None, label_column: str | None = None,
                    test_path: str | None = None, lang: str = "en") -> dict:
    """Check a training data file: columns, task, labels, language, token lengths, and problems with fixes.

    Reads CSV, TSV, JSON, JSON Lines and Parquet. Finds the text and label columns (or the
    prompt/response or chat columns of generation data) and reports duplicates, conflicting or
    missing labels, empty texts, class imbalance, rare classes, texts too long for the model
    and, given a test file, texts present in both.

    Args:
        path: the training data file.
        text_column: the column holding the texts, if the guess is wrong.
        label_column: the column holding the labels, if the guess is wrong.
        test_path: a test/evaluation file to check for texts that also appear in the training file.
        lang: language of the messages and summary: "en" or "ko".
    """
    if lang not in ("en", "ko"):
        raise ValueError(f"lang must be 'en' or 'ko', not {lang!r}. Fix: pass lang='en' or lang='ko'.")
    m = measure_dataset(path, text_column, label_column, test_path)
    result = {
        "path": str(Path(str(path)).expanduser()), "format": m.info["format"], "rows": m.rows,
        "columns": list(m.info["columns"]), "text_column": m.columns.text, "label_column": m.columns.label,
        "task": m.task, "labels": dict(m.labels), "language": m.language, "token_lengths": dict(m.token_lengths),
        "issues": inspection_report.issues(m.findings, lang),
        "summary": "",
        "encoding": m.info["encoding"], "sampled": bool(m.notes),
        "sample_note": inspection_report.sample_note(m.notes, lang),
        "num_labels": m.num_labels,
        "generation_columns": copy.deepcopy(m.columns.generation),
        "tokenizer": m.tokenizer, "recommended_base_model": m.model,
    }
    if m.label_stats is not None:
        result["label_stats"] = dict(m.label_stats)
    if test_path:
        result["test_path"] = str(Path(test_path).expanduser())
    result["summary"] = inspection_report.summary(result, lang)
    return result
