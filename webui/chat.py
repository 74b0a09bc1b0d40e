"""The chat: uploads go into the tab's workspace and are inspected at once; messages go to the
agent, whose events become chat messages. Each tool call is a collapsible message (title,
pending/done, duration) that ends with the result's summary; the answer streams below it.
Buttons run tools without the model (assistant/actions.py) and `render` shows their events
the same way.
"""
from __future__ import annotations

import json
import time
from pathlib import Path

from assistant import actions
from assistant import events as ev
from tools.language import say
from webui.model import ChatModel
from webui.users import EXTENSIONS, UserState, Users

MODEL_WAIT_S = 600  # a message sent while the model loads waits this long for it


def user_message(text: str) -> dict:
    return {"role": "user", "content": text}


def assistant_message(text: str) -> dict:
    return {"role": "assistant", "content": text}


def tool_message(call_id: str, name: str, args: dict) -> dict:
    shown = ", ".join(f"{k}={json.dumps(v, ensure_ascii=False)}" for k, v in args.items())
    return {"role": "assistant", "content": f"`{name}({shown})`",
            "metadata": {"title": f"🔧 {name}", "id": call_id, "status": "pending"}}


def finish_tool(msg: dict, ok: bool, summary: str, seconds: float) -> None:
    meta = msg["metadata"]
    meta.update(status="done", duration=round(seconds, 2))
    if not ok:
        meta["title"] = "⚠️ " + meta["title"].removeprefix("🔧 ")
    msg["content"] = f"{msg['content']}\n\n{summary}"


def note_result(users: Users, user: UserState, name: str, result) -> None:
    """What a tool's result changes in the panels beside the chat."""
    if not isinstance(result, dict):
        return
    if name == "inspect_dataset":
        user.report = result
    if name in ("start_training", "resume_training") and result.get("run_id"):
        users.own(result["run_id"], user.key)
    if name in ("start_training", "resume_training", "training_status", "explain_results", "cancel_training") \
            and result.get("run_id"):
        user.run_id = result["run_id"]
    if name == "recommend_settings":
        user.proposal_open = user.session.proposal is not None
    elif name == "start_training" and result.get("run_id"):
        user.proposal_open = False  # started: the proposal is used up


def add_upload(user: UserState, path: str) -> str:
    """Copy an upload into the tab's workspace; its name there. Only that copy is ever read. (Gradio's
    own cached copy is shared by identical uploads, so it is left to Gradio's cache cleaning.)"""
    source = Path(path)
    if source.suffix.lower() not in EXTENSIONS:
        raise ValueError(say(user.lang, f"{source.name} is not a data file I can read. Fix: upload CSV, TSV, JSON, "
                                        "JSONL or Parquet.",
                             f"{source.name}은(는) 읽을 수 없는 형식입니다. 해결: CSV, TSV, JSON, JSONL, Parquet 파일을 "
                             "올려 주세요."))
    return user.workspace.add(source)


def act(users: Users, user: UserState, events) -> list:
    """A button's or an upload's tool run (assistant/actions.py) into the chat, like a model turn; its events."""
    seen = []
    for _ in render(users, user, (seen.append(e) or e for e in events), user.history):
        pass
    return seen


def failure(events: list) -> str | None:
    """The error of a tool that failed among these events, if one did."""
    return next((e.summary for e in events if isinstance(e, ev.ToolResult) and not e.ok), None)


def respond(users: Users, model: ChatModel, user: UserState, message: dict | str | None):
    """One chat submission → successive lists of chat messages (the whole history each time)."""
    if isinstance(message, str):
        message = {"text": message, "files": []}
    message = message or {}
    text = (message.get("text") or "").strip()
    files = [f if isinstance(f, str) else f.get("path") for f in message.get("files") or []]
    history = user.history
    for path in files:
        name = add_upload(user, path)
        history.append(user_message(f"📎 {name}"))
        yield history
        yield from render(users, user, actions.run(user.session, "inspect_dataset", {"path": name}), history)
    if not text:
        return
    history.append(user_message(text))
    yield history
    if not model.ready and not model.error:
        waiting = assistant_message("")
        history.append(waiting)
        deadline = time.time() + MODEL_WAIT_S
        while not model.ready and not model.error and time.time() < deadline:
            waiting["content"] = model.status(user.lang)
            yield history
            time.sleep(1.0)
        history.remove(waiting)
    agent = model.agent(timeout=1)
    yield from render(users, user, agent.run(user.session, text), history)


def render(users: Users, user: UserState, events, history: list):
    """Events of a model turn or of a button (the same kinds) → chat messages; yields the history after each."""
    open_calls: dict[str, tuple[dict, float]] = {}
    answer: dict | None = None
    for event in events:
        if isinstance(event, ev.TextDelta):
            if answer is None or history[-1] is not answer:
                answer = assistant_message("")
                history.append(answer)
            answer["content"] += event.text
        elif isinstance(event, ev.ToolCall):
            msg = tool_message(event.id, event.name, event.args)
            history.append(msg)
            open_calls[event.id] = (msg, time.perf_counter())
        elif isinstance(event, ev.ToolResult):
            msg, start = open_calls.pop(event.id, (None, time.perf_counter()))
            if msg is not None:
                finish_tool(msg, event.ok, event.summary, time.perf_counter() - start)
            if event.ok:
                note_result(users, user, event.name, event.result)
        elif isinstance(event, ev.Suggestions):  # asked back: one-click options under the question
            if answer is not None:
                answer["options"] = [{"value": o["message"], "label": o["label"]} for o in event.options]
        elif isinstance(event, ev.ConfirmationRequest):
            msg, start = open_calls.pop(event.tool_call_id, (None, time.perf_counter()))
            if msg is not None:  # start_training stopped at the gate: it asks instead
                finish_tool(msg, True, say(user.lang, "Waiting for your confirmation.", "확인을 기다립니다."),
                            time.perf_counter() - start)
            # the Start/Change panel is for training settings; a proposed cleaning is answered in the chat
            # or with the Improve tab's Clean button
            user.proposal_open = event.tool == "start_training"
        elif isinstance(event, ev.Final):
            for msg, start in open_calls.values():  # a call without a result (should not happen): close it
                finish_tool(msg, False, "", time.perf_counter() - start)
        yield history
