"""What the readers of tools/data.py share: the facts about a file, clean column names, cells as text."""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd


@dataclass
class Source:
    """What we learnt about a file before reading it: format, encoding, delimiter, header."""
    path: Path
    format: str  # csv | tsv | json | jsonl | parquet
    encoding: str | None = None  # the name we report ("utf-8", "utf-8-sig", "cp949", ...)
    codec: str | None = None  # the codec we decode with (utf-8-sig also accepts no BOM)
    sep: str | None = None
    header: bool = True


_UNNAMED = re.compile(r"Unnamed: \d+(_level_\d+)?")


def clean_columns(names) -> list[str]:
    """Column names without stray whitespace, CR or BOM; empty or pandas "Unnamed: N" → column_N; unique."""
    out: list[str] = []
    for i, name in enumerate(names, 1):
        s = re.sub(r"\s+", " ", str(name).replace("\ufeff", "")).strip().strip('"').strip()
        if not s or _UNNAMED.fullmatch(s) or s.lower() == "nan":
            s = f"column_{i}"
        base, k = s, 2
        while s in out:
            s, k = f"{base}_{k}", k + 1
        out.append(s)
    return out


def is_number(s: str) -> bool:
    try:
        return math.isfinite(float(s))
    except (TypeError, ValueError):
        return False


def finish(df: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Cleaned names, and "" turned into NA so that every reader reports missing cells alike."""
    df.columns = columns
    return df.mask(df.eq(""))


def cell(v):
    """A JSON value as the string a CSV would hold: 1 → "1", 1.0 → "1", true → "true", objects → JSON."""
    if v is None:
        return None
    if isinstance(v, str):
        return v
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if not math.isfinite(v):
            return None
        return str(int(v)) if v.is_integer() and abs(v) < 1e16 else repr(v)
    try:
        return json.dumps(v, ensure_ascii=False)
    except RecursionError:  # parsed, but too deep to write back as text
        raise ValueError("A JSON value is nested too deeply (hundreds of levels) to keep as a cell. Fix: flatten "
                         "it to one record per row, like {\"text\": \"...\", \"label\": \"...\"}.") from None


def snippet(text: str, width: int = 40) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= width else text[:width] + "…")


def read_error(src: Source, e: Exception) -> ValueError:
    name = src.path.name
    if isinstance(e, UnicodeDecodeError):
        return ValueError(f"{name} is not valid {src.encoding} text further into the file ({e.reason} at byte "
                          f"{e.start}). Fix: save the file again as CSV UTF-8 (one encoding for the whole file).")
    if isinstance(e, pd.errors.EmptyDataError):
        return ValueError(f"{name} has no columns (the file is blank). Fix: export the data again with a "
                          f"header row and at least one data row.")
    msg = " ".join(str(e).split())
    m = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", msg)
    if m:
        sep = {"\t": "tab", ",": "comma", ";": "semicolon", "|": "pipe"}.get(src.sep, repr(src.sep))
        return ValueError(f"{name} line {m.group(2)} has {m.group(3)} fields but the header has {m.group(1)} "
                          f"({sep}-separated). Fix: put double quotes around text that contains a {sep} "
                          f"(\"like{src.sep} this\"), or save the file again from a spreadsheet app.")
    return ValueError(f"{name} could not be read as {src.format.upper()}: {msg[:200]}. Fix: open it in a "
                      f"spreadsheet app and save it again as CSV UTF-8.")
