"""Tools run without the model: the page's buttons and settings form, uploads, the terminal's /start.

They yield the same events as a model turn (assistant/events.py), made by the same code as the
agent's tool calls (middleware.run_and_report), so the web page and the terminal show them with the
renderer they use for the model's turns. The arguments are the user's own (toolset.repair's
`by_user`); start_training still passes the confirmation gate: without the user's yes it only proposes.
"""
from __future__ import annotations

import time
import uuid
from typing import Iterator

from langchain_core.messages import AIMessage

from assistant.events import Error, Event, Final, TextDelta
from assistant.middleware import compose, run_and_report
from assistant.session import ChatSession, Proposal


def run(session: ChatSession, name: str, args: dict) -> Iterator[Event]:
    """One tool with the user's arguments: ToolCall, ToolResult or ConfirmationRequest, the answer, Final."""
    start = time.perf_counter()
    events: list[Event] = []
    message = run_and_report(session, name, f"ui-{name}-{uuid.uuid4().hex[:8]}", args, events.append, by_user=True)
    yield from events
    text = compose([message], session.lang)
    yield TextDelta(text)
    # The chat remembers it as the assistant's words: the model reads it in later turns, and a stale
    # "Shall I start?" above can no longer be answered with a yes that starts a second run.
    session.messages = session.messages + [AIMessage(text)]
    yield Final(text, [{"name": name, "args": events[0].args}], round(time.perf_counter() - start, 3))


def start(session: ChatSession, proposal: Proposal | None = None) -> Iterator[Event]:
    """The Start button and /start: start_training with the confirmed settings (default: the last proposal);
    for a proposed cleaning (proposal.tool), clean_dataset with what it counted."""
    try:
        chosen = session.confirm(proposal)
    except ValueError as exc:
        yield Error(str(exc))
        yield TextDelta(str(exc))
        yield Final(str(exc))
        return
    if chosen.tool == "clean_dataset":
        yield from run(session, "clean_dataset", {"path": chosen.dataset})
        return
    yield from run(session, "start_training", {"dataset_path": chosen.dataset} if chosen.dataset else {})


def clean(session: ChatSession, path: str, **options) -> Iterator[Event]:
    """The Clean button: the user chose these options (reviewed fixes) on the page, so they are confirmed."""
    proposal = Proposal(dataset=path, settings={k: v for k, v in options.items() if v not in (None, {}, False)},
                        tool="clean_dataset")
    session.confirm(proposal)
    yield from run(session, "clean_dataset", {"path": path})
