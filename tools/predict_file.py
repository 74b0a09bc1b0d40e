"""Label every row of a data file with a trained classifier, in bounded memory.

The file is read in chunks by tools.data (the reader inspect_dataset uses), each chunk is
predicted in batches, and written straight to a temporary file beside the output; the rename at
the end is the only moment the output appears, so an error or a kill never leaves half a file.
"""
from __future__ import annotations

import csv
import json
import os
import time
from pathlib import Path

from tools.data import FORMATS, iter_chunks
from tools.evaluation import _safe_cell
from tools.runs import read_json

CHUNK_ROWS = 5_000  # rows read, predicted and written at a time: memory stays flat on any file size
BATCH = 64  # texts per forward pass
WRITABLE = ("csv", "tsv", "jsonl", "parquet")


def default_output(src: Path) -> Path:
    """SRC.predictions.csv beside the input; a numbered name when that exists, so nothing is overwritten."""
    out = src.with_name(f"{src.stem}.predictions.csv")
    n = 2
    while out.exists():
        out = src.with_name(f"{src.stem}.predictions-{n}.csv")
        n += 1
    return out


def _output_path(src: Path, output_path: str | None) -> tuple[Path, str]:
    out = Path(output_path).expanduser() if output_path and str(output_path).strip() else default_output(src)
    fmt = FORMATS.get(out.suffix.lower())
    if fmt not in WRITABLE:
        raise ValueError(f"Cannot write predictions as {out.suffix or '(no extension)'!r}. Fix: end output_path "
                         f"in .csv, .tsv, .jsonl or .parquet.")
    if out.resolve() == src.resolve():
        raise ValueError(f"output_path is the input file {src.name}; it would be overwritten. Fix: choose another "
                         "output_path, or leave it empty to write beside the input.")
    folder = out.parent if str(out.parent) else Path(".")
    if not folder.is_dir():
        raise ValueError(f"The output folder {folder} does not exist. Fix: create it or choose another output_path.")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ValueError(f"Cannot write in the folder {folder} (no permission). Fix: choose an output_path in a "
                         "folder you can write to.")
    return out, fmt


def _text_column(chunk, cfg) -> str:
    """The run's own text column when the file has it, else the detected one."""
    from tools.columns import detect_columns

    if cfg.text_column and cfg.text_column in chunk.columns:
        return cfg.text_column
    try:
        return detect_columns(chunk, None, None).text
    except ValueError:
        pass
    shown = ", ".join(repr(c) for c in list(chunk.columns)[:20])
    raise ValueError(f"No column of text found among {shown}. Fix: add a column named 'text' holding the texts "
                     f"to label (the run was trained on {cfg.text_column or 'text'!r}).")


class _Writer:
    """Append chunks to one output file of the given format."""

    def __init__(self, path: Path, fmt: str):
        self.path, self.fmt, self._pq = path, fmt, None
        self._fh = None if fmt == "parquet" else open(path, "w", encoding="utf-8-sig" if fmt in ("csv", "tsv")
                                                       else "utf-8", newline="")
        self._csv = csv.writer(self._fh, delimiter="\t" if fmt == "tsv" else ",") if fmt in ("csv", "tsv") else None
        self._header = False

    def write(self, df) -> None:
        if self._csv is not None:
            if not self._header:
                self._csv.writerow([_safe_cell(c) for c in df.columns])
                self._header = True
            # Formula-looking cells get an apostrophe (as in predictions.csv); NA stays empty.
            for row in df.itertuples(index=False):
                self._csv.writerow(["" if v is None or v != v else _safe_cell(v) for v in row])
        elif self.fmt == "jsonl":
            for rec in df.to_dict("records"):
                rec = {k: (None if v is None or v != v else v) for k, v in rec.items()}
                self._fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        else:
            import pyarrow as pa
            import pyarrow.parquet as pq

            # Every cell the reader gives is a string; an all-empty chunk must not turn a column into nulls.
            schema = pa.schema([(c, pa.float64() if c == "score" else pa.string()) for c in df.columns])
            if self._pq is None:
                self._pq = pq.ParquetWriter(self.path, schema)
            self._pq.write_table(pa.Table.from_pandas(df, schema=schema, preserve_index=False))

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None
        if self._pq is not None:
            self._pq.close()
            self._pq = None


def predict_file(run_dir: Path, loaded, path: str, output_path: str | None = None) -> dict:
    """Write every column of `path` plus `label` and `score` to the output; {output_path, rows, seconds}."""
    from tqdm.auto import tqdm

    from tools.predict import predict_with

    model, tokenizer, cfg = loaded
    if cfg.task != "classification":
        raise ValueError(f"Run {run_dir.name} is a {cfg.task} run; files can be labelled by classifiers only. "
                         "Fix: pick a classification run, or pass texts=[...] to generate answers.")
    labels = read_json(run_dir / "labels.json", {})["labels"]
    src = Path(str(path)).expanduser()
    out, fmt = _output_path(src, output_path)
    chunks = iter_chunks(src, chunksize=CHUNK_ROWS)
    first = next(chunks)  # reading errors surface here, before anything is written
    column = _text_column(first, cfg)
    renamed = {c: f"{c}_original" for c in ("label", "score") if c in first.columns}  # kept, under a clear name
    tmp = out.with_name(f".{out.name}.tmp-{os.getpid()}")
    start, rows, counts = time.time(), 0, {}
    writer = None
    try:
        writer = _Writer(tmp, fmt)
        with tqdm(desc=f"Labelling {src.name}", unit=" rows", mininterval=1.0) as bar:
            for chunk in _chain(first, chunks):
                texts = chunk[column]
                has_text = texts.notna() & texts.astype(str).str.strip().ne("")
                todo = [str(t) for t in texts[has_text]]
                preds = []
                for i in range(0, len(todo), BATCH):
                    preds += predict_with(model, tokenizer, todo[i:i + BATCH], labels, cfg.max_length,
                                          cfg.text_template, cfg.precision, batch_size=BATCH)
                    bar.update(min(BATCH, len(todo) - i))
                bar.update(int((~has_text).sum()))
                chunk = chunk.rename(columns=renamed)
                chunk["label"], chunk["score"] = None, None
                chunk.loc[has_text, "label"] = [p["label"] for p in preds]
                chunk.loc[has_text, "score"] = [p["score"] for p in preds]
                for p in preds:
                    counts[p["label"]] = counts.get(p["label"], 0) + 1
                writer.write(chunk)
                rows += len(chunk)
        writer.close()
        os.replace(tmp, out)
    except OSError as e:
        raise ValueError(f"Could not write {out}: {e.strerror or e}. Fix: free disk space or choose another "
                         "output_path.") from None
    finally:
        if writer is not None:
            writer.close()
        tmp.unlink(missing_ok=True)
    return {"output_path": str(out), "rows": rows, "seconds": round(time.time() - start, 2),
            "text_column": column, "label_counts": counts, "run_id": run_dir.name}


def _chain(first, rest):
    yield first
    yield from rest
