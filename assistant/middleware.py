"""The agent's middleware for langchain's create_agent, in the order a turn meets them.

- SessionPrompt (wrap_model_call): the system prompt with the chat's files and language, and
  the tools offered for this call (see `plan`), with worked examples on a new message.
- StepCap (before_model): a backstop of `max_model_calls` model calls per user message.
- ComposeAnswer (before_model): once no further tool may run, the answer is composed from the
  tools' results (assistant/tool_texts.py) instead of another model call; after search_faq this
  is the retrieved entries, cited by title: grounding by construction.
- ToolGuard (wrap_tool_call): every call goes through toolset.run_call (sandbox, lang, the
  confirmation gate); the one place where a tool's exception becomes an observation that
  names the fix, and where a call repeated within a turn is not run twice.
"""
from __future__ import annotations

import json
import logging

from langchain.agents.middleware import AgentMiddleware, hook_config
from langchain_core.messages import AIMessage, HumanMessage, SystemMessage, ToolMessage
from langgraph.errors import GraphBubbleUp

from assistant import tool_texts, toolset
from assistant.events import ConfirmationRequest, Error, TextDelta, ToolCall, ToolResult
from assistant.session import ChatSession
from tools.language import say

log = logging.getLogger(__name__)
LANGUAGE_RULES = {"en": "Answer in English.", "ko": "Answer in Korean (한국어로 답하세요)."}


def system_prompt(session: ChatSession, answer_only: bool = False) -> str:
    """prompts/system.md (answer.md when no tool may be called) with the chat's files and language."""
    text = (toolset.PROMPTS / ("answer.md" if answer_only else "system.md")).read_text(encoding="utf-8").strip()
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
    """A tool's exception as the text the model (and the user) sees. The one place this happens."""
    if isinstance(exc, ValueError):  # our tools' contract: the message names the problem and the fix
        return say(lang, f"Error from {tool}: {' '.join(str(exc).split())}", f"{tool} 오류: {' '.join(str(exc).split())}")
    log.exception("tool %s failed", tool)
    return say(lang, f"Error from {tool}: unexpected {type(exc).__name__}: {exc}. Fix: tell the user this tool failed "
                     "and suggest trying again; this is a bug worth reporting.",
               f"{tool} 오류: 예상하지 못한 {type(exc).__name__}: {exc}. 해결: 도구가 실패했다고 알리고 다시 시도해 보라고 "
               "하세요. 보고할 만한 버그입니다.")


def this_turn(messages) -> list:
    last_user = max((i for i, m in enumerate(messages) if isinstance(m, HumanMessage)
                     and not m.additional_kwargs.get("example")), default=-1)
    return messages[last_user + 1:]


def _key(call: dict) -> tuple:
    return call["name"], json.dumps(call.get("args") or {}, sort_keys=True, default=str)


def repeated(messages) -> bool:
    """Whether the model's latest calls were all made before in this turn (it is going round)."""
    turn = [m for m in this_turn(messages) if isinstance(m, AIMessage) and m.tool_calls]
    if len(turn) < 2:
        return False
    earlier = {_key(c) for m in turn[:-1] for c in m.tool_calls}
    return all(_key(c) in earlier for c in turn[-1].tool_calls)


def plan(session: ChatSession, messages, max_model_calls: int) -> tuple[set[str], bool]:
    """(tools to offer, whether tools already ran this turn) for the next model call.

    A new message: every tool the chat's state allows. After tool results: only the tools that
    may follow them (tools.yaml `next`, e.g. inspect → recommend). None at all on the last call
    the cap allows or after the model repeated itself. A small model otherwise keeps calling
    tools after a result (we saw cancel_training after explain_results)."""
    turn = this_turn(messages)
    ran = any(isinstance(m, ToolMessage) for m in turn)
    names = set(toolset.visible(session))
    if ran:
        last = next(m for m in reversed(turn) if isinstance(m, AIMessage))
        names &= toolset.next_tools([c["name"] for c in last.tool_calls])
    elif session.route_tools is not None:  # the router's choice for a new message
        names &= session.route_tools
    if sum(isinstance(m, AIMessage) for m in turn) >= max_model_calls - 1 or repeated(messages):
        names = set()
    return names, ran


def compose(messages, lang: str) -> str:
    """The answer from this turn's tool results: each tool's text for the user, errors as they are."""
    parts = []
    for m in this_turn(messages):
        if not isinstance(m, ToolMessage) or (m.artifact or {}).get("duplicate"):
            continue
        text = str(m.content) if m.status == "error" else (m.artifact or {}).get("answer") or str(m.content)
        if text not in parts:
            parts.append(text)
    return "\n\n".join(parts)


def results_as_text(messages) -> list:
    """For a model that writes the answer itself: the conversation as plain turns, and this turn's
    results folded into the user's message. Shown as calls, a small model answers with more calls."""
    turn = this_turn(messages)
    plain = [m for m in messages[:len(messages) - len(turn)] if not m.additional_kwargs.get("example")
             and (isinstance(m, HumanMessage) or (isinstance(m, AIMessage) and m.content and not m.tool_calls))]
    results = "\n".join(f"- {m.name}: {m.content}" for m in turn if isinstance(m, ToolMessage))
    question = plain.pop().content if plain and isinstance(plain[-1], HumanMessage) else ""
    return plain + [HumanMessage(f"{question}\n\nTool results:\n{results}\n\nAnswer my message from these results.")]


class SessionPrompt(AgentMiddleware):
    def __init__(self, max_model_calls: int, compose_answers: bool):
        super().__init__()
        self.max_model_calls, self.compose_answers = max_model_calls, compose_answers

    def wrap_model_call(self, request, handler):
        session: ChatSession = request.runtime.context
        names, ran = plan(session, request.messages, self.max_model_calls)
        messages = list(request.messages)
        if not names and ran:
            messages = results_as_text(messages)
        elif not ran:
            messages = example_messages(session, names) + messages
        settings = {**request.model_settings, "pseudo": "answer" if ran else "reply", "compose": self.compose_answers,
                    "must_call": not ran and not session.route_reply,  # the router decided on a tool
                    "given_args": None if ran else session.route_args,  # ... and the user's words its arguments
                    "prior": None if ran else session.route_prior}  # unsure: the router's opinion of each choice
        return handler(request.override(system_message=SystemMessage(system_prompt(session, not names)),
                                        messages=messages, model_settings=settings,
                                        tools=[t for t in request.tools if getattr(t, "name", None) in names]))


class StepCap(AgentMiddleware):
    def __init__(self, max_model_calls: int):
        super().__init__()
        self.max_model_calls = max_model_calls

    @hook_config(can_jump_to=["end"])
    def before_model(self, state, runtime):
        calls = sum(isinstance(m, AIMessage) for m in this_turn(state["messages"]))
        if calls < self.max_model_calls:
            return None
        lang = runtime.context.lang
        text = say(lang, f"I stopped after {calls} steps without finishing. Please rephrase or ask one thing at a time.",
                   f"{calls}단계를 진행했지만 끝내지 못해 멈췄습니다. 질문을 바꾸거나 한 번에 하나씩 물어봐 주세요.")
        runtime.stream_writer(Error(text))
        runtime.stream_writer(TextDelta(text))
        return {"messages": [AIMessage(text)], "jump_to": "end"}


class ComposeAnswer(AgentMiddleware):
    def __init__(self, max_model_calls: int, compose_answers: bool):
        super().__init__()
        self.max_model_calls, self.compose_answers = max_model_calls, compose_answers

    @hook_config(can_jump_to=["end"])
    def before_model(self, state, runtime):
        session: ChatSession = runtime.context
        names, ran = plan(session, state["messages"], self.max_model_calls)
        if not ran or names:
            return None
        turn = this_turn(state["messages"])
        faq_only = all(m.name == "search_faq" and m.status != "error" for m in turn if isinstance(m, ToolMessage))
        if not (self.compose_answers or faq_only):  # the FAQ answer is always the entries themselves
            return None
        text = compose(state["messages"], session.lang)
        runtime.stream_writer(TextDelta(text))
        return {"messages": [AIMessage(text)], "jump_to": "end"}


class ToolGuard(AgentMiddleware):
    def wrap_tool_call(self, request, handler):
        session: ChatSession = request.runtime.context
        write = request.runtime.stream_writer
        call = request.tool_call
        name, call_id, args = call["name"], call["id"], call.get("args") or {}
        done = {_key(c) for m in this_turn(request.state["messages"])[:-1] if isinstance(m, AIMessage) for c in m.tool_calls}
        if _key(call) not in done:
            return run_and_report(session, name, call_id, args, write)
        # the same call again: its result is already above; do not run it twice
        write(ToolCall(call_id, name, _shown(session, name, args)))
        text = say(session.lang, "Already done: the result is above. Answer the user now.",
                   "이미 실행했습니다: 결과는 위에 있습니다. 이제 사용자에게 답하세요.")
        write(ToolResult(call_id, name, True, text))
        return ToolMessage(text, tool_call_id=call_id, name=name, artifact={"duplicate": True})


def _shown(session: ChatSession, name: str, args: dict, by_user: bool = False) -> dict:
    """The arguments as the events show them (file names, not paths); as given when they do not repair."""
    try:
        return toolset.repair(session, name, args, by_user)[0]
    except GraphBubbleUp:
        raise
    except Exception:
        return dict(args)


def run_and_report(session: ChatSession, name: str, call_id: str, args: dict, write, by_user: bool = False) -> ToolMessage:
    """Run one tool call and report it through `write`: a ToolCall, then its ToolResult (ok or not) or
    the ConfirmationRequest the gate asks instead (recommend_settings' proposal is one too). Returns the
    message the model reads. The agent's calls and the buttons' (assistant/actions.py) both come here,
    so the page shows them the same way; `by_user`: the arguments are the user's own (toolset.run_call)."""
    write(ToolCall(call_id, name, _shown(session, name, args, by_user)))
    try:
        outcome = toolset.run_call(session, name, args, by_user)
    except GraphBubbleUp:
        raise
    except toolset.NeedsConfirmation as need:
        message = need.question or tool_texts.proposal_question(need.proposal.dataset, need.proposal.settings,
                                                                session.lang)
        write(ConfirmationRequest(need.proposal.dataset, need.proposal.settings, message, call_id, need.proposal.tool))
        return ToolMessage(need.summary, tool_call_id=call_id, name=name, artifact={"answer": message})
    except Exception as exc:
        text = error_observation(exc, name, session.lang)
        write(ToolResult(call_id, name, False, text, answer=text))
        return ToolMessage(text, tool_call_id=call_id, name=name, status="error")
    write(ToolResult(call_id, name, True, outcome.summary, outcome.result, outcome.answer))
    if name == "recommend_settings" and session.proposal is not None:
        p = session.proposal
        write(ConfirmationRequest(p.dataset, p.settings, tool_texts.proposal_question(p.dataset, p.settings, session.lang),
                                  call_id))
    return ToolMessage(outcome.summary, tool_call_id=call_id, name=name,
                       artifact={"result": outcome.result, "answer": outcome.answer})
