"""The tools as the chat model sees them, and the one function that runs a call safely.

Descriptions and parameters come from prompts/tools.yaml (data, so they can be tuned without
touching code); the functions are the plain ones from tools/, and `specs()` checks the two
against each other when the assistant starts. `run_call` is the only path from a tool call (the
model's, or a button's) to a function: it validates and repairs the model's arguments against the
schema, resolves file names in the chat's sandbox, fills in `lang`, applies the confirmation gate
to start_training, and returns the computed summary the model reads plus the full result.
"""
from __future__ import annotations

import dataclasses
import inspect
import json
import re
import types
import typing
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, Optional

import yaml
from langchain_core.tools import StructuredTool
from pydantic import Field, ValidationError, create_model

import tools as plain_tools
from assistant import gates, tool_texts
from assistant.session import ChatSession, Proposal
from tools.language import say
from tools.settings import user_settings

PROMPTS = Path(__file__).resolve().parent / "prompts"
_TYPES = {"string": str, "number": float, "integer": int, "boolean": bool}


@dataclass(frozen=True)
class ToolSpec:
    name: str
    description: str
    params: dict  # name -> {type, required, description, enum, items}
    files: tuple[str, ...] = ()
    needs: str | None = None  # None | "files" | "confirmed"
    takes_lang: bool = False  # the function writes prose in the chat's language

    @property
    def fn(self):
        return getattr(plain_tools, self.name)


class NeedsConfirmation(Exception):
    """start_training or clean_dataset without the user's yes: the plan goes back to the user as a question
    (`question`: what the user reads; None: tool_texts.proposal_question of the settings)."""

    def __init__(self, proposal: Proposal, summary: str, question: str | None = None):
        super().__init__(summary)
        self.proposal, self.summary, self.question = proposal, summary, question


@lru_cache(maxsize=1)
def _described() -> dict:
    """prompts/tools.yaml, parsed once: it is read on every model call (examples, next tools)."""
    return yaml.safe_load((PROMPTS / "tools.yaml").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def specs() -> dict[str, ToolSpec]:
    data = _described()
    out = {}
    for name, d in data.items():
        if d.get("pseudo"):
            continue
        if not hasattr(plain_tools, name):
            raise ValueError(f"prompts/tools.yaml describes {name!r}, which tools/ does not have. Fix: remove it or "
                             f"add the tool to tools/__init__.py.")
        for param, p in (d.get("params") or {}).items():
            unknown = set(p) - {"type", "required", "description", "enum", "items", "default_from", "grounded"}
            if p.get("grounded") not in (None, "user", "proposal"):
                raise ValueError(f"prompts/tools.yaml: {name}.{param}.grounded must be user or proposal.")
            if "next" in d and not set(d["next"]) <= set(data):
                raise ValueError(f"prompts/tools.yaml: {name}.next names unknown tools. Fix: list tool names.")
            if unknown:  # usually an unquoted comma in a YAML flow mapping
                raise ValueError(f"prompts/tools.yaml: {name}.{param} has unknown keys {sorted(unknown)}. Fix: quote "
                                 "descriptions that contain commas.")
        real = {f.__name__: f for f in plain_tools.TOOLS}[name]  # not a test's stand-in on the module
        check_signature(name, d.get("params") or {}, tuple(d.get("files") or ()), real)
        out[name] = ToolSpec(name, " ".join(d["description"].split()), d.get("params") or {},
                             tuple(d.get("files") or ()), d.get("needs"), "lang" in inspect.signature(real).parameters)
    return out


FILLED_IN = ("lang", "dry_run")  # the assistant sets these itself; the model never sees them
_YAML_TYPES = {"string": (str,), "number": (float,), "integer": (int,), "boolean": (bool,), "array": (list,)}


def accepted(fn) -> dict[str, object]:
    """{parameter: type hint} the function takes; `**overrides` (start_training) takes TrainConfig's fields."""
    from tools.config import TrainConfig

    hints = typing.get_type_hints(fn)
    params = inspect.signature(fn).parameters.values()
    out = {p.name: hints.get(p.name) for p in params if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)}
    if any(p.kind is p.VAR_KEYWORD for p in params):
        fields = typing.get_type_hints(TrainConfig)
        out.update({f.name: fields[f.name] for f in dataclasses.fields(TrainConfig) if f.name not in out})
    return out


def _plain(hint) -> tuple[type | None, type | None]:
    """(type, item type) of a hint without its Optional: `list[str] | None` -> (list, str)."""
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    if typing.get_origin(hint) in (typing.Union, types.UnionType) and len(args) == 1:
        hint = args[0]
    origin = typing.get_origin(hint)
    if origin is list:
        return list, (typing.get_args(hint) or (None,))[0]
    return hint, None


def check_signature(name: str, params: dict, files: tuple, fn) -> None:
    """prompts/tools.yaml's parameters for `name` against the function: every described parameter must
    exist with a matching type, and every parameter the function requires must be described."""
    def bad(problem: str):
        raise ValueError(f"prompts/tools.yaml and tools.{name} disagree: {problem}. Fix: change the description in "
                         "assistant/prompts/tools.yaml (or the function) so that both name the same parameters.")

    takes = accepted(fn)
    for param, p in params.items():
        if param not in takes:
            bad(f"{param!r} is described, but {name}() has no such parameter (it takes {', '.join(takes)})")
        typ, item = _plain(takes[param])
        want = p.get("type", "string")
        if takes[param] is not None and typ not in _YAML_TYPES.get(want, ()):
            bad(f"{param!r} is described as {want}, but {name}() takes {getattr(typ, '__name__', typ)}")
        if want == "array" and item is not None and item not in _YAML_TYPES.get(p.get("items", "string"), ()):
            bad(f"{param!r} is a list of {p.get('items', 'string')}, but {name}() takes a list of {item.__name__}")
    for f in files:
        if f not in params:
            bad(f"files names {f!r}, which is not among its params")
    required = [p.name for p in inspect.signature(fn).parameters.values()
                if p.default is p.empty and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]
    missing = [p for p in required if p not in params and p not in FILLED_IN]
    if missing:
        bad(f"{name}() requires {', '.join(missing)}, which the description does not list")


def _field(p: dict):
    typ = Literal[tuple(p["enum"])] if p.get("enum") else _TYPES.get(p.get("type"), str)
    if p.get("type") == "array":
        typ = list[_TYPES.get(p.get("items", "string"), str)]
    if p.get("required"):
        return typ, Field(..., description=p.get("description"))
    return Optional[typ], Field(None, description=p.get("description"))


def schema(spec: ToolSpec):
    """A pydantic model of the parameters the model may set (what it sees, and what we validate)."""
    return create_model(spec.name, **{k: _field(p) for k, p in spec.params.items()})


@lru_cache(maxsize=1)
def pseudo_tools() -> dict[str, dict]:
    """The pseudo-tools ("reply", "answer": no tool, write the answer) as OpenAI-format schemas."""
    data = _described()
    return {name: {"type": "function", "function": {"name": name, "description": " ".join(d["description"].split()),
                                                    "parameters": {"type": "object", "properties": {}, "required": []}}}
            for name, d in data.items() if d.get("pseudo")}


def next_tools(names: list[str]) -> set[str]:
    """The tools that may follow these in the same turn (tools.yaml `next`), e.g. inspect → recommend."""
    data = _described()
    return {n for name in names for n in (data.get(name) or {}).get("next") or []}


def json_schema(spec: ToolSpec) -> dict:
    """The compact JSON schema the model reads (pydantic's anyOf-null form costs a third more tokens)."""
    props = {}
    for k, p in spec.params.items():
        prop = {"type": p.get("type", "string")}
        if p.get("type") == "array":
            prop["items"] = {"type": p.get("items", "string")}
        if p.get("enum"):
            prop["enum"] = list(p["enum"])
        if p.get("description"):
            prop["description"] = p["description"]
        props[k] = prop
    return {"type": "object", "properties": props, "required": [k for k, p in spec.params.items() if p.get("required")]}


@lru_cache(maxsize=1)
def langchain_tools() -> tuple[StructuredTool, ...]:
    """Every tool as a LangChain tool. Their bodies are only for use outside the agent: inside it,
    the ToolGuard middleware calls run_call, which adds the sandbox, lang and the gate."""
    out = []
    for spec in specs().values():
        fn = spec.fn
        out.append(StructuredTool.from_function(func=lambda _fn=fn, **kw: _fn(**kw), name=spec.name,
                                                description=spec.description, args_schema=json_schema(spec)))
    return tuple(out)


def example_turns(names: set[str], files: list[str]) -> list[tuple[str, str, dict]]:
    """(user message, tool, arguments) examples for the tools offered and `reply`, interleaved so that
    no tool's examples all sit next to the real question (a 0.5B model leans to what it read last)."""
    data = _described()
    file = files[0] if files else "data.csv"
    per_tool = [[(ex["user"].replace("{file}", file), name,
                  json.loads(json.dumps(ex["args"], ensure_ascii=False).replace("{file}", file)))
                 for ex in d.get("examples") or []]
                for name, d in data.items() if name in names or name == "reply"]
    out = []
    for i in range(max((len(x) for x in per_tool), default=0)):
        out += [x[i] for x in per_tool if i < len(x)]
    return out


def run_states(session: ChatSession) -> set[str]:
    """What is true of training runs for this chat: "run" (one exists on this machine or this chat
    started or named one), "running" (one is queued or running), "resumable" (one stopped early)."""
    from tools.runs import list_run_dirs, read_json

    known = session.known_runs()
    states = {"run"} if known else set()
    here = list_run_dirs()
    # runs named in a conversation carried over from elsewhere: as the assistant last stated them
    statuses = [session.said_status(r) for r in known - {d.name for d in here}]
    for d in here:
        if session.own_runs_only and d.name not in known:
            continue
        statuses.append((read_json(d / "status.json", {}) or {}).get("status"))
        states.add("run")
    for status in statuses:
        if status in ("queued", "running"):
            states.add("running")
        elif status in ("failed", "cancelled"):
            states.add("resumable")
    return states


def visible(session: ChatSession) -> list[str]:
    """The tools offered to the model now. Only what can work in the chat's state: file tools after
    an upload, start_training after the user's yes, run tools once a run exists (cancel while one
    runs, resume when one stopped). Fewer choices route a small model better, and an action that
    cannot apply cannot be picked by mistake."""
    states = None
    out = []
    for spec in specs().values():
        if spec.needs == "files" and not session.workspace.files:
            continue
        if spec.needs == "confirmed" and session.confirmed_settings is None:
            continue
        confirmed = session.confirmed_settings
        if confirmed is not None and confirmed.tool != "start_training" and spec.name == "start_training":
            continue  # the yes answered a proposed cleaning, not a training
        if spec.needs in ("run", "running", "resumable"):
            states = run_states(session) if states is None else states
            if spec.needs not in states:
                continue
        out.append(spec.name)
    return out


def _grounds(session: ChatSession, where: str) -> str:
    """The text a grounded value must appear in: what the user wrote ("user"), or that and the
    assistant's last message ("proposal": settings the assistant proposed and the user accepted)."""
    from langchain_core.messages import AIMessage, HumanMessage

    parts = [session.said] + [str(m.content) for m in session.messages if isinstance(m, HumanMessage)]
    if where == "proposal":
        parts += [str(m.content) for m in session.messages[-1:] if isinstance(m, AIMessage)]
    return " ".join(parts).lower()


def _mentioned(value, text: str) -> bool:
    """Whether the conversation contains this value (numbers as written or as the model formats them; a
    method or export format also in the words said_args reads it from, e.g. "풀 파인튜닝" for full)."""
    from assistant.said_args import FORMATS, METHODS

    said_as = dict(METHODS + FORMATS).get(str(value).lower()) if isinstance(value, str) else None
    if said_as and re.search(said_as, text, re.I):
        return True
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    words = [w for w in str(value).lower().replace("/", " ").split() if len(w) > 1 or w.isdigit()]
    return bool(words) and all(w in text for w in words)


FILE_ALIASES = ("path", "dataset_path", "file", "filename", "file_name", "file_path", "data_path", "dataset", "data")


def _validate(spec: ToolSpec, args: dict, lang: str, said: str = "") -> dict:
    args = dict(args or {})
    for k, p in spec.params.items():  # search_faq without a query: the user's message is the question
        if p.get("default_from") == "message" and not args.get(k) and said.strip():
            args[k] = said.strip()
    for k in spec.files:  # the model mixes up path / dataset_path / file
        if k not in args:
            alias = next((a for a in FILE_ALIASES if a in args and isinstance(args[a], str)), None)
            if alias:
                args[k] = args.pop(alias)
    args = {k: v for k, v in args.items() if k in spec.params and v not in (None, "")}
    for k, p in spec.params.items():  # a single text where a list is expected: ["text"]
        if p.get("type") == "array" and isinstance(args.get(k), str):
            args[k] = [args[k]]
    for k in spec.files:  # the sandbox picks the only uploaded file when the model left it out
        if spec.params[k].get("required"):  # an optional one (predict's path) left out stays out
            args.setdefault(k, None)
    try:
        model = schema(spec).model_validate({k: ("" if v is None else v) for k, v in args.items()})
    except ValidationError as e:
        problems = "; ".join(f"{'.'.join(map(str, err['loc']))}: {err['msg']}" for err in e.errors())
        params = ", ".join(f"{k} ({p.get('type', 'string')}{', required' if p.get('required') else ''})"
                           for k, p in spec.params.items())
        raise ValueError(say(lang, f"Bad arguments for {spec.name}: {problems}. Fix: call it with {params}.",
                             f"{spec.name}의 인자가 잘못되었습니다: {problems}. 해결: {params} 형식으로 호출하세요.")) from None
    return {k: v for k, v in model.model_dump().items() if v not in (None, "")} | \
        {k: args[k] for k in spec.files if k in args and args[k] in (None, "")}


def repair(session: ChatSession, name: str, args: dict, by_user: bool = False) -> tuple[dict, dict]:
    """(arguments as shown in events, with file names; arguments for the function, with real paths).

    The model's arguments are checked against the schema and repaired; `by_user` ones (a button, the
    settings form: the user's own values, possibly settings the model is never offered) are taken as
    given. File names of both are resolved in the chat's sandbox."""
    spec = specs().get(name)
    if spec is None:
        raise ValueError(say(session.lang, f"There is no tool called {name!r}. Fix: use one of: "
                                           f"{', '.join(visible(session))}.",
                             f"{name!r}라는 도구는 없습니다. 해결: 다음 중 하나를 쓰세요: {', '.join(visible(session))}."))
    if by_user:
        args = {k: v for k, v in (args or {}).items() if v is not None and k not in FILLED_IN}
    else:
        args = _validate(spec, args, session.lang, session.said)
        for k, p in spec.params.items():  # "only if the user names it": a value nobody wrote is invented
            if p.get("grounded") and k in args and not _mentioned(args[k], _grounds(session, p["grounded"])):
                args.pop(k)
    shown, real = dict(args), dict(args)
    for k in spec.files:
        if k not in args and not spec.params[k].get("required"):
            continue
        path = session.workspace.resolve(args.get(k), session.lang, said=session.said)
        shown[k], real[k] = path.name, str(path)
    return shown, real


def _gate(session: ChatSession, shown: dict, real: dict) -> dict:
    """The arguments start_training may run with, or NeedsConfirmation with the settings to ask about."""
    confirmed = session.use_confirmation()
    if confirmed is not None and confirmed.tool != "start_training":
        confirmed = None  # a yes to a proposed cleaning does not start a training
    if confirmed is not None and confirmed.dataset is None:
        return real  # confirmed a proposal that was only text in the conversation: the model restates it
    if confirmed is not None and confirmed.dataset == shown["dataset_path"]:
        return {"dataset_path": real["dataset_path"], **confirmed.settings}  # exactly what the user saw
    preview = plain_tools.start_training(**real, dry_run=True, lang=session.lang)
    # a fair retrain's validation rows (tools/retrain.py) stay part of what the user confirms
    kept = {k: real[k] for k in ("validation_path", "validation_from_run", "seed") if real.get(k) is not None}
    proposal = Proposal(dataset=shown["dataset_path"], settings={**user_settings(preview), **kept})
    session.propose(proposal)
    text = tool_texts.settings_text(proposal.settings)
    raise NeedsConfirmation(proposal, say(
        session.lang,
        f"Not started: the user has not confirmed. Proposed settings for {proposal.dataset}: {text}; about "
        f"{preview.get('estimated_minutes')} minutes. Fix: show these settings and ask the user whether to start.",
        f"시작하지 않았습니다: 사용자가 아직 확인하지 않았습니다. {proposal.dataset}에 제안한 설정: {text}; 약 "
        f"{preview.get('estimated_minutes')}분. 해결: 이 설정을 보여 주고 시작할지 물어보세요."))


@dataclass
class Outcome:
    args: dict  # as shown (file names, not paths)
    summary: str  # what the model reads
    result: Any  # the full result, for the UI
    answer: str  # what the user reads (assistant/tool_texts.py)


def run_call(session: ChatSession, name: str, args: dict, by_user: bool = False) -> Outcome:
    """Run one tool call, the model's or (`by_user`) a button's, see `repair`. Raises ValueError (the
    message names the fix) or NeedsConfirmation."""
    shown, real = repair(session, name, args, by_user)
    spec = specs()[name]
    if session.own_runs_only and "run_id" in spec.params:
        real["run_id"] = shown["run_id"] = _own_run(session, real.get("run_id"))
    if session.own_runs_only and name == "compare_runs":
        real["run_ids"] = shown["run_ids"] = gates.own_runs(session, real.get("run_ids"))
    if name == "start_training":
        real = _gate(session, shown, real)
        real["dry_run"] = session.dry_run
    if name == "clean_dataset":
        real = gates.clean_gate(session, shown, real)
        real["dry_run"] = session.dry_run
    if spec.takes_lang:
        real["lang"] = session.lang
    result = spec.fn(**real)
    if isinstance(result, dict) and result.get("run_id"):
        session.run_ids.add(str(result["run_id"]))
    if name in ("clean_dataset", "augment_dataset") and isinstance(result, dict) and result.get("output_path"):
        session.workspace.register_written(result["output_path"])  # the new file is one the chat may name
    if name == "recommend_settings":
        result = gates.with_stated_changes(session, result)
        session.propose(Proposal(dataset=shown["dataset_path"], settings=user_settings(result)))
    return Outcome(shown, tool_texts.summary(name, result, shown, session.lang), result,
                   tool_texts.answer(name, result, shown, session.lang))


def _own_run(session: ChatSession, run_id: str | None) -> str:
    """The chat's own run: the one named, if this chat knows it, else its latest (ids sort by time)."""
    known = sorted(session.known_runs())
    if run_id and str(run_id).strip() in known:
        return str(run_id).strip()
    if not run_id and known:
        return known[-1]
    raise ValueError(say(session.lang, f"Run {run_id!r} was not started in this chat. Fix: use one of this chat's "
                                       f"runs ({', '.join(known) or 'none yet'}), or pick it in the Training panel.",
                         f"{run_id!r} 실행은 이 대화에서 시작하지 않았습니다. 해결: 이 대화의 실행"
                         f"({', '.join(known) or '아직 없음'})을 쓰거나 학습 패널에서 고르세요."))
