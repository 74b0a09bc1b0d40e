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
from collections.abc import Callable
from functools import lru_cache

from assistant import toolset
from assistant.session import RUN_ID, ChatSession

QUOTED = re.compile(r'"([^"\n]{2,})"|“([^”\n]{2,})”|「([^」\n]{2,})」|‘([^’\n]{2,})’|(?<![\w])\'([^\'\n]{2,})\'(?![\w])')
# [a-z] bounds, not \b: Korean particles stick to English words ("QLoRA로", "lora로")
METHODS = (("qlora", r"(?<![a-z])q-?lora(?![a-z])|큐로라|4\s*-?bit|4비트"),
           ("full", r"full fine-?tun|전체\s*(파인)?튜닝|풀\s*파인튜닝|all (of )?the weights|every weight|"
                    r"(?:train|tune|updat)\w*\s+(?:the\s+)?(?:full|whole|entire)\s+model|"
                    r"(?:전체|모든)\s*가중치|가중치\s*(?:를|을)?\s*(?:전부|전체|다|모두)"),
           ("lora", r"(?<![a-z])lora(?![a-z])|로라"))
FORMATS = (("gguf", r"gguf|ollama|llama\.?cpp"), ("merged", r"merg|병합|합쳐|full weights|전체 (모델 )?가중치"),
           ("onnx", r"onnx"))
# Words that state a goal, which only the model can turn into an argument of the tools that take one
# (recommend_settings, start_training): leave those turns to it.
GOAL_WORDS = re.compile(r"\bgoal\b|fast|quick|accura|best|빠르|빨리|정확|목표", re.I)
COLUMN_WORDS = re.compile(r"\bcol(?:umn)?s?\b|컬럼|칼럼|(?:^|[\s\'\"’”])열(?:은|이|에|로|을)?(?=[\s?.,!]|$)", re.I)
# Which column a clause names: the text or the label (the name itself is taken out before looking).
TEXT_ROLE = re.compile(r"text|sentence|review|message|body|input|문장|텍스트|본문|내용|리뷰|글", re.I)
LABEL_ROLE = re.compile(r"label|class|categor|tag|target|sentiment|라벨|레이블|클래스|카테고리|정답|분류|감정", re.I)
_NAME = r"([A-Za-z_][\w.\-]*|[가-힣][\w\-]*)"
_Q = r"[\'\"`‘“]([^\s\'\"`’”]{1,40})[\'\"`’”]"  # a quoted name without spaces
_ROLE_KO = r"(?:텍스트|라벨|레이블|문장|정답|본문)"
COLUMN_NAME = (  # the name, in the clause: quoted next to a connecting word, or next to the word column / 컬럼 / 열
    re.compile(r"(?:\b(?:in|is|are|as)\s+|=\s*|:\s*|\bcol(?:umn)?\s+)" + _Q, re.I),  # "the text is in 'body'"
    re.compile(_Q + r"\s*(?:as\b|col(?:umn)?\b|컬럼|칼럼|열)", re.I),  # "'review' as text", "'review' 컬럼이"
    re.compile(_ROLE_KO + r"\s*(?:은|는)\s*" + _Q),  # "라벨은 'sentiment' ..." (not "라벨이 '긍정'이랑 ...")
    re.compile(_Q + r"\s*(?:이|가|은|는)\s*" + _ROLE_KO),  # "'stars'가 라벨이에요"
    # "rating이 라벨인데": an English name, and the role word ends the clause or says "is"
    re.compile(r"([A-Za-z_][\w.\-]*)\s*(?:이|가|은|는)\s*" + _ROLE_KO
               + r"(?=\s*$|\s*[,.!?]|이야|이에요|예요|입니다|인데|임|이고|이며|고\s)"),
    # "column msg and ...", "column is body,": a name ends the clause ("column holds the classes" names none)
    re.compile(r"\bcol(?:umn)?\s+(?:is\s+|=\s*|:\s*|named\s+|called\s+)?" + _NAME
               + r"(?=\s*(?:$|[,.;:!?)\-]|and\b|as\b|with\b|for\b))", re.I),
    re.compile(_NAME + r"\s*(?:컬럼|칼럼|열)(?:이|에|은|이야|이에요|입니다)?"),
    re.compile(r"(?:컬럼|칼럼|열)\s*(?:은|는|이|:|=)?\s*([A-Za-z_][\w.\-]*)"),  # "문장 컬럼은 document"
    re.compile(r"\b([A-Za-z_][\w.\-]*)\s+(?:as|is)\s+the\s+(?:text|label)s?\b", re.I),  # "sentiment as the label"
    re.compile(r"\bthe\s+([A-Za-z_][\w.\-]*)\s+col(?:umn)?\b", re.I),  # "in the body column"
    re.compile(r"(?:is|are)\s+(?:in\s+)?([A-Za-z]\w*_\w*)"),  # "the text is in review_body": only a name_with_underscore
)
# "the labels are in rating": a bare word is a column only when the uploaded file has a column of that name
HEADER_NAME = re.compile(r"(?:is|are)\s+(?:in\s+)?(?:the\s+)?([^\s,.;:!?]+)", re.I)
FILE_NAME = re.compile(r"\.(?:csv|tsv|jsonl?|parquet|txt|xlsx?)$", re.I)
_NOT_NAMES = {"is", "the", "a", "named", "called", "which", "what", "this", "that", "one", "it", "column", "col",
              "columns", "here", "there", "where",
              "어느", "무슨", "어떤", "몇", "뭐", "이", "그", "저", "각", "두", "한"}
CLAUSES = re.compile(r"[,;.\n]|\band\b|\bwhile\b|그리고|이고|이며|이구|(?<=[가-힣])고\s", re.I)


def stated_columns(text: str, header: Callable[[], list[str]] = list) -> dict:
    """The text and label columns the user's words name ("the text is in 'review_body'", "label column is
    stars", "텍스트는 body 컬럼, 라벨은 category 컬럼"), by pattern: per clause, a name (quoted, or next to
    the word column / 컬럼 / 열) and what it is (a text word or a label word in the rest of the clause).
    A bare word counts only where `header()` (the file's columns, read only if a clause gets that far) has
    it. A clause with both or neither role word names nothing: that is left to the model."""
    out: dict = {}
    for clause in CLAUSES.split(text or ""):
        for m in _column_candidates(clause, header):
            name, rest = m.group(1).strip(), clause[:m.start(1)] + " " + clause[m.end(1):]
            if FILE_NAME.search(name) or name.lower() in _NOT_NAMES:  # 'reviews.csv' is the file, not a column
                continue
            is_text, is_label = bool(TEXT_ROLE.search(rest)), bool(LABEL_ROLE.search(rest))
            if is_text != is_label:
                out.setdefault("text_column" if is_text else "label_column", name)
                break
    return out


def _column_candidates(clause: str, header: Callable[[], list[str]]):
    """Where a clause may name a column, most explicit first; last, the first bare word the file's header has."""
    for pattern in COLUMN_NAME:
        yield from pattern.finditer(clause)
    bare = list(HEADER_NAME.finditer(clause))
    if bare:
        columns = header()
        yield from [m for m in bare if m.group(1) in columns][:1]


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


def _header(session: ChatSession, text: str) -> list[str]:
    """The columns of the file the message is about, or [] when it cannot be read."""
    name = _file(session, text)
    if not name:
        return []
    path = session.workspace.root / name
    try:
        return list(_columns_of(str(path), path.stat().st_mtime_ns))
    except (ValueError, OSError):
        return []


@lru_cache(maxsize=16)
def _columns_of(path: str, mtime_ns: int) -> tuple[str, ...]:
    """A file's columns from its first rows; cached while the file is unchanged (each candidate tool of a
    turn asks)."""
    from tools.data import read_table

    return tuple(str(c) for c in read_table(path, nrows=5)[0].columns)


def _run_id(session: ChatSession, text: str) -> str | None:
    """A run id the message names and this chat knows of; None: the tool's default (the latest run)."""
    from tools.runs import list_run_dirs

    known = session.known_runs() | ({d.name for d in list_run_dirs()} if not session.own_runs_only else set())
    return next((m.group(1) for m in RUN_ID.finditer(text) if m.group(1) in known), None)


def _first(patterns, text: str) -> str | None:
    return next((value for value, pattern in patterns if re.search(pattern, text, re.I)), None)


# A list item's marker, not part of the text: "1. ", "2) ", "(3) ", "① ", "- ", "• "
LIST_MARKER = re.compile(r"^\s*(?:[-*•·]+(?=\s)|\(?\d{1,3}[.)](?=\s)|[①-⑳])\s*")


def _texts(text: str) -> list[str]:
    quoted = [next(g for g in m.groups() if g) for m in QUOTED.finditer(text)]
    if quoted:
        return [q.strip() for q in quoted]
    lines = [LIST_MARKER.sub("", ln).strip() for ln in text.split("\n")[1:]]
    if any(lines):  # "classify these:\n text one\n text two", often numbered
        return [ln for ln in lines if ln]
    head, colon, rest = text.partition(":")
    return [rest.strip()] if colon and len(rest.strip()) >= 2 else []


def given_args(session: ChatSession, name: str, text: str) -> dict | None:
    """The arguments of `name` as the user's words and the chat state give them, or None (the model writes them)."""
    spec = toolset.specs().get(name)
    if spec is None or ("goal" in spec.params and GOAL_WORDS.search(text)):
        return None
    args: dict = {}
    if "text_column" in spec.params:
        args = stated_columns(text, lambda: _header(session, text))
        if not args and COLUMN_WORDS.search(text):
            return None  # a column is spoken of in a way no pattern reads: the model writes the arguments
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
