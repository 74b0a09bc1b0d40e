"""Read a user's data file (CSV, TSV, JSON, JSON Lines, Parquet) into a table of strings.

Every cell comes back as a string or NA: labels like "01" or "1.0" stay what the user wrote,
and the training engine and the inspection see the same values. Nested JSON values (lists,
objects, e.g. a chat `messages` column) are kept as JSON text. Text files may be UTF-8 (with
or without a BOM), UTF-16 with a BOM, or CP949/EUC-KR as Korean Excel saves them.
Anything wrong with the file raises ValueError naming the problem and the fix.
Large files: `iter_chunks` reads in bounded memory; `read_table(nrows=...)` reads the head.
"""
from __future__ import annotations

import codecs
import json
from pathlib import Path
from typing import Iterator

import pandas as pd

from tools.data_common import Source, cell, clean_columns, finish, is_number, read_error, snippet
from tools.data_json import json_frames
from tools.language import HANGUL

FORMATS = {".csv": "csv", ".tsv": "tsv", ".tab": "tsv", ".txt": "tsv", ".json": "json",
           ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet", ".pq": "parquet"}
SUPPORTED = ", ".join(FORMATS)
HEAD_BYTES = 4 << 20  # encoding and delimiter are judged on the first 4 MiB

# Files that are not text but often carry a .csv name (an Excel workbook "saved" by renaming it).
_MAGIC = [
    (b"PK\x03\x04", "an Excel workbook (.xlsx) or another ZIP archive",
     "open it in Excel or Google Sheets and use File > Save As > CSV UTF-8"),
    (b"\xd0\xcf\x11\xe0", "an old Excel workbook (.xls)", "open it in Excel and use File > Save As > CSV UTF-8"),
    (b"PAR1", "a Parquet file", "rename it to end in .parquet"),
    (b"%PDF", "a PDF document", "export the table from its source as CSV"),
    (b"\x1f\x8b", "a gzip-compressed file", "decompress it first (gunzip FILE)"),
    (b"SQLite format 3", "an SQLite database", "export the table as CSV (sqlite3 -csv -header db 'select ...')"),
]


# --------------------------------------------------------------------------------- checks

def _check_path(path: str | Path) -> tuple[Path, str]:
    p = Path(str(path)).expanduser()
    if not str(path).strip():
        raise ValueError("No data file was given. Fix: pass the path of a CSV, TSV, JSON, JSONL or Parquet file.")
    if not p.exists():
        raise ValueError(f"No file at {p}. Fix: check the spelling and folder of the path, or upload the file again.")
    if p.is_dir():
        found = sorted(q.name for q in p.iterdir() if q.suffix.lower() in FORMATS)[:5]
        hint = f" (it holds {', '.join(found)})" if found else ""
        raise ValueError(f"{p} is a folder, not a data file{hint}. Fix: pass one file inside it, "
                         f"e.g. {p / (found[0] if found else 'train.csv')}.")
    fmt = FORMATS.get(p.suffix.lower())
    if fmt is None:
        fix = "save it as CSV UTF-8 from Excel (File > Save As)" if p.suffix.lower() in (".xlsx", ".xls") \
            else "save or convert the table to one of these formats"
        raise ValueError(f"{p.name}: the file type {p.suffix or '(no extension)'!r} is not supported; "
                         f"supported: {SUPPORTED}. Fix: {fix}.")
    if p.stat().st_size == 0:
        raise ValueError(f"{p.name} is empty (0 bytes). Fix: export the data again with a header row "
                         f"and at least one data row.")
    return p, fmt


def _check_binary(p: Path, head: bytes, fmt: str) -> None:
    for magic, what, fix in _MAGIC:
        if head.startswith(magic) and not (fmt == "parquet" and magic == b"PAR1"):
            raise ValueError(f"{p.name} is not a {fmt.upper()} text file: it looks like {what}. Fix: {fix}.")
    if b"\x00" in head[:1 << 16] and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ValueError(f"{p.name} looks like a binary file, not {fmt.upper()} text (it contains NUL bytes). "
                         f"Fix: export the table as CSV UTF-8; if it is UTF-16 text, save it again as UTF-8.")


def detect_encoding(head: bytes, complete: bool = True) -> str:
    """The text encoding of a file's first bytes: "utf-8", "utf-8-sig", "utf-16", "cp949", or a guess.

    UTF-8 is tried strictly first (one wrong byte rules it out), then CP949, the superset of
    EUC-KR that Korean Excel writes, then charset-normalizer's guess. `complete` says whether
    `head` is the whole file (else a multi-byte character cut at the end is not an error).
    Raises ValueError when nothing decodes it (a binary file).
    """
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    for enc in ("utf-8", "cp949"):
        try:
            text = codecs.getincrementaldecoder(enc)(errors="strict").decode(head, final=complete)
        except UnicodeDecodeError:
            continue
        # CP949 decodes some Western bytes too; real Korean text decodes mostly to Hangul.
        non_ascii = sum(1 for ch in text[:200_000] if ord(ch) > 127)
        if enc == "utf-8" or len(HANGUL.findall(text[:200_000])) >= 0.5 * non_ascii:
            return enc
    from charset_normalizer import from_bytes

    best = from_bytes(head[:1 << 20]).best()
    if best is None:
        raise ValueError("The file is not readable text in any known encoding (it looks binary). "
                         "Fix: export the table again as CSV UTF-8.")
    return best.encoding


def _codec(encoding: str) -> str:
    return "utf-8-sig" if encoding in ("utf-8", "utf-8-sig") else encoding


# What spreadsheets, pandas and databases write for a missing value. In a label column these are
# never classes (a model that learns a class "NaN" is a bug); in a text column they stay text.
MISSING_LABELS = frozenset({"nan", "none", "null", "na", "n/a", "#n/a", "<na>", "nat", "undefined"})
# The spellings met in files (exact-match lookups are hash-based: fast on millions of labels).
_MISSING_SPELLINGS = frozenset(v for m in MISSING_LABELS for v in (m, m.upper(), m.title(), m.capitalize())) | {
    "NaN", "NaT", "#N/A", "<NA>", "N/a"}


def clean_labels(labels: pd.Series) -> pd.Series:
    """Labels stripped of surrounding whitespace; empty cells and placeholders like NaN/null become None."""
    s = labels.astype(object).str.strip()
    return s.mask(s.isna() | s.eq("") | s.isin(_MISSING_SPELLINGS), None)


# -------------------------------------------------------------------------------- CSV/TSV

def _sniff_sep(first_line: str, fmt: str) -> str:
    """The delimiter: the format's own unless the header has none of it but another one."""
    counts = dict.fromkeys("\t,;|", 0)
    quoted = False
    for ch in first_line[:20_000]:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    default = "," if fmt == "csv" else "\t"
    if counts[default] or not any(counts.values()):
        return default
    return max(counts, key=counts.get)


def _csv_kwargs(src: Source) -> dict:
    return dict(sep=src.sep, encoding=src.codec, dtype=str, keep_default_na=False, na_filter=False,
                header=0 if src.header else None, engine="c", skip_blank_lines=True, encoding_errors="strict")


def _open_text(p: Path, fmt: str, head: bytes, complete: bool) -> Source:
    _check_binary(p, head, fmt)
    try:
        encoding = detect_encoding(head, complete)
    except ValueError:
        raise _undecodable(p, fmt, head) from None
    if encoding == "utf-8" and head.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    src = Source(p, fmt, encoding, _codec(encoding))
    if fmt in ("csv", "tsv"):
        text = codecs.getincrementaldecoder(src.codec)(errors="replace").decode(head[:1 << 16], final=False)
        first = _first_record(text)
        if not first:
            raise ValueError(f"{p.name} holds only blank lines. Fix: export the data again with a header row "
                             f"and at least one data row.")
        if _is_json_line(first):
            ext = "jsonl" if first.lstrip().startswith("{") else "json"
            raise ValueError(f"{p.name} holds JSON, not {fmt.upper()} (its first line is {snippet(first)}). "
                             f"Fix: rename the file to {p.stem}.{ext}.")
        src.sep = _sniff_sep(first, fmt)
        src.header = not _headerless(src)
    return src


def _undecodable(p: Path, fmt: str, head: bytes) -> ValueError:
    """Why no encoding reads the file: two encodings in one file (UTF-8, then other bytes), or binary."""
    try:
        head.decode("utf-8")
        bad = None
    except UnicodeDecodeError as e:
        bad = e.start
    if bad and head[:bad].count(b"\n") >= 1:  # whole lines of UTF-8 first: text pasted in from another file
        line = head[:bad].count(b"\n") + 1
        return ValueError(f"{p.name} mixes text encodings: it is UTF-8 up to line {line}, where bytes of another "
                          f"encoding begin (often rows pasted from a file saved as CP949/EUC-KR or Windows-1252). "
                          f"Fix: open it in a spreadsheet or text editor and save the whole file again as "
                          f"{fmt.upper()} UTF-8.")
    return ValueError(f"{p.name} is not readable text in any known encoding (it looks binary). "
                      f"Fix: export the table again as {fmt.upper()} in UTF-8.")


def _first_record(text: str) -> str:
    """The first non-blank record: up to the first line break outside double quotes (a header cell may
    hold a line break; the delimiter is judged on the whole header, not on its first physical line)."""
    quoted, start = False, 0
    for i, ch in enumerate(text[:1 << 16]):
        if ch == '"':
            quoted = not quoted
        elif ch in "\r\n" and not quoted:
            if text[start:i].strip():
                return text[start:i]
            start = i + 1
    return text[start:] if text[start:].strip() else ""


def _is_json_line(line: str) -> bool:
    """Whether a CSV's first line is really JSON: a JSON Lines record, or the start of a JSON list."""
    line = line.strip()
    if line in ("[", "[{") or line.startswith(("[{", '[ {')):
        return True
    if not line.startswith("{"):
        return False
    try:
        return isinstance(json.loads(line), dict)
    except (ValueError, RecursionError):
        return False


def _headerless(src: Source) -> bool:
    """A header cell that is a number over a column of numbers means the first row is data
    (e.g. `great movie,1`): such files are read with generated names column_1, column_2, ..."""
    try:
        df = pd.read_csv(src.path, nrows=50, **_csv_kwargs(src))
    except Exception:  # a real read reports the problem properly
        return False
    for name in df.columns:
        name = str(name).strip()
        values = [v for v in df[name].astype(str) if v.strip()] if name in df else []
        if is_number(name) and values and sum(map(is_number, values)) >= 0.8 * len(values):
            return True
    return False


def _csv_frames(src: Source, chunksize: int | None, nrows: int | None) -> Iterator[pd.DataFrame]:
    columns = None
    try:
        reader = pd.read_csv(src.path, chunksize=chunksize or 1_000_000, nrows=nrows, **_csv_kwargs(src))
        with reader:
            for df in reader:
                if columns is None:
                    columns = clean_columns(df.columns if src.header else [""] * df.shape[1])  # → column_1, ...
                yield finish(df, columns)
    except ValueError as e:  # pandas' ParserError, EmptyDataError and UnicodeDecodeError are ValueErrors
        raise read_error(src, e) from None


# -------------------------------------------------------------------------------- Parquet

def _arrow_frame(batch) -> pd.DataFrame:
    """An Arrow batch as a frame of strings: numbers as written, nested values as JSON text."""
    import pyarrow as pa
    import pyarrow.compute as pc

    data = {}
    for name, col in zip(batch.schema.names, batch.columns):
        t = col.type
        if pa.types.is_string(t) or pa.types.is_large_string(t):
            values = col
        elif pa.types.is_nested(t) or pa.types.is_binary(t) or pa.types.is_large_binary(t):
            values = pa.array([cell(v) if not isinstance(v, bytes) else v.decode("utf-8", "replace")
                               for v in col.to_pylist()], pa.string())
        else:
            try:
                values = pc.cast(col, pa.string())
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
                values = pa.array([None if v is None else str(v) for v in col.to_pylist()], pa.string())
        data[name] = values.to_pandas()
    df = pd.DataFrame(data)
    df = df.astype(str).mask(df.isna()) if len(df) else df.astype(str)
    return finish(df, clean_columns(df.columns))


def _parquet_frames(src: Source, chunksize: int | None, nrows: int | None) -> Iterator[pd.DataFrame]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(src.path)
        seen = 0
        for batch in pf.iter_batches(batch_size=min(chunksize or 1_000_000, nrows or 1_000_000)):
            if nrows is not None:
                batch = batch.slice(0, nrows - seen)
            seen += batch.num_rows
            yield _arrow_frame(batch)
            if nrows is not None and seen >= nrows:
                break
    except (pa.ArrowException, OSError) as e:
        raise ValueError(f"{src.path.name} is not a readable Parquet file ({' '.join(str(e).split())[:160]}). "
                         f"Fix: write it again with pandas' DataFrame.to_parquet, or save it as CSV.") from None


# ---------------------------------------------------------------------------------- public

def _open(path: str | Path) -> Source:
    p, fmt = _check_path(path)
    with open(p, "rb") as f:
        head = f.read(HEAD_BYTES)
    complete = len(head) == p.stat().st_size
    if fmt == "parquet":
        if not head.startswith(b"PAR1"):
            raise ValueError(f"{p.name} is not a Parquet file (it does not start with PAR1). Fix: if it is a CSV, "
                             f"rename it to .csv; otherwise write it again with DataFrame.to_parquet.")
        return Source(p, fmt)
    if not head.strip(b" \t\r\n\x00\xef\xbb\xbf"):
        raise ValueError(f"{p.name} holds only whitespace. Fix: export the data again with a header row and "
                         f"at least one data row.")
    return _open_text(p, fmt, head, complete)


def _frames(src: Source, chunksize: int | None, nrows: int | None) -> Iterator[pd.DataFrame]:
    if src.format in ("csv", "tsv"):
        return _csv_frames(src, chunksize, nrows)
    if src.format == "parquet":
        return _parquet_frames(src, chunksize, nrows)
    return json_frames(src, chunksize, nrows)


def _no_rows(src: Source) -> ValueError:
    return ValueError(f"{src.path.name} has a header (or keys) but no data rows. Fix: add at least one row of "
                      f"data under the header, or check that you exported the right sheet.")


def iter_chunks(path: str | Path, chunksize: int = 100_000) -> Iterator[pd.DataFrame]:
    """Read a data file in pieces of at most `chunksize` rows, in bounded memory.

    Every piece has the same cleaned column names; cells are strings or NA; the index counts
    rows from 0 over the whole file. Raises ValueError on any problem with the file.
    """
    src = _open(path)
    start, empty = 0, True
    for df in _frames(src, chunksize, None):
        df.index = pd.RangeIndex(start, start + len(df))
        start += len(df)
        if len(df):
            empty = False
            yield df
    if empty:
        raise _no_rows(src)


def read_table(path: str | Path, nrows: int | None = None) -> tuple[pd.DataFrame, dict]:
    """Read a CSV, TSV, JSON, JSON Lines or Parquet file into a DataFrame of strings.

    Args:
        path: the data file.
        nrows: read only the first `nrows` rows (info["sampled"] then says whether there were more).

    Returns:
        (frame, info); info holds path, format, encoding (None for Parquet), delimiter, header
        (False when the first row was data and names were generated), rows, columns, bytes, sampled.
    """
    src = _open(path)
    limit = None if nrows is None else nrows + 1  # one extra row tells us whether we cut the file short
    frames = list(_frames(src, None, limit))
    df = pd.concat(frames, ignore_index=True) if len(frames) > 1 else (frames[0] if frames else pd.DataFrame())
    sampled = nrows is not None and len(df) > nrows
    if sampled:
        df = df.iloc[:nrows]
    if len(df) == 0:
        raise _no_rows(src)
    df = df.reset_index(drop=True)
    info = {"path": str(src.path), "format": src.format, "encoding": src.encoding, "delimiter": src.sep,
            "header": src.header, "rows": int(len(df)), "columns": list(df.columns),
            "bytes": src.path.stat().st_size, "sampled": bool(sampled)}
    return df, info
