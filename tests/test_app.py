"""The web app through gradio_client against a launched server: the same endpoints the page
calls. A rule-following fake model stands in for the LLM; training is real, on a tiny model."""
from __future__ import annotations

import json
import os
import re
import signal
import time
import zipfile
from pathlib import Path

import pytest

pytest.importorskip("gradio_client")
from gradio_client import Client, handle_file  # noqa: E402
from gradio_client.exceptions import AppError  # noqa: E402

from apphelp import env, launched  # noqa: E402
from tools.settings import FORM  # noqa: E402
from training_kit import write_reviews  # noqa: E402


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    root = tmp_path_factory.mktemp("app")
    with env(FINETUNE_ASSISTANT_RUNS=root / "runs"), launched(workspaces=root / "workspaces") as (url, demo, users):
        yield {"url": url, "users": users, "root": root}


# What gradio_client returns, in order (buttons, groups and tabs are not values, so they are left out).
TRAINING = ["progress", "details", "loss", "eval", "queue", "results_md", "metrics", "confusion", "explanation", "errors"]
PANELS = ["report", "issues", "file", "proposal_md", *(s.name for s in FORM), "runs", *TRAINING]
TICK = ["model_status", "runs", *TRAINING]


def named(names, out) -> dict:
    assert len(names) == len(out), (names, out)
    return dict(zip(names, out))


def client(app) -> Client:
    return Client(app["url"], verbose=False)


def chat(c: Client, text: str = "", files=()):
    return c.predict({"text": text, "files": [handle_file(str(f)) for f in files]}, "en", api_name="/chat")


def tool_messages(history):
    return [m for m in history if m.get("metadata") and m["metadata"].get("title")]


def text_of(m) -> str:
    content = m["content"]
    return " ".join(part.get("text", "") for part in content) if isinstance(content, list) else str(content)


def run_dirs() -> list[str]:
    root = Path(os.environ["FINETUNE_ASSISTANT_RUNS"])
    return sorted(p.name for p in root.iterdir()) if root.is_dir() else []


def wait_for(c: Client, status=("completed", "failed", "cancelled"), timeout=180):
    """Tick like the page's timer until the viewed run reaches a status; returns the last tick's outputs."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        out = named(TICK, c.predict("en", api_name="/tick"))
        if any(f'data-status="{s}"' in str(out["progress"]) for s in status):
            return out
        time.sleep(0.5)
    raise AssertionError(f"no run reached {status}: {str(out['progress'])[:300]}")


def test_chat_turn_shows_each_tool_call_and_streams(app, tmp_path):
    c = client(app)
    data = write_reviews(tmp_path / "reviews.csv", n=120)
    history, _ = chat(c, files=[data])
    call = tool_messages(history)[0]
    assert call["metadata"]["title"] == "🔧 inspect_dataset" and call["metadata"]["status"] == "done"
    assert call["metadata"]["duration"] >= 0 and "120 rows" in text_of(call)
    assert "Data check" in text_of(history[-1])  # the tool's own report, in the chat
    job = c.submit({"text": "please inspect it again", "files": []}, "en", api_name="/chat")
    updates = list(job)  # every intermediate yield
    job.result()
    assert len(updates) >= 3  # the user message, the pending call, its result, the answer
    final = job.outputs()[-1][0]
    assert final[-2]["metadata"]["title"] == "🔧 inspect_dataset" and text_of(final[-1]).startswith("Done")
    pending = [m for u in updates for m in u[0] if (m.get("metadata") or {}).get("status") == "pending"]
    assert pending  # the call was shown before its result came
    panels = named(PANELS, c.predict("en", api_name="/refresh"))
    assert "Data check" in panels["report"] and panels["file"]["choices"][0][0] == "reviews.csv"


def test_uploads_stay_in_the_tab_and_other_paths_are_refused(app, tmp_path):
    a, b = client(app), client(app)
    data = write_reviews(tmp_path / "mine.csv")
    chat(a, files=[data])
    users = app["users"]
    folders = {p.name: sorted(x.name for x in p.iterdir()) for p in users.root.iterdir() if p.is_dir()}
    assert ["mine.csv"] in folders.values()  # one tab's folder holds it
    chat(b, files=[write_reviews(tmp_path / "theirs.csv")])
    history, _ = chat(b, "inspect /etc/passwd")  # the model names a path outside the workspace
    refused = tool_messages(history)[-1]
    assert refused["metadata"]["title"] == "⚠️ inspect_dataset" and "Absolute paths are not allowed" in text_of(refused)
    assert "root:" not in json.dumps(history)
    history, _ = chat(b, "inspect mine.csv")  # another tab's upload is not this tab's file
    assert "'mine.csv' was not uploaded in this chat" in text_of(tool_messages(history)[-1])
    bad = tmp_path / "notes.txt"
    bad.write_text("hello")
    with pytest.raises(AppError, match="Invalid file type"):  # Gradio checks the type on the server too
        chat(b, files=[bad])
    with pytest.raises(AppError, match="no proposed settings"):  # a plain message, never a traceback
        b.predict("en", api_name="/start")


def test_page_works_while_the_model_loads_and_the_chat_waits_for_it(app, tmp_path, monkeypatch):
    import threading

    import assistant.llm
    from apphelp import RuleLLM
    from webui import ChatModel

    loaded = threading.Event()
    monkeypatch.setattr(assistant.llm, "shared", lambda config=None: loaded.wait(60) and RuleLLM())
    model = ChatModel(config=None).start()
    assert "Loading the chat model" in model.status("en") and "불러오는 중" in model.status("ko")
    with launched(model=model, workspaces=tmp_path / "ws") as (url, demo, users):
        c = Client(url, verbose=False)
        history, _ = chat(c, files=[write_reviews(tmp_path / "early.csv")])  # uploads and panels need no model
        assert "Data check" in text_of(history[-1])
        assert "Loading" in c.predict("en", api_name="/hardware")[2]
        job = c.submit({"text": "hello", "files": []}, "en", api_name="/chat")
        deadline = time.time() + 30
        while not any("Loading the chat model" in json.dumps(u) for u in job.outputs()) and time.time() < deadline:
            time.sleep(0.2)
        loaded.set()
        final = job.result()[0]
        assert text_of(final[-1]).startswith("I can check your data") and "Loading" not in json.dumps(final)
        assert "ready" in c.predict("en", api_name="/hardware")[2]


def test_language_switch_relabels_the_page(app):
    from webui.i18n import EXAMPLES, TEXT

    assert all(en.strip() and ko.strip() and en != ko for en, ko in TEXT.values())
    assert len(EXAMPLES["en"]) == len(EXAMPLES["ko"])
    c = client(app)
    out = json.dumps(c.predict("ko", api_name="/switch_language"), ensure_ascii=False)
    assert "파인튜닝 도우미" in out and "학습 손실" in out and "내 데이터를 점검" in out and "Training loss" not in out
    out = json.dumps(c.predict("en", api_name="/switch_language"), ensure_ascii=False)
    assert "Training loss" in out and "학습 손실" not in out


def test_training_endpoints_are_private_unless_testing(tmp_path):
    from webui import ChatModel, build

    from apphelp import RuleLLM

    demo = build(ChatModel(RuleLLM()))
    assert {fn.api_visibility for fn in demo.fns.values()} == {"private"}
    assert not demo.get_api_info()["named_endpoints"]
    test_demo = build(ChatModel(RuleLLM()), test_api=True)
    named = {fn.api_name: fn.api_visibility for fn in test_demo.fns.values()}
    assert named["start"] == named["chat"] == "undocumented" and not test_demo.get_api_info()["named_endpoints"]


@pytest.mark.slow
def test_tiny_training_through_the_ui(app, tmp_path, tiny_bert):
    c = client(app)
    data = write_reviews(tmp_path / "films.csv", n=160)
    chat(c, files=[data])
    c.predict("en", api_name="/refresh")  # what the page runs after each chat turn
    before = run_dirs()
    history, *_ = c.predict("en", "films.csv", "", api_name="/recommend")
    assert tool_messages(history)[-1]["metadata"]["title"] == "🔧 recommend_settings"
    history, *panels = c.predict("en", tiny_bert, "lora", 4, 2, 0.005, 16, 32,
                                 *[None] * (len(FORM) - 7), api_name="/save_settings")  # empty: keep
    panels = named(PANELS, panels)  # after the chat, which shows the dry run that checked them
    assert tiny_bert in panels["proposal_md"] and "| epochs | `2` |" in panels["proposal_md"] and panels["epochs"] == 2
    assert run_dirs() == before  # saving settings starts nothing
    out = c.predict("en", api_name="/start")
    started = text_of(tool_messages(out[0])[-1])  # the chat shows the start as a tool call
    assert "training started" in started and len(run_dirs()) == len(before) + 1
    run_id = re.search(r"run (\S+),", started).group(1)
    out = wait_for(c)
    assert 'data-status="completed"' in out["progress"] and "100%" in out["progress"]
    assert out["loss"]["data"] and {row[2] for row in out["loss"]["data"]} >= {"train"}  # the loss curve
    assert {row[2] for row in out["eval"]["data"]} >= {"accuracy", "f1_macro"}
    assert out["results_md"] == f"### {run_id}" and out["metrics"]["headers"] == [
        "metric", "your model", "majority class", "TF-IDF + logistic regression"]
    assert [row[0] for row in out["metrics"]["data"]] == ["accuracy", "precision_macro", "recall_macro", "f1_macro"]
    assert out["confusion"] is not None and out["explanation"].startswith("## ")
    preds = c.predict("en", "a wonderful film\na dreadful film", api_name="/predict")
    assert len(preds["data"]) == 2 and {p[1] for p in preds["data"]} <= {"pos", "neg"}
    zipped, config = c.predict("en", api_name="/downloads")
    assert "adapter_config.json" in zipfile.ZipFile(zipped).namelist()
    assert json.loads(Path(config).read_text())["base_model"] == tiny_bert
    to_label = app["root"] / "new_reviews.csv"
    to_label.write_text("id,text\n1,a wonderful film\n2,a dreadful film\n")
    labelled, said = c.predict("en", handle_file(str(to_label)), api_name="/label_file")
    rows = Path(labelled).read_text(encoding="utf-8-sig").splitlines()
    assert rows[0] == "id,text,label,score" and len(rows) == 3 and "Labelled 2 rows" in said
    merged, said = c.predict("en", api_name="/export_merged")
    assert "config.json" in zipfile.ZipFile(merged).namelist() and "Reloaded and checked" in said
    script, said = c.predict("en", api_name="/export_script")
    assert {"train.py", "accelerate_fsdp.yaml"} <= set(zipfile.ZipFile(script).namelist()) and "accelerate" in said
    card, said = c.predict("en", api_name="/model_card")
    assert "## Limitations" in Path(card).read_text() and "hf upload" in said
    other = client(app)  # another open tab sees the run in the list but cannot look into it
    assert run_id in json.dumps(named(PANELS, other.predict("en", api_name="/refresh"))["runs"])
    with pytest.raises(AppError, match="another open chat"):
        other.predict("en", run_id, api_name="/select_run")


@pytest.mark.slow
def test_restart_lists_earlier_runs_with_their_real_status(tmp_path, tiny_bert):
    """Runs from an earlier launch: a completed one, and one whose process was killed (shown as
    interrupted and resumable); resuming it from the new app finishes it."""
    from tools.runner import start_training, training_status
    from tools.runs import complete_checkpoints

    runs = tmp_path / "runs"
    data = write_reviews(tmp_path / "old.csv", n=160)
    settings = dict(base_model=tiny_bert, method="lora", lora_target_modules=["query", "value"], epochs=10,
                    batch_size=8, learning_rate=5e-3, max_length=32, logging_steps=2, save_steps=5)
    with env(FINETUNE_ASSISTANT_RUNS=runs):
        done = start_training(str(data), **{**settings, "epochs": 1})
        while training_status(done["run_id"])["status"] not in ("completed", "failed"):
            time.sleep(0.3)
        killed = start_training(str(data), **settings)
        run_dir = Path(killed["run_dir"])
        deadline = time.time() + 120
        while not complete_checkpoints(run_dir) and time.time() < deadline:
            time.sleep(0.2)
        pid = json.loads((run_dir / "status.json").read_text())["pid"]
        os.killpg(pid, signal.SIGKILL)  # the app (and its training child) died mid-run
        while training_status(killed["run_id"])["status"] == "running":
            time.sleep(0.2)
        with launched(workspaces=tmp_path / "ws") as (url, demo, users):  # the app started again
            c = Client(url, verbose=False)
            panels = named(PANELS, c.predict("en", api_name="/refresh"))
            choices = dict((v, label) for label, v in panels["runs"]["choices"])
            assert choices[done["run_id"]].endswith("completed")
            assert choices[killed["run_id"]].endswith("interrupted, resumable")
            out = named(TRAINING, c.predict("en", killed["run_id"], api_name="/select_run"))
            assert 'data-status="failed"' in out["progress"] and "interrupted, resumable" in out["progress"]
            assert "resume" in out["details"]  # the error names the fix
            c.predict("en", api_name="/resume_run")
            out = wait_for(c)
            assert 'data-status="completed"' in out["progress"]
            assert training_status(killed["run_id"])["resumed_from"]
