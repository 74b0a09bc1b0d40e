"""Write a cleaned copy of a classification file, with a log of every change; the original is never touched.

Texts are NFC-normalised with whitespace tidied; empty texts, missing labels and exact duplicates
are dropped; a text given different labels keeps the majority label (all its rows are dropped on
a tie); reviewed label fixes are applied, and rows flagged by find_label_issues can be dropped.
The new file and its log appear next to the input under names that did not exist before, each
written to a temporary file first so an interrupted run leaves nothing half-written.
"""
from __future__ import annotations

import csv
import io
import os
import re
import tempfile
import unicodedata
from collections import Counter
from pathlib import Path

import pandas as pd

from tools.label_issues import find_label_issues, read_labeled
from tools.language import say

_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")  # zero-width characters and stray BOMs
_SPACES = re.compile(r"[^\S\n]+")  # whitespace runs other than line breaks
_BLANK_LINES = re.compile(r"\n\s*\n\s*\n+")
REASONS = {  # dropped-row reason → (English, Korean) phrase for the summary
    "empty_text": ("empty text", "빈 텍스트"),
    "missing_label": ("missing label", "라벨 없음"),
    "label_issue": ("flagged by find_label_issues", "find_label_issues가 찾은 의심 행"),
    "conflicting_label": ("minority label of a duplicated text", "중복 텍스트의 소수 라벨"),
    "conflict_tie": ("duplicated text with tied labels", "라벨이 동수로 갈린 중복 텍스트"),
    "duplicate": ("exact duplicate", "완전 중복"),
}


def normalize_text(text: str) -> str:
    """NFC, no zero-width characters, single spaces, no trailing spaces on lines, at most one blank line."""
    text = _INVISIBLE.sub("", unicodedata.normalize("NFC", text)).replace("\r\n", "\n").replace("\r", "\n")
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def _check_fixes(fixes, rows: int, labels: set[str]) -> dict[int, str]:
    """{row: label} with int rows in range and labels the file already uses."""
    if not isinstance(fixes, dict):
        raise ValueError(f"fixes must map row numbers to labels, like {{\"12\": \"positive\"}}, not "
                         f"{type(fixes).__name__}. Fix: pass a JSON object of row → new label.")
    out = {}
    for key, label in fixes.items():
        try:
            row = int(str(key).strip())
        except ValueError:
            raise ValueError(f"fixes has the key {key!r}, which is not a row number. Fix: use the 0-based row "
                             f"numbers that find_label_issues reports.") from None
        if not 0 <= row < rows:
            raise ValueError(f"fixes names row {row}, but the file's rows are 0 to {rows - 1}. Fix: use the row "
                             f"numbers that find_label_issues reports for this file.")
        label = unicodedata.normalize("NFC", str(label)).strip()
        if label not in labels:
            raise ValueError(f"fixes gives row {row} the label {label!r}, which the file does not use (labels: "
                             f"{', '.join(map(repr, sorted(labels)[:20]))}). Fix: choose one of these labels.")
        out[row] = label
    return out


def _free_name(path: Path, kind: str = "cleaned") -> tuple[Path, Path]:
    """Output and log paths beside `path` that do not exist yet: x.cleaned.csv, x.cleaned-2.csv, ..."""
    for n in range(1, 10_000):
        tag = kind if n == 1 else f"{kind}-{n}"
        out = path.with_name(f"{path.stem}.{tag}{path.suffix}")
        log = path.with_name(f"{path.stem}.{tag}.log.csv")
        if not out.exists() and not log.exists():
            return out, log
    raise ValueError(f"{path.parent} already holds 10,000 {kind} copies of {path.name}. Fix: delete old ones.")


def _write_new(target: Path, write) -> None:
    """Write through a temporary file in the same folder, then link it to `target` only if that is still free."""
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as e:
        raise ValueError(f"Cannot write into {target.parent} ({e.strerror}). Fix: copy the data file to a folder "
                         f"you can write to (your home or the upload folder) and clean that copy.") from None
    os.close(fd)
    try:
        write(tmp)
        try:
            os.link(tmp, target)  # unlike rename, fails instead of replacing a file that appeared meanwhile
        except FileExistsError:
            raise ValueError(f"{target} appeared while cleaning. Fix: run clean_dataset again; it picks a new "
                             f"name.") from None
        except OSError:  # a file system without hard links (FAT, some network drives): check, then rename
            if target.exists():
                raise ValueError(f"{target} appeared while cleaning. Fix: run clean_dataset again.") from None
            os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _writer(frame: pd.DataFrame, info: dict):
    """A function writing `frame` in the input's own format (CSV in, CSV out)."""
    fmt = info["format"]
    if fmt in ("csv", "tsv"):
        # UTF-8 with a BOM where the input was not plain UTF-8, so Excel (Korean Excel too) opens it right.
        encoding = "utf-8" if info.get("encoding") == "utf-8" else "utf-8-sig"
        sep = info.get("delimiter") or ("\t" if fmt == "tsv" else ",")
        return lambda p: frame.to_csv(p, index=False, sep=sep, encoding=encoding, header=info.get("header", True))
    if fmt == "parquet":
        return lambda p: frame.to_parquet(p, index=False)
    return lambda p: frame.to_json(p, orient="records", lines=fmt == "jsonl", force_ascii=False, indent=None)


def _log_writer(log: list[tuple[int, str, str]]):
    def write(p):
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(["row", "action", "reason"])
        w.writerows(sorted(log, key=lambda e: e[0]))
        Path(p).write_text(buf.getvalue(), encoding="utf-8-sig")  # BOM: Excel shows Korean reasons right
    return write


def _summary(r: dict, name: str, lang: str) -> str:
    parts = [say(lang, f"{n:,} {REASONS[k][0]}", f"{REASONS[k][1]} {n:,}행") for k, n in r["dropped"].items()]
    dropped = ", ".join(parts) if parts else say(lang, "nothing", "없음")
    return say(
        lang,
        f"Cleaned {name}: {r['rows_in']:,} rows in, {r['rows_out']:,} out. Dropped: {dropped}. Relabeled "
        f"{r['relabeled']:,} rows; tidied the text of {r['normalized']:,}. The cleaned file is "
        f"{Path(r['output_path']).name} and every change is listed in {Path(r['log_path']).name}; "
        f"{name} itself is unchanged.",
        f"{name} 정리: {r['rows_in']:,}행 → {r['rows_out']:,}행. 제거: {dropped}. 라벨 수정 {r['relabeled']:,}행, "
        f"텍스트 정돈 {r['normalized']:,}행. 정리된 파일은 {Path(r['output_path']).name}, 모든 변경 내역은 "
        f"{Path(r['log_path']).name}에 있습니다. 원본 {name}은 바뀌지 않았습니다.")


def _plan_summary(r: dict, name: str, lang: str) -> str:
    parts = [say(lang, f"{n:,} {REASONS[k][0]}", f"{REASONS[k][1]} {n:,}행") for k, n in r["dropped"].items()]
    dropped = ", ".join(parts) if parts else say(lang, "nothing", "없음")
    return say(lang, f"Cleaning {name} would keep {r['rows_out']:,} of {r['rows_in']:,} rows. It would drop: {dropped}; "
                     f"relabel {r['relabeled']:,} rows and tidy the text of {r['normalized']:,}. Nothing is written yet; "
                     f"{name} itself is never changed.",
               f"{name}을(를) 정리하면 {r['rows_in']:,}행 중 {r['rows_out']:,}행이 남습니다. 제거: {dropped}; 라벨 수정 "
               f"{r['relabeled']:,}행, 텍스트 정돈 {r['normalized']:,}행. 아직 아무것도 쓰지 않았고 원본 {name}은 바뀌지 "
               f"않습니다.")


def clean_dataset(path: str, text_column: str | None = None, label_column: str | None = None,
                  fixes: dict | None = None, drop_label_issues: bool = False, lang: str = "en",
                  dry_run: bool = False) -> dict:
    """Write a cleaned copy of a classification file next to it, with a change log (the original is kept).

    Drops exact duplicates, empty texts and missing labels; a text with conflicting labels keeps
    the majority label (dropped when tied); normalises Unicode (NFC) and whitespace; applies
    reviewed label fixes; optionally drops the rows find_label_issues flags.

    Args:
        path: the training data file (CSV, TSV, JSON, JSON Lines or Parquet).
        text_column: the column holding the texts, if the guess is wrong.
        label_column: the column holding the labels, if the guess is wrong.
        fixes: reviewed label corrections as {row: new label}, rows as find_label_issues numbers them.
        drop_label_issues: also drop the rows find_label_issues flags (rows in fixes are kept, relabeled).
        lang: language of the summary: "en" or "ko".
        dry_run: only count what cleaning would change; write nothing (the chat proposes these counts).

    Returns:
        output_path, log_path (CSV: row, action, reason), rows_in, rows_out, dropped ({reason: count}),
        relabeled, normalized, summary. With dry_run, output_path and log_path are None.
    """
    if lang not in ("en", "ko"):
        raise ValueError(f"lang must be 'en' or 'ko', not {lang!r}. Fix: pass lang='en' or lang='ko'.")
    table = read_labeled(path, text_column, label_column)
    source = Path(table.info["path"])
    frame, rows_in = table.frame.copy(), len(table.frame)
    texts = table.texts.map(normalize_text)
    labels = table.labels.map(lambda v: None if v is None else unicodedata.normalize("NFC", v))
    fixes = _check_fixes(fixes or {}, rows_in, set(labels.dropna()))
    log: list[tuple[int, str, str]] = []
    tidied = texts.index[texts.ne(table.texts) & texts.ne("")]
    log += [(int(row), "normalized", "Unicode NFC and whitespace") for row in tidied]

    relabeled = 0
    for row, label in fixes.items():
        if labels[row] != label:
            log.append((row, "relabeled", f"{labels[row]!r} -> {label!r} (reviewed fix)"))
            labels[row], relabeled = label, relabeled + 1

    drop: dict[int, str] = {}  # row → reason key; the first reason found wins
    detail: dict[int, str] = {}
    for row in texts.index[texts.eq("")]:
        drop[row] = "empty_text"
    for row in labels.index[labels.isna()]:
        drop.setdefault(row, "missing_label")
    if drop_label_issues:
        for issue in find_label_issues(str(source), table.text_column, table.label_column)["rows"]:
            if issue["row"] not in fixes:
                drop.setdefault(issue["row"], "label_issue")
                detail[issue["row"]] = f"labelled {issue['label']!r}, looks like {issue['suggested_label']!r}"

    kept = [r for r in texts.index if r not in drop]
    by_text: dict[str, list[int]] = {}
    for r in kept:
        by_text.setdefault(texts[r], []).append(r)
    for rows in by_text.values():
        if len(rows) < 2:
            continue
        votes = Counter(labels[r] for r in rows)
        (top, n), *rest = votes.most_common()
        if rest and rest[0][1] == n:
            for r in rows:
                drop[r] = "conflict_tie"
                detail[r] = f"labels {dict(votes)} tie for this text"
            continue
        first = next(r for r in rows if labels[r] == top)
        for r in rows:
            if labels[r] != top:
                drop[r], detail[r] = "conflicting_label", f"{labels[r]!r} against {n} rows of {top!r}"
            elif r != first:
                drop[r], detail[r] = "duplicate", f"same text and label as row {first}"
    for row, reason in drop.items():
        log.append((int(row), "dropped", detail.get(row, REASONS[reason][0])))

    rows_out = rows_in - len(drop)
    if rows_out == 0:
        raise ValueError(f"Cleaning would drop every row of {source.name} ({dict(Counter(drop.values()))}). "
                         f"Fix: check the text_column and label_column; inspect_dataset shows what they hold.")
    dropped = {k: v for k in REASONS if (v := sum(1 for x in drop.values() if x == k))}
    if dry_run:
        result = {"output_path": None, "log_path": None, "rows_in": rows_in, "rows_out": rows_out, "dropped": dropped,
                  "relabeled": relabeled, "normalized": len(tidied), "text_column": table.text_column,
                  "label_column": table.label_column, "dry_run": True}
        result["summary"] = _plan_summary(result, source.name, lang)
        return result
    frame[table.text_column] = texts
    frame[table.label_column] = labels
    frame = frame.drop(index=list(drop)).reset_index(drop=True)

    output_path, log_path = _free_name(source)
    _write_new(output_path, _writer(frame, table.info))
    try:
        _write_new(log_path, _log_writer(log))
    except ValueError:
        output_path.unlink()  # a cleaned file without its log would hide what changed
        raise
    result = {"output_path": str(output_path), "log_path": str(log_path), "rows_in": rows_in, "rows_out": rows_out,
              "dropped": dropped, "relabeled": relabeled, "normalized": len(tidied),
              "text_column": table.text_column, "label_column": table.label_column}
    result["summary"] = _summary(result, source.name, lang)
    return result
