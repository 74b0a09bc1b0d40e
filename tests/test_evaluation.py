"""Evaluation artefacts and baselines: metrics by hand, plots, a spreadsheet-safe CSV, TF-IDF on real data."""
from __future__ import annotations

import csv
import json
import random
import warnings
from pathlib import Path

import pytest

from tools.baselines import run_baselines
from tools.evaluation import (classification_metrics, plot_confusion_matrix, plot_loss, worst_errors,
                              write_predictions_csv)

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def test_metrics_match_hand_computed_values():
    y_true = ["a", "a", "a", "b", "b", "c"]
    y_pred = ["a", "a", "b", "b", "c", "c"]
    m = classification_metrics(y_true, y_pred, ["a", "b", "c"])
    assert m["accuracy"] == round(4 / 6, 4)
    # a: P 2/2, R 2/3; b: P 1/2, R 1/2; c: P 1/2, R 1/1
    assert m["per_class"]["a"] == {"precision": 1.0, "recall": 0.6667, "f1": 0.8, "support": 3}
    assert m["per_class"]["b"] == {"precision": 0.5, "recall": 0.5, "f1": 0.5, "support": 2}
    assert m["per_class"]["c"]["f1"] == round(2 * 0.5 / 1.5, 4)
    assert m["precision_macro"] == round((1 + 0.5 + 0.5) / 3, 4)
    assert m["recall_macro"] == round((2 / 3 + 0.5 + 1) / 3, 4)
    assert m["f1_macro"] == round((0.8 + 0.5 + 2 / 3) / 3, 4)
    assert m["n"] == 6 and m["labels"] == ["a", "b", "c"]
    json.dumps(m)


def test_confusion_matrix_rows_are_true_columns_predicted_in_label_order():
    m = classification_metrics(["pos", "pos", "pos", "neg"], ["neg", "neg", "pos", "neg"], ["pos", "neg"])
    # true pos predicted neg twice: row "pos" (0), column "neg" (1)
    assert m["confusion_matrix"] == [[1, 2], [0, 1]]


def test_metrics_zero_division_and_bad_input():
    m = classification_metrics(["a", "b"], ["a", "a"], ["a", "b", "c"])  # c never occurs: zeros, no warning
    assert m["per_class"]["c"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 0}
    with pytest.raises(ValueError, match="different lengths"):
        classification_metrics(["a"], ["a", "b"], ["a", "b"])
    with pytest.raises(ValueError, match="not in labels"):
        classification_metrics(["a", "z"], ["a", "a"], ["a"])
    with pytest.raises(ValueError, match="no examples"):
        classification_metrics([], [], ["a"])


def test_worst_errors_most_confident_first_and_truncated():
    texts = ["ok", "wrong but unsure", "x" * 500, "wrong and sure"]
    errors = worst_errors(texts, ["a", "a", "b", "a"], ["a", "b", "a", "b"], [0.99, 0.55, 0.8, 0.97], k=2)
    assert [e["text"] for e in errors] == ["wrong and sure", "x" * 199 + "…"]
    assert errors[0] == {"text": "wrong and sure", "label": "a", "predicted": "b", "score": 0.97}
    assert len(errors[1]["text"]) == 200
    assert worst_errors(["t"], ["a"], ["a"], [0.9]) == []


def test_predictions_csv_is_spreadsheet_safe(tmp_path):
    texts = ["=cmd|' /C calc'!A0", "+1+1", "@SUM(A1)", "-2+3", "\tindent", "plain 한국어 text"]
    labels = ["-1", "=HYPERLINK(\"x\")", "1", "1", "1", "1"]
    preds = ["1", "1", "1", "-1", "1", "1"]
    scores = [0.91234567, 0.5, 0.75, 0.6, 0.99, 0.88]
    path = write_predictions_csv(tmp_path / "predictions.csv", texts, labels, preds, scores)
    raw = Path(path).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # utf-8-sig: Excel then reads Korean correctly
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == ["text", "label", "predicted", "score", "correct"]
    assert rows[0]["text"] == "'=cmd|' /C calc'!A0"
    assert rows[1]["text"] == "'+1+1" and rows[2]["text"] == "'@SUM(A1)" and rows[3]["text"] == "'-2+3"
    assert rows[4]["text"] == "'\tindent"
    assert rows[1]["label"].startswith("'=")
    assert rows[0]["label"] == "-1" and rows[3]["predicted"] == "-1"  # plain numbers are not formulas
    assert rows[5]["text"] == "plain 한국어 text"
    assert float(rows[0]["score"]) == pytest.approx(0.9123) and not rows[0]["score"].startswith("'")
    assert [r["correct"] for r in rows] == ["False", "False", "True", "False", "True", "True"]


def _png_ok(path) -> bool:
    data = Path(path).read_bytes()
    return len(data) > 2000 and data.startswith(b"\x89PNG")


def test_confusion_matrix_png_english_korean_and_many_classes(tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing Hangul font must not warn
        assert _png_ok(plot_confusion_matrix([[5, 1], [2, 7]], ["neg", "pos"], tmp_path / "cm.png"))
        assert _png_ok(plot_confusion_matrix([[5, 1, 0], [2, 7, 1], [0, 0, 3]], ["긍정", "부정", "중립"],
                                             tmp_path / "cm_ko.png"))
    rng = random.Random(0)
    big = [[rng.randint(0, 20) for _ in range(20)] for _ in range(20)]
    assert _png_ok(plot_confusion_matrix(big, [f"class number {i}" for i in range(20)], tmp_path / "cm20.png"))
    with pytest.raises(ValueError, match="square"):
        plot_confusion_matrix([[1, 2]], ["a", "b"], tmp_path / "bad.png")


def test_loss_png_full_sparse_and_empty(tmp_path):
    progress = [{"step": s, "epoch": s / 100, "loss": 1 / (1 + s / 20)} for s in range(10, 210, 10)]
    progress += [{"step": 100, "epoch": 1.0, "eval_loss": 0.5, "eval_accuracy": 0.8, "eval_f1_macro": 0.78},
                 {"step": 200, "epoch": 2.0, "eval_loss": 0.45, "eval_accuracy": 0.83, "eval_f1_macro": 0.82}]
    assert _png_ok(plot_loss(progress, tmp_path / "loss.png"))
    assert _png_ok(plot_loss([{"step": 5, "loss": 0.7}], tmp_path / "one.png"))
    assert _png_ok(plot_loss([{"step": 5, "loss": float("nan")}, {"step": 10, "loss": 0.6}], tmp_path / "nan.png"))
    assert _png_ok(plot_loss([], tmp_path / "empty.png"))


# ------------------------------------------------------------------------------------ baselines

def _synthetic(n: int, seed: int, words: dict[str, list[str]]):
    rng = random.Random(seed)
    texts, labels = [], []
    for i in range(n):
        label = list(words)[i % len(words)]
        texts.append(" ".join(rng.choice(words[label]) for _ in range(4)) + " " + rng.choice(["the", "a", "this"]))
        labels.append(label)
    return texts, labels


def test_baselines_beat_majority_on_separable_data():
    words = {"sport": ["goal", "match", "team", "score"], "food": ["pasta", "salad", "soup", "bread"],
             "tech": ["laptop", "code", "chip", "server"]}
    tr, ytr = _synthetic(90, 1, words)
    tr, ytr = tr + ["goal team"] * 10, ytr + ["sport"] * 10  # sport is the majority class
    va, yva = _synthetic(30, 2, words)
    out = run_baselines(tr, ytr, va, yva, "en")
    assert out["majority_label"] == "sport"
    assert out["majority"]["accuracy"] == pytest.approx(1 / 3, abs=1e-3)
    assert out["tfidf_logreg"]["accuracy"] >= 0.9
    assert out["tfidf_logreg"]["labels"] == ["food", "sport", "tech"]
    assert out["seconds"] < 10
    json.dumps(out)


def test_baselines_korean_char_ngrams_and_edge_cases():
    # Stems with changing particles: only character n-grams see "재밌" in 재밌어요 and 재밌네.
    pos = ["재밌어요", "재밌네", "최고예요", "최고다", "감동적인", "감동이다"]
    neg = ["지루해요", "지루하다", "최악이다", "최악이네", "별로예요", "별로다"]
    rng = random.Random(3)
    tr = [" ".join(rng.sample(pos, 2)) for _ in range(40)] + [" ".join(rng.sample(neg, 2)) for _ in range(40)]
    ytr = ["1"] * 40 + ["0"] * 40
    va = ["정말 재밌던데", "완전 최고임", "너무 지루함", "진짜 최악임", "", "중립"]
    yva = ["1", "1", "0", "0", "1", "2"]  # an empty text and a class ("2") never seen in training
    out = run_baselines(tr + [""], ytr + ["1"], va, yva, "ko")
    assert out["features"] == "char 1-4-grams"
    assert out["tfidf_logreg"]["labels"] == ["0", "1", "2"]
    assert out["tfidf_logreg"]["per_class"]["2"]["recall"] == 0.0
    cm = out["tfidf_logreg"]["confusion_matrix"]
    assert cm[0][0] == 2 and cm[1][1] >= 2  # unseen particles (던데, 임, 함) still classified by their stems


def test_baselines_bad_input():
    with pytest.raises(ValueError, match="single class"):
        run_baselines(["a", "b"], ["x", "x"], ["c"], ["x"], "en")
    with pytest.raises(ValueError, match="language"):
        run_baselines(["a", "b"], ["x", "y"], ["c"], ["x"], "klingon")
    with pytest.raises(ValueError, match="length"):
        run_baselines(["a", "b"], ["x"], ["c"], ["x"], "en")
    with pytest.raises(ValueError, match="empty"):
        run_baselines(["a", "b"], ["x", "y"], [], [], "en")
    with pytest.raises(ValueError, match="no usable characters"):
        run_baselines(["", ""], ["x", "y"], ["c"], ["x"], "ko")


@pytest.mark.parametrize("name, language, floor", [("sst2_train_8k.csv", "en", 0.75),
                                                   ("nsmc_train_8k.csv", "ko", 0.78)])
def test_tfidf_baseline_on_real_data(name, language, floor):
    if not (SHARED_DATA / name).is_file():
        pytest.skip(f"{SHARED_DATA / name} not present")
    with open(SHARED_DATA / name, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    random.Random(0).shuffle(rows)
    cut = len(rows) * 9 // 10
    train, val = rows[:cut], rows[cut:]
    out = run_baselines([r["text"] for r in train], [r["label"] for r in train],
                        [r["text"] for r in val], [r["label"] for r in val], language)
    assert out["tfidf_logreg"]["accuracy"] >= floor
    assert out["tfidf_logreg"]["accuracy"] > out["majority"]["accuracy"] + 0.2
    assert out["seconds"] < 15
