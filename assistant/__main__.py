"""`python -m assistant`: chat with the fine-tuning assistant in a terminal.

Same agent and events as the web app. Commands: /upload FILE (or --file at start), /start
(the Start button: run the proposed settings), /files, /quit.
"""
from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field

from assistant.llm import LLMConfig, default_model

HELP = {"en": "Commands: /upload FILE, /start (start the proposed training), /files, /quit",
        "ko": "명령: /upload 파일, /start (제안된 학습 시작), /files, /quit"}


@dataclass
class ChatConfig:
    model: str = field(default_factory=default_model)
    device: str = "auto"
    quantize: str = "auto"
    files: list[str] = field(default_factory=list)
    dry_run: bool = False

    def __post_init__(self):
        from pathlib import Path

        missing = [f for f in self.files if not Path(f).is_file()]
        if missing:
            raise ValueError(f"No such file: {', '.join(missing)}. Fix: check the path given to --file.")


def show(event, out=sys.stdout) -> None:
    """Print one event the way a terminal can: text as it streams, tools on their own lines."""
    from assistant import events as ev

    if isinstance(event, ev.TextDelta):
        out.write(event.text)
    elif isinstance(event, ev.ToolCall):
        args = ", ".join(f"{k}={v!r}" for k, v in event.args.items())
        out.write(f"\n  → {event.name}({args})\n")
    elif isinstance(event, ev.ToolResult):
        out.write(f"  {'✓' if event.ok else '✗'} {event.summary[:400]}\n")
    elif isinstance(event, ev.ConfirmationRequest):
        out.write(f"  ? {event.message}  (yes / /start)\n")
    elif isinstance(event, ev.Error):
        out.write(f"\n  ! {event.message}\n")
    elif isinstance(event, ev.Final):
        out.write(f"\n  ({event.seconds:.1f} s)\n\n")
    out.flush()


def main(cfg: ChatConfig) -> int:
    from assistant import actions
    from assistant import llm as llm_module
    from assistant.agent import Agent
    from assistant.session import ChatSession

    print(f"Loading {cfg.model} …", file=sys.stderr, flush=True)
    llm = llm_module.shared(LLMConfig(model=cfg.model, device=cfg.device, quantize=cfg.quantize))
    print(f"Ready ({llm.device}, {llm.precision}, {llm.load_s:.1f} s). {HELP['en']}", file=sys.stderr, flush=True)
    agent, session = Agent(llm), ChatSession(dry_run=cfg.dry_run)
    for f in cfg.files:
        print(f"  uploaded {session.workspace.add(f)}")
    while True:
        try:
            text = input("you> ").strip()
        except (EOFError, KeyboardInterrupt):
            print()
            return 0
        if not text:
            continue
        if text in ("/quit", "/exit"):
            return 0
        if text == "/files":
            print("  " + session.workspace.listing(session.lang))
            continue
        if text.startswith("/upload "):
            try:
                print(f"  uploaded {session.workspace.add(text.split(' ', 1)[1].strip())}")
            except OSError as e:
                print(f"  ! {e.strerror}: {e.filename}. Fix: check the path.")
            continue
        if text.startswith("/"):
            if text == "/start":  # the Start button: no model, the same events as a turn
                for event in actions.start(session):
                    show(event)
            else:
                print("  " + HELP[session.lang])
            continue
        print("assistant> ", end="", flush=True)
        for event in agent.run(session, text):
            show(event)


def parse_args(argv: list[str] | None = None) -> ChatConfig:
    p = argparse.ArgumentParser(prog="python -m assistant", description="Chat with the fine-tuning assistant.")
    p.add_argument("--model", default=default_model(), help="chat model: Hugging Face id or local folder "
                   "(default: the embedded Qwen2.5-Coder-0.5B-Instruct, or $FINETUNE_ASSISTANT_CHAT_MODEL)")
    p.add_argument("--device", default="auto", choices=["auto", "cpu", "cuda", "mps"])
    p.add_argument("--quantize", default="auto", choices=["auto", "int8", "none"])
    p.add_argument("--file", action="append", default=[], help="upload a data file (repeatable)")
    p.add_argument("--dry-run", action="store_true", help="start_training only checks the settings")
    a = p.parse_args(argv)
    return ChatConfig(a.model, a.device, a.quantize, a.file, a.dry_run)


if __name__ == "__main__":
    try:
        sys.exit(main(parse_args()))
    except ValueError as e:
        print(f"error: {e}", file=sys.stderr)
        sys.exit(2)
