"""Gradio entry point (also the Hugging Face Spaces app_file).

For now a plain page over the tools: upload a dataset, inspect it, see the hardware and the
recommended settings. The chat assistant replaces this page once it exists.
"""
from __future__ import annotations

import argparse
import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the embedded models never need the hub

import gradio as gr

from tools import detect_hardware, inspect_dataset, recommend_settings


def _guard(fn):
    """Tool errors become a readable message on the page instead of a stack trace."""
    def wrapped(*args):
        try:
            return fn(*args)
        except ValueError as e:
            return f"**Problem:** {e}", None
    return wrapped


@_guard
def on_inspect(file, lang):
    if file is None:
        raise ValueError("No file uploaded. Fix: drop a CSV, TSV, JSON, JSONL or Parquet file above.")
    report = inspect_dataset(file, lang=lang)
    return report["summary"], report


@_guard
def on_recommend(file, goal, lang):
    if file is None:
        raise ValueError("No file uploaded. Fix: drop a CSV, TSV, JSON, JSONL or Parquet file above.")
    rec = recommend_settings(file, goal=goal or None, lang=lang)
    text = "\n".join(f"- {r}" for r in rec["reasons"]) + f"\n\n```bash\n{rec['command']}\n```"
    return text, rec


@_guard
def on_hardware(lang):
    hw = detect_hardware(lang=lang)
    return hw["summary"], hw


def build() -> gr.Blocks:
    with gr.Blocks(title="Fine-tuning assistant") as demo:
        gr.Markdown("# Fine-tuning assistant\nUpload a dataset; inspect it and get training settings for this "
                    "machine. / 데이터를 올리면 점검하고 이 컴퓨터에 맞는 학습 설정을 추천합니다.")
        lang = gr.Radio(["en", "ko"], value="en", label="Language / 언어")
        file = gr.File(label="Dataset", file_types=[".csv", ".tsv", ".json", ".jsonl", ".parquet"], type="filepath")
        goal = gr.Textbox(label="Goal (optional)", placeholder="e.g. sentiment, fast, best accuracy")
        with gr.Row():
            inspect_btn = gr.Button("Inspect data")
            rec_btn = gr.Button("Recommend settings")
            hw_btn = gr.Button("Detect hardware")
        out = gr.Markdown()
        raw = gr.JSON(label="Result")
        inspect_btn.click(on_inspect, [file, lang], [out, raw])
        rec_btn.click(on_recommend, [file, goal, lang], [out, raw])
        hw_btn.click(on_hardware, [lang], [out, raw])
    return demo


def main() -> None:
    parser = argparse.ArgumentParser(description="Fine-tuning assistant web app")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=7860)
    parser.add_argument("--share", action="store_true")
    args = parser.parse_args()
    build().queue().launch(server_name=args.host, server_port=args.port, share=args.share,
                           max_file_size="200mb")


if __name__ == "__main__":
    main()
