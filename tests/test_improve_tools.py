"""The data report's quick label check and augment_dataset, on tiny files (bad inputs included)."""
from __future__ import annotations

import random

import pandas as pd
import pytest

from tools import inspection, label_issues
from tools.augment import augment_dataset, edit, synonyms
from tools.inspection import inspect_dataset

GOOD = "great wonderful superb brilliant lovely moving charming delightful".split()
BAD = "awful boring dull terrible tedious clumsy bland dreadful".split()


def _reviews(n: int = 120, flipped=(3, 17, 40, 77)) -> pd.DataFrame:
    rng = random.Random(0)
    rows = []
    for i in range(n):
        pos = i % 2 == 0
        words = rng.sample(GOOD if pos else BAD, 3) + rng.sample("the film was a and it plot".split(), 3)
        rng.shuffle(words)
        label = "pos" if pos else "neg"
        if i in flipped:
            label = "neg" if pos else "pos"
        rows.append({"text": " ".join(words), "label": label})
    return pd.DataFrame(rows)


@pytest.fixture
def noisy(tmp_path):
    path = tmp_path / "noisy.csv"
    _reviews().to_csv(path, index=False)
    return path


def test_the_report_mentions_rows_that_look_mislabelled(noisy):
    inspection._measure.cache_clear()
    en = inspect_dataset(str(noisy))
    found = [i for i in en["issues"] if i["kind"] == "label_issues"]
    assert found and 1 <= found[0]["count"] <= 12
    assert "look mislabelled" in found[0]["message"] and "review" in en["summary"]
    ko = inspect_dataset(str(noisy), lang="ko")
    assert "라벨이 틀려 보이는 행" in next(i["message"] for i in ko["issues"] if i["kind"] == "label_issues")


def test_the_quick_check_says_nothing_on_large_or_uncheckable_files(noisy, tmp_path, monkeypatch):
    monkeypatch.setattr(inspection, "QUICK_ROWS", 50)  # a file over the bound: skipped, nothing said
    inspection._measure.cache_clear()
    assert not [i for i in inspect_dataset(str(noisy))["issues"] if i["kind"] == "label_issues"]
    one = tmp_path / "one.csv"
    pd.DataFrame({"text": [f"text {i}" for i in range(20)], "label": "pos"}).to_csv(one, index=False)
    assert label_issues.quick_count(str(one), None, None) is None
    generation = tmp_path / "gen.csv"
    pd.DataFrame({"prompt": ["a", "b"], "response": ["c", "d"]}).to_csv(generation, index=False)
    assert label_issues.quick_count(str(generation), None, None) is None


def test_augment_writes_a_new_file_with_edited_copies(noisy):
    before = noisy.read_bytes()
    r = augment_dataset(str(noisy), copies=2, seed=1)
    assert noisy.read_bytes() == before  # the original is never changed
    out = pd.read_csv(r["output_path"])
    assert r["rows_in"] == 120 and r["rows_out"] == len(out) == 120 + r["added"] and r["added"] > 150
    assert out.head(120).equals(_reviews())  # the original rows first, unchanged
    assert sum(r["operations"].values()) == r["added"] and all(r["operations"].values())
    copies = out.iloc[120:]
    assert set(copies["label"]) == {"pos", "neg"}
    originals = set(out.head(120)["text"])
    assert not set(copies["text"]) & originals or len(set(copies["text"]) - originals) > 150
    again = augment_dataset(str(noisy), copies=2, seed=1)  # same seed, same rows, a new name
    assert again["output_path"] != r["output_path"]
    assert pd.read_csv(again["output_path"]).equals(out)
    assert "validation_path" in r["summary"] and "validation_path" in augment_dataset(str(noisy), lang="ko")["summary"]


def test_synonyms_come_from_the_file_itself():
    texts = [" ".join(x) for x in (["the", "film", "was", w] for w in GOOD * 3)] + ["the movie was great"] * 3
    similar = synonyms(texts)
    assert similar and all(w in " ".join(texts).split() for ws in similar.values() for w in ws)
    rng = random.Random(0)
    assert edit(["one"], "swap", rng, {}) is None and edit(["one"], "delete", rng, {}) is None
    assert edit(["a", "b", "c"], "synonym", rng, {}) is None  # no word has a synonym: no copy


def test_augment_bad_inputs(tmp_path, noisy):
    one = tmp_path / "one.csv"
    pd.DataFrame({"text": [f"some text {i}" for i in range(10)], "label": "pos"}).to_csv(one, index=False)
    with pytest.raises(ValueError, match="same label.*Fix:"):
        augment_dataset(str(one))
    with pytest.raises(ValueError, match="copies.*Fix:"):
        augment_dataset(str(noisy), copies=0)
    with pytest.raises(ValueError, match="Fix:"):
        augment_dataset(str(tmp_path / "missing.csv"))
    same = tmp_path / "same.csv"  # every row the same text: copies are still only edits of it
    pd.DataFrame({"text": ["a good film"] * 6 + ["a bad film"] * 6, "label": ["pos"] * 6 + ["neg"] * 6}).to_csv(
        same, index=False)
    r = augment_dataset(str(same), copies=1)
    assert r["rows_out"] == 12 + r["added"]


# ------------------------------------------------------------------ a fair retrain (tools/retrain.py)

def _fake_run(runs, rid, predictions, status="completed", config=None):
    import csv
    import json

    d = runs / rid
    d.mkdir(parents=True)
    (d / "status.json").write_text(json.dumps({"status": status}))
    (d / "config.json").write_text(json.dumps(config or {"task": "classification", "epochs": 1, "seed": 7,
                                                         "text_column": "text", "label_column": "label"}))
    (d / "metrics.json").write_text(json.dumps({"task": "classification", "metrics": {"accuracy": 0.5}}))
    with open(d / "predictions.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["text", "label", "predicted", "score", "correct"])
        for text, label, right in predictions:
            w.writerow([text, label, label if right else "x", 0.9, right])
    return d


def test_fair_retrain_keeps_the_surviving_validation_rows(tmp_path, monkeypatch):
    from tools.cleaning import clean_dataset
    from tools.compare import compare_runs
    from tools.retrain import fair_retrain

    monkeypatch.setenv("FINETUNE_ASSISTANT_RUNS", str(tmp_path / "runs"))
    data = tmp_path / "d.csv"
    rows = [f"clear text number {i},{'pos' if i % 2 else 'neg'}" for i in range(10)]
    data.write_text("text,label\n" + "\n".join(rows) + "\n\"  spaced   out \",pos\n,neg\n", encoding="utf-8")
    # the first run's validation rows: one tidied by cleaning, one dropped (empty), two plain
    _fake_run(tmp_path / "runs", "20261201-000000-before", [("clear text number 1", "pos", True),
                                                            ("clear text number 2", "neg", False),
                                                            ("  spaced   out ", "pos", True), ("", "neg", False)])
    cleaned = clean_dataset(str(data))
    r = fair_retrain("20261201-000000-before", cleaned["output_path"])
    val, train = pd.read_csv(r["validation_path"]), pd.read_csv(r["dataset_path"])
    assert sorted(val["text"]) == ["clear text number 1", "clear text number 2", "spaced out"]
    assert r["validation_rows"] == 3 and r["validation_lost"] == 1 and r["train_rows"] == len(train) == 8
    assert not set(val["text"]) & set(train["text"])
    assert r["settings"]["validation_from_run"] == "20261201-000000-before" and r["settings"]["seed"] == 7
    assert r["settings"]["validation_path"] == r["validation_path"] and "fair" in r["summary"]
    # the retrain's predictions carry the cleaned texts: compare_runs still pairs them
    _fake_run(tmp_path / "runs", "20261201-000100-after", [("clear text number 1", "pos", True),
                                                           ("clear text number 2", "neg", True),
                                                           ("spaced out", "pos", True)])
    pair = compare_runs(["20261201-000000-before", "20261201-000100-after"])["pairs"][0]
    assert pair["rows"] == 3 and pair["b_only_right"] == 1 and pair["a_only_right"] == 0


def test_a_retrain_leaves_out_the_phrases_of_held_out_sentences_as_the_first_run_did(tmp_path, monkeypatch):
    import json

    from tools.retrain import fair_retrain

    monkeypatch.setenv("FINETUNE_ASSISTANT_RUNS", str(tmp_path / "runs"))
    sentence = "the acting is warm and the ending is bright ."
    rows = [f"{sentence},pos", "the ending is bright,pos", "bright,pos", "a dull and slow film overall .,neg",
            *[f"phrase number {i},{'pos' if i % 2 else 'neg'}" for i in range(8)]]
    data = tmp_path / "d.csv"
    data.write_text("text,label\n" + "\n".join(rows) + "\n", encoding="utf-8")
    run = _fake_run(tmp_path / "runs", "20261201-000000-before", [(sentence, "pos", True)])
    metrics = json.loads((run / "metrics.json").read_text())
    (run / "metrics.json").write_text(json.dumps({**metrics, "validation_rule": {
        "rule": "whole_sentences", "validation_rows": 1, "sentences": 2, "rows": 12, "min_words": 5,
        "phrases_left_out": 1}}))
    r = fair_retrain("20261201-000000-before", str(data))
    train = set(pd.read_csv(r["dataset_path"])["text"])
    assert "the ending is bright" not in train and "bright" in train  # one word is vocabulary, not a piece of the answer
    assert r["phrases_left_out"] == 1 and r["train_rows"] == len(train) == 10 and "1 phrases" in r["summary"]


def test_fair_retrain_bad_inputs(tmp_path, monkeypatch):
    from tools.retrain import fair_retrain, fairness_note

    monkeypatch.setenv("FINETUNE_ASSISTANT_RUNS", str(tmp_path / "runs"))
    data = tmp_path / "d.csv"
    data.write_text("text,label\n" + "\n".join(f"row {i},{i % 2}" for i in range(8)) + "\n")
    _fake_run(tmp_path / "runs", "20261201-000000-running", [("row 1", "1", True)], status="running")
    with pytest.raises(ValueError, match="running.*Fix:"):
        fair_retrain("20261201-000000-running", str(data))
    _fake_run(tmp_path / "runs", "20261201-000001-other", [("a text from another file", "1", True)])
    with pytest.raises(ValueError, match="None of run.*Fix:"):
        fair_retrain("20261201-000001-other", str(data))
    with pytest.raises(ValueError, match="Fix:"):
        fair_retrain("20261201-000009-missing", str(data))
    assert fairness_note({}, 10, False) is None
    assert "same 10 validation rows" in fairness_note({"validation_from_run": "r1"}, 10, False)
    assert "같은 검증 행" in fairness_note({"validation_from_run": "r1"}, 10, True)
