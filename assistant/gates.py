"""Confirmation and ownership rules of the improvement-loop tools, and the user's stated changes to
a recommendation, applied by toolset.run_call.

clean_dataset writes a file, so like start_training it runs only after the user's yes (or a button,
which confirms what it shows): without one, a dry run counts what it would change and the chat asks.
compare_runs in the web app compares only the chat's own runs.
"""
from __future__ import annotations

import tools as plain_tools
from assistant import tool_texts
from assistant.session import ChatSession, Proposal
from tools.language import say

CLEAN_OPTIONS = ("text_column", "label_column", "fixes", "drop_label_issues")


def clean_gate(session: ChatSession, shown: dict, real: dict) -> dict:
    """The arguments clean_dataset may write with, or NeedsConfirmation with the counts a dry run found.

    Like training: a cleaning is proposed with what it would drop and relabel, and only the user's
    yes (or a button, which confirms what it shows) writes the cleaned file."""
    from assistant.toolset import NeedsConfirmation

    confirmed = session.use_confirmation()
    if confirmed is not None and confirmed.tool == "clean_dataset" and confirmed.dataset in (None, shown["path"]):
        return {**real, **confirmed.settings}  # exactly what the user saw counted
    preview = plain_tools.clean_dataset(**{**real, "dry_run": True}, lang=session.lang)
    options = {k: real[k] for k in CLEAN_OPTIONS if real.get(k) not in (None, {}, False)}
    proposal = Proposal(dataset=shown["path"], settings=options, tool="clean_dataset")
    session.propose(proposal)
    dropped = ", ".join(f"{k}={v}" for k, v in preview["dropped"].items()) or "none"
    raise NeedsConfirmation(proposal, say(
        session.lang,
        f"Not cleaned yet: the user has not confirmed. Cleaning {proposal.dataset} would keep {preview['rows_out']} of "
        f"{preview['rows_in']} rows (dropped: {dropped}; relabeled {preview['relabeled']}). Fix: show these counts and "
        f"ask the user whether to write the cleaned copy.",
        f"아직 정리하지 않았습니다: 사용자가 확인하지 않았습니다. {proposal.dataset} 정리 시 {preview['rows_in']}행 중 "
        f"{preview['rows_out']}행 유지 (제거: {dropped}; 라벨 수정 {preview['relabeled']}). 해결: 이 개수를 보여 주고 "
        f"정리된 사본을 만들지 물어보세요."), tool_texts.clean_question(preview, session.lang))


def own_runs(session: ChatSession, run_ids) -> list[str]:
    """compare_runs in the web app: only this chat's runs (all of them when none is named)."""
    from tools.compare import _ids

    known = session.known_runs()
    ids = _ids(run_ids)
    if ids is None and not known:
        raise ValueError(say(session.lang, "This chat has no training run to compare yet. Fix: train a model first.",
                             "이 대화에는 비교할 학습 실행이 아직 없습니다. 해결: 먼저 모델을 학습하세요."))
    if ids is None:  # every completed run of this chat (a running one has nothing to compare yet)
        from tools.runs import list_run_dirs, read_json

        done = [d.name for d in list_run_dirs() if d.name in known
                and (read_json(d / "status.json", {}) or {}).get("status") == "completed"]
        return done or sorted(known)
    strangers = [r for r in ids if r not in known]
    if strangers:
        raise ValueError(say(session.lang, f"Run {strangers[0]!r} was not started in this chat. Fix: compare this "
                                           f"chat's runs ({', '.join(sorted(known)) or 'none yet'}).",
                             f"{strangers[0]!r} 실행은 이 대화에서 시작하지 않았습니다. 해결: 이 대화의 실행"
                             f"({', '.join(sorted(known)) or '아직 없음'})을 비교하세요."))
    return ids


def with_stated_changes(session: ChatSession, result: dict) -> dict:
    """A recommendation with the settings the user's words state this turn kept over it ("use 5 epochs",
    "lr 1e-4", "배치 8"): a change asked for is proposed again, not lost to a fresh recommendation.
    TrainConfig checks the values (its error names the fix); the time estimate follows the epochs."""
    from assistant.said_args import stated_settings
    from tools.config import TrainConfig

    changes = stated_settings(session.said)
    if result.get("method") == "full":
        changes.pop("lora_r", None)  # full fine-tuning has no LoRA rank
    changes = {k: v for k, v in changes.items() if result.get("config", {}).get(k) != v}
    if not changes:
        return result
    config = TrainConfig.from_dict({**result["config"], **changes}).to_dict()  # raises ValueError with the fix
    if "lora_r" in changes:
        config["lora_alpha"] = 2 * changes["lora_r"]  # the recommender's alpha = 2r
    minutes = result.get("estimated_minutes")
    if minutes and "epochs" in changes and result.get("epochs"):
        minutes = round(minutes * changes["epochs"] / result["epochs"], 1)
    was = ", ".join(f"{k} {result['config'].get(k)} → {v}" for k, v in changes.items())
    note = say(session.lang, f"Changed as you asked: {was}.", f"요청하신 대로 바꿨습니다: {was}.")
    shown = {k: v for k, v in changes.items() if k in result}
    return {**result, **shown, "config": config, "estimated_minutes": minutes, "changed_by_user": changes,
            "reasons": [*(result.get("reasons") or [])[:1], note, *(result.get("reasons") or [])[1:]]}
