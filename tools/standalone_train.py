"""train.py: repeat one fine-tuning run anywhere (a GPU box, Colab) with transformers, peft, datasets, accelerate.

Written by `python -m tools export_script`; the folder holds config.json (the run's exact settings),
labels.json, and data/train.jsonl + data/validation.jsonl (the very examples the run trained and was
scored on). It mirrors tools/train.py step for step, so on the same hardware it gets the same metrics:
    python train.py                          # one GPU or the CPU
    accelerate launch train.py               # several GPUs (run `accelerate config` first)
    accelerate launch --config_file accelerate_fsdp.yaml --num_processes 8 train.py   # a model too big for one GPU
    python train.py --resume                 # go on from the last checkpoint in output/checkpoints
Several processes share the run's batch (each takes 1/N of it), so the updates are the run's own.
    python train.py --base_model /path/to/a/local/copy   # when the hub is not reachable
Results go to ./output: adapter/, metrics.json, predictions.jsonl.
"""
import argparse
import json
import math
import os
from pathlib import Path

import numpy as np
import torch
from datasets import Dataset
from transformers import (AutoModelForCausalLM, AutoModelForSequenceClassification, AutoTokenizer,
                          DataCollatorForSeq2Seq, DataCollatorWithPadding, Trainer, TrainingArguments, set_seed)
from transformers.trainer_pt_utils import LengthGroupedSampler, get_length_grouped_indices

HERE = Path(__file__).resolve().parent
DTYPES = {"fp32": torch.float32, "bf16": torch.bfloat16, "fp16": torch.float16}
PLAIN_TEMPLATE = "### Instruction:\n{prompt}\n\n### Response:\n"  # for base models without a chat template


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def format_prompt(tokenizer, prompt):
    if getattr(tokenizer, "chat_template", None):
        return tokenizer.apply_chat_template([{"role": "user", "content": prompt}], tokenize=False,
                                             add_generation_prompt=True)
    return PLAIN_TEMPLATE.format(prompt=prompt)


def encode_texts(tokenizer, texts, template, max_length, **kwargs):
    """With a template ("...{text}...Label:"), long texts lose their start, never the cue the head reads."""
    if not template:
        return tokenizer(texts, truncation=True, max_length=max_length, **kwargs)
    side, tokenizer.truncation_side = tokenizer.truncation_side, "left"
    try:
        return tokenizer([template.replace("{text}", t) for t in texts], truncation=True, max_length=max_length,
                         **kwargs)
    finally:
        tokenizer.truncation_side = side


def build_model(cfg, labels):
    from peft import LoraConfig, get_peft_model, prepare_model_for_kbit_training

    tokenizer = AutoTokenizer.from_pretrained(cfg["base_model"])
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    kwargs = {"dtype": torch.float32 if cfg["method"] == "full" else DTYPES[cfg["precision"]]}
    if cfg["method"] == "qlora":
        from transformers import BitsAndBytesConfig

        compute = torch.float32 if cfg["precision"] == "fp32" else DTYPES[cfg["precision"]]
        kwargs["quantization_config"] = BitsAndBytesConfig(
            load_in_4bit=True, bnb_4bit_quant_type="nf4", bnb_4bit_use_double_quant=True,
            bnb_4bit_compute_dtype=compute, llm_int8_skip_modules=["score", "classifier", "lm_head"])
        kwargs["device_map"] = {"": f"cuda:{int(os.environ.get('LOCAL_RANK', 0))}" if torch.cuda.is_available()
                                else "cpu"}
    if cfg["task"] == "generation":
        model = AutoModelForCausalLM.from_pretrained(cfg["base_model"], **kwargs)
    else:
        model = AutoModelForSequenceClassification.from_pretrained(
            cfg["base_model"], num_labels=len(labels), id2label=dict(enumerate(labels)),
            label2id={lab: i for i, lab in enumerate(labels)}, **kwargs)
    if model.config.pad_token_id is None:
        model.config.pad_token_id = tokenizer.pad_token_id
    if cfg["method"] == "qlora":
        model = prepare_model_for_kbit_training(model, use_gradient_checkpointing=cfg["gradient_checkpointing"])
    if cfg["method"] == "full":
        return model, tokenizer
    lora = LoraConfig(r=cfg["lora_r"], lora_alpha=cfg["lora_alpha"], lora_dropout=cfg["lora_dropout"],
                      target_modules=cfg["lora_target_modules"], layers_to_transform=cfg["lora_layers"],
                      task_type="CAUSAL_LM" if cfg["task"] == "generation" else "SEQ_CLS")
    model = get_peft_model(model, lora)
    for p in model.parameters():
        if p.requires_grad and p.dtype != torch.float32:
            p.data = p.data.float()  # what is trained stays fp32, even over a bf16/fp16 base
    return model, tokenizer


def tokenize(examples, tokenizer, cfg):
    ds = Dataset.from_list(examples)
    if cfg["task"] != "generation":
        def fn(batch):
            enc = encode_texts(tokenizer, batch["text"], cfg["text_template"], cfg["max_length"])
            enc["labels"] = batch["label"]
            return enc
        return ds.map(fn, batched=True, remove_columns=ds.column_names)
    eos, max_length = tokenizer.eos_token or "", cfg["max_length"]

    def gen(batch):
        out = {"input_ids": [], "attention_mask": [], "labels": []}
        for prompt, response in zip(batch["prompt"], batch["response"]):
            p_ids = tokenizer(format_prompt(tokenizer, prompt) if prompt else "", add_special_tokens=True)["input_ids"]
            r_ids = tokenizer(response + eos, add_special_tokens=False)["input_ids"]
            p_ids = p_ids[: max(0, max_length - min(len(r_ids), max_length // 2))]
            ids = (p_ids + r_ids)[:max_length]
            out["input_ids"].append(ids)
            out["attention_mask"].append([1] * len(ids))
            out["labels"].append(([-100] * len(p_ids) + r_ids)[:max_length])  # loss on the response only
        return out
    return ds.map(gen, batched=True, remove_columns=ds.column_names)


class SeededLengthGroupedSampler(LengthGroupedSampler):
    """Each epoch's length-grouped order comes from (seed, epoch), as in the original run."""

    def __init__(self, batch_size, lengths, seed):
        super().__init__(batch_size, lengths=lengths)
        self.seed, self.epoch = seed, 0

    def set_epoch(self, epoch):
        self.epoch = int(epoch)

    def __iter__(self):
        g = torch.Generator()
        g.manual_seed(self.seed + self.epoch)
        return iter(get_length_grouped_indices(self.lengths, self.batch_size, generator=g))


class SeededTrainer(Trainer):
    def _get_train_sampler(self, train_dataset=None):
        sampler = super()._get_train_sampler(train_dataset)
        if type(sampler) is LengthGroupedSampler:
            return SeededLengthGroupedSampler(sampler.batch_size, sampler.lengths, self.args.data_seed or self.args.seed)
        return sampler


def optimizer_groups(model, cfg):
    head, body = [], []
    for name, p in model.named_parameters():
        if p.requires_grad:
            is_head = cfg["head_learning_rate"] and any(h in name for h in ("score", "classifier"))
            (head if is_head else body).append(p)
    groups = [{"params": body, "lr": cfg["learning_rate"], "weight_decay": cfg["weight_decay"]}]
    if head:
        groups.append({"params": head, "lr": cfg["head_learning_rate"], "weight_decay": 0.0})
    return groups


def training_args(cfg, out, steps_per_epoch, split_batches):
    evaluate_each_epoch = cfg["eval_steps"] is None and cfg["epochs"] >= 2
    return TrainingArguments(
        output_dir=str(out / "checkpoints"), per_device_train_batch_size=cfg["batch_size"],
        per_device_eval_batch_size=max(cfg["batch_size"], 16 if cfg["task"] != "generation" else cfg["batch_size"]),
        gradient_accumulation_steps=cfg["gradient_accumulation_steps"], learning_rate=cfg["learning_rate"],
        weight_decay=cfg["weight_decay"], num_train_epochs=cfg["epochs"], lr_scheduler_type=cfg["lr_scheduler"],
        warmup_steps=int(cfg["warmup_ratio"] * steps_per_epoch * cfg["epochs"]), logging_steps=cfg["logging_steps"],
        eval_strategy="steps" if cfg["eval_steps"] else ("epoch" if evaluate_each_epoch else "no"),
        eval_steps=cfg["eval_steps"], save_strategy="steps", save_steps=cfg["save_steps"], save_total_limit=2,
        bf16=cfg["precision"] == "bf16", fp16=cfg["precision"] == "fp16",
        gradient_checkpointing=cfg["gradient_checkpointing"],
        gradient_checkpointing_kwargs={"use_reentrant": False} if cfg["gradient_checkpointing"] else None,
        seed=cfg["seed"], data_seed=cfg["seed"], train_sampling_strategy="group_by_length", report_to=[],
        use_cpu=not torch.cuda.is_available(), dataloader_num_workers=0,
        # with several processes each batch of the run is split between them: the same updates as on one
        accelerator_config={"split_batches": split_batches})


def classification_scores(y_true, y_pred, n_labels):
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    f1 = []
    for k in range(n_labels):
        tp = int(((y_pred == k) & (y_true == k)).sum())
        fp, fn = int(((y_pred == k) & (y_true != k)).sum()), int(((y_pred != k) & (y_true == k)).sum())
        f1.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return {"accuracy": round(float((y_true == y_pred).mean()), 4), "f1_macro": round(float(np.mean(f1)), 4)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base_model", help="override the base model (a hub id or a local folder)")
    parser.add_argument("--output_dir", default=str(HERE / "output"))
    parser.add_argument("--resume", action="store_true", help="continue from the last checkpoint in output_dir")
    args = parser.parse_args()
    cfg = json.loads((HERE / "config.json").read_text(encoding="utf-8"))
    if args.base_model:
        cfg["base_model"] = args.base_model
    labels = json.loads((HERE / "labels.json").read_text(encoding="utf-8"))["labels"]
    out = Path(args.output_dir)
    out.mkdir(parents=True, exist_ok=True)
    set_seed(cfg["seed"])
    torch.use_deterministic_algorithms(False)
    train, validation = read_jsonl(HERE / "data" / "train.jsonl"), read_jsonl(HERE / "data" / "validation.jsonl")
    if cfg["task"] != "generation":
        index = {lab: i for i, lab in enumerate(labels)}
        train = [{"text": r["text"], "label": index[r["label"]]} for r in train]
        validation = [{"text": r["text"], "label": index[r["label"]]} for r in validation]
    model, tokenizer = build_model(cfg, labels)
    train_ds, val_ds = tokenize(train, tokenizer, cfg), tokenize(validation, tokenizer, cfg)
    world = int(os.environ.get("WORLD_SIZE", "1"))
    split = world > 1 and cfg["batch_size"] % world == 0
    if world > 1 and not split:
        print(f"batch_size {cfg['batch_size']} does not split over {world} processes: each takes a whole batch")
    per_update = cfg["batch_size"] * cfg["gradient_accumulation_steps"] * (1 if split else world)
    steps_per_epoch = max(1, math.ceil(len(train_ds) / per_update))
    collator = (DataCollatorForSeq2Seq(tokenizer, padding=True, label_pad_token_id=-100)
                if cfg["task"] == "generation" else DataCollatorWithPadding(tokenizer))
    trainer = SeededTrainer(model=model, args=training_args(cfg, out, steps_per_epoch, split), train_dataset=train_ds,
                            eval_dataset=val_ds, data_collator=collator,
                            optimizers=(torch.optim.AdamW(optimizer_groups(model, cfg), lr=cfg["learning_rate"]), None))
    if cfg["task"] != "generation":
        trainer.model_accepts_loss_kwargs = False  # classifiers ignore num_items_in_batch
    trainer.train(resume_from_checkpoint=True if args.resume else None)
    if cfg["task"] == "generation":
        loss = float(trainer.evaluate().get("eval_loss", float("nan")))
        metrics = {"eval_loss": round(loss, 4), "perplexity": round(math.exp(loss), 2) if loss < 50 else None}
    else:
        trainer.args.train_sampling_strategy = "random"  # evaluation rows must stay in order
        logits = np.asarray(trainer.predict(val_ds).predictions, dtype=np.float64)
        pred = logits.argmax(-1)
        metrics = classification_scores([r["label"] for r in validation], pred, len(labels))
    trainer.save_model(str(out / "adapter"))  # every process: under FSDP the shards are gathered first
    if trainer.is_world_process_zero():
        if cfg["task"] != "generation":
            with open(out / "predictions.jsonl", "w", encoding="utf-8") as f:
                for r, p in zip(validation, pred):
                    f.write(json.dumps({"text": r["text"], "label": labels[r["label"]], "predicted": labels[int(p)]},
                                       ensure_ascii=False) + "\n")
        tokenizer.save_pretrained(str(out / "adapter"))
        (out / "metrics.json").write_text(json.dumps(metrics, indent=2))
        (out / "log_history.json").write_text(json.dumps(trainer.state.log_history, indent=1))
        print(json.dumps(metrics))


if __name__ == "__main__":
    main()
