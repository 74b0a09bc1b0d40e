"""predict(path=...): a whole file labelled by a real tiny run, every original column kept, nothing partial
written when the input or the output folder is wrong."""
from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import pandas as pd
import pytest

from tools.predict import predict

from training_kit import completed_run


pytestmark = pytest.mark.slow  # every test here uses a run that really trains (tiny model)


@pytest.fixture(scope="module")
def run(tiny_bert, tmp_path_factory):
    """One completed tiny run shared by the tests of this file (its runs folder is set per test)."""
    run_dir = completed_run(tmp_path_factory.mktemp("predict-runs"), tiny_bert, epochs=1)
    return run_dir.name, run_dir.parent


@pytest.fixture
def runs(run, monkeypatch):
    monkeypatch.setenv("FINETUNE_ASSISTANT_RUNS", str(run[1]))
    return run[0]


def test_a_csv_is_labelled_beside_itself_with_every_column_kept(runs, write):
    rows = ["id,review,stars,label"] + [f"{i},a wonderful film number {i},5,pos" for i in range(30)]
    rows += ["30,,1,neg", '31,"=HYPERLINK(""x"")",2,neg']  # an empty text; a formula-like one
    src = write("new.csv", "\n".join(rows) + "\n")
    out = predict(path=str(src), run_id=runs)
    assert out["rows"] == 32 and out["seconds"] >= 0 and out["text_column"] == "review"
    assert Path(out["output_path"]) == src.with_name("new.predictions.csv")
    table = pd.read_csv(out["output_path"], dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert list(table.columns) == ["id", "review", "stars", "label_original", "label", "score"]
    assert table["id"].tolist() == [str(i) for i in range(32)]  # same rows, same order
    assert set(table["label"][:30]) <= {"pos", "neg"} and all(0 < float(s) <= 1 for s in table["score"][:30])
    assert table.loc[30, "label"] == "" and table.loc[30, "score"] == ""  # no text: no prediction
    assert table.loc[31, "review"].startswith("'=")  # spreadsheet-safe, as predictions.csv
    # the same texts through predict(texts=...) get the same labels
    again = predict([f"a wonderful film number {i}" for i in range(30)], run_id=runs)
    assert [p["label"] for p in again] == table["label"][:30].tolist()
    # a second run writes a new file instead of overwriting the first
    assert Path(predict(path=str(src), run_id=runs)["output_path"]).name == "new.predictions-2.csv"


@pytest.mark.parametrize("suffix", [".jsonl", ".parquet", ".tsv"])
def test_other_formats_in_and_out(runs, tmp_path, suffix):
    df = pd.DataFrame({"text": [f"a dreadful film {i}" for i in range(12)], "note": ["x"] * 12})
    src = tmp_path / f"in{suffix}"
    if suffix == ".jsonl":
        df.to_json(src, orient="records", lines=True, force_ascii=False)
    elif suffix == ".parquet":
        df.to_parquet(src)
    else:
        df.to_csv(src, sep="\t", index=False)
    out = predict(path=str(src), run_id=runs, output_path=str(tmp_path / f"out{suffix}"))
    written = (pd.read_json(out["output_path"], lines=True) if suffix == ".jsonl" else
               pd.read_parquet(out["output_path"]) if suffix == ".parquet" else
               pd.read_csv(out["output_path"], sep="\t", encoding="utf-8-sig"))
    assert list(written.columns) == ["text", "note", "label", "score"] and len(written) == 12
    assert set(written["label"]) <= {"pos", "neg"}


def test_many_chunks_keep_order_and_memory_bounded(runs, tmp_path, monkeypatch):
    import tools.predict_file as pf

    monkeypatch.setattr(pf, "CHUNK_ROWS", 7)  # several chunks and a partial last one
    src = tmp_path / "many.csv"
    pd.DataFrame({"text": [f"a lovely film {i}" for i in range(50)], "n": range(50)}).to_csv(src, index=False)
    out = predict(path=str(src), run_id=runs)
    table = pd.read_csv(out["output_path"], encoding="utf-8-sig")
    assert out["rows"] == 50 and table["n"].tolist() == list(range(50))


def _unwritable_folder(tmp_path) -> Path:
    """A folder this process cannot write in: read-only by permissions, or sysfs when running as root."""
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    if not os.access(locked, os.W_OK):
        return locked
    try:
        open("/sys/probe.csv", "w").close()
    except OSError:
        return Path("/sys")
    pytest.skip("no folder is read-only for this user")


def test_bad_inputs_are_clear_and_write_nothing(runs, tmp_path, write):
    numbers = write("numbers.csv", "a,b\n1,2\n3,4\n5,6\n")
    with pytest.raises(ValueError, match="No column of text.*Fix:"):
        predict(path=str(numbers), run_id=runs)
    good = write("good.csv", "text\na great film\n")
    locked = _unwritable_folder(tmp_path)
    with pytest.raises(ValueError, match="(Cannot|Could not) write.*Fix:"):
        predict(path=str(good), run_id=runs, output_path=str(locked / "out.csv"))
    assert not (locked / "out.csv").exists()
    with pytest.raises(ValueError, match="does not exist.*Fix:"):
        predict(path=str(good), run_id=runs, output_path=str(tmp_path / "nowhere" / "out.csv"))
    with pytest.raises(ValueError, match="overwritten.*Fix:"):
        predict(path=str(good), run_id=runs, output_path=str(good))
    with pytest.raises(ValueError, match="Fix:"):
        predict(path=str(tmp_path / "missing.csv"), run_id=runs)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "locked") == ["good.csv", "numbers.csv"]


def test_an_error_midway_leaves_no_partial_file(runs, tmp_path, monkeypatch):
    import sys

    import tools.predict_file as pf

    tp = sys.modules["tools.predict"]  # `tools.predict` the attribute is the function

    monkeypatch.setattr(pf, "CHUNK_ROWS", 5)
    calls = {"n": 0}
    real = tp.predict_with

    def failing(*a, **k):
        calls["n"] += 1
        if calls["n"] == 3:
            raise ValueError("boom. Fix: none")
        return real(*a, **k)

    monkeypatch.setattr(tp, "predict_with", failing)
    src = tmp_path / "in.csv"
    pd.DataFrame({"text": [f"a dull film {i}" for i in range(20)]}).to_csv(src, index=False)
    with pytest.raises(ValueError, match="boom"):
        predict(path=str(src), run_id=runs)
    assert [p.name for p in tmp_path.iterdir()] == ["in.csv"]


def test_a_failed_run_cannot_label_a_file(runs, tmp_path):
    from tools.runs import runs_root, write_json

    failed = runs_root() / "20000101-000000-failed"
    failed.mkdir()
    (failed / "config.json").write_text(json.dumps({"dataset_path": "x.csv"}))
    write_json(failed / "status.json", {"status": "failed", "error": "boom"})
    src = tmp_path / "in.csv"
    src.write_text("text\na fine film\n")
    with pytest.raises(ValueError, match="failed, not completed.*Fix:"):
        predict(path=str(src), run_id=failed.name)
    assert [p.name for p in tmp_path.iterdir()] == ["in.csv"]


def test_the_cli_labels_a_file(runs, tmp_path, capsys):
    from tools.__main__ import main

    src = tmp_path / "in.csv"
    with open(src, "w", newline="") as f:
        csv.writer(f).writerows([["text"], ["a charming film"], ["a tedious film"]])
    assert main(["predict", "--path", str(src), "--run_id", runs]) == 0
    assert json.loads(capsys.readouterr().out)["rows"] == 2
