"""The router's opinion on a new message (assistant/router.py), as the tools the model may choose.

Sure: the route is decided; the model is offered that one tool and must call it (it still writes
the arguments, which the usual checks repair), or no tool at all when the route is "none" or
"ask_back". Unsure: the model chooses by likelihood among the router's three likeliest actions,
its tempered log-likelihoods added to the router's log-probabilities (chat_model.weighed). Untempered,
the model's choice measured worse than the router alone (benchmarks/router_llm.py: 0.83 and 0.87 vs
0.90 and 0.97 on 30 test and 30 fresh cases); tempered, it rescues a few of the router's misses.
Every gate stays: only tools `toolset.visible` allows are offered (start_training after the
user's yes, run tools once a run exists), so when the router's action cannot run now the model
chooses among the visible tools as before. Very unsure (the best action below ASK_BELOW): no
guess at all; the assistant asks back with the likeliest actions as one-click options
(`options`), and the reply that picks one runs that action on the original message.
"""
from __future__ import annotations

import logging

from langchain_core.messages import AIMessage

from assistant import toolset
from assistant.confirm import asks_to_start, changes_or_refuses
from assistant.session import ChatSession, Proposal

log = logging.getLogger(__name__)
NO_TOOL = ("none", "ask_back")
ASK_BELOW = 0.35  # below this the router's best action was right less than half the time on dev
OPTIONS = 3
# What each action is called on an option button, in English and Korean.
LABELS = {
    "search_faq": ("Answer it as a question (FAQ)", "질문으로 답하기 (FAQ)"),
    "detect_hardware": ("Check this computer", "이 컴퓨터 사양 확인"),
    "inspect_dataset": ("Inspect the uploaded data", "올린 데이터 살펴보기"),
    "recommend_settings": ("Recommend training settings", "학습 설정 추천"),
    "start_training": ("Start the training", "학습 시작"),
    "training_status": ("Show the training progress", "학습 진행 상황 보기"),
    "cancel_training": ("Stop the training", "학습 중지"),
    "resume_training": ("Resume the stopped run", "멈춘 학습 이어서 하기"),
    "explain_results": ("Explain my run's results", "내 실행 결과 설명"),
    "predict": ("Classify text with my model", "내 모델로 텍스트 분류"),
    "find_label_issues": ("Find mislabelled rows", "잘못된 라벨 찾기"),
    "clean_dataset": ("Clean the data file", "데이터 정리"),
    "compare_runs": ("Compare my runs", "실행 비교"),
    "export_model": ("Export the model", "모델 내보내기"),
    "export_script": ("Export a training script", "학습 스크립트 내보내기"),
    "publish_model": ("Publish the model", "모델 게시"),
    "none": ("Just chat", "그냥 대화"),
    "ask_back": ("Something else (I'll rephrase)", "다른 것 (다시 말할게요)"),
}


def _last_ai(session: ChatSession) -> str:
    return next((str(m.content) for m in reversed(session.messages) if isinstance(m, AIMessage) and m.content), "")


def run_status(session: ChatSession) -> str:
    """The newest run's status: its status.json, else what the assistant last said of it; "none" without a run."""
    from tools.runs import list_run_dirs, read_json, runs_root

    known = session.known_runs()
    here = [d.name for d in list_run_dirs() if not session.own_runs_only or d.name in known]
    newest = max([*known, *here], default=None)  # run ids start with their time
    if newest is None:
        return "none"
    status = (read_json(runs_root() / newest / "status.json", {}) or {}).get("status")
    return {"finished": "completed"}.get(status, status) if status else session.said_status(newest)


def state(session: ChatSession) -> dict:
    """The router's conversation state: a file attached, a proposal waiting for a yes, the newest run."""
    proposal = session.proposal is not None or asks_to_start(_last_ai(session))
    return {"file": bool(session.workspace.files), "proposal": proposal, "run": run_status(session)}


def allowed(session: ChatSession, decision) -> tuple[set[str] | None, bool]:
    """(tools the model may choose, whether "no tool" is one of the choices); (None, True): no restriction."""
    wanted = [decision.action] if not decision.unsure else decision.top(3)
    pending = session.proposal.tool if session.proposal is not None else "start_training"
    wanted = [pending if a == "start_training" else a for a in wanted]  # a yes to a proposed cleaning cleans
    reply = any(a in NO_TOOL for a in wanted)
    tools = set(wanted) & set(toolset.visible(session))
    if not tools and not reply:
        return None, True
    return tools, reply


def options(session: ChatSession, decision) -> list[str]:
    """The likeliest actions that can run now (plus answering without a tool), for asking back."""
    runnable = set(toolset.visible(session)) | set(NO_TOOL) | ({"start_training"} if session.asked_to_start else set())
    return [a for a in decision.top(len(decision.ranked)) if a in runnable][:OPTIONS]


def route(session: ChatSession, text: str, picked: str | None = None) -> list[str] | None:
    """Set the session's route for this message (after begin_turn). Returns the actions to ask about
    when the router is very unsure (the agent then asks back instead of guessing), else None.
    `picked`: the action the user chose from such a question (the route is then decided).
    A router that fails leaves the route unrestricted."""
    from assistant import router

    session.route_tools, session.route_reply, session.route_args, session.route_prior = None, True, None, None
    if picked is not None:
        if picked == "start_training" and session.confirmed_settings is None:
            # offered only while a proposal waited for a yes (options()): the click is that yes
            session.confirmed_settings = session.proposal or Proposal(dataset=None)
            picked = session.proposal.tool if session.proposal is not None else picked
        session.route_tools = set() if picked in NO_TOOL else {picked} & set(toolset.visible(session))
        session.route_reply = picked in NO_TOOL or not session.route_tools
        _give_args(session, text)
        return None
    try:
        decision = router.shared().decide(text, state(session), " ".join(_last_ai(session).split())[:router.LAST_TURN_CHARS])
    except Exception:  # no weights or no encoder: the model routes alone, the chat goes on
        log.exception("router failed; the model chooses alone")
        return None
    agrees = (decision.action == "start_training" and session.asked_to_start and session.confirmed_settings is None
              and not changes_or_refuses(text))
    if agrees and not decision.unsure:
        # agreement in words the yes-list does not know ("That works for me, please go ahead")
        session.confirmed_settings = session.proposal or Proposal(dataset=None)
    log.debug("route %s (unsure=%s)", decision.ranked[:3], decision.unsure)
    # An unsure "start" is asked about, never guessed: on blind sets the router's unsure start_training
    # was right 9 times in 11, and the two others were "땡큐" and "ㅋㅋ 좋네", which must not start a run.
    if decision.ranked[0][1] < ASK_BELOW or (agrees and decision.unsure):
        asked = options(session, decision)
        if len(asked) >= 2:
            return asked
    session.route_tools, session.route_reply = allowed(session, decision)
    if decision.unsure and session.route_tools is not None:
        # the model's likelihoods are weighed with the router's probabilities (a product of the two
        # opinions), so that a clear lead of the router is not overturned by a small model's whim
        p = dict(decision.ranked)
        session.route_prior = {**{t: p.get(t, 0.0) for t in session.route_tools},
                               "reply": sum(p.get(a, 0.0) for a in NO_TOOL)}
    _give_args(session, text)
    return None


def _give_args(session: ChatSession, text: str) -> None:
    """The routed tools' arguments from the user's words, where the words give them: a decided tool then
    runs without the model writing anything, and so does the one the model picks when the router was unsure."""
    from assistant.said_args import given_args

    given = {t: given_args(session, t, text) for t in session.route_tools or ()}
    session.route_args = {t: a for t, a in given.items() if a is not None} or None


def question(session: ChatSession, actions: list[str]) -> tuple[str, list[dict]]:
    """The short question that asks back, and its one-click options (a click sends the option's label;
    typing its number works as well)."""
    ko = session.lang == "ko"
    lines = [f"{i}. {LABELS[a][ko]}" for i, a in enumerate(actions, 1)]
    head = ("무엇을 원하시는지 확실하지 않아요. 어느 쪽인가요? (번호로 답하거나 다시 말해 주세요)" if ko else
            "I'm not sure what you'd like me to do. Which one? (answer with a number, or say it another way)")
    return head + "\n\n" + "\n".join(lines), [{"label": LABELS[a][ko], "message": LABELS[a][ko]} for a in actions]


def picked_option(session: ChatSession, text: str) -> tuple[str, str] | None:
    """(the original message, the chosen action) when `text` answers the last ask-back with an option's
    number or label; the question is answered once either way."""
    pending, session.pending_choice = session.pending_choice, None
    if not pending:
        return None
    t = " ".join((text or "").split()).strip(" .!)번").lower()
    for i, action in enumerate(pending["actions"], 1):
        if t in (str(i), action, *(label.lower() for label in LABELS[action])):
            return pending["text"], action
    return None
