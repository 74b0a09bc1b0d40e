"""ScriptedLLM: a stand-in for the local model that replies from a queue (tests, demos without weights).

It goes through the same LocalChatModel, parser and agent as the real model, so a test that
queues `<tool_call>{"name": "start_training", ...}</tool_call>` exercises the real gate.
"""
from __future__ import annotations

from typing import Callable, Iterator


class ScriptedLLM:
    name = "scripted"

    def __init__(self, replies: list[str | Callable[[list[dict], list[dict] | None], str]], piece: int = 5):
        self.replies = list(replies)
        self.piece = piece  # small pieces exercise the streaming hold-back
        self.calls: list[dict] = []  # every prompt: {"messages", "tools"}

    def stream(self, messages: list[dict], tools: list[dict] | None = None,
               max_new_tokens: int | None = None) -> Iterator[str]:
        self.calls.append({"messages": messages, "tools": tools})
        reply = self.replies.pop(0) if self.replies else "(no more scripted replies)"
        if callable(reply):
            reply = reply(messages, tools)
        for i in range(0, len(reply), self.piece):
            yield reply[i:i + self.piece]

    def tool_names(self, i: int = -1) -> list[str]:
        return [t["function"]["name"] for t in self.calls[i]["tools"] or []]
