"""The typed events one agent turn yields. The Gradio app, the terminal chat and the evaluation
harness all consume these and nothing else, so they cannot disagree about what happened.

Contract: the TextDelta texts of a turn, joined, equal Final.text; every ToolCall is followed by
exactly one ToolResult (ok or not) or one ConfirmationRequest; a turn ends with one Final.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class TextDelta:
    """A piece of the answer, as the model writes it."""
    text: str


@dataclass
class ToolCall:
    """The model decided to call a tool (arguments as the tool will get them, after repair)."""
    id: str
    name: str
    args: dict


@dataclass
class ToolResult:
    """A tool ran. `summary` is what the model saw; `result` is the full result for the UI."""
    id: str
    name: str
    ok: bool
    summary: str
    result: dict | list | None = None
    answer: str | None = None  # the result as the user reads it (Markdown, in the chat's language)


@dataclass
class ConfirmationRequest:
    """Settings proposed for training (or a cleaning), waiting for the user's yes (or the UI's Start button)."""
    dataset: str | None
    settings: dict
    message: str
    tool_call_id: str | None = None
    tool: str = "start_training"  # the tool the yes runs (clean_dataset for a proposed cleaning)


@dataclass
class Suggestions:
    """The assistant was unsure what the message asks for and asks back: each option is a message the
    user can send with one click ({"label", "message"}), the likeliest actions first."""
    options: list[dict]


@dataclass
class Error:
    """Something failed outside a tool (the model, the step cap); the text names the fix."""
    message: str


@dataclass
class Final:
    """End of the turn: the whole answer and the tool calls made (the evaluation reads these)."""
    text: str
    tool_calls: list[dict] = field(default_factory=list)
    seconds: float = 0.0


Event = TextDelta | ToolCall | ToolResult | ConfirmationRequest | Suggestions | Error | Final

