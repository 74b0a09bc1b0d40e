"""The data and hardware panels: the latest dataset report (its Markdown, and the issues with
their fixes as a table) and the machine's summary (GPUs, RAM, whether QLoRA works here;
on a Hugging Face Space, which one)."""
from __future__ import annotations

import threading

import pandas as pd

import tools
from assistant import actions
from webui.chat import act, failure
from webui.i18n import t
from webui.users import UserState, Users

_HARDWARE: dict[str, dict] = {}
_HW_LOCK = threading.Lock()


def issues_table(report: dict | None, lang: str) -> pd.DataFrame:
    ko = lang == "ko"
    cols = ["심각도", "문제", "개수", "설명과 해결"] if ko else ["severity", "issue", "count", "what and how to fix"]
    rows = [[i.get("severity"), i.get("kind"), i.get("count"), i.get("message")] for i in (report or {}).get("issues") or []]
    return pd.DataFrame(rows, columns=cols)


def report_view(user: UserState) -> tuple[str, pd.DataFrame]:
    if not user.report:
        return t("report_empty", user.lang), issues_table(None, user.lang)
    return user.report.get("summary") or "", issues_table(user.report, user.lang)


def inspect(users: Users, user: UserState, name: str | None) -> None:
    """The Inspect button: inspect_dataset on an uploaded file (the newest when none is chosen)."""
    name = name or (user.workspace.files[-1] if user.workspace.files else None)
    events = act(users, user, actions.run(user.session, "inspect_dataset", {"path": name}))
    if failure(events):
        raise ValueError(failure(events))


def hardware(lang: str, refresh: bool = False) -> dict:
    """detect_hardware, once per process and language (probing QLoRA takes a few seconds)."""
    with _HW_LOCK:
        if refresh or lang not in _HARDWARE:
            _HARDWARE[lang] = tools.detect_hardware(lang=lang)
        return _HARDWARE[lang]


def hardware_table(hw: dict, lang: str) -> pd.DataFrame:
    ko = lang == "ko"
    rows = [["device" if not ko else "장치", hw["device"]], ["CPU cores" if not ko else "CPU 코어", hw["cpu_cores"]],
            ["RAM (GB)" if not ko else "메모리(GB)", f"{hw['free_ram_gb']} / {hw['ram_gb']}"]]
    for g in hw.get("gpus") or []:
        rows.append(["GPU", f"{g['name']} · {g['memory_gb']} GB ({g['free_gb']} GB free) · bf16 {g['bf16']}"])
    rows.append(["QLoRA (4-bit)", "✓" if hw.get("bitsandbytes_4bit") else "✗"])
    if hw.get("spaces"):
        s = hw["spaces"]
        rows.append(["Hugging Face Space", f"{s.get('space_id') or ''} {'ZeroGPU' if s.get('zero_gpu') else ''} "
                                           f"{s.get('accelerator') or ''}".strip()])
    return pd.DataFrame(rows, columns=["항목", "값"] if ko else ["item", "value"])
