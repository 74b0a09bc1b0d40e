"""The Improve tab through gradio_client: review -> clean -> retrain on the same validation rows -> compare,
with a real tiny model (the endpoints the page's buttons call)."""
from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pandas as pd
import pytest

pytest.importorskip("gradio_client")
from gradio_client import Client, handle_file  # noqa: E402

from apphelp import env, launched  # noqa: E402
from test_app import PANELS, TICK, named, tool_messages  # noqa: E402
from tools.settings import FORM  # noqa: E402
from training_kit import write_reviews  # noqa: E402

FLIPPED = (4, 9, 30, 51, 88, 120)


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    root = tmp_path_factory.mktemp("improve-app")
    with env(FINETUNE_ASSISTANT_RUNS=root / "runs"), launched(workspaces=root / "workspaces") as (url, demo, users):
        yield {"url": url, "users": users, "root": root}


def _noisy(path: Path) -> Path:
    write_reviews(path, n=160)
    frame = pd.read_csv(path)
    for i in FLIPPED:
        frame.loc[i, "label"] = "neg" if frame.loc[i, "label"] == "pos" else "pos"
    frame.to_csv(path, index=False)
    return path


def _train(c: Client, name: str, tiny_bert: str) -> str:
    c.predict("en", name, "", api_name="/recommend")
    c.predict("en", tiny_bert, "lora", 4, 1, 0.005, 16, 32, *[None] * (len(FORM) - 7), api_name="/save_settings")
    return _start_and_wait(c)[0]


def _start_and_wait(c: Client) -> str:
    before = set(os.listdir(os.environ["FINETUNE_ASSISTANT_RUNS"])) if os.path.isdir(
        os.environ["FINETUNE_ASSISTANT_RUNS"]) else set()
    c.predict("en", api_name="/start")
    new = sorted(set(os.listdir(os.environ["FINETUNE_ASSISTANT_RUNS"])) - before)
    assert len(new) == 1, new
    deadline = time.time() + 240
    while time.time() < deadline:
        out = named(TICK, c.predict("en", api_name="/tick"))
        if 'data-status="completed"' in str(out["progress"]) and new[0] in str(out["progress"]):
            return new[0], out
        assert 'data-status="failed"' not in str(out["progress"]), out["progress"]
        time.sleep(0.5)
    raise AssertionError(f"run {new[0]} did not complete")


def test_review_clean_retrain_compare(app, tmp_path, tiny_bert):
    c = Client(app["url"], verbose=False)
    data = _noisy(tmp_path / "films.csv")
    c.predict({"text": "", "files": [handle_file(str(data))]}, "en", api_name="/chat")
    c.predict("en", api_name="/refresh")  # what the page runs after each chat turn
    before = _train(c, "films.csv", tiny_bert)

    history, *rest = c.predict("en", "films.csv", api_name="/improve_find")
    panels, (summary, review) = named(PANELS, rest[:-2]), rest[-2:]
    assert tool_messages(history)[-1]["metadata"]["title"] == "🔧 find_label_issues"
    assert "look mislabelled" in summary and review["headers"][:2] == ["accept", "row"]
    flagged = {int(r[1]) for r in review["data"]}
    assert flagged & set(FLIPPED), (flagged, FLIPPED)
    accepted = [r for r in review["data"] if int(r[1]) in FLIPPED]
    rows = [[int(r[1]) in FLIPPED, *r[1:]] for r in review["data"]]  # accept the real flips, reject the rest

    table = {"headers": review["headers"], "data": rows, "metadata": None}
    history, *rest = c.predict("en", "films.csv", table, api_name="/improve_clean")
    clean_md, log = rest[-2:]
    assert f"Relabeled {len(accepted)} rows" in clean_md and "films.cleaned.csv" in clean_md
    assert [r for r in log["data"] if r[1] == "relabeled"] and data.read_text().count("\n") == 161  # original kept
    assert "films.cleaned.csv" in json.dumps(named(PANELS, rest[:-2])["file"])  # the chat may use the new file

    history, *rest = c.predict("en", api_name="/improve_retrain")
    panels, said = named(PANELS, rest[:-1]), rest[-1]
    assert before in said and "validation rows" in said
    assert "validation_from_run" in panels["proposal_md"]  # proposed, not started: Start starts it
    after, shown = _start_and_wait(c)
    deadline = time.time() + 30
    while "A fair comparison" not in str(shown["explanation"]) and time.time() < deadline:
        shown = named(TICK, c.predict("en", api_name="/tick"))  # the results panel follows the completed run
        time.sleep(0.5)
    assert "A fair comparison" in shown["explanation"] and before in shown["explanation"]
    config = json.loads((Path(os.environ["FINETUNE_ASSISTANT_RUNS"]) / after / "config.json").read_text())
    assert config["validation_from_run"] == before and config["dataset_path"].endswith("films.cleaned.train.csv")

    choices = c.predict("en", api_name="/improve_choices")  # what focusing the run picker fetches
    assert before in json.dumps(choices) and after in json.dumps(choices)
    history, runs, pairs, text, _ = c.predict("en", [before, after], api_name="/improve_compare")
    assert [r[0] for r in runs["data"]] == [before, after]
    validation = pd.read_csv(config["validation_path"])
    assert len(pairs["data"]) == 1 and pairs["data"][0][2] >= len(validation) - len(accepted)
    assert "McNemar" in text and "dataset_path" in text
    assert tool_messages(history)[-1]["metadata"]["title"] == "🔧 compare_runs"
