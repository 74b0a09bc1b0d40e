"""The proposal (Start / Change settings / Cancel) and the training panel: runs, queue, progress,
live loss and evaluation curves, ETA, cancel and resume. Everything reads the run directories,
so runs from earlier launches of the app show with their real state (a run whose process died
is "interrupted" and can be resumed).
"""
from __future__ import annotations

import html

import pandas as pd

import tools
from assistant import actions
from assistant.tool_texts import settings_table
from tools.language import say
from tools.runs import list_run_dirs, read_json, read_jsonl
from tools.settings import FORM, read_form
from webui.chat import act, failure
from webui.users import UserState, Users

STATUS = {"queued": ("queued", "대기 중"), "running": ("running", "학습 중"), "completed": ("completed", "완료"),
          "evaluating": ("evaluating", "평가 중"), "failed": ("failed", "실패"), "cancelled": ("cancelled", "취소됨"),
          "interrupted": ("interrupted, resumable", "중단됨, 이어서 학습 가능")}


def status_label(st: dict, lang: str) -> str:
    key = "interrupted" if st.get("interrupted") and st.get("resumable") else st.get("status", "queued")
    if key == "running" and st.get("phase") == "evaluating":  # every step done, not yet completed: say why
        key = "evaluating"
    en, ko = STATUS.get(key, (key, key))
    return ko if lang == "ko" else en


# ------------------------------------------------------------------------------------ proposal

def proposal_markdown(user: UserState) -> str:
    p = user.session.proposal
    if p is None:
        return ""
    head = say(user.lang, f"**File:** `{p.dataset}`", f"**파일:** `{p.dataset}`")
    tail = say(user.lang, "Only **Start training** (or typing “yes” in the chat) starts it.",
               "**학습 시작**을 누르거나 대화창에 “네”라고 답해야만 시작합니다.")
    return f"{head}\n\n{settings_table(p.settings, user.lang)}\n\n{tail}"


def form_values(user: UserState) -> list:
    s = user.session.proposal.settings if user.session.proposal else {}
    return [s.get(setting.name) for setting in FORM]


def save_form(users: Users, user: UserState, values: list) -> None:
    """The edited settings become the proposal (checked by a dry run first); nothing starts."""
    p = user.session.proposal
    if p is None or not p.dataset:
        raise ValueError(say(user.lang, "There are no proposed settings to change. Fix: upload a file and press "
                                        "Recommend settings first.",
                             "바꿀 제안 설정이 없습니다. 해결: 파일을 올리고 먼저 설정 추천을 누르세요."))
    # start_training without the user's yes: the gate checks the settings by a dry run and proposes them
    events = act(users, user, actions.run(user.session, "start_training",
                                          {"dataset_path": p.dataset, **read_form(p.settings, values)}))
    if failure(events):
        raise ValueError(failure(events))  # a bad value: the tool's message names it


def start(users: Users, user: UserState) -> None:
    """The Start button: exactly the shown settings, through the same gate as a typed yes."""
    p = user.session.proposal
    if p is None or not p.dataset:
        raise ValueError(say(user.lang, "There are no proposed settings to start. Fix: upload a file and press "
                                        "Recommend settings (or ask the assistant) first.",
                             "시작할 제안 설정이 없습니다. 해결: 파일을 올리고 설정 추천을 누르거나 도우미에게 먼저 물어보세요."))
    act(users, user, actions.start(user.session, p))
    user.proposal_open = False


def cancel_proposal(user: UserState) -> None:
    user.session.proposal, user.session.awaiting_confirmation = None, False
    user.proposal_open = False
    user.history.append({"role": "assistant", "content": say(user.lang, "Cancelled: nothing was started.",
                                                             "취소했습니다. 아무것도 시작하지 않았습니다.")})


def recommend(users: Users, user: UserState, dataset: str | None, goal: str | None) -> None:
    """The Recommend button: the tool with the user's own goal from the form (not grounded like the model's)."""
    name = dataset or (user.workspace.files[-1] if user.workspace.files else None)
    act(users, user, actions.run(user.session, "recommend_settings",
                                 {"dataset_path": name, "goal": (goal or "").strip() or None}))


# --------------------------------------------------------------------------------- the runs

def all_runs() -> list[dict]:
    """training_status of every run directory, newest first (unreadable ones are skipped)."""
    out = []
    for d in reversed(list_run_dirs()):
        try:
            st = tools.training_status(d.name)
        except ValueError:
            continue
        st["queued_at"] = (read_json(d / "status.json", {}) or {}).get("queued_at") or 0
        out.append(st)
    return out


def run_choices(lang: str, runs: list[dict] | None = None) -> list[tuple[str, str]]:
    return [(f"{r['run_id']} — {status_label(r, lang)}", r["run_id"]) for r in (runs if runs is not None else all_runs())]


def queue_rows(users: Users, user: UserState, runs: list[dict]) -> pd.DataFrame:
    active = sorted((r for r in runs if r["status"] in ("queued", "running")),
                    key=lambda r: (r["status"] != "running", r["queued_at"]))
    rows = []
    for i, r in enumerate(active, 1):
        mine = r["run_id"] in user.session.run_ids
        who = say(user.lang, "you", "나") if mine else say(user.lang, "someone else", "다른 사용자")
        rows.append([i, r["run_id"], status_label(r, user.lang), who])
    cols = ["#", "run", "status", "by"] if user.lang != "ko" else ["#", "실행", "상태", "요청자"]
    return pd.DataFrame(rows, columns=cols)


def _eta(seconds, lang: str) -> str:
    if seconds is None:
        return ""
    seconds = int(seconds)
    text = f"{seconds // 60} min {seconds % 60} s" if seconds >= 60 else f"{seconds} s"
    return say(lang, f" · about {text} left", f" · 약 {text.replace('min', '분').replace(' s', '초')} 남음")


def progress_html(st: dict, lang: str) -> str:
    total, step = st.get("total_steps") or 0, st.get("step") or 0
    pct = 100.0 if st["status"] == "completed" else (100.0 * step / total if total else 0.0)
    label = status_label(st, lang)
    steps = f" · {step}/{total}" if total else ""
    color = {"completed": "#16a34a", "failed": "#dc2626", "cancelled": "#9ca3af"}.get(st["status"], "#4f46e5")
    return (f'<div class="train-progress" data-status="{html.escape(st["status"])}">'
            f'<div style="background:#e5e7eb;border-radius:6px;height:14px;overflow:hidden">'
            f'<div style="width:{pct:.1f}%;background:{color};height:14px"></div></div>'
            f'<div style="margin-top:4px"><b>{html.escape(st["run_id"])}</b>: {html.escape(label)} · {pct:.0f}%'
            f'{steps}{html.escape(_eta(st.get("eta_seconds"), lang))}</div></div>')


def details_markdown(st: dict, lang: str) -> str:
    parts = []
    if st.get("epoch") is not None:
        parts.append(say(lang, f"epoch {st['epoch']:.2f}", f"에폭 {st['epoch']:.2f}"))
    if st.get("loss") is not None:
        parts.append(say(lang, f"loss {st['loss']:.4f}", f"손실 {st['loss']:.4f}"))
    for k, v in (st.get("eval") or {}).items():
        if isinstance(v, (int, float)) and k != "eval_loss":
            parts.append(f"{k.removeprefix('eval_')} {v:.3f}")
    text = " · ".join(parts)
    if st.get("error"):
        text += f"\n\n**{say(lang, 'Problem', '문제')}:** {st['error']}"
    return text


def curves(run_dir: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(loss: train and eval by step, evaluation metrics by step) from progress.jsonl."""
    progress = read_jsonl(f"{run_dir}/progress.jsonl")
    loss = [{"step": p["step"], "value": p["loss"], "series": "train"} for p in progress if "loss" in p]
    loss += [{"step": p["step"], "value": p["eval_loss"], "series": "eval"} for p in progress if "eval_loss" in p]
    evals = [{"step": p["step"], "value": v, "series": k.removeprefix("eval_")} for p in progress
             for k, v in p.items() if k.startswith("eval_") and k != "eval_loss" and isinstance(v, (int, float))
             and k not in ("eval_runtime", "eval_samples_per_second", "eval_steps_per_second")]
    empty = {"step": [], "value": [], "series": []}
    return pd.DataFrame(loss or empty), pd.DataFrame(evals or empty)


def view(users: Users, user: UserState, run_id: str | None) -> dict | None:
    """The panel's content for a run (the tab's chosen one, else the newest), or None when there is none."""
    run_id = run_id or user.run_id
    if not run_id:  # the newest run this tab may see (not another open tab's)
        run_id = users.newest_run(user.key)
    if not run_id:
        return None
    if not users.may_view(run_id, user.key):
        raise ValueError(say(user.lang, f"Run {run_id} belongs to another open chat. Fix: pick one of your runs.",
                             f"{run_id} 실행은 다른 사용자의 대화에 속합니다. 해결: 내 실행을 고르세요."))
    user.session.run_ids.add(run_id)  # a run this tab may see is one its chat may talk about
    st = tools.training_status(run_id)
    loss, evals = curves(st["run_dir"])
    return {"status": st, "progress": progress_html(st, user.lang), "details": details_markdown(st, user.lang),
            "loss": loss, "eval": evals,
            "can_cancel": st["status"] in ("queued", "running"),
            "can_resume": bool(st.get("resumable")) and st["status"] in ("failed", "cancelled")}


def cancel(users: Users, user: UserState, run_id: str | None) -> None:
    run_id = run_id or user.run_id
    if run_id and not users.may_view(run_id, user.key):
        raise ValueError(say(user.lang, "That run belongs to another open chat. Fix: cancel only your own runs.",
                             "다른 사용자의 실행입니다. 해결: 내 실행만 취소할 수 있습니다."))
    if run_id:
        user.session.run_ids.add(run_id)
    act(users, user, actions.run(user.session, "cancel_training", {"run_id": run_id}))


def resume(users: Users, user: UserState, run_id: str | None) -> None:
    run_id = run_id or user.run_id
    if run_id and not users.may_view(run_id, user.key):
        raise ValueError(say(user.lang, "That run belongs to another open chat. Fix: resume only your own runs.",
                             "다른 사용자의 실행입니다. 해결: 내 실행만 이어서 학습할 수 있습니다."))
    if run_id:
        user.session.run_ids.add(run_id)
    act(users, user, actions.run(user.session, "resume_training", {"run_id": run_id}))  # the panel follows it

