"""`python app.py`: the fine-tuning assistant in the browser (also the Hugging Face Spaces app_file).

The page opens at once; the chat model loads in the background (status at the top). On a
Space, host and port come from the Space's environment (GRADIO_SERVER_NAME/PORT).
"""
from __future__ import annotations

import argparse
import logging
import os
import sys

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the embedded models never need the hub; set before transformers loads


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    from assistant.llm import default_model

    p = argparse.ArgumentParser(description="Fine-tuning assistant web app")
    p.add_argument("--host", default=os.environ.get("GRADIO_SERVER_NAME", "127.0.0.1"),
                   help="address to listen on (default 127.0.0.1; 0.0.0.0 to reach it from other machines)")
    p.add_argument("--port", type=int, default=int(os.environ.get("GRADIO_SERVER_PORT", "7860")))
    p.add_argument("--share", action="store_true", help="also open a temporary public gradio.live link")
    p.add_argument("--model", default=default_model(), help="chat model: Hugging Face id or local folder (default: "
                   "the embedded Qwen2.5-Coder-0.5B-Instruct, or $FINETUNE_ASSISTANT_CHAT_MODEL)")
    p.add_argument("--device", default="auto", choices=["auto", "cpu", "cuda", "mps"])
    p.add_argument("--answers", default=os.environ.get("FINETUNE_ASSISTANT_ANSWERS", "tools"),
                   choices=["tools", "model"], help="who writes the answers: tools (fast, grounded; the default) "
                   "or model (a larger chat model on a GPU); also $FINETUNE_ASSISTANT_ANSWERS")
    p.add_argument("--lang", default="en", choices=["en", "ko"], help="the page's starting language")
    p.add_argument("--max-file-size", default="200mb", help="largest upload, e.g. 200mb or 1gb")
    return p.parse_args(argv)


def limit_malloc_arenas(n: int = 2) -> None:
    """glibc gives busy threads their own malloc arenas; with Gradio's worker threads and torch's varying
    tensor sizes the server's memory then creeps up for hours (benchmarks/load_test.py). A few arenas
    keep it flat. No effect on other C libraries."""
    import ctypes
    import ctypes.util

    try:
        ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").mallopt(-8, n)  # M_ARENA_MAX
    except (OSError, AttributeError):
        pass


def main(argv: list[str] | None = None) -> int:
    limit_malloc_arenas()
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    from assistant.agent import AgentConfig
    from assistant.llm import LLMConfig
    from webui import ChatModel, build, launch_options

    args = parse_args(argv)
    try:
        model = ChatModel(config=LLMConfig(model=args.model, device=args.device),
                          agent_config=AgentConfig(answers=args.answers)).start()
    except ValueError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    demo = build(model, lang=args.lang)
    demo.queue(default_concurrency_limit=4).launch(server_name=args.host, server_port=args.port, share=args.share,
                                                   **launch_options(args.max_file_size))
    return 0


if __name__ == "__main__":
    sys.exit(main())
