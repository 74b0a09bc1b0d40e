"""One chat: its messages, its files, its language, and the training confirmation state.

`confirmed_settings` is the only thing that lets start_training run. It is set in exactly three
ways: `confirm()` (the UI's Start button), `begin_turn()` seeing that the user's own new
message is a plain yes to an assistant turn that proposed training and asked, or the router
(assistant/turn_route.py) being sure that the new message agrees to that proposal in other words
("That works for me, please go ahead") with nothing in it that refuses or changes. It lasts for
one turn and one start. Tool results, dataset cells and earlier answers cannot set it: the
check reads only the new user text and the proposal state, before the model runs.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from langchain_core.messages import AIMessage, BaseMessage, HumanMessage

from assistant.confirm import asks_to_start, is_affirmative
from assistant.workspace import Workspace
from tools.language import message_language, say

# A run's status as an assistant turn states it (a conversation carried over names its runs in words; the
# first pattern that matches wins: "failed at step 35" is failed, not running).
STATUS_WORDS = (("failed", r"fail|실패|오류|error"), ("cancelled", r"cancel|취소|중단"),
                ("completed", r"finish|complete|끝났|완료|정확도|accuracy"),
                ("running", r"running|\d+\s*/\s*\d+|step \d+ of|진행 중|남았|minutes left"), ("queued", r"queued|대기"))
RUN_ID = re.compile(r"\b(\d{8}-\d{6}-[A-Za-z0-9][A-Za-z0-9-]*)")  # tools/runner.py names runs like this
HISTORY_MESSAGES = 16  # what the model re-reads each turn; prompt length is time on a CPU


@dataclass
class Proposal:
    dataset: str | None  # an uploaded file name; None when the proposal is only text in the history
    settings: dict = field(default_factory=dict)
    tool: str = "start_training"  # what a yes runs: start_training, or clean_dataset (a proposed cleaning)


@dataclass
class ChatSession:
    workspace: Workspace = field(default_factory=Workspace)
    messages: list[BaseMessage] = field(default_factory=list)
    lang: str = "en"
    dry_run: bool = False  # start_training only checks the settings (evaluation, demos)
    proposal: Proposal | None = None  # the settings last shown to the user with a question
    awaiting_confirmation: bool = False
    confirmed_settings: Proposal | None = None
    said: str = ""  # the user's message this turn (file names in it help repair the model's arguments)
    run_ids: set[str] = field(default_factory=set)  # training runs started or looked at in this chat
    # The web app serves several people: its chats see only runs they started or were told about,
    # never another tab's. The terminal chat is one person's machine and sees every run there.
    own_runs_only: bool = False
    # This message's route (assistant/turn_route.py): the tools its first model call may choose (None: any
    # visible one) and whether answering without a tool is one of the choices.
    route_tools: set[str] | None = None
    route_reply: bool = True
    route_args: dict | None = None  # {routed tool: its arguments from the user's words} (assistant/said_args.py)
    route_prior: dict | None = None  # unsure: the router's probability of each offered choice ("reply": no tool)
    asked_to_start: bool = False  # this turn answers an assistant turn that proposed training and asked
    pending_choice: dict | None = None  # the router asked back: {"text": the message, "actions": the options}

    def known_runs(self) -> set[str]:
        """Runs this chat knows of: from tool results, and run ids the assistant named earlier
        (a conversation carried over from another session names its runs that way)."""
        named = {m.group(1) for msg in self.messages if isinstance(msg, AIMessage)
                 for m in RUN_ID.finditer(str(msg.content))}
        return self.run_ids | named

    def said_status(self, run_id: str) -> str:
        """A run's status as the assistant last stated it in this chat ("queued" when it only named it)."""
        said = next((str(m.content) for m in reversed(self.messages) if isinstance(m, AIMessage)
                     and run_id in str(m.content)), "")
        return next((s for s, words in STATUS_WORDS if re.search(words, said, re.I)), "queued")

    @classmethod
    def from_history(cls, history: list[dict], workspace: Workspace, **kw) -> "ChatSession":
        """A session that continues a conversation given as [{"role", "content"}] (evaluation cases)."""
        s = cls(workspace=workspace, **kw)
        for m in history:
            s.messages.append(HumanMessage(m["content"]) if m["role"] == "user" else AIMessage(m["content"]))
            if m["role"] == "user":
                s.lang = message_language(m["content"], s.lang)
        last = next((m for m in reversed(s.messages) if isinstance(m, AIMessage)), None)
        if last is not None and asks_to_start(str(last.content)):
            s.awaiting_confirmation = True
        return s

    def confirm(self, proposal: Proposal | None = None) -> Proposal:
        """The UI's Start button: the user confirmed these settings (default: the last proposal)."""
        chosen = proposal or self.proposal
        if chosen is None:
            raise ValueError(say(self.lang, "There are no proposed settings to start. Fix: ask the assistant to "
                                            "recommend settings for an uploaded file first.",
                                 "시작할 제안 설정이 없습니다. 해결: 먼저 올린 파일에 맞는 학습 설정을 추천해 달라고 하세요."))
        self.confirmed_settings = chosen
        return chosen

    def begin_turn(self, text: str) -> None:
        self.said = text
        self.lang = message_language(text, self.lang)
        last_ai = next((m for m in reversed(self.messages) if isinstance(m, AIMessage) and m.content), None)
        asked = self.awaiting_confirmation or (last_ai is not None and asks_to_start(str(last_ai.content)))
        self.asked_to_start = asked
        if asked and is_affirmative(text):
            self.confirmed_settings = self.proposal or Proposal(dataset=None)
        else:
            self.confirmed_settings = None  # a yes from an earlier turn never carries over
        self.awaiting_confirmation = False

    def propose(self, proposal: Proposal) -> None:
        self.proposal = proposal
        self.awaiting_confirmation = True

    def use_confirmation(self) -> Proposal | None:
        """Take the confirmation for one start_training call."""
        c, self.confirmed_settings = self.confirmed_settings, None
        if c is not None:
            self.proposal, self.awaiting_confirmation = None, False
        return c

    def end_turn(self, messages: list[BaseMessage], answer: str) -> None:
        self.messages = _trim(messages)
        if asks_to_start(answer) and self.proposal is not None:
            self.awaiting_confirmation = True
        self.confirmed_settings = None


def _trim(messages: list[BaseMessage]) -> list[BaseMessage]:
    """The last HISTORY_MESSAGES messages, starting at a user message (a tool result needs its call)."""
    if len(messages) <= HISTORY_MESSAGES:
        return list(messages)
    tail = messages[-HISTORY_MESSAGES:]
    first_user = next((i for i, m in enumerate(tail) if isinstance(m, HumanMessage)), None)
    return tail[first_user:] if first_user is not None else tail[-1:]
