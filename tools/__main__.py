"""`python -m tools NAME [FILE] --arg value ...`: run one tool and print its result as JSON.

The parser is built from each tool's signature and docstring, so the CLI can never drift
from the functions the chat calls. A tool's data file (its `path` or `dataset_path`) may be
given first without its flag, as people type it: `python -m tools inspect_dataset reviews.csv`.
Bad arguments or bad input: one line on stderr, exit 2.
"""
from __future__ import annotations

import argparse
import inspect
import json
import sys
import types
import typing

from tools import TOOLS

FILE_ARGUMENTS = ("path", "dataset_path")  # the parameter naming a tool's data file may also come without its flag


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


def _file_argument(fn) -> str | None:
    """The tool's data-file parameter, if it has one."""
    return next((n for n in inspect.signature(fn).parameters if n in FILE_ARGUMENTS), None)


def _flags(name: str) -> list[str]:
    return [f"--{name}"] + ([f"--{name.replace('_', '-')}"] if "_" in name else [])


def _join_settings(fn, argv: list[str]) -> list[str]:
    """Each `--setting value` the signature does not name (start_training's **overrides) as one
    `--setting=value` token, so argparse never mistakes its value for the data file."""
    known = {"-h", "--help"}.union(*(_flags(n) for n in inspect.signature(fn).parameters))
    out, i = [], 0
    while i < len(argv):
        arg = argv[i]
        if arg.startswith("--") and "=" not in arg and arg not in known and i + 1 < len(argv):
            out.append(f"{arg}={argv[i + 1]}")
            i += 2
        else:
            out.append(arg)
            i += 1
    return out


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m tools", description="Run one fine-tuning assistant tool; "
                                     "prints its result as JSON.")
    sub = parser.add_subparsers(dest="tool", metavar="TOOL")
    for fn in TOOLS:
        summary, helps = _doc_parts(fn)
        p = sub.add_parser(fn.__name__, help=summary, description=summary)
        hints = typing.get_type_hints(fn)
        file_arg = _file_argument(fn)
        if file_arg:
            p.add_argument("positional_file", nargs="?", metavar=file_arg.upper(),
                           help=f"the same as --{file_arg}: {helps.get(file_arg, 'the data file')}")
        for name, param in inspect.signature(fn).parameters.items():
            if param.kind is param.VAR_KEYWORD:
                p.epilog = "Any other --name value pair is passed through as a setting (JSON values allowed)."
                continue
            flags = _flags(name)
            required = param.default is inspect.Parameter.empty and name != file_arg  # checked in main
            hint = hints.get(name, str)
            many = typing.get_origin(hint) is list  # --texts "first text" "second, with a comma"
            default = None if param.default is inspect.Parameter.empty else param.default
            p.add_argument(*flags, dest=name, type=str if many else _value_parser(hint), nargs="+" if many else None,
                           required=required, default=default, help=helps.get(name))
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    fn = next((f for f in TOOLS if argv and f.__name__ == argv[0]), None)
    has_var_kw = fn is not None and any(p.kind is p.VAR_KEYWORD for p in inspect.signature(fn).parameters.values())
    if has_var_kw:
        argv = argv[:1] + _join_settings(fn, argv[1:])
    args, extra = parser.parse_known_args(argv)
    if not args.tool:
        parser.print_help()
        return 2
    fn = fn or next(f for f in TOOLS if f.__name__ == args.tool)
    kwargs = {k: v for k, v in vars(args).items() if k not in ("tool", "positional_file")}
    file_arg, given = _file_argument(fn), getattr(args, "positional_file", None)
    if given is not None:
        if kwargs[file_arg] not in (None, given):
            parser.error(f"two files given: {given} and --{file_arg} {kwargs[file_arg]}; give one")
        kwargs[file_arg] = given
    if file_arg and kwargs[file_arg] is None and inspect.signature(fn).parameters[file_arg].default is \
            inspect.Parameter.empty:
        parser.error(f"{fn.__name__} needs a file: python -m tools {fn.__name__} FILE (or --{file_arg} FILE)")
    if extra:
        settings = [x[2:].split("=", 1) for x in extra if x.startswith("--") and "=" in x]
        if not has_var_kw or len(settings) < len(extra):
            parser.error(f"unrecognized arguments: {' '.join(extra)}")
        kwargs.update({k.replace("-", "_"): _json_or_text(v) for k, v in settings})
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
