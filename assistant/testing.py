"""Stand-ins for the local model that reply from a script (tests, demos without weights).

ScriptedLLM speaks the real model's protocol (assistant/llm.py): `choose` scores the offered tool
names, then `stream(prefix=...)` writes the chosen call's arguments; that is the route the app
takes with the embedded Qwen (LocalChatModel._chosen), so a test that queues
`<tool_call>{"name": "start_training", ...}</tool_call>` exercises the real routing and the real
gate. A reply that calls no offered tool makes it choose the pseudo-tool (no tool: it answers).
FreeTextLLM has no `choose`: it writes replies as they are, for the free route that reads calls
from any text (assistant/parser.py), e.g. prose around a call or several calls in one reply.
"""
from __future__ import annotations

import json
from typing import Callable, Iterator

Reply = str | Callable[[list[dict], list[dict] | None], str]


class FreeTextLLM:
    name = "scripted"

    def __init__(self, replies: list[Reply], piece: int = 5):
        self.replies = list(replies)
        self.piece = piece  # small pieces exercise the streaming hold-back
        self.calls: list[dict] = []  # one per model call: {"messages", "tools"} (tools without the pseudo-tools)

    def reply_for(self, messages: list[dict], tools: list[dict] | None) -> str:
        """The next scripted reply (a callable one is called with the prompt)."""
        reply = self.replies.pop(0) if self.replies else "(no more scripted replies)"
        return reply(messages, tools) if callable(reply) else reply

    def stream(self, messages: list[dict], tools: list[dict] | None = None,
               max_new_tokens: int | None = None, prefix: str = "") -> Iterator[str]:
        self.calls.append({"messages": messages, "tools": tools})
        yield from self._pieces(self.reply_for(messages, tools))

    def _pieces(self, text: str) -> Iterator[str]:
        for i in range(0, len(text), self.piece):
            yield text[i:i + self.piece]

    def tool_names(self, i: int = -1) -> list[str]:
        return [t["function"]["name"] for t in self.calls[i]["tools"] or []]


class ScriptedLLM(FreeTextLLM):
    def __init__(self, replies: list[Reply], piece: int = 5):
        super().__init__(replies, piece)
        # What the last `choose` decided, for the stream that follows it: the chosen call's arguments
        # (streamed after the call's prefix) or the answer text (streamed when no tool was chosen),
        # with the prompt's last message, so that a later, unrelated model call never gets it.
        self._pending: tuple[str, dict, str] | None = None

    def choose(self, messages: list[dict], tools: list[dict] | None, prefix: str, options: list[str]) -> list[float]:
        """Log-probability-like scores: 0 for the tool the scripted reply calls, else for the pseudo-tool
        (the last option, as LocalChatModel offers them); -10 for the rest."""
        from assistant import toolset
        from assistant.chat_model import tool_params
        from assistant.parser import parse

        pseudo = set(toolset.pseudo_tools())
        self.calls.append({"messages": messages, "tools": [t for t in tools or [] if t["function"]["name"] not in pseudo]})
        reply = self.reply_for(messages, tools)
        call = next((c for c in parse(reply, tool_params(tools)).tool_calls
                     if c["name"] in options and c["name"] not in pseudo), None)
        if call is None:
            self._pending, best = ("answer", messages[-1], reply), options[-1]
        else:
            arguments = json.dumps(call["args"], ensure_ascii=False) + "}\n</tool_call>"
            self._pending, best = ("call", messages[-1], arguments), call["name"]
        return [0.0 if o == best else -10.0 for o in options]

    def stream(self, messages: list[dict], tools: list[dict] | None = None,
               max_new_tokens: int | None = None, prefix: str = "") -> Iterator[str]:
        pending, self._pending = self._pending, None
        if pending and pending[1] == messages[-1] and (pending[0] == "call") == bool(prefix):
            yield from self._pieces(pending[2])  # what the choice just made writes
        else:  # no tools offered: a plain model call
            yield from super().stream(messages, tools, max_new_tokens)
