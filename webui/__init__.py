"""The web app: `build()` returns the Gradio Blocks that app.py launches.

Endpoint visibility. The chat and every panel action are UI plumbing, not a public API, and
training must never be started by an outside script: all endpoints are `private` (not in the
API page, refused by gradio_client and gr.load). `private` is enforced by those clients, not
by the server (the page itself calls endpoints by index), so the real protection is per tab:
training starts only from a proposal shown in that tab's own session, reads only files
uploaded in that tab, and another open tab's runs cannot be viewed, cancelled or resumed.
`build(test_api=True)` (tests only, no command-line flag) makes them `undocumented` so that
gradio_client can drive the same endpoints the page uses; they stay out of the API page.
"""
from __future__ import annotations

import gradio as gr

from assistant import toolset
from webui import improve
from webui.handlers import Handlers, guarded
from webui.layout import CSS, JS, components
from webui.model import ChatModel
from webui.users import SESSION_TTL_S, Users, new_key

__all__ = ["build", "launch_options", "ChatModel", "Users"]
MAX_FILE_SIZE = "200mb"  # Gradio refuses larger uploads before they reach a handler


def build(model: ChatModel, users: Users | None = None, test_api: bool = False, lang: str = "en") -> gr.Blocks:
    toolset.specs()  # prompts/tools.yaml against the tools' signatures: a mismatch stops the app here, named
    users = users or Users()
    vis = "undocumented" if test_api else "private"
    # delete_cache: Gradio's copies of uploads and downloads go after an hour (each tab keeps its own copy).
    with gr.Blocks(title="Fine-tuning assistant / 파인튜닝 도우미", delete_cache=(3600, 3600)) as demo:
        p = components(new_key, users.close, SESSION_TTL_S, lang)
        h = Handlers(p, users, model)
        key_lang = [p.key, p.lang]
        panels = h.panel_outputs()
        with_chat = [p.chatbot, p.tabs, *panels]

        def on(event, name, inputs, outputs, **kw):
            return event(guarded(h, name), inputs, outputs, api_name=name, api_visibility=vis, **kw)

        # The chat: one shared model, so one turn at a time across all tabs (Gradio shows the queue).
        chat = on(p.message.submit, "chat", [p.message, *key_lang], [p.chatbot, p.message],
                  concurrency_limit=1, concurrency_id="llm")
        chat.then(guarded(h, "refresh"), key_lang, panels, api_name="after_chat", api_visibility="private")
        option = on(p.chatbot.option_select, "choose_option", key_lang, [p.chatbot, p.message],
                    concurrency_limit=1, concurrency_id="llm")
        option.then(guarded(h, "refresh"), key_lang, panels, api_name="after_option", api_visibility="private")
        p.examples.click(Handlers.example, [p.examples], [p.message], api_name="example", api_visibility="private")

        on(p.start.click, "start", key_lang, with_chat)
        on(p.change.click, "change", key_lang, [p.form, *p.fields])
        on(p.save_settings.click, "save_settings", [*key_lang, *p.fields], with_chat)
        on(p.cancel_proposal.click, "cancel_proposal", key_lang, with_chat)
        on(p.inspect.click, "inspect", [*key_lang, p.file], with_chat)
        on(p.recommend.click, "recommend", [*key_lang, p.file, p.goal], with_chat)
        on(p.runs.input, "select_run", [*key_lang, p.runs], [*h.training_outputs(), *h.results_outputs()])
        on(p.refresh.click, "refresh", key_lang, panels)
        on(p.cancel_run.click, "cancel_run", key_lang, with_chat)
        on(p.resume_run.click, "resume_run", key_lang, with_chat)
        on(p.predict.click, "predict", [*key_lang, p.try_input], [p.predictions], concurrency_id="predict",
           concurrency_limit=1)
        on(p.prepare_downloads.click, "downloads", key_lang, [p.files])
        use = dict(concurrency_id="use_elsewhere", concurrency_limit=1)  # a model load each: one at a time
        on(p.label_file.click, "label_file", [*key_lang, p.label_upload], [p.export_file, p.export_md], **use)
        for name in ("export_onnx", "export_merged", "export_gguf", "export_script", "model_card"):
            on(getattr(p, name).click, name, key_lang, [p.export_file, p.export_md], **use)
        improve.wire(h, p.improve, vis)  # the Improve tab: review, clean, retrain, compare runs
        on(p.detect.click, "detect", key_lang, [p.hardware_md, p.hardware_df, p.model_status])
        on(p.timer.tick, "tick", key_lang, [p.model_status, p.runs, p.tabs, *h.training_outputs(),
                                             *h.results_outputs()], concurrency_limit=None, show_progress="hidden")
        switch = on(p.lang.change, "switch_language", key_lang, [*p.labels.components, p.examples])
        switch.then(guarded(h, "refresh"), key_lang, panels, api_name="after_language", api_visibility="private").then(
            guarded(h, "hardware"), key_lang, [p.hardware_md, p.hardware_df, p.model_status],
            api_name="hardware_after_language", api_visibility="private")
        load = demo.load(guarded(h, "hardware"), key_lang, [p.hardware_md, p.hardware_df, p.model_status],
                         api_name="hardware", api_visibility=vis)
        load.then(guarded(h, "refresh"), key_lang, panels, api_name="after_load", api_visibility="private")
    for fn in demo.fns.values():  # Gradio's own load event for the tab key's callable default is public
        if fn.api_visibility == "public":
            fn.api_visibility = "private"
    return demo


def launch_options(max_file_size: str = MAX_FILE_SIZE) -> dict:
    """Options for demo.launch() that app.py and the tests share."""
    return dict(max_file_size=max_file_size, css=CSS, js=JS, footer_links=["gradio", "settings"], run_history=False,
                allowed_paths=[], show_error=False)
