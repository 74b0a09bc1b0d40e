"""The agent: langchain's create_agent over LocalChatModel, with our middleware, yielding events.

Middleware, in the order a turn meets them:
- SessionPrompt: the system prompt (prompts/system.md with the chat's files and language) and
  only the tools that make sense now (no file tools before an upload, no start_training before
  the user's yes).
- StepCap: at most `max_model_calls` model calls per user message; a small model can loop.
- GroundedAnswer: after search_faq the answer is the retrieved entries, cited by title, not a
  paraphrase by a 0.5B model (which is where invented facts would come from); this also saves
  a model call.
- ToolGuard: every tool call goes through toolset.run_call (sandbox, lang, confirmation gate),
  and this is the one place where a tool's exception becomes an observation naming the fix.
"""
from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass
from typing import Iterator

from langchain.agents import create_agent
from langchain.agents.middleware import AgentMiddleware, hook_config
from langchain_core.messages import AIMessage, AIMessageChunk, HumanMessage, SystemMessage, ToolMessage
from langgraph.errors import GraphBubbleUp

from assistant import toolset
from assistant.chat_model import LocalChatModel
from assistant.events import ConfirmationRequest, Error, Event, Final, TextDelta, ToolCall, ToolResult
from assistant.session import ChatSession, Proposal
from assistant.workspace import say

log = logging.getLogger(__name__)
LANGUAGE_RULES = {"en": "Answer in English.", "ko": "Answer in Korean (한국어로 답하세요)."}


def system_prompt(session: ChatSession, answer_only: bool = False) -> str:
    """prompts/system.md (or answer.md when no tool may be called) with the chat's files and language."""
    if answer_only:
        text = (toolset.PROMPTS / "answer.md").read_text(encoding="utf-8").strip()
    else:
        text = (toolset.PROMPTS / "system.md").read_text(encoding="utf-8").strip()
    files = ", ".join(session.workspace.files) or "(none uploaded yet; ask the user to upload a file)"
    return text.replace("{files}", files).replace("{language_rule}", LANGUAGE_RULES[session.lang])


def example_messages(session: ChatSession, tools: set[str]) -> list:
    """Worked examples as earlier turns of the chat: a 0.5B model follows shown turns far better than
    rules. Marked `example`, so the model's prompt cache keeps them with the system prompt."""
    out, mark = [], {"example": True}
    for i, (user, name, args) in enumerate(toolset.example_turns(tools, session.workspace.files)):
        out.append(HumanMessage(user, additional_kwargs=mark))
        out.append(AIMessage("", tool_calls=[{"name": name, "args": args, "id": f"example_{i}"}], additional_kwargs=mark))
    return out


def error_observation(exc: Exception, tool: str, lang: str) -> str:
    """A tool's exception as the text the model (and the UI) sees. The one place this happens."""
    if isinstance(exc, ValueError):  # our tools' contract: the message names the problem and the fix
        return say(lang, f"Error from {tool}: {' '.join(str(exc).split())}", f"{tool} 오류: {' '.join(str(exc).split())}")
    log.exception("tool %s failed", tool)
    return say(lang, f"Error from {tool}: unexpected {type(exc).__name__}: {exc}. Fix: tell the user this tool failed "
                     "and suggest trying again; this is a bug worth reporting.",
               f"{tool} 오류: 예상하지 못한 {type(exc).__name__}: {exc}. 해결: 도구가 실패했다고 알리고 다시 시도해 보라고 "
               "하세요. 보고할 만한 버그입니다.")


def _this_turn(messages) -> list:
    last_user = max((i for i, m in enumerate(messages) if isinstance(m, HumanMessage)), default=-1)
    return messages[last_user + 1:]


def _key(call: dict) -> tuple:
    return call["name"], json.dumps(call.get("args") or {}, sort_keys=True, default=str)


def repeated(messages) -> bool:
    """Whether the model's latest calls were all made before in this turn (it is going round)."""
    turn = [m for m in _this_turn(messages) if isinstance(m, AIMessage) and m.tool_calls]
    if len(turn) < 2:
        return False
    earlier = {_key(c) for m in turn[:-1] for c in m.tool_calls}
    return all(_key(c) in earlier for c in turn[-1].tool_calls)


class SessionPrompt(AgentMiddleware):
    """The system prompt and the tools offered for this model call.

    A new message: every tool the chat's state allows, with worked examples, and `reply`.
    After tool results: only the tools that may follow them (tools.yaml `next`, e.g. inspect →
    recommend) and `answer`; when none may follow, or on the last call the step cap allows, or
    after the model repeated itself, no tools at all: the model writes its answer from the results.
    A small model otherwise keeps calling tools (we saw cancel_training after explain_results).
    """

    def __init__(self, max_model_calls: int):
        super().__init__()
        self.max_model_calls = max_model_calls

    def wrap_model_call(self, request, handler):
        session: ChatSession = request.runtime.context
        turn = _this_turn(request.messages)
        calls = sum(isinstance(m, AIMessage) for m in turn)
        ran = [m.name for m in turn if isinstance(m, ToolMessage)]
        names = set(toolset.visible(session))
        if ran:
            last = next(m for m in reversed(turn) if isinstance(m, AIMessage))
            names &= toolset.next_tools([c["name"] for c in last.tool_calls])
        if calls >= self.max_model_calls - 1 or repeated(request.messages):
            names = set()
        answer_only = not names
        examples = [] if ran or answer_only else example_messages(session, names)
        return handler(request.override(system_message=SystemMessage(system_prompt(session, answer_only)),
                                        messages=examples + list(request.messages),
                                        tools=[t for t in request.tools if getattr(t, "name", None) in names],
                                        model_settings={**request.model_settings,
                                                        "pseudo": "answer" if ran else "reply"}))


class StepCap(AgentMiddleware):
    def __init__(self, max_model_calls: int):
        super().__init__()
        self.max_model_calls = max_model_calls

    @hook_config(can_jump_to=["end"])
    def before_model(self, state, runtime):
        calls = sum(isinstance(m, AIMessage) for m in _this_turn(state["messages"]))
        if calls < self.max_model_calls:
            return None
        lang = runtime.context.lang
        text = say(lang, f"I stopped after {calls} steps without finishing. Please rephrase or ask one thing at a time.",
                   f"{calls}단계를 진행했지만 끝내지 못해 멈췄습니다. 질문을 바꾸거나 한 번에 하나씩 물어봐 주세요.")
        runtime.stream_writer(Error(text))
        runtime.stream_writer(TextDelta(text))
        return {"messages": [AIMessage(text)], "jump_to": "end"}


class GroundedAnswer(AgentMiddleware):
    @hook_config(can_jump_to=["end"])
    def before_model(self, state, runtime):
        turn = _this_turn(state["messages"])
        results = [m for m in turn if isinstance(m, ToolMessage)]
        calls = [m for m in turn if isinstance(m, AIMessage)]
        if not calls or not calls[-1].tool_calls:
            return None
        ids = {c["id"] for c in calls[-1].tool_calls}
        last = [m for m in results if m.tool_call_id in ids]
        if not last or any(m.name != "search_faq" or m.status == "error" for m in last):
            return None
        text = "\n\n".join(str(m.content) for m in last)
        runtime.stream_writer(TextDelta(text))
        return {"messages": [AIMessage(text)], "jump_to": "end"}


class ToolGuard(AgentMiddleware):
    def wrap_tool_call(self, request, handler):
        session: ChatSession = request.runtime.context
        write = request.runtime.stream_writer
        call = request.tool_call
        name, call_id = call["name"], call["id"]
        try:
            shown, _ = toolset.repair(session, name, call.get("args") or {})
        except GraphBubbleUp:
            raise
        except Exception:
            shown = dict(call.get("args") or {})
        write(ToolCall(call_id, name, shown))
        turn = _this_turn(request.state["messages"])
        done = {_key(c) for m in turn[:-1] if isinstance(m, AIMessage) for c in m.tool_calls}
        if _key(call) in done:  # the same call again: its result is already above; do not run it twice
            text = say(session.lang, "Already done: the result is above. Answer the user now.",
                       "이미 실행했습니다: 결과는 위에 있습니다. 이제 사용자에게 답하세요.")
            write(ToolResult(call_id, name, True, text))
            return ToolMessage(text, tool_call_id=call_id, name=name)
        try:
            outcome = toolset.run_call(session, name, call.get("args") or {})
        except GraphBubbleUp:
            raise
        except toolset.NeedsConfirmation as need:
            write(ConfirmationRequest(need.proposal.dataset, need.proposal.settings,
                                      toolset.proposal_message(need.proposal, session.lang), call_id))
            return ToolMessage(need.summary, tool_call_id=call_id, name=name)
        except Exception as exc:
            text = error_observation(exc, name, session.lang)
            write(ToolResult(call_id, name, False, text))
            return ToolMessage(text, tool_call_id=call_id, name=name, status="error")
        write(ToolResult(call_id, name, True, outcome.summary, outcome.result))
        if name == "recommend_settings" and session.proposal is not None:
            write(ConfirmationRequest(session.proposal.dataset, session.proposal.settings,
                                      toolset.proposal_message(session.proposal, session.lang), call_id))
        return ToolMessage(outcome.summary, tool_call_id=call_id, name=name, artifact=outcome.result)


@dataclass
class AgentConfig:
    max_model_calls: int = 4  # per user message: call, result, call, answer covers inspect → recommend → ask

    def __post_init__(self):
        if not 1 <= self.max_model_calls <= 20:
            raise ValueError(f"max_model_calls={self.max_model_calls}. Fix: use 1 to 20 (4 suits a small model).")


class Agent:
    """One agent for the process; sessions carry everything per chat."""

    def __init__(self, llm, config: AgentConfig | None = None):
        self.llm, self.config = llm, config or AgentConfig()
        known = {name: list(spec.params) for name, spec in toolset.specs().items()}
        chat = LocalChatModel(llm=llm, known_tools=known, pseudo_tools=toolset.pseudo_tools())
        self.graph = create_agent(chat, list(toolset.langchain_tools()),
                                  middleware=[SessionPrompt(self.config.max_model_calls), StepCap(self.config.max_model_calls), GroundedAnswer(),
                                              ToolGuard()],
                                  context_schema=ChatSession)

    def run(self, session: ChatSession, text: str) -> Iterator[Event]:
        """One user message → events, ending with Final. Errors outside tools become an Error event here."""
        start = time.perf_counter()
        session.begin_turn(text)
        messages = session.messages + [HumanMessage(text)]
        said, calls, results = [], [], []
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
                elif isinstance(event, ToolResult) and event.ok and not event.summary.startswith(("Already", "이미")):
                    results.append(event.summary)
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
        if not answer.strip():  # the model wrote nothing readable: say what the tools found, or ask again
            answer = (say(session.lang, "Here is what I found: ", "확인한 결과입니다: ") + results[-1] if results else
                      say(session.lang, "Sorry, I did not understand that. Could you say it another way?",
                          "죄송합니다. 잘 이해하지 못했습니다. 다르게 말씀해 주시겠어요?"))
            yield TextDelta(answer)
            messages = messages + [AIMessage(answer)]
        session.end_turn(messages, answer)
        yield Final(answer, calls, round(time.perf_counter() - start, 3))

    def start(self, session: ChatSession, proposal: Proposal | None = None) -> Iterator[Event]:
        """The UI's Start button: run start_training with the confirmed settings, without the model."""
        start = time.perf_counter()
        try:
            chosen = session.confirm(proposal)
        except ValueError as exc:
            yield Error(str(exc))
            yield Final(str(exc), [], 0.0)
            return
        args = {"dataset_path": chosen.dataset} if chosen.dataset else {}
        call_id = "start_button"
        yield ToolCall(call_id, "start_training", args)
        try:
            outcome = toolset.run_call(session, "start_training", args)
        except Exception as exc:
            text = error_observation(exc, "start_training", session.lang)
            yield ToolResult(call_id, "start_training", False, text)
            yield Final(text, [{"name": "start_training", "args": args}], round(time.perf_counter() - start, 3))
            return
        yield ToolResult(call_id, "start_training", True, outcome.summary, outcome.result)
        text = say(session.lang, f"Training started: run {outcome.result.get('run_id')}.",
                   f"학습을 시작했습니다: 실행 {outcome.result.get('run_id')}.") if not session.dry_run else outcome.summary
        yield TextDelta(text)
        session.messages = session.messages + [AIMessage(text)]
        yield Final(text, [{"name": "start_training", "args": outcome.args}], round(time.perf_counter() - start, 3))


def prompt_size(llm, session: ChatSession) -> int:
    """Tokens of the system prompt plus the offered tools (what each model call reads first)."""
    from langchain_core.utils.function_calling import convert_to_openai_tool

    names = set(toolset.visible(session))
    schemas = [convert_to_openai_tool(t) for t in toolset.langchain_tools() if t.name in names]
    text = llm.prompt([{"role": "system", "content": system_prompt(session)}, {"role": "user", "content": "hi"}],
                      schemas)
    return len(llm.tokenizer(text)["input_ids"])

