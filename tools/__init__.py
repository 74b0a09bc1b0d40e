"""The assistant's tools: plain typed functions that return JSON-serialisable dicts.

Every tool raises ValueError with a message that names the problem and the fix.
`python -m tools --help` lists them; the chat layer (assistant/) wraps the same functions.
"""
from tools.explain import explain_results
from tools.hardware import detect_hardware
from tools.inspection import inspect_dataset

TOOLS = [inspect_dataset, detect_hardware, explain_results]

__all__ = [t.__name__ for t in TOOLS] + ["TOOLS"]
