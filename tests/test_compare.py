"""compare_runs on real tiny runs: metrics and baselines per run, config differences, McNemar on shared rows."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tools import TOOLS
from tools.compare import compare_runs, mcnemar_exact
from tools.runner import start_training

from training_kit import tiny, wait, write_reviews


def test_mcnemar_exact_counts_the_discordant_rows():
    a = [True] * 10 + [False] * 2 + [True] * 5
    b = [False] * 10 + [True] * 2 + [True] * 5
    a_only, b_only, p = mcnemar_exact(a, b)
    assert (a_only, b_only) == (10, 2)
    assert p == pytest.approx(0.0386, abs=1e-4)  # 2 * P(X <= 2), X ~ Binomial(12, 1/2) = 2 * 79 / 4096
    assert mcnemar_exact([True, False], [True, False]) == (0, 0, 1.0)


def test_compare_runs_is_a_listed_tool():
    assert compare_runs in TOOLS


def test_no_runs_and_bad_lang_say_how_to_fix(tmp_path, monkeypatch):
    monkeypatch.setenv("FINETUNE_ASSISTANT_RUNS", str(tmp_path / "runs"))
    with pytest.raises(ValueError, match="no completed training run.*Fix:"):
        compare_runs()
    with pytest.raises(ValueError, match="No training run called 'nope'.*Fix:"):
        compare_runs(["nope"])
    with pytest.raises(ValueError, match="lang"):
        compare_runs(lang="fr")


@pytest.fixture(scope="module")
def trained(tiny_bert, tmp_path_factory):
    """Two runs on one file (different settings), one on another file, and one that failed."""
    root = tmp_path_factory.mktemp("compare")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("FINETUNE_ASSISTANT_RUNS", str(root / "runs"))
        same = write_reviews(root / "reviews.csv")
        other = write_reviews(root / "other.csv", n=120, classes=("yes", "no"))
        started = [start_training(str(same), **tiny(tiny_bert, epochs=1)),
                   start_training(str(same), **tiny(tiny_bert, epochs=3, learning_rate=1e-2)),
                   start_training(str(other), **tiny(tiny_bert, epochs=1)),
                   start_training(str(same), **tiny(tiny_bert, method="full", learning_rate=1e9, logging_steps=1,
                                                    weight_decay=0.0))]
        status = [wait(r["run_id"])["status"] for r in started]
        assert status == ["completed", "completed", "completed", "failed"], status
        yield [r["run_id"] for r in started], root / "runs"


@pytest.mark.slow
def test_all_completed_runs_with_differences_and_a_paired_test(trained):
    (a, b, c, _failed), _ = trained
    r = compare_runs()
    assert [x["run_id"] for x in r["runs"]] == [a, b, c]  # the failed run is not among "all completed"
    for x in r["runs"]:
        assert {"run_id", "base_model", "method", "metrics", "baselines", "minutes"} <= set(x)
        assert 0 <= x["metrics"]["accuracy"] <= 1 and x["method"] == "lora"
        assert set(x["baselines"]) == {"majority", "tfidf_logreg"} and "accuracy" in x["baselines"]["tfidf_logreg"]
        assert x["minutes"] is not None and x["minutes"] >= 0
    assert r["differences"]["epochs"] == {a: 1, b: 3, c: 1}
    assert r["differences"]["learning_rate"][b] == 1e-2 and "dataset_path" in r["differences"]
    assert "run_dir" not in r["differences"] and "max_length" not in r["differences"]
    assert len(r["pairs"]) == 1  # the run on the other file shares no validation rows
    p = r["pairs"][0]
    assert (p["a"], p["b"]) == (a, b) and p["rows"] == r["runs"][0]["metrics"]["n"]
    assert p["a_accuracy"] == r["runs"][0]["metrics"]["accuracy"] and p["b_accuracy"] == r["runs"][1]["metrics"]["accuracy"]
    right_a, right_b = p["a_accuracy"] * p["rows"], p["b_accuracy"] * p["rows"]
    assert right_a - right_b == pytest.approx(p["a_only_right"] - p["b_only_right"])
    assert 0 < p["p_value"] <= 1
    assert "McNemar" in r["summary"] and a in r["summary"] and "epochs" in r["summary"]
    json.dumps(r)


@pytest.mark.slow
def test_chosen_runs_in_korean_and_as_one_string(trained):
    (a, _b, c, _failed), _ = trained
    r = compare_runs(f"{a}, {c}", lang="ko")
    assert [x["run_id"] for x in r["runs"]] == [a, c] and r["pairs"] == []
    assert "실행 2개 비교" in r["summary"] and "짝 검정을 할 수 없습니다" in r["summary"]
    one = compare_runs([a, a])
    assert len(one["runs"]) == 1 and one["differences"] == {} and "no other completed run" in one["summary"]


@pytest.mark.slow
def test_failed_or_broken_runs_name_the_fix(trained):
    (a, b, _c, failed), runs_root = trained
    with pytest.raises(ValueError, match=f"Run {failed} is failed.*Fix:"):
        compare_runs([a, failed])
    broken = runs_root / f"{b}-copy"
    shutil.copytree(runs_root / b, broken)
    (broken / "metrics.json").unlink()
    try:
        with pytest.raises(ValueError, match="metrics.json is missing.*Fix:"):
            compare_runs([a, broken.name])
        (broken / "predictions.csv").unlink()
        (broken / "metrics.json").write_text((runs_root / b / "metrics.json").read_text())
        r = compare_runs([a, broken.name])  # without predictions there is nothing to pair, but no crash
        assert r["pairs"] == [] and len(r["runs"]) == 2
    finally:
        shutil.rmtree(broken)
    assert Path(runs_root / b / "predictions.csv").is_file()
