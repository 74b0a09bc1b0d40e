"""The tool-call parser on the forms small models write (Qwen2.5 0.5B/1.5B outputs kept verbatim)."""
from __future__ import annotations

import pytest

from assistant.parser import parse

TOOLS = {"inspect_dataset": ["path", "text_column", "label_column"], "detect_hardware": [],
         "recommend_settings": ["dataset_path", "goal", "method", "base_model"], "search_faq": ["query"],
         "start_training": ["dataset_path", "epochs"], "predict": ["texts", "run_id"],
         "training_status": ["run_id"], "explain_results": ["run_id"]}


def calls(text):
    return [(c["name"], c["args"]) for c in parse(text, TOOLS).tool_calls]


CASES = [
    # the trained format
    ('<tool_call>\n{"name": "inspect_dataset", "arguments": {"path": "sst2_train_8k.csv"}}\n</tool_call>',
     [("inspect_dataset", {"path": "sst2_train_8k.csv"})]),
    # two calls, one block each
    ('<tool_call>\n{"name": "inspect_dataset", "arguments": {"path": "a.csv"}}\n</tool_call>\n<tool_call>\n'
     '{"name": "recommend_settings", "arguments": {"dataset_path": "a.csv"}}\n</tool_call>',
     [("inspect_dataset", {"path": "a.csv"}), ("recommend_settings", {"dataset_path": "a.csv"})]),
    # closing tag missing (stopped at the end-of-turn token)
    ('<tool_call>\n{"name": "detect_hardware", "arguments": {}}', [("detect_hardware", {})]),
    # cut off inside the arguments
    ('<tool_call>\n{"name": "search_faq", "arguments": {"query": "What is LoRA?"', [("search_faq", {"query": "What is LoRA?"})]),
    # fenced inside the tag
    ('<tool_call>\n```json\n{"name": "search_faq", "arguments": {"query": "F1"}}\n```\n</tool_call>',
     [("search_faq", {"query": "F1"})]),
    # fenced json, no tag
    ('```json\n{"name": "inspect_dataset", "arguments": {"path": "trec_train.csv"}}\n```',
     [("inspect_dataset", {"path": "trec_train.csv"})]),
    # bare JSON after a sentence
    ('Let me check your file.\n{"name": "inspect_dataset", "arguments": {"path": "data.csv"}}',
     [("inspect_dataset", {"path": "data.csv"})]),
    # a list of calls
    ('[{"name": "inspect_dataset", "arguments": {"path": "a.csv"}}, {"name": "detect_hardware", "arguments": {}}]',
     [("inspect_dataset", {"path": "a.csv"}), ("detect_hardware", {})]),
    # several bare objects on lines
    ('{"name": "inspect_dataset", "arguments": {"path": "a.csv"}}\n{"name": "detect_hardware", "arguments": {}}',
     [("inspect_dataset", {"path": "a.csv"}), ("detect_hardware", {})]),
    # "parameters" instead of "arguments"
    ('<tool_call>{"name": "search_faq", "parameters": {"query": "weight decay"}}</tool_call>',
     [("search_faq", {"query": "weight decay"})]),
    # arguments as a JSON string (OpenAI style)
    ('<tool_call>{"name": "search_faq", "arguments": "{\\"query\\": \\"LoRA\\"}"}</tool_call>',
     [("search_faq", {"query": "LoRA"})]),
    # OpenAI {"function": {...}}
    ('{"type": "function", "function": {"name": "training_status", "arguments": {}}}', [("training_status", {})]),
    # Python literal: single quotes, None
    ("<tool_call>{'name': 'explain_results', 'arguments': {'run_id': None}}</tool_call>",
     [("explain_results", {"run_id": None})]),
    # trailing comma
    ('<tool_call>{"name": "inspect_dataset", "arguments": {"path": "a.csv",},}</tool_call>',
     [("inspect_dataset", {"path": "a.csv"})]),
    # no arguments key at all
    ('<tool_call>{"name": "detect_hardware"}</tool_call>', [("detect_hardware", {})]),
    # arguments beside the name
    ('<tool_call>{"name": "inspect_dataset", "path": "a.csv"}</tool_call>', [("inspect_dataset", {"path": "a.csv"})]),
    # a Python call, keyword and positional
    ('inspect_dataset(path="nsmc_train_8k.csv")', [("inspect_dataset", {"path": "nsmc_train_8k.csv"})]),
    ("```python\npredict(['what a wonderful film'])\n```", [("predict", {"texts": ["what a wonderful film"]})]),
    ('<tool_call>\nsearch_faq(query="LoRA가 뭐예요?")\n</tool_call>', [("search_faq", {"query": "LoRA가 뭐예요?"})]),
    # a near miss of a tool name
    ('<tool_call>{"name": "inspect_data", "arguments": {"path": "a.csv"}}</tool_call>',
     [("inspect_dataset", {"path": "a.csv"})]),
    ('<tool_call>{"name": "functions.detect_hardware", "arguments": {}}</tool_call>', [("detect_hardware", {})]),
    # Korean in the arguments, unicode escapes
    ('<tool_call>\n{"name": "search_faq", "arguments": {"query": "\\uac00\\uc911\\uce58 \\uac10\\uc18c"}}\n</tool_call>',
     [("search_faq", {"query": "가중치 감소"})]),
    # arguments as a list: positional, in schema order
    ('```json\n{\n  "name": "inspect_dataset",\n  "arguments": ["nsmc_train_8k.csv"]\n}\n```',
     [("inspect_dataset", {"path": "nsmc_train_8k.csv"})]),
    # the same call repeated until the token limit (seen from Qwen 0.5B): once, cut-off copy ignored
    ('{"name": "recommend_settings", "arguments": {"dataset_path": "a.csv"}}\n' * 5 +
     '{"name": "recommend_settings", "arguments": {"dataset_path": "a', [("recommend_settings", {"dataset_path": "a.csv"})]),
    # ReAct style
    ('{"action": "search_faq", "action_input": {"query": "Adam vs SGD"}}', [("search_faq", {"query": "Adam vs SGD"})]),
]


@pytest.mark.parametrize("text,expected", CASES)
def test_forms(text, expected):
    assert calls(text) == expected


@pytest.mark.parametrize("text", [
    "Hello! How can I help you fine-tune a model today?",
    'A config looks like {"epochs": 3, "learning_rate": 0.0002}.',  # JSON that is not a call
    '```json\n{"name": "Alice", "age": 3}\n```',  # a name that is not a tool
    "Use `predict` after training finishes.",
    "You can call inspect_dataset on your file once you upload it.",
    "LoRA [1] adds small matrices [2].",
    '{"name": "start_a_rocket", "arguments": {}}',
])
def test_not_calls(text):
    result = parse(text, TOOLS)
    assert result.tool_calls == []
    assert result.content == text.strip()


def test_content_keeps_prose_around_calls():
    out = parse('I will look at it.\n<tool_call>\n{"name": "inspect_dataset", "arguments": {"path": "a.csv"}}\n'
                '</tool_call>', TOOLS)
    assert out.content == "I will look at it."
    assert out.tool_calls[0]["id"].startswith("call_") and out.tool_calls[0]["type"] == "tool_call"


def test_unknown_tools_only_with_explicit_tags_are_still_dropped():
    assert parse('<tool_call>{"name": "rm_rf", "arguments": {}}</tool_call>', TOOLS).tool_calls == []


def test_no_tools_means_no_calls():
    assert parse('<tool_call>{"name": "detect_hardware", "arguments": {}}</tool_call>', {}).tool_calls == []
