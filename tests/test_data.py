"""tools/data.py: every format and encoding reads to the same table; every bad file is a helpful ValueError."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from tools.data import clean_columns, detect_encoding, iter_chunks, read_table

ROWS = [["great movie, loved it", "1"], ["boring", "0"], ["정말 재밌어요", "1"]]


def _csv(sep=","):
    lines = ["text" + sep + "label"]
    for text, label in ROWS:
        lines.append((f'"{text}"' if sep in text else text) + sep + label)
    return "\n".join(lines) + "\n"


def _expect_rows(df):
    assert list(df.columns) == ["text", "label"]
    assert df.values.tolist() == ROWS


@pytest.mark.parametrize("name,content,fmt", [
    ("d.csv", _csv(), "csv"),
    ("d.tsv", _csv("\t"), "tsv"),
    ("d.tab", _csv("\t"), "tsv"),
    ("d.txt", _csv("\t"), "tsv"),
    ("d.json", json.dumps([{"text": t, "label": int(l)} for t, l in ROWS], ensure_ascii=False), "json"),
    ("d.json", json.dumps({"data": [{"text": t, "label": l} for t, l in ROWS]}), "json"),
    ("d.json", json.dumps({"text": [t for t, _ in ROWS], "label": [int(l) for _, l in ROWS]}), "json"),
    ("d.jsonl", "\n".join(json.dumps({"text": t, "label": int(l)}) for t, l in ROWS) + "\n", "jsonl"),
    ("d.ndjson", "\n".join(json.dumps({"text": t, "label": l}) for t, l in ROWS), "jsonl"),
    # JSON Lines under a .json name, as datasets' to_json writes it
    ("d.json", "\n".join(json.dumps({"text": t, "label": l}) for t, l in ROWS) + "\n", "jsonl"),
])
def test_every_text_format(write, name, content, fmt):
    df, info = read_table(write(name, content))
    _expect_rows(df)
    assert info["format"] == fmt and info["rows"] == 3 and info["columns"] == ["text", "label"]
    assert info["encoding"] == "utf-8" and info["sampled"] is False


def test_parquet_numbers_and_nested_values_become_strings(tmp_path):
    path = tmp_path / "d.parquet"
    pd.DataFrame({"text": ["a", "b", None], "label": [1, 0, 1], "score": [0.5, 1.0, None],
                  "tags": [["x"], [], ["y", "z"]]}).to_parquet(path)
    df, info = read_table(path)
    assert info["format"] == "parquet" and info["encoding"] is None
    assert df["label"].tolist() == ["1", "0", "1"]
    assert df["score"].tolist()[:2] == ["0.5", "1"] and pd.isna(df["score"].iloc[2])
    assert pd.isna(df["text"].iloc[2])
    assert json.loads(df["tags"].iloc[2]) == ["y", "z"]


def test_encodings(write):
    df, info = read_table(write("bom.csv", "\ufeff" + _csv(), encoding="utf-8"))
    assert info["encoding"] == "utf-8-sig"
    _expect_rows(df)
    df, info = read_table(write("kr.csv", "문장,라벨\n정말 재밌어요,1\n별로예요,0\n", encoding="cp949"))
    assert info["encoding"] == "cp949"
    assert list(df.columns) == ["문장", "라벨"] and df["문장"].tolist() == ["정말 재밌어요", "별로예요"]
    df, info = read_table(write("u16.tsv", _csv("\t"), encoding="utf-16"))
    assert info["encoding"] == "utf-16"
    _expect_rows(df)


def test_detect_encoding_order():
    assert detect_encoding("한글".encode()) == "utf-8"
    assert detect_encoding("한글 텍스트입니다".encode("euc-kr")) == "cp949"
    assert detect_encoding(b"\xef\xbb\xbftext") == "utf-8-sig"
    # a multi-byte character cut off at the end of a head sample is not an error
    assert detect_encoding("한글".encode()[:4], complete=False) == "utf-8"


def test_messy_column_names(write):
    df, _ = read_table(write("m.csv", "\ufeff text ,\" label\r\",,Unnamed: 3, text\r\na,1,x,y,z\r\n"))
    assert list(df.columns) == ["text", "label", "column_3", "column_4", "text_2"]
    assert clean_columns(["", "a", "a", "\ufeffb\r"]) == ["column_1", "a", "a_2", "b"]


def test_empty_cells_are_na_and_text_stays_text(write):
    df, _ = read_table(write("e.csv", "text,label,code\nhello,1,007\n,0,\nNA,,1.50\n"))
    assert df["text"].isna().tolist() == [False, True, False]
    assert df["text"].iloc[2] == "NA"  # a literal "NA" is text, not a missing value
    assert df["code"].tolist()[0] == "007" and df["code"].tolist()[2] == "1.50"
    assert df["label"].isna().tolist() == [False, False, True]


def test_quoted_newlines_semicolons_and_headerless(write):
    df, _ = read_table(write("q.csv", 'text,label\n"line one\nline two",1\n"say ""hi""",0\n'))
    assert df["text"].tolist() == ["line one\nline two", 'say "hi"']
    df, info = read_table(write("s.csv", "text;label\nhello, world;1\nbye;0\n"))
    assert info["delimiter"] == ";" and df["text"].tolist() == ["hello, world", "bye"]
    df, info = read_table(write("h.csv", "great movie,1\nawful film,0\nfine,1\n"))
    assert info["header"] is False and list(df.columns) == ["column_1", "column_2"] and len(df) == 3


def test_json_nested_objects_are_stringified(write):
    df, _ = read_table(write("n.jsonl", '{"text": "a", "meta": {"src": "web", "n": [1, 2]}}\n{"text": "b", "ok": true}\n'))
    assert json.loads(df["meta"].iloc[0]) == {"src": "web", "n": [1, 2]}
    assert pd.isna(df["meta"].iloc[1]) and df["ok"].iloc[1] == "true"


def test_nrows_and_chunks(write):
    content = "text,label\n" + "".join(f"text {i},{i % 3}\n" for i in range(1000))
    path = write("big.csv", content)
    df, info = read_table(path, nrows=10)
    assert len(df) == 10 and info["sampled"] is True and info["rows"] == 10
    df, info = read_table(path, nrows=1000)
    assert info["sampled"] is False
    chunks = list(iter_chunks(path, chunksize=300))
    assert [len(c) for c in chunks] == [300, 300, 300, 100]
    assert all(list(c.columns) == ["text", "label"] for c in chunks)
    assert pd.concat(chunks).index.tolist() == list(range(1000))
    jl = write("big.jsonl", "".join(json.dumps({"text": f"t{i}"}) + "\n" for i in range(250)))
    assert [len(c) for c in iter_chunks(jl, chunksize=100)] == [100, 100, 50]
    pq = path.with_suffix(".parquet")
    pd.read_csv(path).to_parquet(pq)
    assert sum(len(c) for c in iter_chunks(pq, chunksize=128)) == 1000
    assert len(read_table(pq, nrows=5)[0]) == 5


def _fails(path, *needles):
    with pytest.raises(ValueError) as e:
        read_table(path)
    msg = str(e.value)
    assert "Fix:" in msg, msg
    for needle in needles:
        assert needle.lower() in msg.lower(), msg
    assert "\n" not in msg
    return msg


def test_missing_path_and_directory(tmp_path, write):
    _fails(tmp_path / "nope.csv", "No file", "nope.csv")
    write("train.csv", _csv())
    _fails(tmp_path, "folder", "train.csv")
    _fails("", "No data file")


def test_empty_header_only_and_blank(write):
    _fails(write("empty.csv", ""), "empty", "0 bytes")
    _fails(write("header.csv", "text,label\n"), "no data rows")
    _fails(write("blank.csv", "\n\n   \n"), "whitespace")
    _fails(write("empty.jsonl", "\n\n"), "whitespace")
    _fails(write("nokeys.json", "[]"), "no data rows")


def test_binary_files_with_text_names(write):
    _fails(write("bin.csv", b"\x00\x01\x02\x03text,label\x00"), "binary", "NUL")
    _fails(write("book.csv", b"PK\x03\x04" + b"\x00" * 50), "Excel", "Save As")
    _fails(write("data.csv", bytes(range(128, 256)) * 20), "encoding")
    _fails(write("fake.parquet", _csv()), "not a Parquet file")
    _fails(write("rename.csv", b"PAR1" + b"\x00" * 20), "Parquet")


def test_unsupported_extension_lists_supported(write):
    msg = _fails(write("sheet.xlsx", b"PK\x03\x04"), ".xlsx", "not supported", "CSV UTF-8")
    for ext in (".csv", ".tsv", ".json", ".jsonl", ".parquet"):
        assert ext in msg
    _fails(write("notes.docx", "x"), "supported")


def test_malformed_json_says_where(write):
    _fails(write("bad.json", '[{"text": "a", "label": 1},\n {"text": "b" "label": 0}]'), "line 2", "not valid JSON")
    _fails(write("bad.jsonl", '{"text": "a"}\n{"text": "b"\n{"text": "c"}\n'), "line 2")
    _fails(write("list.jsonl", '{"text": "a"}\n[1, 2]\n'), "line 2", "object")
    _fails(write("scalar.json", "42"), "not a table")
    _fails(write("obj.json", '{"name": "x", "version": 2}'), "list of records")
    _fails(write("mixed.json", '[{"text": "a"}, 3]'), "item 2")


def test_malformed_csv_row_says_which_line(write):
    msg = _fails(write("bad.csv", "text,label\nok,1\ntoo,many,fields\n"), "line 3", "quotes")
    assert "3 fields" in msg


def test_encoding_change_later_in_file_is_a_value_error(write, monkeypatch):
    import tools.data as data

    monkeypatch.setattr(data, "HEAD_BYTES", 64)  # judge the encoding on a head that is plain ASCII
    content = ("text,label\n" + "plain ascii text,1\n" * 10).encode() + "한글,0\n".encode("cp949")
    _fails(write("late.csv", content), "utf-8", "save the file again")
