"""Property-based tests (hypothesis): the file loader and the tool-call parser on arbitrary input.

Loader: any bytes, any text in any encoding, any table-ish CSV or JSON either reads into a table
of strings or raises ValueError with a fix; never another exception. Parser: any text parses
without raising; a valid tool call embedded in prose is always recovered with its arguments.
"""
from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from assistant.parser import MAX_CALLS, parse
from tools.data import FORMATS, iter_chunks, read_table

# Moderate counts keep the file in CI's budget (~20 s); no example database is written into the repo.
PROPS = settings(max_examples=200, deadline=None, database=None,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
EXTENSIONS = sorted(FORMATS)


def _load(data: bytes, ext: str):
    """read_table and iter_chunks on the bytes saved under the extension: ("ok", frame) or ("error", msg)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"upload{ext}"
        path.write_bytes(data)
        try:
            df, info = read_table(path)
        except ValueError as e:
            assert "Fix" in str(e), str(e)
            return "error", str(e)
        # the streaming reader agrees with the whole-file reader
        assert sum(len(c) for c in iter_chunks(path, chunksize=7)) == len(df)
    assert len(df) >= 1 and info["rows"] == len(df)
    assert len(set(df.columns)) == len(df.columns) and all(isinstance(c, str) and c for c in df.columns)
    for value in df.to_numpy().ravel():
        assert value is None or isinstance(value, str) or pd.isna(value), repr(value)
    return "ok", df


@PROPS
@given(data=st.binary(max_size=3000), ext=st.sampled_from(EXTENSIONS))
def test_any_bytes_load_or_raise_value_error(data, ext):
    _load(data, ext)


ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "cp949", "euc-kr", "latin-1", "cp1252", "shift_jis"]


@PROPS
@given(text=st.text(max_size=1500), encoding=st.sampled_from(ENCODINGS), ext=st.sampled_from(EXTENSIONS))
def test_any_text_in_any_encoding(text, encoding, ext):
    _load(text.encode(encoding, errors="ignore"), ext)


cell = st.one_of(st.text(max_size=30), st.sampled_from(["", "NaN", "null", "=cmd|' /C calc'!A0", "\x00", "\"", "\n",
                                                        "정말 좋아요", "1.0", "-1", "\r\n", ",", ";", "\t"]))


@PROPS
@given(rows=st.lists(st.lists(cell, min_size=1, max_size=5), min_size=1, max_size=25),
       sep=st.sampled_from([",", "\t", ";", "|"]), quote=st.booleans(), ext=st.sampled_from([".csv", ".tsv", ".txt"]),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp949", "utf-16"]))
def test_table_shaped_text_files(rows, sep, quote, ext, encoding):
    def fmt(c):
        return '"' + c.replace('"', '""') + '"' if quote else c
    text = "\n".join(sep.join(fmt(c) for c in row) for row in rows) + "\n"
    kind, df = _load(text.encode(encoding, errors="ignore"), ext)
    if kind == "ok" and quote and encoding != "cp949" and "\x00" not in text and len({len(r) for r in rows}) == 1:
        assert df.shape[1] == len(rows[0])  # a rectangular, fully quoted table keeps its width


json_value = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
                          lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                                         max_size=4), max_leaves=20)


@PROPS
@given(doc=json_value, lines=st.booleans(), ext=st.sampled_from([".json", ".jsonl", ".ndjson"]))
def test_any_json_document(doc, lines, ext):
    if lines and isinstance(doc, list):
        text = "\n".join(json.dumps(x, ensure_ascii=False) for x in doc)
    else:
        text = json.dumps(doc, ensure_ascii=False)
    _load(text.encode(), ext)


# --------------------------------------------------------------------------------------- parser

TOOLS = {"inspect_dataset": ["path", "text_column", "label_column"], "detect_hardware": [],
         "recommend_settings": ["dataset_path", "goal", "method", "base_model"], "search_faq": ["query"],
         "start_training": ["dataset_path", "epochs"], "training_status": ["run_id"]}


@PROPS
@given(text=st.text(max_size=2000))
def test_any_text_parses_without_raising(text):
    out = parse(text, TOOLS)
    assert isinstance(out.content, str) and len(out.tool_calls) <= MAX_CALLS
    for call in out.tool_calls:
        assert call["name"] in TOOLS and isinstance(call["args"], dict)


@PROPS
@given(text=st.text(alphabet=st.sampled_from(list('{}[]()<>"\'`:,\\ \ntool_call/nameargumentsinspect_dataset')),
                    max_size=400))
@example("{[")  # closed to "{[]}", a Python set holding a list: literal_eval raised TypeError
def test_bracket_soup_parses_without_raising(text):
    parse(text, TOOLS)
    parse(text, None)


# prose around a call: anything but the characters that open a call form (a bracket, a fence, a tag)
noise = st.text(alphabet=st.characters(blacklist_characters="{}[]()<>`\\\"'", blacklist_categories=("Cs",)),
                max_size=200)
arg_value = st.one_of(st.text(max_size=40), st.integers(-10**6, 10**6), st.booleans(),
                      st.sampled_from(["리뷰.csv", "a \"quoted\" name.csv", "C:\\data\\x.csv", "} ] ) >", ""]))


@st.composite
def tool_call(draw):
    name = draw(st.sampled_from(sorted(TOOLS)))
    params = TOOLS[name]
    keys = draw(st.lists(st.sampled_from(params), unique=True, max_size=len(params))) if params else []
    return name, {k: draw(arg_value) for k in keys}


@PROPS
@given(call=tool_call(), before=noise, after=noise,
       form=st.sampled_from(["tag", "tag_unclosed", "fence", "bare", "openai", "parameters"]))
def test_a_call_in_noise_is_recovered(call, before, after, form):
    name, args = call
    body = json.dumps({"name": name, "arguments": args}, ensure_ascii=False)
    block = {
        "tag": f"<tool_call>\n{body}\n</tool_call>",
        "tag_unclosed": f"<tool_call>\n{body}",
        "fence": f"```json\n{body}\n```",
        "bare": body,
        "openai": json.dumps({"type": "function", "function": {"name": name, "arguments": json.dumps(args)}}),
        "parameters": json.dumps({"name": name, "parameters": args}),
    }[form]
    text = f"{before}\n{block}" + ("" if form == "tag_unclosed" else f"\n{after}")
    calls = parse(text, TOOLS).tool_calls
    assert [(c["name"], c["args"]) for c in calls] == [(name, args)], text
