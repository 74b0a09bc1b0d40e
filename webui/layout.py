"""The page's components: the chat on the left; data, hardware, training and results beside it.

Only components here; what they do is in webui/handlers.py, wired in webui/__init__.py.
"""
from __future__ import annotations

from dataclasses import dataclass

import gradio as gr

from tools.settings import FORM, Setting
from webui.i18n import EXAMPLES, Labels
from webui.improve import ImprovePanel, tab as improve_tab
from webui.users import EXTENSIONS

CSS = """
.train-progress { font-size: 0.95em; }
#proposal { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 8px; }
"""

# Run by the page once it loads (launch(js=...)). An IME (Korean, Japanese, Chinese) commits the
# syllable being composed with Enter; Gradio's chat box sends on Enter (its keypress), and where a
# platform delivers that Enter while the composition is still open, it sent half the message
# ("안녕하") and then the rest. Such an Enter stops here, in the capture phase before Gradio's own
# listener; the IME still commits the text and the next Enter sends it (tests/test_app_ime.py).
# The keypress's default is cancelled too (it would add a newline); the keydown's is left to the IME.
JS = """() => {
  const composingEnter = (e) => e.key === "Enter" && (e.isComposing || e.keyCode === 229) &&
    e.target instanceof Element && e.target.closest("#message");
  document.addEventListener("keydown", (e) => { if (composingEnter(e)) e.stopImmediatePropagation(); }, true);
  document.addEventListener("keypress", (e) => {
    if (composingEnter(e)) { e.stopImmediatePropagation(); e.preventDefault(); }
  }, true);
}"""


@dataclass
class Page:
    labels: Labels
    key: gr.State
    lang: gr.Radio
    model_status: gr.Markdown
    chatbot: gr.Chatbot
    message: gr.MultimodalTextbox
    examples: gr.Dataset
    proposal: gr.Group
    proposal_md: gr.Markdown
    start: gr.Button
    change: gr.Button
    cancel_proposal: gr.Button
    form: gr.Group
    fields: list
    save_settings: gr.Button
    tabs: gr.Tabs
    file: gr.Dropdown
    inspect: gr.Button
    report: gr.Markdown
    issues: gr.Dataframe
    goal: gr.Textbox
    recommend: gr.Button
    hardware_md: gr.Markdown
    hardware_df: gr.Dataframe
    detect: gr.Button
    runs: gr.Dropdown
    refresh: gr.Button
    progress: gr.HTML
    details: gr.Markdown
    loss_plot: gr.LinePlot
    eval_plot: gr.LinePlot
    cancel_run: gr.Button
    resume_run: gr.Button
    queue: gr.Dataframe
    results_md: gr.Markdown
    metrics: gr.Dataframe
    confusion: gr.Image
    explanation: gr.Markdown
    errors: gr.Dataframe
    try_input: gr.Textbox
    predict: gr.Button
    predictions: gr.Dataframe
    prepare_downloads: gr.Button
    label_upload: gr.File  # "Use it elsewhere" (webui/results.py): label a file, exports, model card
    label_file: gr.Button
    export_onnx: gr.Button
    export_merged: gr.Button
    export_gguf: gr.Button
    export_script: gr.Button
    model_card: gr.Button
    export_file: gr.File
    export_md: gr.Markdown
    files: gr.File
    timer: gr.Timer
    improve: "ImprovePanel"  # the Improve tab (webui/improve.py): review, clean, retrain, compare runs


def _field(setting: Setting, label: str):
    """The form's input for one setting (tools/settings.py): a choice, a number or a text."""
    kw = dict(label=label, elem_id=f"field-{setting.name}")
    if setting.choices:
        return gr.Dropdown(list(setting.choices), **kw)
    if setting.type in (int, float):
        return gr.Number(precision=0 if setting.type is int else None, minimum=setting.minimum, **kw)
    return gr.Textbox(**kw)


def _proposal_area(L: Labels) -> dict:
    with gr.Group(visible=False, elem_id="proposal") as proposal:
        L(gr.Markdown(L.text("proposal_title")), "proposal_title", "value")
        proposal_md = gr.Markdown(elem_id="proposal-settings")
        with gr.Row():
            start = L(gr.Button(L.text("start"), variant="primary", elem_id="start-training"), "start", "value")
            change = L(gr.Button(L.text("change"), elem_id="change-settings"), "change", "value")
            cancel = L(gr.Button(L.text("cancel_proposal"), variant="stop", elem_id="cancel-proposal"),
                       "cancel_proposal", "value")
        with gr.Group(visible=False) as form:
            fields = [L(_field(s, L.text(s.name)), s.name) for s in FORM]
            save = L(gr.Button(L.text("save_settings"), elem_id="save-settings"), "save_settings", "value")
    return dict(proposal=proposal, proposal_md=proposal_md, start=start, change=change, cancel_proposal=cancel,
                form=form, fields=fields, save_settings=save)


def _data_tab(L: Labels) -> dict:
    with gr.Tab(L.text("tab_data"), id="data") as tab:
        L(tab, "tab_data")
        with gr.Row():
            file = L(gr.Dropdown([], label=L.text("upload"), scale=3), "upload")
            inspect = L(gr.Button(L.text("inspect"), scale=1, elem_id="inspect"), "inspect", "value")
        report = L(gr.Markdown(L.text("report_empty"), elem_id="report"), "report_empty", "value")
        issues = L(gr.Dataframe(label=L.text("issues"), interactive=False, wrap=True), "issues")
        with gr.Row():
            goal = L(gr.Textbox(label=L.text("goal"), scale=3), "goal")
            recommend = L(gr.Button(L.text("recommend"), scale=1, elem_id="recommend"), "recommend", "value")
    return dict(file=file, inspect=inspect, report=report, issues=issues, goal=goal, recommend=recommend)


def _training_tab(L: Labels) -> dict:
    with gr.Tab(L.text("tab_training"), id="training") as tab:
        L(tab, "tab_training")
        with gr.Row():
            runs = L(gr.Dropdown([], label=L.text("runs"), scale=4, elem_id="runs"), "runs")
            refresh = L(gr.Button(L.text("refresh"), scale=1), "refresh", "value")
        progress = gr.HTML(L.text("training_empty"), elem_id="progress")
        details = gr.Markdown()
        with gr.Row():
            cancel_run = L(gr.Button(L.text("cancel_run"), variant="stop", visible=False), "cancel_run", "value")
            resume_run = L(gr.Button(L.text("resume_run"), visible=False), "resume_run", "value")
        loss_plot = L(gr.LinePlot(x="step", y="value", color="series", label=L.text("loss_plot"), height=220),
                      "loss_plot")
        eval_plot = L(gr.LinePlot(x="step", y="value", color="series", label=L.text("eval_plot"), height=200),
                      "eval_plot")
        queue = L(gr.Dataframe(label=L.text("queue"), interactive=False), "queue")
    return dict(runs=runs, refresh=refresh, progress=progress, details=details, loss_plot=loss_plot,
                eval_plot=eval_plot, cancel_run=cancel_run, resume_run=resume_run, queue=queue)


def _results_tab(L: Labels) -> dict:
    with gr.Tab(L.text("tab_results"), id="results") as tab:
        L(tab, "tab_results")
        results_md = L(gr.Markdown(L.text("results_empty"), elem_id="results-title"), "results_empty", "value")
        metrics = L(gr.Dataframe(label=L.text("metrics"), interactive=False, elem_id="metrics"), "metrics")
        confusion = L(gr.Image(label=L.text("confusion"), type="pil", interactive=False, height=320), "confusion")
        explanation = gr.Markdown(elem_id="explanation")
        errors = L(gr.Dataframe(label=L.text("worst"), interactive=False, wrap=True), "worst")
        L(gr.Markdown(L.text("try_title")), "try_title", "value")
        try_input = L(gr.Textbox(label=L.text("try_input"), lines=3, elem_id="try-input"), "try_input")
        predict = L(gr.Button(L.text("predict"), elem_id="predict"), "predict", "value")
        predictions = L(gr.Dataframe(label=L.text("predictions"), interactive=False), "predictions")
        prepare = L(gr.Button(L.text("downloads")), "downloads", "value")
        files = L(gr.File(label=L.text("download_files"), file_count="multiple", interactive=False),
                  "download_files")
        elsewhere = _use_elsewhere(L)  # inside the tab: created after it closes, it would land in another tab
    return dict(results_md=results_md, metrics=metrics, confusion=confusion, explanation=explanation, errors=errors,
                try_input=try_input, predict=predict, predictions=predictions, prepare_downloads=prepare, files=files,
                **elsewhere)


def _use_elsewhere(L: Labels) -> dict:
    L(gr.Markdown(L.text("use_title")), "use_title", "value")
    upload = L(gr.File(label=L.text("label_upload"), file_types=list(EXTENSIONS), type="filepath"), "label_upload")
    label = L(gr.Button(L.text("label_file"), elem_id="label-file"), "label_file", "value")
    with gr.Row():
        buttons = {k: L(gr.Button(L.text(k), size="sm", elem_id=k.replace("_", "-")), k, "value")
                   for k in ("export_onnx", "export_merged", "export_gguf", "export_script", "model_card")}
    export_file = L(gr.File(label=L.text("export_file"), interactive=False), "export_file")
    return dict(label_upload=upload, label_file=label, export_file=export_file, export_md=gr.Markdown(), **buttons)


def components(new_key, close, ttl: float, lang: str = "en") -> Page:
    """Create every component inside the current gr.Blocks and return them as a Page."""
    L = Labels(lang)
    key = gr.State(new_key, delete_callback=close, time_to_live=ttl)
    with gr.Row():
        L(gr.Markdown(L.text("title")), "title", "value")
        lang_radio = gr.Radio([("English", "en"), ("한국어", "ko")], value=lang, label=L.text("language"),
                              scale=0, min_width=220, elem_id="lang")
    model_status = gr.Markdown(elem_id="model-status")
    with gr.Row():
        with gr.Column(scale=3):
            chatbot = L(gr.Chatbot(label=L.text("chat"), height=520, elem_id="chat", buttons=["copy"]), "chat")
            message = L(gr.MultimodalTextbox(placeholder=L.text("chat_placeholder"), label=L.text("message"),
                                             file_types=list(EXTENSIONS), file_count="multiple", sources=["upload"],
                                             elem_id="message"), "chat_placeholder", "placeholder")
            L(message, "message")
            examples = L(gr.Dataset(components=[gr.Textbox(visible=False)], samples=[[e] for e in EXAMPLES[lang]],
                                    label=L.text("examples"), type="values"), "examples")
            proposal = _proposal_area(L)
        with gr.Column(scale=2):
            with gr.Tabs() as tabs:
                data = _data_tab(L)
                with gr.Tab(L.text("tab_hardware"), id="hardware") as hw_tab:
                    L(hw_tab, "tab_hardware")
                    hardware_md = gr.Markdown()
                    hardware_df = gr.Dataframe(interactive=False, show_label=False)
                    detect = L(gr.Button(L.text("detect")), "detect", "value")
                training = _training_tab(L)
                results = _results_tab(L)
                improve = improve_tab(L)
    timer = gr.Timer(2.0)
    return Page(labels=L, key=key, lang=lang_radio, model_status=model_status, chatbot=chatbot, message=message,
                examples=examples, tabs=tabs, hardware_md=hardware_md, hardware_df=hardware_df, detect=detect,
                timer=timer, improve=improve, **proposal, **data, **training, **results)
