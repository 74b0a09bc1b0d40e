"""publish_model: a model card for a trained run, pushed to the Hugging Face Hub when that is possible.

The card (README.md in the run directory) holds what someone reusing the model needs: the data the
run saw, its metrics beside the baselines measured on the same validation rows, the exact config and
the limitations. It is always written. The upload (the adapter, or the merged model of
export_model(format="merged"), with the card) happens only when a repo id is given, a token is
stored (`hf auth login`) and HF_HUB_OFFLINE is not set; otherwise the result says which command
publishes it, and nothing touches the network.
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

from tools.export import completed_run
from tools.runs import read_json

SHOWN_METRICS = ("accuracy", "f1_macro", "precision_macro", "recall_macro", "eval_loss", "perplexity")
CONFIG_KEYS = ("base_model", "method", "lora_r", "lora_alpha", "lora_dropout", "lora_target_modules", "learning_rate",
               "epochs", "batch_size", "gradient_accumulation_steps", "max_length", "precision", "seed",
               "max_train_examples", "class_weights")


def _offline() -> bool:
    return os.environ.get("HF_HUB_OFFLINE", "").strip().lower() in ("1", "true", "yes", "on")


def _token() -> str | None:
    from huggingface_hub import get_token  # reads HF_TOKEN or the stored login; no network

    return get_token()


def _metrics_table(metrics: dict) -> list[str]:
    scores, baselines = metrics.get("metrics") or {}, metrics.get("baseline") or {}
    names = [b for b in ("majority", "tfidf_logreg") if isinstance(baselines.get(b), dict)]
    header = "| metric | this model | " + " | ".join(n.replace("_", " ") for n in names) + " |"
    lines = [header, "|" + "---|" * (2 + len(names))]
    for key in SHOWN_METRICS:
        if isinstance(scores.get(key), (int, float)):
            cells = [f"{baselines[n].get(key, '')}" for n in names]
            lines.append(f"| {key} | {scores[key]} | " + " | ".join(cells) + " |")
    n = scores.get("n") or (baselines.get(names[0], {}).get("n") if names else None)
    if n:
        lines.append(f"\nScored on {n} validation rows the model never trained on; the baselines on the same rows "
                     "(majority: always the most frequent label; tfidf logreg: word and character n-grams).")
    return lines


def model_card(run_dir: Path) -> str:
    cfg = read_json(run_dir / "config.json", {}) or {}
    metrics = read_json(run_dir / "metrics.json", {}) or {}
    train = metrics.get("train") or {}
    task, base = cfg.get("task", "classification"), cfg.get("base_model", "")
    method = cfg.get("method", "lora")
    front = ["---", f"base_model: {base}", "library_name: " + ("transformers" if method == "full" else "peft"),
             "pipeline_tag: " + ("text-generation" if task == "generation" else "text-classification"),
             "tags: [finetune-assistant, " + ("lora" if method != "full" else "full-fine-tune") + "]", "---"]
    data = [f"- Training file: `{Path(cfg.get('dataset_path', '?')).name}`"
            + (f", validation file `{Path(cfg['validation_path']).name}`" if cfg.get("validation_path") else
               f" ({cfg.get('validation_fraction', 0.1):.0%} held out, stratified, seed {cfg.get('seed', 42)})")]
    if train:
        data.append(f"- {train.get('examples', '?')} training examples of {train.get('rows_available', '?')} "
                    f"available, {train.get('epochs', '?')} epoch(s), final training loss {train.get('final_train_loss')}")
    if metrics.get("label_counts_train"):
        counts = ", ".join(f"{k}: {v}" for k, v in metrics["label_counts_train"].items())
        data.append(f"- Labels in the training examples: {counts}")
    limits = [f"- Trained on {train.get('examples', 'a few')} examples from one file: expect it to work on texts like "
              "those and to be weaker on other topics, styles or languages"
              + (f" (it saw {cfg['language']} texts)." if cfg.get("language") else "."),
              "- The validation scores come from rows of the same file; a new source of texts needs its own check.",
              "- It repeats any bias or label noise of the training data; review its errors before relying on it."]
    if task == "classification":
        limits.append("- It always answers with one of the labels it was trained on, even for unrelated text.")
    config = {k: cfg[k] for k in CONFIG_KEYS if k in cfg}
    use = (["```python", "from peft import AutoPeftModelForSequenceClassification" if task != "generation" else
            "from peft import AutoPeftModelForCausalLM",
            "model = " + ("AutoPeftModelForSequenceClassification" if task != "generation" else "AutoPeftModelForCausalLM")
            + '.from_pretrained("REPO_ID")', "```"] if method != "full" else [])
    return "\n".join(front + [
        f"\n# {run_dir.name}\n", f"A {'LoRA' if method == 'lora' else method.upper() if method == 'qlora' else 'full'} "
        f"fine-tune of [{base}](https://huggingface.co/{base}) for {task}, made with finetune-assistant.\n",
        "## Training data\n", *data, "\n## Results\n", *_metrics_table(metrics), "\n## Training config\n",
        "```json", json.dumps(config, indent=2, ensure_ascii=False), "```", "\n## Limitations\n", *limits,
        *(["\n## Use\n", *use] if use else []), ""])


def _weights_folder(run_dir: Path, merged: bool) -> Path:
    if not merged:
        return run_dir / "adapter"
    folder = run_dir / "exports" / "merged"
    if not (folder / "config.json").is_file():
        raise ValueError(f"Run {run_dir.name} has no merged export yet. Fix: run export_model(run_id='{run_dir.name}', "
                         "format='merged') first, or publish the adapter (merged=False).")
    return folder


def publish_model(run_id: str | None = None, repo_id: str | None = None, merged: bool = False,
                  private: bool = True) -> dict:
    """Write a model card for a trained run and, when logged in and online, push it with the model to the Hub.

    Args:
        run_id: the training run to publish; leave empty for the latest completed one.
        repo_id: the Hub repository, e.g. "your-name/sentiment-lora"; without it only the card is written.
        merged: publish the merged model (export_model format="merged") instead of the LoRA adapter.
        private: create the repository as private.
    """
    run_dir = completed_run(run_id)
    weights = _weights_folder(run_dir, merged)
    card = model_card(run_dir)
    card_path = run_dir / "README.md"
    tmp = card_path.with_name(f".README.md.tmp-{os.getpid()}")
    try:
        tmp.write_text(card, encoding="utf-8")
        os.replace(tmp, card_path)
    except OSError as e:
        tmp.unlink(missing_ok=True)
        raise ValueError(f"Could not write the model card in {run_dir}: {e.strerror or e}. Fix: check the run "
                         "folder's permissions and free disk space.") from None
    repo = repo_id or f"<your-user>/{run_dir.name}"
    command = f"hf auth login && hf upload {repo} {weights} . && hf upload {repo} {card_path} README.md"
    base = {"card_path": str(card_path), "folder": str(weights), "repo_id": repo_id, "run_id": run_dir.name,
            "command": command}
    why = ("HF_HUB_OFFLINE is set" if _offline() else "no repo_id was given" if not repo_id else
           "no Hugging Face token is stored" if not _token() else None)
    if why:
        return {**base, "published": False, "reason": why}
    return {**base, "published": True, "url": _push(weights, card, repo_id, private)}


def _push(weights: Path, card: str, repo_id: str, private: bool) -> str:
    """The weights folder plus the card, uploaded as one commit."""
    from huggingface_hub import HfApi
    from huggingface_hub.errors import HfHubHTTPError

    api = HfApi()
    try:
        url = api.create_repo(repo_id, private=private, exist_ok=True)
        with tempfile.TemporaryDirectory() as tmp:
            staged = Path(tmp) / "model"
            shutil.copytree(weights, staged)
            (staged / "README.md").write_text(card, encoding="utf-8")
            api.upload_folder(folder_path=str(staged), repo_id=repo_id,
                              commit_message="Upload model and card from finetune-assistant")
    except (HfHubHTTPError, OSError, ValueError) as e:
        raise ValueError(f"Could not publish to {repo_id}: {' '.join(str(e).split())[:300]}. Fix: check the repo id "
                         "and that your token (hf auth login) has write access, or run the command shown offline.") from None
    return str(url)
