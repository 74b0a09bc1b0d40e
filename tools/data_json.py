"""JSON and JSON Lines files as tables: a list of records, {"data": [...]}, columns of values, or one object a line."""
from __future__ import annotations

import json
from typing import Iterator

import pandas as pd

from tools.data_common import Source, cell, clean_columns, finish, read_error, snippet

MAX_JSON_BYTES = 1 << 30  # one JSON document must be parsed whole; beyond this ask for JSON Lines


def _records_frame(records: list[dict]) -> pd.DataFrame:
    names: dict[str, None] = {}
    for r in records:
        names.update(dict.fromkeys(r))
    data = {k: [cell(r.get(k)) for r in records] for k in names}
    df = pd.DataFrame(data, dtype=object)
    return finish(df.astype(str).mask(df.isna()), clean_columns(df.columns))


def _json_depth_error(src: Source, where: str) -> ValueError:
    return ValueError(f"{src.path.name}{where} is nested too deeply (thousands of levels of brackets) to read. "
                      f"Fix: flatten it to one record per row, like {{\"text\": \"...\", \"label\": \"...\"}}.")


def _loads(src: Source, text: str, where: str = ""):
    """json.loads; nesting deep enough to exhaust Python's recursion limit is a ValueError, not a crash."""
    try:
        return json.loads(text)
    except RecursionError:
        raise _json_depth_error(src, where) from None


def _delimited_hint(src: Source, first_line: str) -> str:
    """' It looks like CSV ... Fix: rename' when a JSON file's first line is a delimited header instead."""
    line = first_line.strip()
    if line[:1] in ("{", "[", '"') or not any(sep in line for sep in ",\t;|"):
        return ""
    kind = "TSV" if "\t" in line else "CSV"
    return (f" Its first line ({snippet(line)}) looks like a {kind} header, not JSON. Fix: rename the file to "
            f"{src.path.stem}.{kind.lower()}.")


def _read_json_lines(src: Source, text_lines, nrows: int | None, chunksize: int | None) -> Iterator[pd.DataFrame]:
    batch: list[dict] = []
    seen = 0
    for n, line in enumerate(text_lines, 1):
        line = line.strip().lstrip("\ufeff")
        if not line:
            continue
        try:
            rec = _loads(src, line, f" line {n}")
        except json.JSONDecodeError as e:
            hint = _delimited_hint(src, line) if n == 1 else ""
            if hint:
                raise ValueError(f"{src.path.name} line 1 is not valid JSON.{hint}") from None
            raise ValueError(f"{src.path.name} line {n} is not valid JSON ({e.msg}, column {e.colno}). Fix: each "
                             f"line must be one complete JSON object like {{\"text\": \"...\", \"label\": \"...\"}}; "
                             f"repair or delete line {n}.") from None
        if not isinstance(rec, dict):
            raise ValueError(f"{src.path.name} line {n} is a JSON {type(rec).__name__}, not an object. Fix: write "
                             f"one object per line, like {{\"text\": \"...\", \"label\": \"...\"}}.")
        batch.append(rec)
        seen += 1
        if chunksize and len(batch) >= chunksize:
            yield _records_frame(batch)
            batch = []
        if nrows is not None and seen >= nrows:
            break
    if batch:
        yield _records_frame(batch)


def _json_records(src: Source, doc) -> list[dict]:
    """The rows of a JSON document: a list of records, {"data": [...]}, or {"col": [values...]}."""
    name = src.path.name
    if isinstance(doc, dict):
        lists = {k: v for k, v in doc.items() if isinstance(v, list)}
        if len(lists) == 1 and all(isinstance(x, dict) for x in next(iter(lists.values()))):
            doc = next(iter(lists.values()))  # {"data": [...], "version": ...}
        elif doc and len(lists) == len(doc) and len({len(v) for v in lists.values()}) == 1:
            keys = list(lists)
            doc = [dict(zip(keys, row)) for row in zip(*lists.values())]  # columns: {"text": [...], "label": [...]}
        elif doc and all(isinstance(v, dict) for v in doc.values()):  # pandas orient="columns"
            index = list(dict.fromkeys(i for col in doc.values() for i in col))
            doc = [{k: col.get(i) for k, col in doc.items()} for i in index]
        else:
            raise ValueError(f"{name} is a JSON object, but not a table: expected a list of records "
                             f"(or one key holding such a list). Fix: save it as [{{\"text\": ..., \"label\": ...}}, ...] "
                             f"or as JSON Lines.")
    if not isinstance(doc, list):
        raise ValueError(f"{name} holds a single JSON {type(doc).__name__}, not a table. Fix: save a list of "
                         f"records like [{{\"text\": ..., \"label\": ...}}, ...].")
    if doc and all(isinstance(x, str) for x in doc):
        return [{"text": x} for x in doc]  # a plain list of texts
    bad = next((i for i, x in enumerate(doc) if not isinstance(x, dict)), None)
    if bad is not None:
        raise ValueError(f"{name}: item {bad + 1} of the JSON list is a {type(doc[bad]).__name__}, not a record. "
                         f"Fix: make every item an object like {{\"text\": ..., \"label\": ...}}.")
    return doc


def json_frames(src: Source, chunksize: int | None, nrows: int | None) -> Iterator[pd.DataFrame]:
    if src.format == "jsonl":
        with open(src.path, encoding=src.codec, errors="strict", newline=None) as f:
            try:
                yield from _read_json_lines(src, f, nrows, chunksize)
            except UnicodeDecodeError as e:
                raise read_error(src, e) from None
        return
    if src.path.stat().st_size > MAX_JSON_BYTES:
        raise ValueError(f"{src.path.name} is too large to load as one JSON document. Fix: convert it to JSON "
                         f"Lines (one record per line, .jsonl), which is read in chunks.")
    try:
        text = src.path.read_bytes().decode(src.codec)
    except UnicodeDecodeError as e:
        raise read_error(src, e) from None
    try:
        doc = _loads(src, text)
    except json.JSONDecodeError as e:
        hint = _delimited_hint(src, text.lstrip("\ufeff").lstrip().split("\n", 1)[0]) if e.lineno == 1 else ""
        if hint:
            raise ValueError(f"{src.path.name} is not valid JSON.{hint}") from None
        if e.msg == "Extra data" and text.lstrip().startswith("{"):
            src.format = "jsonl"  # JSON Lines under a .json name (what datasets' to_json writes)
            yield from _read_json_lines(src, text.splitlines(), nrows, chunksize)
            return
        raise ValueError(f"{src.path.name} is not valid JSON: {e.msg} at line {e.lineno}, column {e.colno}. "
                         f"Fix: repair the file there (a missing comma, quote or bracket is typical) or export "
                         f"it again.") from None
    records = _json_records(src, doc)[:nrows] if nrows is not None else _json_records(src, doc)
    step = chunksize or max(len(records), 1)
    for i in range(0, len(records), step):
        yield _records_frame(records[i:i + step])
