"""A decided tool's arguments, read from the user's own words and the chat's state, without the model.

When the router is sure of the action, the arguments are mostly given: the uploaded file (the one the
message names, else the latest upload), the question itself for the FAQ, the quoted texts for
predict, a run id only when the message names a run this chat knows, a method or export format only
when the message says it. Nothing here is guessed: a parameter the words do not state is left out (the
tool's default applies), and when a required one cannot be read, or the message states something
only the model can turn into an argument (a column name, a goal), `given_args` returns None and the
model writes the arguments as before. Skipping the model's argument writing is also what makes a
routed turn fast on a CPU (benchmarks/chat_latency.py).
"""
from __future__ import annotations

import re

from assistant import toolset
from assistant.session import RUN_ID, ChatSession

QUOTED = re.compile(r'"([^"\n]{2,})"|“([^”\n]{2,})”|「([^」\n]{2,})」|‘([^’\n]{2,})’|(?<![\w])\'([^\'\n]{2,})\'(?![\w])')
# [a-z] bounds, not \b: Korean particles stick to English words ("QLoRA로", "lora로")
METHODS = (("qlora", r"(?<![a-z])q-?lora(?![a-z])|큐로라|4\s*-?bit|4비트"), ("full", r"full fine-?tun|전체\s*(파인)?튜닝|풀\s*파인튜닝|all (of )?the weights|전체\s*가중치"),
           ("lora", r"(?<![a-z])lora(?![a-z])|로라"))
FORMATS = (("gguf", r"gguf|ollama|llama\.?cpp"), ("merged", r"merg|병합|합쳐|full weights|전체 (모델 )?가중치"),
           ("onnx", r"onnx"))
# Words that state something only the model can turn into an argument (a column, a goal) of the tools
# that take one: leave those turns to it.
MODEL_NEEDED = re.compile(r"\bcolumns?\b|열은|컬럼|칼럼|\bgoal\b|fast|quick|accura|best|빠르|빨리|정확|목표", re.I)


_LINK = r"\s*(?:=|:|is|to|of|을|를|은|는|이|가)?\s*(?:to\s*)?"  # "lr=1e-4", "epochs to 5", "에폭을 5로"
_NUMBER = r"(\d+(?:\.\d+)?(?:e-?\d+)?)"
# A setting the user's words state, as a pattern with the value in its first group that matches.
STATED = {
    "epochs": (_NUMBER + r"\s*(?:epochs?\b|에폭|에포크)", r"(?:\bepochs?|에폭|에포크)" + _LINK + _NUMBER),
    "learning_rate": (r"(?:learning[\s_-]*rate|\blr\b|학습률|러닝\s*레이트)" + _LINK + _NUMBER,),
    "batch_size": (r"(?:\bbatch(?:[\s_-]*size)?|배치(?:\s*(?:사이즈|크기))?)" + _LINK + _NUMBER,),
    "max_length": (r"(?:max(?:imum)?[\s_-]*(?:length|len)|최대\s*길이)" + _LINK + _NUMBER,),
    "lora_r": (r"(?:\brank|랭크|\br\s*=)" + _LINK + _NUMBER,),
}


def stated_settings(text: str) -> dict:
    """The numeric training settings the user's words state ("5 epochs", "lr=2e-4", "배치 8", "에폭을 3으로"),
    read by pattern, never guessed. Values TrainConfig would refuse are still returned: its check names the fix."""
    out: dict = {}
    for name, patterns in STATED.items():
        for pattern in patterns:
            m = re.search(pattern, text or "", re.I)
            if m:
                value = float(m.group(1))
                out[name] = value if name in ("epochs", "learning_rate") else int(value)
                break
    return out


def _file(session: ChatSession, text: str) -> str | None:
    files = session.workspace.files
    if not files:
        return None
    low = text.lower()
    named = [f for f in files if f.lower() in low or f.rsplit(".", 1)[0].lower() in low]
    return (named or files)[-1]


def _run_id(session: ChatSession, text: str) -> str | None:
    """A run id the message names and this chat knows of; None: the tool's default (the latest run)."""
    from tools.runs import list_run_dirs

    known = session.known_runs() | ({d.name for d in list_run_dirs()} if not session.own_runs_only else set())
    return next((m.group(1) for m in RUN_ID.finditer(text) if m.group(1) in known), None)


def _first(patterns, text: str) -> str | None:
    return next((value for value, pattern in patterns if re.search(pattern, text, re.I)), None)


def _texts(text: str) -> list[str]:
    quoted = [next(g for g in m.groups() if g) for m in QUOTED.finditer(text)]
    if quoted:
        return [q.strip() for q in quoted]
    lines = [ln.strip(" -*•\t") for ln in text.split("\n")[1:] if ln.strip(" -*•\t")]
    if lines:  # "classify these:\n text one\n text two"
        return lines
    head, colon, rest = text.partition(":")
    return [rest.strip()] if colon and len(rest.strip()) >= 2 else []


def given_args(session: ChatSession, name: str, text: str) -> dict | None:
    """The arguments of `name` as the user's words and the chat state give them, or None (the model writes them)."""
    spec = toolset.specs().get(name)
    if spec is None or (set(spec.params) & {"goal", "text_column", "label_column"} and MODEL_NEEDED.search(text)):
        return None
    args: dict = {}
    for param, info in spec.params.items():
        value = None
        if param == "path" and name == "predict":  # label a whole uploaded file only when the words say so
            value = _file(session, text) if re.search(r"file|파일|csv|tsv|rows|행", text, re.I) else None
        elif param in spec.files:
            value = _file(session, text)
        elif param == "query":
            value = " ".join(text.split())
        elif param == "run_id":
            value = _run_id(session, text)
        elif param == "texts":
            value = _texts(text) or None
        elif param == "method":
            value = _first(METHODS, text)
        elif param == "format":
            value = _first(FORMATS, text)
        if value is not None:
            args[param] = value
        elif info.get("required"):
            return None
    if name == "predict":
        if args.get("texts"):
            args.pop("path", None)  # texts to classify, not the file they were said next to
        elif not args.get("path"):
            return None
    return args
