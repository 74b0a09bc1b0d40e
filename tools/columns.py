"""Which columns of a table hold the text and the label, or the prompt/response or chat turns.

Names people commonly use (English and Korean) win; otherwise the text is the long, varied
string column and the label a column with few distinct values. Arguments always override.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass

import pandas as pd

MAX_LABELS = 200  # classes listed in `labels`; a label column has at most this many distinct values

TEXT_NAMES = ("text", "sentence", "review", "document", "content", "comment", "body", "tweet", "utterance",
              "message", "question", "query", "description", "sentence1", "review_text", "title",
              "문장", "리뷰", "내용", "텍스트", "본문", "댓글", "질문", "발화", "문서", "제목")
LABEL_NAMES = ("label", "labels", "target", "class", "category", "sentiment", "polarity", "intent", "topic",
               "emotion", "tag", "y", "score", "rating", "stars", "라벨", "레이블", "감정", "감성", "정답", "분류",
               "카테고리", "클래스", "긍부정", "평점", "점수", "별점")
# Names that make a column the label even beside prompt/response columns ("category" in Dolly does not).
STRONG_LABEL_NAMES = ("label", "labels", "target", "class", "라벨", "레이블")
MESSAGES_NAMES = ("messages", "conversations", "conversation", "chat", "dialog", "dialogue", "turns", "대화")
PROMPT_NAMES = ("instruction", "prompt", "question", "query", "지시", "지시문", "명령어", "질문")
RESPONSE_NAMES = ("output", "response", "completion", "answer", "chosen", "reply", "답변", "응답", "출력", "대답")
CONTEXT_NAMES = ("input", "context", "입력", "맥락")
ID_NAMES = ("id", "idx", "index", "row", "row_id", "uid", "guid", "key", "번호", "column_1")



@dataclass
class Columns:
    text: str  # the column reported as text_column (prompt or messages column for generation)
    label: str | None
    generation: dict | None  # role → column, for generation data


def _norm_name(c) -> str:
    return re.sub(r"[\s\-]+", "_", str(c).strip().lower())


def _named(df: pd.DataFrame, names, exclude=()) -> str | None:
    by_name: dict[str, str] = {}
    for c in df.columns:
        by_name.setdefault(_norm_name(c), c)
    return next((by_name[n] for n in names if n in by_name and by_name[n] not in exclude), None)


def parse_conversation(value) -> list[tuple[str, str]] | None:
    """[(role, content)] from a chat cell: JSON list of {role, content} (or ShareGPT {from, value})."""
    if not isinstance(value, str) or not value.lstrip().startswith("["):
        return None
    try:
        turns = json.loads(value)
    except ValueError:
        return None
    if not isinstance(turns, list) or not turns:
        return None
    out = []
    for t in turns:
        if not isinstance(t, dict):
            return None
        role = t.get("role", t.get("from", t.get("speaker")))
        content = t.get("content", t.get("value", t.get("text")))
        if role is None or content is None:
            return None
        out.append((str(role), content if isinstance(content, str) else json.dumps(content, ensure_ascii=False)))
    return out


def _is_messages(s: pd.Series) -> bool:
    values = s.dropna().head(20).tolist()
    return bool(values) and sum(parse_conversation(v) is not None for v in values) >= 0.8 * len(values)


def _numeric_share(s: pd.Series) -> float:
    v = s.dropna()
    return float(pd.to_numeric(v, errors="coerce").notna().mean()) if len(v) else 0.0


def _id_like(df: pd.DataFrame, c: str) -> bool:
    name = _norm_name(c)
    if name in ID_NAMES or name.endswith("_id"):
        return True
    v = df[c].dropna()
    n = pd.to_numeric(v, errors="coerce")
    return len(v) >= 20 and n.notna().all() and (n % 1 == 0).all() and n.is_unique


def _guess_text(df: pd.DataFrame, exclude) -> str | None:
    """The string column with the longest mean length, preferring ones that are mostly unique."""
    scored = []
    for c in df.columns:
        v = df[c].dropna()
        if c in exclude or not len(v) or _numeric_share(v) > 0.5 or _is_messages(v):
            continue
        scored.append((v.nunique() >= 0.5 * len(v), float(v.str.len().mean()), c))
    return max(scored)[2] if scored else None


def _guess_label(df: pd.DataFrame, exclude) -> str | None:
    """A column with few distinct values relative to the rows; else the one numeric column (regression)."""
    few, numeric = [], []
    for i, c in enumerate(df.columns):
        v = df[c].dropna()
        if c in exclude or not len(v) or _id_like(df, c):
            continue
        k = v.nunique()
        if 2 <= k <= max(2, min(MAX_LABELS, 0.5 * len(v))) and v.str.len().mean() < 100:
            few.append((k, -i, c))
        elif _numeric_share(v) == 1.0:
            numeric.append(c)
    if few:
        return min(few)[2]
    return numeric[0] if len(numeric) == 1 else None


def detect_columns(df: pd.DataFrame, text_column: str | None, label_column: str | None) -> Columns:
    cols = list(df.columns)
    for name, what in ((text_column, "text"), (label_column, "label")):
        if name and name not in cols:
            shown = ", ".join(repr(c) for c in cols[:30])
            raise ValueError(f"There is no column {name!r} (asked for as the {what} column); the columns are: "
                             f"{shown}. Fix: pass one of these names exactly, e.g. {what}_column={cols[0]!r}.")
    if text_column and label_column and text_column == label_column:
        raise ValueError(f"The text and label column are both {text_column!r}. Fix: name two different columns.")
    label = label_column or _named(df, STRONG_LABEL_NAMES, {text_column}) or next(
        (c for c in cols if "label" in _norm_name(c) and c != text_column), None)
    if label is None:
        # Generation data: a chat column, or a prompt column with a response column.
        if text_column:
            messages = text_column if _is_messages(df[text_column]) else None
        else:
            messages = _named(df, MESSAGES_NAMES) or next((c for c in cols if _is_messages(df[c])), None)
        if messages:
            return Columns(messages, None, {"messages": messages})
        prompt = text_column or _named(df, PROMPT_NAMES)
        response = _named(df, RESPONSE_NAMES, {prompt}) if prompt else None
        if prompt and response:
            context = _named(df, CONTEXT_NAMES, {prompt, response})
            if context or _norm_name(prompt) in ("instruction", "지시", "지시문", "명령어"):
                roles = {"instruction": prompt, "input": context, "output": response}
            else:
                roles = {"prompt": prompt, "response": response}
            return Columns(prompt, None, {k: v for k, v in roles.items() if v})
        label = _named(df, LABEL_NAMES, {text_column})
    text = (text_column or _named(df, TEXT_NAMES, {label})
            or next((c for c in cols if "text" in _norm_name(c) and c != label), None)
            or _guess_text(df, {label}))
    if text is None:
        raise ValueError(f"No column of text found among {', '.join(repr(c) for c in cols[:30])}. Fix: pass the "
                         f"column that holds the texts, e.g. text_column={cols[0]!r}.")
    if label is None:
        label = _guess_label(df, {text})
    if label is None:
        return Columns(text, None, {"text": text})  # plain texts: language-model fine-tuning
    return Columns(text, label, None)
