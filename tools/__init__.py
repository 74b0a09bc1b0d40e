"""The assistant's tools: plain typed functions that return JSON-serialisable dicts.

Every tool raises ValueError with a message that names the problem and the fix.
`python -m tools --help` lists them; the chat layer (assistant/) wraps the same functions.
"""
import logging

# bitsandbytes' CPU backend warns on import that an optional hub-downloaded kernel is missing; we never
# download at run time, and its fallback works, so the warning would only clutter every command.
logging.getLogger("bitsandbytes.backends.cpu.ops").setLevel(logging.ERROR)

from tools.augment import augment_dataset
from tools.cleaning import clean_dataset
from tools.compare import compare_runs
from tools.explain import explain_results
from tools.export import export_model
from tools.export_script import export_script
from tools.faq import search_faq
from tools.hardware import detect_hardware
from tools.inspection import inspect_dataset
from tools.label_issues import find_label_issues
from tools.predict import predict
from tools.publish import publish_model
from tools.recommend import recommend_settings
from tools.runner import cancel_training, resume_training, start_training, training_status

TOOLS = [inspect_dataset, detect_hardware, recommend_settings, start_training, training_status, cancel_training,
         resume_training, explain_results, predict, search_faq, find_label_issues, clean_dataset,
         export_model, export_script, publish_model, compare_runs]

__all__ = [t.__name__ for t in TOOLS] + ["TOOLS"]
