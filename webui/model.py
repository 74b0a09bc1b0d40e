"""The chat model, loaded once in a background thread while the page is already usable.

`ChatModel.status(lang)` is what the page shows (loading / ready / failed, with the fix);
`ChatModel.agent(timeout)` waits for it. Tests and demos pass a ready model (ScriptedLLM).
"""
from __future__ import annotations

import logging
import threading
import time

from tools.language import say

log = logging.getLogger("webui")


class ChatModel:
    def __init__(self, llm=None, config=None, agent_config=None):
        self.config, self.agent_config = config, agent_config
        self.error: str | None = None
        self.started = time.time()
        self._agent = None
        self._ready = threading.Event()
        if llm is not None:
            self._set(llm)

    def _set(self, llm) -> None:
        from assistant.agent import Agent

        self.llm = llm
        self._agent = Agent(llm, self.agent_config)
        self._ready.set()

    def start(self) -> "ChatModel":
        """Load the configured model in the background (the embedded Qwen unless --model says otherwise)."""
        if self._ready.is_set():
            return self

        def load():
            from assistant import llm as llm_module
            from assistant import router

            try:
                if self.agent_config is None or self.agent_config.router:
                    try:  # the router reads every message first: loaded here, the first message does not wait
                        router.shared()
                    except Exception:  # without it the chat model routes alone (assistant/turn_route.py)
                        log.exception("router failed to load")
                self._set(llm_module.shared(self.config))
            except Exception as exc:  # shown in the status line; the panels keep working without it
                log.exception("chat model failed to load")
                self.error = " ".join(str(exc).split()) if isinstance(exc, ValueError) else f"{type(exc).__name__}: {exc}"
                self._ready.set()

        threading.Thread(target=load, name="chat-model-load", daemon=True).start()
        return self

    @property
    def ready(self) -> bool:
        return self._ready.is_set() and self._agent is not None

    def agent(self, timeout: float):
        """The agent once the model is loaded; ValueError if it failed or takes longer than `timeout`."""
        self._ready.wait(timeout)
        if self._agent is not None:
            return self._agent
        if self.error:
            raise ValueError(f"The chat model could not be loaded: {self.error}")
        raise ValueError("The chat model is still loading. Fix: wait a minute and send the message again; the "
                         "buttons beside the chat already work.")

    def status(self, lang: str) -> str:
        if self.ready:
            info = getattr(self.llm, "describe", lambda: {"model": getattr(self.llm, "name", "?")})()
            where = f"{info.get('device', '')} {info.get('precision', '')}".strip()
            return say(lang, f"🟢 Chat model ready: `{info['model']}`{f' ({where})' if where else ''}",
                       f"🟢 대화 모델 준비됨: `{info['model']}`{f' ({where})' if where else ''}")
        if self.error:
            return say(lang, f"🔴 The chat model failed to load: {self.error} The panels still work.",
                       f"🔴 대화 모델을 불러오지 못했습니다: {self.error} 오른쪽 패널은 그대로 쓸 수 있습니다.")
        waited = time.time() - self.started
        return say(lang, f"🟡 Loading the chat model… ({waited:.0f} s; the first start converts it, about a minute). "
                         "Meanwhile the panels and buttons work.",
                   f"🟡 대화 모델을 불러오는 중… ({waited:.0f}초, 처음에는 변환하느라 1분쯤 걸립니다). 그동안 패널과 버튼은 "
                   "쓸 수 있습니다.")
