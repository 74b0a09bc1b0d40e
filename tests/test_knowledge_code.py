"""The code in knowledge/ runs against the libraries we pin (transformers 5.x, peft, scikit-learn, pandas).

Every ```python block is compiled. A block is also executed unless its first line is a
`# needs: ...` comment naming what it needs that a test cannot build offline (a downloaded model,
a trained adapter). Executed blocks may use `df`, a small pandas DataFrame with `text` and `label`
columns standing in for the reader's data (it holds an exact duplicate and a conflicting pair).
Inline code that is a call (`TrainingArguments(weight_decay=0.01)`) is compiled too, and no code
anywhere may use an argument that Transformers 5 deprecated or removed.
"""
from __future__ import annotations

import json
import re
import warnings
from pathlib import Path

import pytest

KNOWLEDGE = Path(__file__).resolve().parent.parent / "knowledge"
FENCE = re.compile(r"^```(\w+)[^\n]*\n(.*?)^```", re.S | re.M)
INLINE = re.compile(r"(?<!`)`([^`\n]+)`(?!`)")
CALL = re.compile(r"^[A-Za-z_][\w.]*\(.*\)$")
NEEDS = "# needs:"
# Transformers 5 names: dtype= (not torch_dtype=), warmup_steps= (a float below 1 is a ratio),
# eval_strategy= (not evaluation_strategy=).
DEPRECATED = re.compile(r"\b(torch_dtype|warmup_ratio|evaluation_strategy)\s*=")


def _blocks(lang: str) -> list[tuple[str, str]]:
    out = []
    for path in sorted(KNOWLEDGE.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        out += [(f"{path.stem}#{i}", m.group(2)) for i, m in enumerate(FENCE.finditer(text)) if m.group(1) == lang]
    return out


PYTHON = _blocks("python")
JSON_BLOCKS = _blocks("json")


def _inline_code() -> list[tuple[str, str]]:
    out = []
    for path in sorted(KNOWLEDGE.glob("*.md")):
        prose = FENCE.sub("", path.read_text(encoding="utf-8"))
        out += [(path.stem, m.group(1)) for m in INLINE.finditer(prose)]
    return out


def _sample_df():
    import pandas as pd

    rows = [(f"review number {i} was {'great' if i % 2 else 'awful'}", "pos" if i % 2 else "neg") for i in range(40)]
    rows += [("review number 1 was great", "pos"),   # exact duplicate of a row above
             ("it was okay", "pos"), ("it was okay", "neg")]  # the same text with two labels
    return pd.DataFrame(rows, columns=["text", "label"])


def test_the_knowledge_base_has_code_to_check():
    runnable = [b for b in PYTHON if not b[1].startswith(NEEDS)]
    assert len(PYTHON) >= 10 and len(runnable) >= 6, "the snippets moved out of fenced ```python blocks?"


@pytest.mark.parametrize("name,code", PYTHON, ids=[b[0] for b in PYTHON])
def test_python_block_compiles(name, code):
    compile(code, name, "exec")
    assert not DEPRECATED.search(code), f"{name}: deprecated in Transformers 5: {DEPRECATED.findall(code)}"


@pytest.mark.parametrize("name,code", [b for b in PYTHON if not b[1].startswith(NEEDS)],
                         ids=[b[0] for b in PYTHON if not b[1].startswith(NEEDS)])
def test_python_block_runs_offline(name, code, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # TrainingArguments(output_dir=...) stays inside the test folder
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    df = _sample_df()
    ns = {"df": df.copy()}
    with warnings.catch_warnings():
        warnings.simplefilter("error", FutureWarning)  # a deprecation the pinned release announces fails
        exec(compile(code, name, "exec"), ns)
    # Snippets that transform data must do what their entry says.
    if "conflicts" in ns:  # data-cleaning: exact duplicates go, conflicting labels stay and are listed
        assert len(ns["df"]) == len(df) - 1
        assert set(ns["conflicts"]["text"]) == {"it was okay"} and set(ns["conflicts"]["label"]) == {"pos", "neg"}
    if {"train", "val", "test"} <= set(ns):  # data-splits: three stratified parts that cover the data
        parts = [ns["train"], ns["val"], ns["test"]]
        assert sum(map(len, parts)) == len(df) and all(len(set(p["label"])) == 2 for p in parts)


@pytest.mark.parametrize("name,code", JSON_BLOCKS, ids=[b[0] for b in JSON_BLOCKS])
def test_json_block_is_one_object_per_line(name, code):
    for line in code.strip().splitlines():
        assert isinstance(json.loads(line), dict), f"{name}: JSONL means one JSON object per line"


def test_inline_calls_compile_and_use_current_arguments():
    bad, calls = [], 0
    for name, code in _inline_code():
        if DEPRECATED.search(code):
            bad.append(f"{name}: {code} (deprecated in Transformers 5)")
        if CALL.match(code):
            calls += 1
            try:
                compile(code, name, "eval")
            except SyntaxError as e:
                bad.append(f"{name}: {code} ({e.msg})")
    assert calls >= 10 and not bad, bad
