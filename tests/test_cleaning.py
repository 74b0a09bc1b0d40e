"""clean_dataset: a new file and a change log beside the input; the original is never changed or overwritten."""
from __future__ import annotations

import csv
import json
import os

import pandas as pd
import pytest

from tools.cleaning import clean_dataset, normalize_text
from tools.data import read_table

MESSY = (
    "text,label,source\n"
    "good movie,pos,a\n"            # 0 kept
    "good movie,pos,b\n"            # 1 exact duplicate of 0
    "\"  bad   film \",neg,c\n"     # 2 kept, whitespace tidied
    "bad film,pos,d\n"              # 3 minority label of a duplicated text (2 x neg)
    "bad film,neg,e\n"              # 4 duplicate of 2 after tidying
    ",pos,f\n"                      # 5 empty text
    "great,,g\n"                    # 6 missing label
    "so-so,pos,h\n"                 # 7 tie with 8
    "so-so,neg,i\n"                 # 8
    "Cafe\u0301 scene,pos,j\n"      # 9 decomposed é → NFC
    "fine,NaN,k\n"                  # 10 placeholder label
)


def _log(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def test_every_rule_once_with_its_log(write):
    path = write("messy.csv", MESSY)
    before = path.read_bytes()
    r = clean_dataset(str(path))
    assert path.read_bytes() == before
    assert r["rows_in"] == 11 and r["rows_out"] == 3
    assert r["dropped"] == {"empty_text": 1, "missing_label": 2, "conflicting_label": 1, "conflict_tie": 2,
                            "duplicate": 2}
    assert r["relabeled"] == 0 and r["normalized"] == 2
    out, _ = read_table(r["output_path"])
    assert out["text"].tolist() == ["good movie", "bad film", "Caf\u00e9 scene"]
    assert out["label"].tolist() == ["pos", "neg", "pos"]
    assert out["source"].tolist() == ["a", "c", "j"]  # other columns travel with their rows
    log = _log(r["log_path"])
    assert {(e["row"], e["action"]) for e in log} >= {("1", "dropped"), ("2", "normalized"), ("3", "dropped"),
                                                     ("9", "normalized"), ("7", "dropped"), ("8", "dropped")}
    assert next(e for e in log if e["row"] == "1")["reason"] == "same text and label as row 0"
    assert sum(e["action"] == "dropped" for e in log) == r["rows_in"] - r["rows_out"]
    assert "11 rows in, 3 out" in r["summary"] and "unchanged" in r["summary"]
    json.dumps(r)


def test_never_overwrites_and_picks_a_fresh_name(write):
    path = write("data.csv", MESSY)
    squatter = path.with_name("data.cleaned.csv")
    squatter.write_text("mine\n")
    r1 = clean_dataset(str(path))
    r2 = clean_dataset(str(path))
    assert squatter.read_text() == "mine\n"
    assert len({r1["output_path"], r2["output_path"], str(squatter)}) == 3
    assert r1["output_path"].endswith("data.cleaned-2.csv") and r2["output_path"].endswith("data.cleaned-3.csv")
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]


def test_fixes_relabel_and_are_validated(write):
    path = write("fix.csv", "text,label\none,pos\ntwo,pos\nthree,neg\n")
    r = clean_dataset(str(path), fixes={"1": "neg", 2: "neg"}, lang="ko")
    out, _ = read_table(r["output_path"])
    assert out["label"].tolist() == ["pos", "neg", "neg"] and r["relabeled"] == 1
    assert "라벨 수정 1행" in r["summary"]
    assert any(e["action"] == "relabeled" and e["row"] == "1" for e in _log(r["log_path"]))
    for bad, needle in (({"7": "neg"}, "rows are 0 to 2"), ({"x": "neg"}, "not a row number"),
                        ({"0": "maybe"}, "does not use"), (["neg"], "must map")):
        with pytest.raises(ValueError, match=needle) as e:
            clean_dataset(str(path), fixes=bad)
        assert "Fix:" in str(e.value)


def test_drop_label_issues_drops_the_flagged_rows_but_keeps_reviewed_ones(write):
    from tests.test_label_issues import FLIPPED, NEGATIVE, POSITIVE, _flip, _rows

    rows = _flip(_rows(POSITIVE, NEGATIVE, "{} {} {} #{}"), FLIPPED)
    path = write("noisy.csv", pd.DataFrame(rows).to_csv(index=False))
    from tools.label_issues import find_label_issues

    flagged = [x["row"] for x in find_label_issues(str(path))["rows"]]
    assert flagged
    keep = flagged[0]
    r = clean_dataset(str(path), drop_label_issues=True, fixes={keep: "pos" if rows[keep]["label"] == "neg" else "neg"})
    assert r["dropped"] == {"label_issue": len(flagged) - 1} and r["relabeled"] == 1
    out, _ = read_table(r["output_path"])
    assert rows[keep]["text"] in out["text"].tolist()
    assert not set(out["text"]) & {rows[i]["text"] for i in flagged[1:]}


def test_all_duplicates_leave_one_row(write):
    r = clean_dataset(str(write("same.csv", "text,label\n" + "same words,a\n" * 5)))
    assert r["rows_out"] == 1 and r["dropped"] == {"duplicate": 4}


def test_nothing_left_is_an_error_and_writes_nothing(write):
    path = write("empty.csv", "text,label\n ,a\n,b\n  ,a\n")
    with pytest.raises(ValueError, match="drop every row") as e:
        clean_dataset(str(path), text_column="text", label_column="label")
    assert "Fix:" in str(e.value)
    assert sorted(p.name for p in path.parent.iterdir()) == ["empty.csv"]


@pytest.mark.parametrize("name, frame_to_text", [
    ("k.tsv", lambda df: df.to_csv(index=False, sep="\t")),
    ("k.jsonl", lambda df: df.to_json(orient="records", lines=True, force_ascii=False)),
    ("k.json", lambda df: df.to_json(orient="records", force_ascii=False)),
])
def test_korean_files_keep_their_format(write, name, frame_to_text):
    df = pd.DataFrame({"리뷰": ["정말  재밌다", "정말 재밌다", "지루하다", "\u1100\u1161 좋다"], "감정": ["1", "1", "0", "1"]})
    r = clean_dataset(str(write(name, frame_to_text(df))), lang="ko")
    assert r["output_path"].endswith(".cleaned" + name[1:])
    out, info = read_table(r["output_path"])
    assert info["format"] == read_table(r["output_path"].replace(".cleaned", ""))[1]["format"]
    assert out["리뷰"].tolist() == ["정말 재밌다", "지루하다", "가 좋다"]  # jamo composed by NFC
    assert r["dropped"] == {"duplicate": 1} and "정리" in r["summary"]


def test_parquet_in_parquet_out(tmp_path):
    path = tmp_path / "p.parquet"
    pd.DataFrame({"text": ["a b", "a  b", "c"], "label": ["x", "x", "y"]}).to_parquet(path)
    r = clean_dataset(str(path))
    out, info = read_table(r["output_path"])
    assert info["format"] == "parquet" and out["text"].tolist() == ["a b", "c"]


def test_bad_inputs(tmp_path, write):
    with pytest.raises(ValueError, match="Fix:"):
        clean_dataset(str(tmp_path / "missing.csv"))
    with pytest.raises(ValueError, match="no label column"):
        clean_dataset(str(write("gen.csv", "instruction,output\nsay hi,hi\nsay bye,bye\n")))
    with pytest.raises(ValueError, match="lang"):
        clean_dataset(str(write("ok.csv", "text,label\na,b\n")), lang="de")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root may write into any folder")
def test_a_folder_the_user_cannot_write_to(write):
    path = write("locked.csv", "text,label\none,a\ntwo,b\n")
    os.chmod(path.parent, 0o500)
    try:
        with pytest.raises(ValueError, match="folder you can write to"):
            clean_dataset(str(path))
    finally:
        os.chmod(path.parent, 0o700)


def test_normalize_text():
    assert normalize_text("  a\u200b\u00a0 b \r\n\r\n\r\n c  ") == "a b\n\nc"
    assert normalize_text("e\u0301") == "\u00e9"
