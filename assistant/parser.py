"""Turn whatever a small local model wrote into (answer text, tool calls).

Qwen is trained to write `<tool_call>{"name": …, "arguments": …}</tool_call>`, but a 0.5B model
drifts: it fences the JSON in ```json, writes bare JSON, a list of calls, OpenAI's
{"function": {...}} shape, "parameters" instead of "arguments", arguments as a JSON string,
Python literals (single quotes, True/None), a trailing comma, a missing closing tag when it
stops early, or a Python call `inspect_dataset(path="a.csv")`. Each of these is a real output
seen from the model (tests/test_parser.py keeps them). Anything we cannot read as a call to a
known tool stays answer text: a JSON example in an explanation must not become an action.
"""
from __future__ import annotations

import ast
import difflib
import json
import re
import uuid
from dataclasses import dataclass, field

TAG = re.compile(r"<tool_call>\s*(.*?)\s*(?:</tool_call>|(?=<tool_call>)|\Z)", re.S)
FENCE = re.compile(r"```[ \t]*([A-Za-z]*)[ \t]*\n?(.*?)(?:```|\Z)", re.S)
_NAME_KEYS = ("name", "tool", "tool_name", "function_name", "action", "function")
MAX_CALLS = 3  # calls acted on from one output; more is a model stuck in a loop
_ARG_KEYS = ("arguments", "parameters", "args", "params", "input", "action_input", "tool_input", "kwargs")


@dataclass
class Parsed:
    content: str
    tool_calls: list[dict] = field(default_factory=list)  # LangChain ToolCall dicts: name, args, id, type


def new_call_id() -> str:
    return "call_" + uuid.uuid4().hex[:12]


def _balanced(text: str, start: int) -> int | None:
    """End index (exclusive) of the bracketed value opening at text[start], respecting strings."""
    pairs = {"{": "}", "[": "]"}
    stack, quote, i = [], None, start
    while i < len(text):
        ch = text[i]
        if quote:
            if ch == "\\":
                i += 1
            elif ch == quote:
                quote = None
        elif ch in "\"'":
            quote = ch
        elif ch in pairs:
            stack.append(pairs[ch])
        elif ch in "}]":
            if not stack or stack.pop() != ch:
                return None
            if not stack:
                return i + 1
        i += 1
    return None


def _loads(blob: str):
    """JSON, else JSON with trailing commas removed, else a Python literal (single quotes, True, None)."""
    for attempt in (blob, re.sub(r",\s*([}\]])", r"\1", blob)):
        try:
            return json.loads(attempt)
        except json.JSONDecodeError:
            pass
    py = re.sub(r"\btrue\b", "True", re.sub(r"\bfalse\b", "False", re.sub(r"\bnull\b", "None", blob)))
    try:
        return ast.literal_eval(py)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):  # TypeError: "{[]}" is a set of a list
        return None


def _complete(blob: str) -> str:
    """Close the brackets of a call cut off by the token limit: `{"name": "x", "arguments": {"a": 1`."""
    stack, quote, i = [], None, 0
    while i < len(blob):
        ch = blob[i]
        if quote:
            if ch == "\\":
                i += 1
            elif ch == quote:
                quote = None
        elif ch in "\"'":
            quote = ch
        elif ch in "{[":
            stack.append("}" if ch == "{" else "]")
        elif ch in "}]" and stack:
            stack.pop()
        i += 1
    return blob + (quote or "") + "".join(reversed(stack))


def _values(text: str) -> list[tuple[int, int, object]]:
    """Every top-level JSON/Python object or list in text as (start, end, value)."""
    out, i = [], 0
    while i < len(text):
        if text[i] in "{[":
            end = _balanced(text, i)
            if end is not None:
                value = _loads(text[i:end])
                if isinstance(value, (dict, list)):
                    out.append((i, end, value))
                    i = end
                    continue
        i += 1
    return out


class _Resolver:
    def __init__(self, tools: dict[str, list[str]] | None):
        self.tools = tools  # name -> parameter names in order; None accepts any name

    def name(self, raw) -> str | None:
        if not isinstance(raw, str) or not raw.strip():
            return None
        name = raw.strip().removeprefix("functions.").strip()
        if self.tools is None or name in self.tools:
            return name
        # "inspect_data", "Inspect Dataset", "detect-hardware": a near miss of a real tool name
        key = re.sub(r"[\s\-]+", "_", name).lower()
        if key in self.tools:
            return key
        close = difflib.get_close_matches(key, list(self.tools), n=1, cutoff=0.8)
        return close[0] if close else None

    def call(self, obj) -> dict | None:
        """A tool call from one decoded object, or None when it is not one."""
        if not isinstance(obj, dict):
            return None
        if isinstance(obj.get("function"), dict):  # OpenAI: {"type": "function", "function": {...}}
            return self.call(obj["function"])
        raw_name = next((obj[k] for k in _NAME_KEYS if isinstance(obj.get(k), str)), None)
        name = self.name(raw_name)
        if name is None:
            return None
        args = next((obj[k] for k in _ARG_KEYS if k in obj), None)
        if args is None:  # {"name": "x", "path": "a.csv"}: the arguments written beside the name
            args = {k: v for k, v in obj.items() if k not in _NAME_KEYS and k != "type"}
        if isinstance(args, str):
            decoded = _loads(args) if args.strip()[:1] in "{[" else None
            args = decoded if isinstance(decoded, (dict, list)) else ({} if not args.strip() else None)
        if isinstance(args, list) and self.tools is not None:  # ["a.csv"]: positional, in schema order
            params = self.tools.get(name, [])
            args = dict(zip(params, args)) if len(args) <= len(params) else None
        if not isinstance(args, dict):
            return None
        return {"name": name, "args": args, "id": new_call_id(), "type": "tool_call"}

    def calls(self, value) -> list[dict]:
        items = value if isinstance(value, list) else [value]
        found = [self.call(v) for v in items]
        return [c for c in found if c] if all(found) else []

    def python_calls(self, text: str) -> list[dict]:
        """`inspect_dataset(path="a.csv")` lines, literal arguments only."""
        if self.tools is None:
            return []
        out = []
        for m in re.finditer(r"\b([A-Za-z_][\w.]*)\s*\(", text):
            name = self.name(m.group(1))
            end = _balanced(text.replace("(", "[").replace(")", "]"), m.end() - 1)
            if name is None or end is None:
                continue
            try:
                node = ast.parse(f"f{text[m.end() - 1:end]}", mode="eval").body
                args = {k.arg: ast.literal_eval(k.value) for k in node.keywords if k.arg}
                params = self.tools.get(name, [])
                args.update({p: ast.literal_eval(a) for p, a in zip(params, node.args)})
            except (SyntaxError, ValueError, AttributeError):
                continue
            out.append({"name": name, "args": args, "id": new_call_id(), "type": "tool_call"})
        return out


def parse(text: str, tools: dict[str, list[str]] | None = None) -> Parsed:
    """Split model output into answer text and tool calls.

    tools maps each known tool name to its parameter names (for positional Python calls);
    None accepts any name (used only where the tools are unknown).
    """
    r = _Resolver(tools)
    calls: list[dict] = []
    spans: list[tuple[int, int]] = []
    # 1. <tool_call> blocks: the model's trained format; the body may itself be fenced.
    for m in TAG.finditer(text):
        body = m.group(1).strip()
        fence = FENCE.search(body)
        body = fence.group(2).strip() if fence else body
        values = _values(body) or _values(_complete(body))
        found = [c for _, _, v in values for c in r.calls(v)] or r.python_calls(body)
        calls += found
        spans.append(m.span())
    # 2. Fenced blocks (```json, ```python, ```) holding calls.
    if not calls:
        for m in FENCE.finditer(text):
            body = m.group(2)
            found = [c for _, _, v in _values(body) for c in r.calls(v)]
            if not found and m.group(1).lower() in ("", "python", "py", "tool_code", "tool"):
                found = r.python_calls(body)
            if found:
                calls += found
                spans.append(m.span())
    # 3. Bare JSON anywhere, then Python calls, for known tools only.
    if not calls:
        for start, end, value in _values(text) or _values(_complete(text)):
            found = r.calls(value)
            if found:
                calls += found
                spans.append((start, min(end, len(text))))
    if not calls and tools is not None:
        for line in text.splitlines():
            stripped = line.strip().strip("`").strip()
            if re.fullmatch(r"[A-Za-z_][\w.]*\s*\(.*\)\s*;?", stripped):
                found = r.python_calls(stripped)
                if found:
                    calls += found
                    start = text.find(line)
                    spans.append((start, start + len(line)))
    unique, seen = [], set()
    for c in calls:  # a small model may repeat one call many times in one output
        key = (c["name"], json.dumps(c["args"], sort_keys=True, default=str))
        if key not in seen:
            seen.add(key)
            unique.append(c)
    calls = unique[:MAX_CALLS]
    content = text
    for start, end in sorted(spans, reverse=True):
        content = content[:start] + content[end:]
    content = re.sub(r"</?tool_call>", "", content)
    return Parsed(content=re.sub(r"\n{3,}", "\n\n", content).strip(), tool_calls=calls)

