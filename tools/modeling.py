"""Build the model to train (LoRA, QLoRA or full) and load a trained one back.

peft and bitsandbytes do the work; this file only decides what to pass them. QLoRA runs on
a CPU too (bitsandbytes >= 0.45): the classification head is kept out of quantization so
it can be trained and saved in full precision.
"""
from __future__ import annotations

from pathlib import Path

import torch

from tools.config import TrainConfig
from tools.models import resolve_model_path

HEAD_NAMES = ("score", "classifier")  # classification heads: decoders (score) and BERT-style (classifier)
DTYPES = {"fp32": torch.float32, "bf16": torch.bfloat16, "fp16": torch.float16}


def device_of_this_process() -> str:
    if torch.cuda.is_available():
        import os

        return f"cuda:{int(os.environ.get('LOCAL_RANK', 0))}"
    return "cpu"


def load_tokenizer_for(path: str):
    from transformers import AutoTokenizer

    tok = AutoTokenizer.from_pretrained(path)
    if tok.pad_token is None:  # decoders often have none; padding with EOS is the usual choice
        tok.pad_token = tok.eos_token
    return tok


def _load_base(cfg: TrainConfig, path: str, labels: list[str]):
    from transformers import AutoModelForCausalLM, AutoModelForSequenceClassification, BitsAndBytesConfig

    kwargs = {"dtype": torch.float32 if cfg.method == "full" else DTYPES[cfg.precision]}
    if cfg.method == "qlora":
        compute = torch.float32 if cfg.precision == "fp32" else DTYPES[cfg.precision]
        kwargs["quantization_config"] = BitsAndBytesConfig(
            load_in_4bit=True, bnb_4bit_quant_type="nf4", bnb_4bit_use_double_quant=True,
            bnb_4bit_compute_dtype=compute, llm_int8_skip_modules=list(HEAD_NAMES) + ["lm_head"])
        kwargs["device_map"] = {"": device_of_this_process()}
    if cfg.task == "generation":
        return AutoModelForCausalLM.from_pretrained(path, **kwargs)
    num = 1 if cfg.task == "regression" else len(labels)
    extra = {} if cfg.task == "regression" else {
        "id2label": dict(enumerate(labels)), "label2id": {lab: i for i, lab in enumerate(labels)}}
    return AutoModelForSequenceClassification.from_pretrained(path, num_labels=num, **extra, **kwargs)


def build_model(cfg: TrainConfig, labels: list[str]):
    """(model, tokenizer) ready for training with cfg.method."""
    from peft import LoraConfig, get_peft_model, prepare_model_for_kbit_training

    try:
        path = resolve_model_path(cfg.base_model)
        tokenizer = load_tokenizer_for(path)
        model = _load_base(cfg, path, labels)
    except OSError as e:
        raise ValueError(f"Cannot load the base model {cfg.base_model!r}: {str(e).splitlines()[0]}. Fix: use an "
                         "embedded model (sentence-transformers/all-MiniLM-L6-v2, google/gemma-3-270m, "
                         "Qwen/Qwen2.5-Coder-0.5B-Instruct) or a local folder.") from None
    if model.config.pad_token_id is None:
        model.config.pad_token_id = tokenizer.pad_token_id
    if cfg.method == "qlora":
        model = prepare_model_for_kbit_training(model, use_gradient_checkpointing=cfg.gradient_checkpointing)
    if cfg.method == "full":
        return model, tokenizer
    lora = LoraConfig(r=cfg.lora_r, lora_alpha=cfg.lora_alpha, lora_dropout=cfg.lora_dropout,
                      target_modules=cfg.lora_target_modules, layers_to_transform=cfg.lora_layers,
                      task_type="CAUSAL_LM" if cfg.task == "generation" else "SEQ_CLS")
    try:
        model = get_peft_model(model, lora)
    except ValueError as e:
        raise ValueError(f"LoRA could not be attached to {cfg.base_model}: {str(e).splitlines()[0]}. Fix: set "
                         "lora_target_modules to linear layer names of this model (see the catalog).") from None
    for p in model.parameters():
        if p.requires_grad and p.dtype != torch.float32:
            # The frozen base may be bf16/fp16; what is trained stays fp32 (peft copies the new head in the
            # base's dtype): small updates to bf16 weights round away, and fp16 ones cannot be unscaled.
            p.data = p.data.float()
    return model, tokenizer


def optimizer_groups(model, cfg: TrainConfig) -> list[dict]:
    """AdamW parameter groups: the new classification head may get its own, higher learning rate."""
    head, body = [], []
    for name, p in model.named_parameters():
        if p.requires_grad:
            (head if cfg.head_learning_rate and any(h in name for h in HEAD_NAMES) else body).append(p)
    groups = [{"params": body, "lr": cfg.learning_rate, "weight_decay": cfg.weight_decay}]
    if head:
        groups.append({"params": head, "lr": cfg.head_learning_rate, "weight_decay": 0.0})
    return groups


def load_trained(run_dir: Path):
    """(model, tokenizer, config) of a finished run: base + adapter, or the fully fine-tuned weights."""
    from peft import PeftModel
    from transformers import AutoModelForCausalLM, AutoModelForSequenceClassification

    cfg = TrainConfig.load(run_dir / "config.json")
    adapter = run_dir / "adapter"
    if not adapter.is_dir():
        raise ValueError(f"Run {run_dir.name} has no saved model yet. Fix: wait until it completes "
                         "(training_status) or start a new run.")
    tokenizer = load_tokenizer_for(str(adapter))
    auto = AutoModelForCausalLM if cfg.task == "generation" else AutoModelForSequenceClassification
    if cfg.method == "full":
        model = auto.from_pretrained(str(adapter))
    else:
        # the base in the dtype it was trained with, so predictions match the run's own evaluation
        dtype = DTYPES[cfg.precision] if cfg.precision != "fp16" or torch.cuda.is_available() else torch.float32
        base = auto.from_pretrained(resolve_model_path(cfg.base_model), dtype=dtype, **_head_kwargs(adapter, cfg))
        if base.config.pad_token_id is None:
            base.config.pad_token_id = tokenizer.pad_token_id
        model = PeftModel.from_pretrained(base, str(adapter))
    model.eval()
    return model, tokenizer, cfg


def _head_kwargs(adapter: Path, cfg: TrainConfig) -> dict:
    """num_labels and label names for rebuilding a classifier around a saved adapter."""
    if cfg.task == "generation":
        return {}
    import json

    labels = json.loads((adapter.parent / "labels.json").read_text())["labels"]
    if cfg.task == "regression":
        return {"num_labels": 1}
    return {"num_labels": len(labels), "id2label": dict(enumerate(labels)),
            "label2id": {lab: i for i, lab in enumerate(labels)}}
