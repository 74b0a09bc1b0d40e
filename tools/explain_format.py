"""How explain_results writes numbers and user data: percentages, points, durations, code spans, paragraphs."""
from __future__ import annotations

import math
import re

from tools.evaluation import finite


def code(value, limit: int = 120) -> str:
    """User data as one inline code span: one line, no backticks that could close it, truncated."""
    text = " ".join(str("" if value is None else value).split()).replace("`", "'")
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return f"`{text}`" if text else "` `"


def pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def pts(d: float) -> str:
    return f"{100 * d:+.1f}"


def num(x) -> str:
    """3.0 → "3", 0.0005 → "0.0005", 1.25 → "1.25"."""
    return f"{float(x):g}"


def rate(x) -> str:
    """A learning rate with two significant digits: 0.0005 / 3 → "0.00017", not "0.000166667"."""
    return f"{float(x):.2g}"


def duration(seconds, ko: bool) -> str:
    if not finite(seconds):
        return "?"
    if seconds < 90:
        return f"{seconds:.0f}초" if ko else f"{seconds:.0f} s"
    if seconds < 90 * 60:
        return f"{seconds / 60:.0f}분" if ko else f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f}시간" if ko else f"{seconds / 3600:.1f} h"


def paragraphs(lines: list[str]) -> str:
    """Markdown paragraphs; consecutive list items stay one tight list."""
    out = ""
    for line in lines:
        item = line.startswith("- ") or re.match(r"\d+\. ", line) is not None
        prev_item = out.split("\n")[-1].startswith(("- ", "   - ")) or re.match(r"\d+\. ", out.split("\n")[-1] or "")
        if not out:
            out = line
        else:
            out += ("\n" if item and prev_item else "\n\n") + line
    return out


# The Korean names carry their particle (로/으로), which depends on how the word ends.
METHOD_NAMES = {"lora": ("LoRA", "LoRA로"), "qlora": ("QLoRA", "QLoRA로"), "full": ("full fine-tuning", "전체 파인튜닝으로")}


def method_name(method, ko: bool) -> str:
    names = METHOD_NAMES.get(str(method or "").lower())
    return names[1 if ko else 0] if names else (f"{method}(으)로" if ko else str(method or "?"))


def jsonable(value):
    """NaN/inf → None, so the result is strict JSON (a NaN loss is reported in words instead)."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    return value
