"""The agent: langchain's create_agent over LocalChatModel with our middleware, yielding events.

The model decides which tools run (assistant/chat_model.py); the middleware (assistant/
middleware.py) decides what it is offered, runs the calls safely and composes the answer; this
module turns the graph's stream into typed events, and is the one place where a failure outside
a tool becomes an Error event (the chat goes on).
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Iterator

from langchain.agents import create_agent
from langchain_core.messages import AIMessage, AIMessageChunk, HumanMessage

from assistant import toolset, turn_route
from assistant.chat_model import LocalChatModel
from assistant.events import Error, Event, Final, Suggestions, TextDelta, ToolCall
from assistant.middleware import ComposeAnswer, SessionPrompt, StepCap, ToolGuard, compose, system_prompt
from assistant.session import ChatSession
from tools.language import say

log = logging.getLogger(__name__)


@dataclass
class AgentConfig:
    max_model_calls: int = 4  # per user message: inspect → recommend → answer fits
    answers: str = "tools"  # "tools": composed from the tools' results; "model": the LLM writes them
    router: bool = True  # the intent router (assistant/turn_route.py) narrows the model's choice of tool

    def __post_init__(self):
        if not 1 <= self.max_model_calls <= 20:
            raise ValueError(f"max_model_calls={self.max_model_calls}. Fix: use 1 to 20 (4 suits a small model).")
        if self.answers not in ("tools", "model"):
            raise ValueError(f"answers={self.answers!r}. Fix: use 'tools' (fast, grounded) or 'model' (a bigger LLM "
                             "on a GPU writes them).")


class Agent:
    """One agent for the process; sessions carry everything per chat. (Tools run without the model,
    for buttons and commands, are in assistant/actions.py.)"""

    def __init__(self, llm, config: AgentConfig | None = None):
        self.llm, self.config = llm, config or AgentConfig()
        known = {name: list(spec.params) for name, spec in toolset.specs().items()}
        chat = LocalChatModel(llm=llm, known_tools=known, pseudo_tools=toolset.pseudo_tools())
        calls, composed = self.config.max_model_calls, self.config.answers == "tools"
        self.graph = create_agent(chat, list(toolset.langchain_tools()),
                                  middleware=[SessionPrompt(calls, composed), StepCap(calls),
                                              ComposeAnswer(calls, composed), ToolGuard()],
                                  context_schema=ChatSession)

    def run(self, session: ChatSession, text: str) -> Iterator[Event]:
        """One user message → events, ending with Final. Errors outside tools become an Error event here."""
        start = time.perf_counter()
        picked = turn_route.picked_option(session, text)  # the reply to an ask-back: run the chosen action
        if picked is not None:
            text, action = picked
        session.begin_turn(text)
        if self.config.router:
            asked = turn_route.route(session, text, picked[1] if picked else None)
            if asked:
                yield from self._ask_back(session, text, asked, start)
                return
        messages = session.messages + [HumanMessage(text)]
        said, calls = [], []
        try:
            for mode, data in self.graph.stream({"messages": messages}, context=session,
                                                stream_mode=["messages", "custom", "values"]):
                if mode == "values":
                    messages = data["messages"]
                    continue
                if mode == "messages":
                    chunk, meta = data
                    if not (isinstance(chunk, AIMessageChunk) and meta.get("langgraph_node") == "model"):
                        continue
                    event = TextDelta(chunk.text) if chunk.text else None
                else:
                    event = data
                if event is None:
                    continue
                if isinstance(event, TextDelta):
                    said.append(event.text)
                elif isinstance(event, ToolCall):
                    calls.append({"name": event.name, "args": event.args})
                yield event
        except Exception as exc:  # the model or the graph failed: the chat goes on
            log.exception("agent turn failed")
            message = say(session.lang, f"Sorry, something went wrong: {type(exc).__name__}: {exc}. Fix: try again; if "
                                        "it repeats, restart the app.",
                          f"죄송합니다. 문제가 생겼습니다: {type(exc).__name__}: {exc}. 해결: 다시 시도하고, 반복되면 앱을 다시 "
                          "시작하세요.")
            yield Error(message)
            said.append(message)
            yield TextDelta(message)
            messages = messages + [AIMessage(message)]
        answer = "".join(said)
        if not answer.strip():  # the model chose to answer (or wrote nothing readable): the results, or ask again
            answer = compose(messages, session.lang) or say(
                session.lang, "Sorry, I did not understand that. Could you say it another way?",
                "죄송합니다. 잘 이해하지 못했습니다. 다르게 말씀해 주시겠어요?")
            yield TextDelta(answer)
            messages = messages + [AIMessage(answer)]
        session.end_turn(messages, answer)
        yield Final(answer, calls, round(time.perf_counter() - start, 3))


    def _ask_back(self, session: ChatSession, text: str, actions: list[str], start: float) -> Iterator[Event]:
        """The router is very unsure: ask which action is meant, with one-click options, without guessing."""
        answer, options = turn_route.question(session, actions)
        yield TextDelta(answer)
        yield Suggestions(options)
        session.end_turn(session.messages + [HumanMessage(text), AIMessage(answer)], answer)
        session.pending_choice = {"text": text, "actions": actions}
        yield Final(answer, [], round(time.perf_counter() - start, 3))


def prompt_size(llm, session: ChatSession) -> int:
    """Tokens the model reads before a new message: system prompt, worked examples, tool signatures."""
    from langchain_core.utils.function_calling import convert_to_openai_tool

    from assistant.chat_model import to_template
    from assistant.middleware import example_messages

    names = set(toolset.visible(session))
    schemas = [convert_to_openai_tool(t) for t in toolset.langchain_tools() if t.name in names]
    messages = to_template([*example_messages(session, names), HumanMessage("hi")])
    text = llm.prompt([{"role": "system", "content": system_prompt(session)}, *messages], schemas)
    return len(llm.tokenizer(text)["input_ids"])
