"""One state per browser tab (or gradio_client): its chat session, its private upload folder,
what its panels show, and which training runs it started.

Gradio keeps only a key per session (gr.State with a callable default); the objects live in
`Users`, which deletes a tab's workspace folder when Gradio drops the session (tab closed,
or idle longer than the time to live).
"""
from __future__ import annotations

import shutil
import tempfile
import threading
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from assistant.session import ChatSession
from assistant.workspace import Workspace

EXTENSIONS = (".csv", ".tsv", ".json", ".jsonl", ".parquet")
SESSION_TTL_S = 6 * 3600  # a tab idle this long loses its chat and uploads


def new_key() -> str:
    """gr.State's default (a plain function: Gradio deep-copies it): called once per new session."""
    return uuid.uuid4().hex


@dataclass
class UserState:
    key: str
    session: ChatSession
    history: list = field(default_factory=list)  # gr.ChatMessage items shown in the chat
    report: dict | None = None  # the latest inspect_dataset result
    proposal_open: bool = False  # the proposed settings are shown with Start / Change / Cancel
    run_id: str | None = None  # the run the training and results panels show
    choices: list | None = None  # the run list last sent to the page
    results_for: tuple | None = None  # (run id, language) of the results last shown
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def lang(self) -> str:
        return self.session.lang

    @property
    def workspace(self) -> Workspace:
        return self.session.workspace


class Users:
    """Every live session's state, and which run belongs to which session."""

    def __init__(self, root: str | Path | None = None, dry_run: bool = False):
        self.root = Path(root or tempfile.mkdtemp(prefix="finetune-app-"))
        self.root.mkdir(parents=True, exist_ok=True)
        self.dry_run = dry_run
        self._users: dict[str, UserState] = {}
        self._owners: dict[str, str] = {}  # run id -> key of the session that started it
        self._lock = threading.Lock()

    def get(self, key: str | None, lang: str | None = None) -> UserState:
        key = key or new_key()
        with self._lock:
            user = self._users.get(key)
            if user is None:
                folder = self.root / key
                user = UserState(key, ChatSession(workspace=Workspace(folder), dry_run=self.dry_run,
                                                        own_runs_only=True))
                self._users[key] = user
        if lang in ("en", "ko"):
            user.session.lang = lang
        return user

    def close(self, key: str | None) -> None:
        """gr.State's delete callback: forget the session and delete its uploads."""
        if not key:
            return
        with self._lock:
            user = self._users.pop(key, None)
        if user is not None:
            shutil.rmtree(user.workspace.root, ignore_errors=True)

    def own(self, run_id: str, key: str) -> None:
        with self._lock:
            self._owners[run_id] = key

    def may_view(self, run_id: str, key: str) -> bool:
        """A run started by another open tab is that person's; runs from earlier launches are everyone's."""
        with self._lock:
            owner = self._owners.get(run_id)
            return owner is None or owner == key or owner not in self._users

    def newest_run(self, key: str, completed: bool = False) -> str | None:
        """The newest run this tab may see (never another open tab's); with `completed`, finished ones only."""
        from tools.runs import list_run_dirs, read_json

        return next((d.name for d in reversed(list_run_dirs()) if self.may_view(d.name, key) and (
            not completed or (read_json(d / "status.json", {}) or {}).get("status") == "completed")), None)
