"""Helpers for the app tests: a rule-following fake chat model and the app launched on loopback in
this process (the tiny model and review files come from training_kit)."""
from __future__ import annotations

import json
import os
import re
import socket
from contextlib import contextmanager
from pathlib import Path

from assistant.testing import FreeTextLLM


def call(name: str, **args) -> str:
    return f'<tool_call>\n{json.dumps({"name": name, "arguments": args}, ensure_ascii=False)}\n</tool_call>'


class RuleLLM(FreeTextLLM):
    """Answers like a well-behaved model would, from keywords in the user's latest message:
    a path or a file name → inspect it, inspect → inspect_dataset, settings → recommend_settings,
    anything else → a short reply; after a tool result → one sentence. (It writes free text, so
    the page shows its own words after a result; tests/test_assistant.py covers the chosen route.)"""

    name = "rule-based test model"

    def __init__(self):
        super().__init__([])

    def reply_for(self, messages, tools):
        last = messages[-1]
        text = str(last.get("content") or "")
        offered = {t["function"]["name"] for t in tools or []}
        if last["role"] == "tool":
            return "Done: the result is above."
        if (m := re.search(r"(/[\w./-]+)", text)) and "inspect_dataset" in offered:
            return call("inspect_dataset", path=m.group(1))
        if (m := re.search(r"([\w.-]+\.(?:csv|tsv|jsonl?|parquet))\b", text)) and "inspect_dataset" in offered:
            return call("inspect_dataset", path=m.group(1))
        if re.search(r"inspect|check|점검", text, re.I) and "inspect_dataset" in offered:
            return call("inspect_dataset")
        if re.search(r"recommend|settings|추천", text, re.I) and "recommend_settings" in offered:
            return call("recommend_settings")
        return "I can check your data, recommend settings and train a model. Upload a CSV to begin."


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def env(**values):
    old = {k: os.environ.get(k) for k in values}
    os.environ.update({k: str(v) for k, v in values.items()})
    try:
        yield
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


@contextmanager
def launched(llm=None, test_api: bool = True, workspaces: Path | None = None, model=None):
    """The app on 127.0.0.1 (a free port) in this process; yields (url, demo, users)."""
    from webui import ChatModel, Users, build, launch_options

    users = Users(workspaces)
    demo = build(model or ChatModel(llm or RuleLLM()), users=users, test_api=test_api)
    port = free_port()
    demo.queue(default_concurrency_limit=4).launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True,
                                                   quiet=True, **launch_options("5mb"))
    try:
        yield f"http://127.0.0.1:{port}/", demo, users
    finally:
        demo.close()
