"""The Improve tab: review the rows whose label looks wrong, clean the file, retrain on it, compare runs.

find_label_issues fills a table of the most suspicious rows (text, given label, suggested label,
confidence) with an accept box on each; Clean writes the cleaned copy with the accepted fixes
(clean_dataset's fixes; the button is the user's confirmation) and shows its change log; Retrain
splits the cleaned file so the new run is scored on the earlier run's validation rows that
survived cleaning (tools/retrain.py) and proposes that training (Start in the proposal panel
starts it, as for any training); the Runs table is compare_runs: metrics, both baselines, the
settings that differ and McNemar's test on the shared validation rows. Tools run through
assistant/actions.py, so each shows in the chat like a model's call.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import gradio as gr
import pandas as pd

from assistant import actions
from assistant import events as ev
from tools.language import say
from webui.chat import act, failure
from webui.guard import guard
from webui.i18n import Labels
from webui.users import UserState, Users

REVIEW_ROWS = 50  # the most suspicious rows shown for review; the rest stay in the tool's result
LOG_ROWS = 200


@dataclass
class ImprovePanel:
    find: gr.Button
    issues_md: gr.Markdown
    review: gr.Dataframe
    clean: gr.Button
    clean_md: gr.Markdown
    log: gr.Dataframe
    retrain: gr.Button
    pick: gr.Dropdown
    compare: gr.Button
    runs_table: gr.Dataframe
    pairs: gr.Dataframe
    compare_md: gr.Markdown


def tab(L: Labels) -> ImprovePanel:
    """The tab's components (inside the page's gr.Tabs)."""
    with gr.Tab(L.text("tab_improve"), id="improve") as t:
        L(t, "tab_improve")
        L(gr.Markdown(L.text("improve_intro")), "improve_intro", "value")
        find = L(gr.Button(L.text("find_issues"), elem_id="find-label-issues"), "find_issues", "value")
        issues_md = gr.Markdown(elem_id="label-issues-summary")
        review = L(gr.Dataframe(label=L.text("review"), interactive=True, wrap=True, elem_id="review-table",
                                datatype=["bool", "number", "str", "str", "str", "number"]), "review")
        clean = L(gr.Button(L.text("clean"), variant="primary", elem_id="clean-file"), "clean", "value")
        clean_md = gr.Markdown(elem_id="clean-summary")
        log = L(gr.Dataframe(label=L.text("clean_log"), interactive=False, wrap=True), "clean_log")
        retrain = L(gr.Button(L.text("retrain"), elem_id="retrain-cleaned"), "retrain", "value")
        L(gr.Markdown(L.text("runs_title")), "runs_title", "value")
        with gr.Row():
            pick = L(gr.Dropdown([], multiselect=True, label=L.text("compare_pick"), scale=3, elem_id="compare-pick"),
                     "compare_pick")
            compare = L(gr.Button(L.text("compare"), scale=1, elem_id="compare-runs"), "compare", "value")
        runs_table = L(gr.Dataframe(label=L.text("runs_table"), interactive=False, elem_id="runs-table"), "runs_table")
        pairs = L(gr.Dataframe(label=L.text("pairs_table"), interactive=False, elem_id="pairs-table"), "pairs_table")
        compare_md = gr.Markdown(elem_id="compare-summary")
    return ImprovePanel(find, issues_md, review, clean, clean_md, log, retrain, pick, compare, runs_table, pairs,
                        compare_md)


# ---------------------------------------------------------------------------------- tables

def review_table(result: dict | None, lang: str) -> pd.DataFrame:
    cols = ["수락", "행", "텍스트", "라벨", "추천 라벨", "확신도"] if lang == "ko" else \
        ["accept", "row", "text", "label", "suggested label", "confidence"]
    rows = [[False, r["row"], r["text"], r["label"], r["suggested_label"], r["confidence"]]
            for r in ((result or {}).get("rows") or [])[:REVIEW_ROWS]]
    return pd.DataFrame(rows, columns=cols)


def accepted_fixes(table) -> dict[str, str]:
    """{row: suggested label} for the rows whose accept box is ticked (columns read by position)."""
    if table is None:
        return {}
    frame = table if isinstance(table, pd.DataFrame) else pd.DataFrame(table.get("data") or [])
    fixes = {}
    for values in frame.itertuples(index=False):
        accept, row, suggested = values[0], values[1], values[4]
        if accept is True or str(accept).lower() == "true":
            fixes[str(int(float(row)))] = str(suggested)
    return fixes


def log_table(path: str | None, lang: str) -> pd.DataFrame:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, nrows=LOG_ROWS) if path else \
        pd.DataFrame(columns=["row", "action", "reason"])
    if lang == "ko":
        frame.columns = ["행", "처리", "이유"]
    return frame


def runs_tables(result: dict, lang: str) -> tuple[pd.DataFrame, pd.DataFrame, str]:
    ko = lang == "ko"
    rows = []
    for r in result["runs"]:
        m, b = r.get("metrics") or {}, r.get("baselines") or {}
        rows.append([r["run_id"], r.get("base_model"), r.get("method"), m.get("accuracy"), m.get("f1_macro"),
                     (b.get("tfidf_logreg") or {}).get("accuracy"), (b.get("majority") or {}).get("accuracy"),
                     r.get("minutes")])
    runs = pd.DataFrame(rows, columns=["실행", "기본 모델", "방법", "정확도", "macro-F1", "TF-IDF 정확도", "최빈 클래스 정확도", "분"]
                        if ko else ["run", "base model", "method", "accuracy", "macro-F1", "TF-IDF accuracy",
                                    "majority accuracy", "minutes"])
    pairs = pd.DataFrame([[p["a"], p["b"], p["rows"], p["a_accuracy"], p["b_accuracy"], p["a_only_right"],
                           p["b_only_right"], p["p_value"]] for p in result["pairs"]],
                         columns=["A", "B", "같은 검증 행", "A 정확도", "B 정확도", "A만 맞힘", "B만 맞힘", "McNemar p"]
                         if ko else ["A", "B", "shared validation rows", "A accuracy", "B accuracy", "only A right",
                                     "only B right", "McNemar p"])
    def shown(key, value):  # a file by its name: the folders are the app's, not the user's
        return Path(str(value)).name if key.endswith("_path") and value else value

    diffs = [f"- `{k}`: " + ", ".join(f"{rid} = `{shown(k, v)}`" for rid, v in values.items())
             for k, values in list(result["differences"].items())[:12]]
    head = say(lang, "**Settings that differ**", "**다른 설정**")
    return runs, pairs, result["summary"] + ("\n\n" + head + "\n" + "\n".join(diffs) if diffs else "")


# ------------------------------------------------------------------------------- actions

def _result(events: list, name: str):
    if failure(events):
        raise ValueError(failure(events))
    return next((e.result for e in events if isinstance(e, ev.ToolResult) and e.name == name), None)


def _base_run(user: UserState, source: str) -> str:
    """The chat's latest completed run on `source` (the file before cleaning): what the retrain is compared with."""
    from tools.runs import list_run_dirs, read_json

    known = user.session.known_runs()
    for d in reversed(list_run_dirs()):
        config = read_json(d / "config.json", {}) or {}
        done = (read_json(d / "status.json", {}) or {}).get("status") == "completed"
        if d.name in known and done and Path(str(config.get("dataset_path") or "")).name == source:
            return d.name
    raise ValueError(say(user.lang, f"No finished run of this chat was trained on {source}, so there is nothing to "
                                    f"compare a retrain with. Fix: train on {source} first (or start a training on the "
                                    f"cleaned file as usual).",
                         f"이 대화에서 {source}로 학습을 마친 실행이 없어 재학습과 비교할 대상이 없습니다. 해결: 먼저 {source}로 "
                         f"학습하세요(또는 정리된 파일로 평소처럼 학습을 시작하세요)."))


def completed_choices(users: Users, user: UserState) -> list[str]:
    from webui.training import all_runs

    return [r["run_id"] for r in all_runs() if r["status"] == "completed" and users.may_view(r["run_id"], user.key)]


class ImproveHandlers:
    """The tab's events; each returns {component: update}, the chat and the page's panels included."""

    def __init__(self, handlers, panel: ImprovePanel):
        self.h, self.x = handlers, panel

    def _user(self, key, lang) -> UserState:
        user = self.h.users.get(key, lang)
        if not hasattr(user, "improve"):
            user.improve = {}
        return user

    def find(self, key, lang, name):
        user = self._user(key, lang)
        name = name or (user.workspace.files[-1] if user.workspace.files else None)
        result = _result(act(self.h.users, user, actions.run(user.session, "find_label_issues", {"path": name})),
                         "find_label_issues")
        user.improve.update(issues=result, file=Path(name or "").name or None, cleaned=None)
        return {**self.h._after_action(user, "improve"), self.x.issues_md: result["summary"],
                self.x.review: review_table(result, user.lang)}

    def clean(self, key, lang, name, table):
        user = self._user(key, lang)
        path = user.improve.get("file") or name or (user.workspace.files[-1] if user.workspace.files else None)
        fixes = accepted_fixes(table) if user.improve.get("issues") else {}
        result = _result(act(self.h.users, user, actions.clean(user.session, path, fixes=fixes or None)),
                         "clean_dataset")
        user.improve.update(cleaned=result, file=Path(str(path)).name)
        return {**self.h._after_action(user, "improve"), self.x.clean_md: result["summary"],
                self.x.log: log_table(result.get("log_path"), user.lang)}

    def retrain(self, key, lang):
        from tools.retrain import fair_retrain

        user = self._user(key, lang)
        cleaned = user.improve.get("cleaned")
        if not cleaned or not cleaned.get("output_path"):
            raise ValueError(say(user.lang, "No cleaned file yet. Fix: press Clean first.",
                                 "아직 정리된 파일이 없습니다. 해결: 먼저 정리 버튼을 누르세요."))
        base = _base_run(user, user.improve["file"])
        split = fair_retrain(base, cleaned["output_path"], user.lang)
        for path in (split["dataset_path"], split["validation_path"]):
            user.workspace.register_written(path)
        # without the user's yes start_training only proposes: the proposal panel's Start starts it
        events = act(self.h.users, user, actions.run(user.session, "start_training",
                                                     {"dataset_path": Path(split["dataset_path"]).name,
                                                      **split["settings"]}))
        if failure(events):
            raise ValueError(failure(events))
        return {**self.h._after_action(user), self.x.clean_md: split["summary"]}

    def compare(self, key, lang, picked):
        user = self._user(key, lang)
        for run_id in picked or []:
            if self.h.users.may_view(run_id, user.key):
                user.session.run_ids.add(run_id)  # a run this tab may see is one its chat may compare
        result = _result(act(self.h.users, user, actions.run(user.session, "compare_runs",
                                                             {"run_ids": list(picked) if picked else None})),
                         "compare_runs")
        runs, pairs, text = runs_tables(result, user.lang)
        return {self.h.p.chatbot: user.history, self.x.runs_table: runs, self.x.pairs: pairs, self.x.compare_md: text,
                self.x.pick: gr.update(choices=completed_choices(self.h.users, user))}

    def choices(self, key, lang):
        user = self._user(key, lang)
        return {self.x.pick: gr.update(choices=completed_choices(self.h.users, user))}


def wire(handlers, panel: ImprovePanel, visibility: str) -> None:
    """Connect the tab's buttons (inside the page's gr.Blocks)."""
    p, x = handlers.p, panel
    h = ImproveHandlers(handlers, panel)
    key_lang = [p.key, p.lang]
    page = [p.chatbot, p.tabs, *handlers.panel_outputs()]

    def on(event, fn, inputs, outputs):
        event(guard(fn), inputs, outputs, api_name=f"improve_{fn.__name__}", api_visibility=visibility)

    on(x.find.click, h.find, [*key_lang, p.file], [*page, x.issues_md, x.review])
    on(x.clean.click, h.clean, [*key_lang, p.file, x.review], [*page, x.clean_md, x.log])
    on(x.retrain.click, h.retrain, key_lang, [*page, x.clean_md])
    on(x.compare.click, h.compare, [*key_lang, x.pick], [p.chatbot, x.runs_table, x.pairs, x.compare_md, x.pick])
    on(x.pick.focus, h.choices, key_lang, [x.pick])
