"""What the page's events do: each handler takes the tab's key and language, acts through
webui/{chat,data,training,results}.py, and returns {component: update}. Every handler is
wrapped by webui/guard.py, the one place where an error becomes a message on the page.
"""
from __future__ import annotations

import gradio as gr

from webui import chat, data, results, training
from webui.guard import guard
from webui.i18n import EXAMPLES, t
from webui.layout import Page
from webui.model import ChatModel
from webui.users import Users


class Handlers:
    def __init__(self, page: Page, users: Users, model: ChatModel):
        self.p, self.users, self.model = page, users, model

    # ---------------------------------------------------------------------------- panels

    def panel_outputs(self) -> list:
        p = self.p
        return [p.report, p.issues, p.file, p.proposal, p.proposal_md, p.form, *p.fields, p.runs,
                *self.training_outputs(), *self.results_outputs()]

    def training_outputs(self) -> list:
        p = self.p
        return [p.progress, p.details, p.loss_plot, p.eval_plot, p.cancel_run, p.resume_run, p.queue]

    def results_outputs(self) -> list:
        p = self.p
        return [p.results_md, p.metrics, p.confusion, p.explanation, p.errors]

    def _panels(self, user) -> dict:
        p = self.p
        report, issues = data.report_view(user)
        out = {p.report: report, p.issues: issues,
               p.file: gr.update(choices=user.workspace.files,
                                 value=user.workspace.files[-1] if user.workspace.files else None),
               p.proposal: gr.update(visible=user.proposal_open and user.session.proposal is not None),
               p.proposal_md: training.proposal_markdown(user), p.form: gr.update(visible=False)}
        out.update(dict(zip(p.fields, training.form_values(user))))
        runs = training.all_runs()
        user.choices = training.run_choices(user.lang, runs)
        out[p.runs] = gr.update(choices=user.choices, value=user.run_id)
        out.update(self._training(user, runs))
        out.update(self._results(user))
        return out

    def _training(self, user, runs=None) -> dict:
        p = self.p
        runs = training.all_runs() if runs is None else runs
        try:
            v = training.view(self.users, user, user.run_id)
        except ValueError:  # the tab's run folder was deleted meanwhile: show the newest instead
            user.run_id = None
            v = training.view(self.users, user, None)
        queue = training.queue_rows(self.users, user, runs)
        if v is None:
            return {p.progress: t("training_empty", user.lang), p.details: "", p.loss_plot: None, p.eval_plot: None,
                    p.cancel_run: gr.update(visible=False), p.resume_run: gr.update(visible=False), p.queue: queue}
        user.run_id = v["status"]["run_id"]
        return {p.progress: v["progress"], p.details: v["details"], p.loss_plot: v["loss"], p.eval_plot: v["eval"],
                p.cancel_run: gr.update(visible=v["can_cancel"]), p.resume_run: gr.update(visible=v["can_resume"]),
                p.queue: queue}

    def _results(self, user) -> dict:
        p = self.p
        st = training.view(self.users, user, user.run_id) if user.run_id else None
        if st is None or st["status"]["status"] != "completed":
            user.results_for = None
            return {p.results_md: t("results_empty", user.lang), p.metrics: None, p.confusion: None,
                    p.explanation: "", p.errors: None}
        v = results.view(self.users, user, user.run_id)
        user.results_for = (v["run_id"], user.lang)
        return {p.results_md: f"### {v['run_id']}", p.metrics: v["metrics"], p.confusion: v["confusion"],
                p.explanation: v["explanation"], p.errors: v["errors"]}

    def refresh(self, key, lang):
        return self._panels(self.users.get(key, lang))

    def tick(self, key, lang):
        """Every 2 s: the model's status and the viewed run; results (and the tab) once it completes."""
        user = self.users.get(key, lang)
        p = self.p
        out = {p.model_status: self.model.status(lang)}
        runs = training.all_runs()
        out.update(self._training(user, runs))
        choices = training.run_choices(lang, runs)
        if choices != getattr(user, "choices", None):
            user.choices = choices
            out[p.runs] = gr.update(choices=choices, value=user.run_id)
        done = user.run_id and any(r["run_id"] == user.run_id and r["status"] == "completed" for r in runs)
        if done and getattr(user, "results_for", None) != (user.run_id, lang):
            out.update(self._results(user))
            out[p.tabs] = gr.Tabs(selected="results")
        return out

    # ------------------------------------------------------------------------------ chat

    def chat(self, message, key, lang):
        user = self.users.get(key, lang)
        for history in chat.respond(self.users, self.model, user, message):
            yield {self.p.chatbot: history, self.p.message: gr.MultimodalTextbox(value=None)}

    def choose_option(self, key, lang, evt: gr.SelectData):
        """A click on one of the options under an ask-back question: sent as the user's reply."""
        yield from self.chat(str(evt.value), key, lang)

    # ------------------------------------------------------------------- buttons (no LLM)

    def _after_action(self, user, tab: str | None = None) -> dict:
        out = self._panels(user)
        out[self.p.chatbot] = user.history
        if tab:
            out[self.p.tabs] = gr.Tabs(selected=tab)
        return out

    def start(self, key, lang):
        user = self.users.get(key, lang)
        training.start(self.users, user)
        return self._after_action(user, "training")

    def change(self, key, lang):
        user = self.users.get(key, lang)
        return {self.p.form: gr.update(visible=user.session.proposal is not None),
                **dict(zip(self.p.fields, training.form_values(user)))}

    def save_settings(self, key, lang, *values):
        user = self.users.get(key, lang)
        training.save_form(self.users, user, list(values))
        return self._after_action(user)

    def cancel_proposal(self, key, lang):
        user = self.users.get(key, lang)
        training.cancel_proposal(user)
        return self._after_action(user)

    def inspect(self, key, lang, name):
        user = self.users.get(key, lang)
        data.inspect(self.users, user, name)
        return self._after_action(user, "data")

    def recommend(self, key, lang, name, goal):
        user = self.users.get(key, lang)
        training.recommend(self.users, user, name, goal)
        return self._after_action(user)

    def select_run(self, key, lang, run_id):
        user = self.users.get(key, lang)
        if run_id:
            training.view(self.users, user, run_id)  # ValueError for another open tab's run: nothing changes
            user.run_id = run_id
        return {**self._training(user), **self._results(user)}

    def cancel_run(self, key, lang):
        user = self.users.get(key, lang)
        training.cancel(self.users, user, user.run_id)
        return self._after_action(user)

    def resume_run(self, key, lang):
        user = self.users.get(key, lang)
        training.resume(self.users, user, user.run_id)
        return self._after_action(user, "training")

    def predict(self, key, lang, text):
        user = self.users.get(key, lang)
        return {self.p.predictions: results.try_model(self.users, user, user.run_id, text)}

    def downloads(self, key, lang):
        user = self.users.get(key, lang)
        return {self.p.files: results.downloads(self.users, user, user.run_id)}

    # "Use it elsewhere": each returns the file to download and a line about it (webui/results.py)
    def label_file(self, key, lang, upload, progress=gr.Progress(track_tqdm=True)):  # the labelling's tqdm bar
        user = self.users.get(key, lang)
        return dict(zip((self.p.export_file, self.p.export_md), results.label_file(self.users, user, user.run_id, upload)))

    def _export(self, key, lang, make):
        user = self.users.get(key, lang)
        return dict(zip((self.p.export_file, self.p.export_md), make(self.users, user, user.run_id)))

    def export_onnx(self, key, lang, progress=gr.Progress(track_tqdm=True)):
        return self._export(key, lang, lambda *a: results.export(*a, "onnx"))

    def export_merged(self, key, lang, progress=gr.Progress(track_tqdm=True)):
        return self._export(key, lang, lambda *a: results.export(*a, "merged"))

    def export_gguf(self, key, lang, progress=gr.Progress(track_tqdm=True)):
        return self._export(key, lang, lambda *a: results.export(*a, "gguf"))

    def export_script(self, key, lang):
        return self._export(key, lang, results.export_script)

    def model_card(self, key, lang):
        return self._export(key, lang, results.model_card)

    def hardware(self, key, lang, refresh: bool = False):
        hw = data.hardware(lang, refresh)
        return {self.p.hardware_md: hw["summary"], self.p.hardware_df: data.hardware_table(hw, lang),
                self.p.model_status: self.model.status(lang)}

    def detect(self, key, lang):
        return self.hardware(key, lang, refresh=True)

    def switch_language(self, key, lang):
        self.users.get(key, lang)
        updates = dict(zip(self.p.labels.components, self.p.labels.switch(lang)))
        updates[self.p.examples] = gr.Dataset(samples=[[e] for e in EXAMPLES[lang]], label=t("examples", lang))
        return updates

    @staticmethod
    def example(sample):
        return {"text": sample[0] if isinstance(sample, (list, tuple)) else str(sample), "files": []}


def guarded(handlers: Handlers, name: str):
    return guard(getattr(handlers, name))
