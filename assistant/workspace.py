"""The chat's file sandbox: the agent may only name files the user uploaded in this chat.

Names are resolved inside the chat's workspace folder. An absolute path, `..`, a name that
was not uploaded, or a link that leads out of the folder is refused before any tool reads it.
The model's spelling is repaired only towards an uploaded file (case, a missing extension, a
leading `./`, a small typo), never towards anything else on the disk.
"""
from __future__ import annotations

import difflib
import os
import re
import shutil
import tempfile
import uuid
from pathlib import Path, PurePosixPath, PureWindowsPath

from tools.language import say

MAX_NAME_BYTES = 200  # under the 255-byte limit of common file systems, with room for a suffix


class FileRefused(ValueError):
    """A file name the sandbox will not resolve; the message names the fix."""


class Workspace:
    def __init__(self, root: str | Path | None = None, files: list[str] | None = None):
        # root=None: a fresh private folder for an interactive chat (uploads are copied in)
        self.root = Path(root) if root else Path(tempfile.mkdtemp(prefix="finetune-chat-"))
        self.root.mkdir(parents=True, exist_ok=True)
        self.files: list[str] = []
        for name in files or []:  # files already inside root, e.g. the evaluation's --data-dir
            self._register(name)

    def _register(self, name: str) -> str:
        if not _plain_name(name):
            raise FileRefused(f"{name!r} is not a plain file name. Fix: upload files by name, without folders.")
        path = (self.root / name)
        if not path.is_file():
            raise FileRefused(f"No file {name!r} in {self.root}. Fix: check the name of the uploaded file.")
        self._inside(path, "en")
        if name not in self.files:
            self.files.append(name)
        return name

    def register_written(self, path: str | Path) -> str:
        """A file a tool wrote inside the workspace (a cleaned copy): the chat may name it from now on."""
        path = Path(path)
        if path.parent.resolve() != self.root.resolve():
            raise FileRefused(f"{path.name!r} was written outside this chat's files. Fix: write tool outputs beside "
                              f"the uploaded file.")
        return self._register(path.name)

    def add(self, source: str | Path, name: str | None = None) -> str:
        """Copy an uploaded file into the workspace and allow the agent to name it."""
        source = Path(source)
        name = name or source.name
        name = re.sub(r"[^\w.\-가-힣 ]+", "_", PurePosixPath(PureWindowsPath(name).name).name).strip() or "upload"
        if name.startswith("."):
            name = "_" + name
        if len(name.encode()) > MAX_NAME_BYTES:  # file systems refuse names over 255 bytes
            stem, dot, ext = name.rpartition(".")
            ext = dot + ext if dot and len(ext) <= 10 else ""
            name = name.encode()[:MAX_NAME_BYTES - len(ext.encode())].decode(errors="ignore") + ext
        dest = self.root / name
        if dest.is_dir() and not dest.is_symlink():
            raise FileRefused(f"{name!r} is a folder in this chat's files. Fix: upload the file under another name.")
        # Copy beside it, then rename over it: a link already at `dest` is replaced itself, never followed,
        # so an upload can't overwrite a file outside the workspace.
        tmp = self.root / f".upload-{uuid.uuid4().hex}"
        try:
            shutil.copyfile(source, tmp)
            os.replace(tmp, dest)
        except OSError as e:
            tmp.unlink(missing_ok=True)
            raise FileRefused(f"Could not store the upload {name!r} ({e.strerror or e}). Fix: upload it again; if it "
                              f"keeps failing, free some disk space.") from None
        return self._register(name)

    def _inside(self, path: Path, lang: str) -> Path:
        real, root = path.resolve(), self.root.resolve()
        if real != root and root not in real.parents:
            raise FileRefused(say(lang, f"{path.name!r} points outside this chat's files. Fix: upload the file itself.",
                                  f"{path.name!r}은(는) 이 대화의 파일 밖을 가리킵니다. 해결: 파일 자체를 올려 주세요."))
        return real

    def match(self, raw: str | None) -> str | None:
        """The uploaded file the model meant, or None. Never anything outside the uploads."""
        if raw is None or not str(raw).strip():
            return self.files[0] if len(self.files) == 1 else None  # the only file: the model left it out
        raw = str(raw).strip().strip("'\"`")
        if raw in self.files:
            return raw
        base = PurePosixPath(raw.replace("\\", "/")).name
        lowered = {f.lower(): f for f in self.files}
        stems = {Path(f).stem.lower(): f for f in self.files}
        for key in (base.lower(), base.lower().removesuffix("." + base.rsplit(".", 1)[-1]) if "." in base else base):
            if key in lowered:
                return lowered[key]
            if key in stems:
                return stems[key]
        close = difflib.get_close_matches(base.lower(), list(lowered), n=2, cutoff=0.85)
        return lowered[close[0]] if len(close) == 1 else None

    def resolve(self, raw: str | None, lang: str = "en", said: str = "") -> Path:
        """The real path of an uploaded file named by the model; FileRefused otherwise.

        `said` is the user's message: when the model's name matches no upload (it copied an
        example name, say) but the user named exactly one uploaded file, that file is meant.
        """
        text = "" if raw is None else str(raw).strip()
        if text.startswith(("/", "~", "\\")) or re.match(r"^[A-Za-z]:[\\/]", text) or "://" in text:
            raise FileRefused(say(lang, f"Absolute paths are not allowed ({text!r}). Fix: use the name of a file "
                                        f"uploaded in this chat: {self.listing(lang)}.",
                                  f"절대 경로는 쓸 수 없습니다({text!r}). 해결: 이 대화에 올린 파일 이름을 쓰세요: "
                                  f"{self.listing(lang)}."))
        if ".." in re.split(r"[\\/]", text):
            raise FileRefused(say(lang, f"'..' is not allowed in file names ({text!r}). Fix: use the name of a file "
                                        f"uploaded in this chat: {self.listing(lang)}.",
                                  f"파일 이름에 '..'은 쓸 수 없습니다({text!r}). 해결: 이 대화에 올린 파일 이름을 쓰세요: "
                                  f"{self.listing(lang)}."))
        name = self.match(text)
        if name is None and said:
            named = [f for f in self.files if f.lower() in said.lower()]
            name = named[0] if len(named) == 1 else None
        if name is None:
            if not self.files:
                raise FileRefused(say(lang, "No file has been uploaded in this chat. Fix: ask the user to upload "
                                            "their data file (CSV, TSV, JSON, JSONL or Parquet) first.",
                                      "이 대화에 올린 파일이 없습니다. 해결: 먼저 데이터 파일(CSV, TSV, JSON, JSONL, "
                                      "Parquet)을 올려 달라고 하세요."))
            raise FileRefused(say(lang, f"{text or 'No file'!r} was not uploaded in this chat. Fix: use one of: "
                                        f"{self.listing(lang)}.",
                                  f"{text or '파일 없음'!r}은(는) 이 대화에 올린 파일이 아닙니다. 해결: 다음 중 하나를 "
                                  f"쓰세요: {self.listing(lang)}."))
        return self._inside(self.root / name, lang)

    def listing(self, lang: str = "en") -> str:
        return ", ".join(self.files) if self.files else say(lang, "none yet", "아직 없음")


def _plain_name(name: str) -> bool:
    return bool(name) and name == PurePosixPath(name).name and name not in (".", "..") and "\\" not in name
