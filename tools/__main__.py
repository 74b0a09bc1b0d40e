"""`python -m tools NAME --arg value ...`: run one tool and print its result as JSON.

The parser is built from each tool's signature and docstring, so the CLI can never drift
from the functions the chat calls. Bad arguments or bad input: one line on stderr, exit 2.
"""
from __future__ import annotations

import argparse
import inspect
import json
import sys
import types
import typing

from tools import TOOLS


def _doc_parts(fn) -> tuple[str, dict[str, str]]:
    """The docstring's summary and its `Args:` section as {name: help}."""
    doc = inspect.getdoc(fn) or ""
    summary = doc.split("\n\n")[0].replace("\n", " ")
    helps, in_args = {}, False
    for line in doc.splitlines():
        if line.strip() in ("Args:", "Arguments:"):
            in_args = True
        elif in_args and line and not line.startswith(" "):
            in_args = False
        elif in_args and ":" in line and line.startswith("    ") and not line.startswith("     "):
            name, text = line.strip().split(":", 1)
            helps[name.strip()] = text.strip()
        elif in_args and helps and line.strip():
            last = list(helps)[-1]
            helps[last] += " " + line.strip()
    return summary, helps


def _value_parser(annotation):
    """A function turning the command-line string into the annotated type."""
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType) and len(args) == 1:
        annotation = args[0]
    if annotation is bool:
        return lambda s: {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False}[s.lower()]
    if annotation in (int, float):
        return annotation
    if annotation is dict or typing.get_origin(annotation) is dict:
        return json.loads  # --fixes '{"12": "positive"}'
    return str


def _json_or_text(s: str):
    try:
        return json.loads(s)
    except json.JSONDecodeError:
        return s


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m tools", description="Run one fine-tuning assistant tool; "
                                     "prints its result as JSON.")
    sub = parser.add_subparsers(dest="tool", metavar="TOOL")
    for fn in TOOLS:
        summary, helps = _doc_parts(fn)
        p = sub.add_parser(fn.__name__, help=summary, description=summary)
        hints = typing.get_type_hints(fn)
        for name, param in inspect.signature(fn).parameters.items():
            if param.kind is param.VAR_KEYWORD:
                p.epilog = "Any other --name value pair is passed through as a setting (JSON values allowed)."
                continue
            flags = [f"--{name}"] + ([f"--{name.replace('_', '-')}"] if "_" in name else [])
            required = param.default is inspect.Parameter.empty
            hint = hints.get(name, str)
            many = typing.get_origin(hint) is list  # --texts "first text" "second, with a comma"
            p.add_argument(*flags, dest=name, type=str if many else _value_parser(hint), nargs="+" if many else None,
                           required=required, default=None if required else param.default, help=helps.get(name))
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if not args.tool:
        parser.print_help()
        return 2
    fn = next(f for f in TOOLS if f.__name__ == args.tool)
    kwargs = {k: v for k, v in vars(args).items() if k != "tool"}
    has_var_kw = any(p.kind is p.VAR_KEYWORD for p in inspect.signature(fn).parameters.values())
    if extra:
        if not has_var_kw or len(extra) % 2 or not all(x.startswith("--") for x in extra[::2]):
            parser.error(f"unrecognized arguments: {' '.join(extra)}")
        kwargs.update({k[2:].replace("-", "_"): _json_or_text(v) for k, v in zip(extra[::2], extra[1::2])})
    try:
        result = fn(**kwargs)
    except ValueError as e:
        print("error: " + " ".join(str(e).split()), file=sys.stderr)
        return 2
    json.dump(result, sys.stdout, ensure_ascii=False, indent=2, default=str)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
