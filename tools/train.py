"""`python -m tools.train --config RUN_DIR/config.json`: one training run, start to explained finish.

main(cfg) runs in a child process started by start_training (or by hand, or under
`accelerate launch`). It writes everything into the run directory: status and progress while
it runs, then metrics, predictions, plots and the adapter. Resuming is automatic: if the run
directory holds a complete checkpoint, training continues from it.
"""
from __future__ import annotations

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")

import math
import sys
import time
import traceback
from pathlib import Path

import numpy as np

from tools import best_epoch, prepare
from tools.callbacks import CheckpointMarker, ProgressCallback, RunStatus, StopControl
from tools.config import TrainConfig, parse_config
from tools.runs import checkpoint_verdicts, complete_checkpoints, write_json


def _is_main() -> bool:
    return int(os.environ.get("RANK", "0")) == 0


def _training_args(cfg: TrainConfig, run_dir: Path, steps_per_epoch: int):
    from transformers import TrainingArguments

    import torch

    from tools import tracking

    on_cpu = not torch.cuda.is_available()
    evaluate_each_epoch = cfg.eval_steps is None and cfg.epochs >= 2
    return TrainingArguments(
        output_dir=str(run_dir / "checkpoints"),
        per_device_train_batch_size=cfg.batch_size,
        per_device_eval_batch_size=max(cfg.batch_size, 16 if cfg.task != "generation" else cfg.batch_size),
        gradient_accumulation_steps=cfg.gradient_accumulation_steps,
        learning_rate=cfg.learning_rate,
        weight_decay=cfg.weight_decay,
        num_train_epochs=cfg.epochs,
        lr_scheduler_type=cfg.lr_scheduler,
        warmup_steps=int(cfg.warmup_ratio * steps_per_epoch * cfg.epochs),
        logging_steps=cfg.logging_steps,
        logging_nan_inf_filter=False,  # a NaN must be seen, not averaged away
        eval_strategy="steps" if cfg.eval_steps else ("epoch" if evaluate_each_epoch else "no"),
        eval_steps=cfg.eval_steps,
        save_strategy="steps",
        save_steps=cfg.save_steps,
        save_total_limit=None,  # CheckpointMarker rotates, after marking the new one complete
        bf16=cfg.precision == "bf16",
        fp16=cfg.precision == "fp16",
        gradient_checkpointing=cfg.gradient_checkpointing,
        gradient_checkpointing_kwargs={"use_reentrant": False} if cfg.gradient_checkpointing else None,
        seed=cfg.seed,
        data_seed=cfg.seed,
        train_sampling_strategy="group_by_length",  # batches of similar length pad little: faster on a CPU
        report_to=tracking.report_to(cfg, run_dir),
        run_name=run_dir.name,  # names the run in W&B and MLflow
        use_cpu=on_cpu,
        dataloader_num_workers=0,
        disable_tqdm=not sys.stderr.isatty(),
    )


def _trainer_class():
    """transformers' Trainer with a training order that a resumed run can reproduce.

    Its length-grouped sampler draws each epoch's order from the global torch RNG at the moment
    the epoch starts. A run resumed mid-epoch starts that epoch with a different RNG state, so it
    shuffles differently and then skips the wrong batches: some examples twice, others never, and
    metrics that differ from an uninterrupted run. Here the order comes from (seed, epoch) alone.
    """
    import torch
    from transformers import Trainer
    from transformers.trainer_pt_utils import LengthGroupedSampler, get_length_grouped_indices

    class SeededLengthGroupedSampler(LengthGroupedSampler):
        def __init__(self, batch_size: int, lengths: list[int], seed: int):
            super().__init__(batch_size, lengths=lengths)
            self.seed, self.epoch = seed, 0

        def set_epoch(self, epoch: int) -> None:  # called by the Trainer (through accelerate) before each epoch
            self.epoch = int(epoch)

        def __iter__(self):
            g = torch.Generator()
            g.manual_seed(self.seed + self.epoch)
            return iter(get_length_grouped_indices(self.lengths, self.batch_size, generator=g))

    class ResumableTrainer(Trainer):
        def _get_train_sampler(self, train_dataset=None):
            sampler = super()._get_train_sampler(train_dataset)
            if type(sampler) is LengthGroupedSampler:
                return SeededLengthGroupedSampler(sampler.batch_size, sampler.lengths, self.args.data_seed or self.args.seed)
            return sampler

    return ResumableTrainer


def _softmax(logits: np.ndarray) -> np.ndarray:
    z = logits - logits.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def _compute_metrics(eval_pred):
    from sklearn.metrics import accuracy_score, f1_score

    logits, labels = eval_pred
    pred = np.asarray(logits).argmax(-1)
    return {"accuracy": accuracy_score(labels, pred), "f1_macro": f1_score(labels, pred, average="macro")}


def _finish_classification(trainer, cfg, run_dir, data, baseline, train_info) -> dict:
    from tools import evaluation

    # Length-grouped sampling also reorders evaluation batches; the rows must stay in order here.
    trainer.args.train_sampling_strategy = "random"
    out = trainer.predict(trainer.eval_dataset)
    probs = _softmax(np.asarray(out.predictions, dtype=np.float64))
    pred_idx = probs.argmax(-1)
    texts = [r["text"] for r in data.validation]
    y_true = [data.labels[r["label"]] for r in data.validation]
    y_pred = [data.labels[i] for i in pred_idx]
    scores = [float(p) for p in probs.max(-1)]
    metrics = evaluation.classification_metrics(y_true, y_pred, data.labels)
    evaluation.write_predictions_csv(run_dir / "predictions.csv", texts, y_true, y_pred, scores)
    evaluation.plot_confusion_matrix(metrics["confusion_matrix"], data.labels, run_dir / "confusion_matrix.png")
    result = {"task": "classification", "base_model": cfg.base_model, "method": cfg.method, "labels": data.labels,
              "metrics": metrics, "baseline": baseline,
              "worst_errors": evaluation.worst_errors(texts, y_true, y_pred, scores, k=5),
              "train": train_info, "label_counts_train": data.label_counts_train,
              "validation_rule": data.validation_rule}
    return result, y_pred


def _finish_generation(trainer, cfg, run_dir, data, tokenizer, train_info) -> dict:
    import torch

    metrics = trainer.evaluate()
    eval_loss = float(metrics.get("eval_loss", float("nan")))
    samples = []
    model = trainer.model
    model.eval()
    for ex in data.validation[:3]:
        text = prepare.format_prompt(tokenizer, ex["prompt"]) if ex["prompt"] else ""
        ids = tokenizer(text, return_tensors="pt").to(model.device)
        with torch.no_grad():
            gen = model.generate(**ids, max_new_tokens=64, do_sample=False, pad_token_id=tokenizer.pad_token_id)
        samples.append({"prompt": ex["prompt"][:500], "reference": ex["response"][:500],
                        "generated": tokenizer.decode(gen[0, ids["input_ids"].shape[1]:], skip_special_tokens=True)})
    return {"task": "generation", "base_model": cfg.base_model, "method": cfg.method,
            "metrics": {"eval_loss": round(eval_loss, 4),
                        "perplexity": round(math.exp(eval_loss), 2) if eval_loss < 50 else None},
            "samples": samples, "train": train_info}, None


def _save_and_check(trainer, cfg, run_dir, tokenizer, data, y_pred) -> dict:
    """Save the adapter (and optionally a merged model), reload it, and re-predict to prove it works."""
    from tools.modeling import load_trained
    from tools.predict import predict_with

    adapter = run_dir / "adapter"
    trainer.model.save_pretrained(str(adapter))
    tokenizer.save_pretrained(str(adapter))
    if cfg.merge_adapter and cfg.method != "full":
        merged = trainer.model.merge_and_unload()
        merged.save_pretrained(str(run_dir / "merged"))
        tokenizer.save_pretrained(str(run_dir / "merged"))
    if y_pred is None:
        return {"checked": False}
    model, tok, _ = load_trained(run_dir)
    n = min(64, len(data.validation))
    again = predict_with(model, tok, [r["text"] for r in data.validation[:n]], data.labels, cfg.max_length,
                         cfg.text_template, cfg.precision)
    same = sum(a["label"] == b for a, b in zip(again, y_pred[:n]))
    return {"checked": True, "examples": n, "same_predictions": same}


def main(cfg: TrainConfig) -> int:
    import torch
    from transformers import DataCollatorForSeq2Seq, DataCollatorWithPadding, set_seed

    run_dir = Path(cfg.run_dir or Path("runs") / time.strftime("%Y%m%d-%H%M%S")).resolve()
    run_dir.mkdir(parents=True, exist_ok=True)
    main_proc = _is_main()
    status = RunStatus(run_dir, enabled=main_proc)
    if main_proc:
        (run_dir / "CANCEL").unlink(missing_ok=True)
        write_json(run_dir / "config.json", cfg.to_dict())
    stop = StopControl(run_dir, cfg)
    turn = wait_for_turn(run_dir, status, stop) if int(os.environ.get("WORLD_SIZE", "1")) == 1 else None
    if stop.cancelled or (run_dir / "CANCEL").exists():
        status.update(status="cancelled", finished_at=time.time(), error="Cancelled while queued.")
        return 0
    status.update(status="running", pid=os.getpid(), started_at=time.time(), error=None)
    try:
        if cfg.task == "regression":
            raise ValueError("Regression training is not available yet. Fix: bin the numeric labels into classes "
                             "(e.g. low/medium/high) and train a classifier.")
        set_seed(cfg.seed)
        torch.use_deterministic_algorithms(False)
        data = prepare.load_examples(cfg)
        baseline = None
        if cfg.task != "generation" and main_proc:
            from tools.baselines import run_baselines

            baseline = run_baselines([r["text"] for r in data.train], [data.labels[r["label"]] for r in data.train],
                                     [r["text"] for r in data.validation],
                                     [data.labels[r["label"]] for r in data.validation], data.language)
            write_json(run_dir / "baseline.json", baseline)
        prepare.save_label_map(run_dir, data.labels)
        from tools.modeling import build_model, optimizer_groups

        model, tokenizer = build_model(cfg, data.labels)
        cache = run_dir / "cache"
        train_ds = prepare.tokenize(data.train, tokenizer, cfg, cache / "train.arrow")
        val_ds = prepare.tokenize(data.validation, tokenizer, cfg, cache / "validation.arrow")
        world = int(os.environ.get("WORLD_SIZE", "1"))
        per_step = cfg.batch_size * cfg.gradient_accumulation_steps * world
        steps_per_epoch = max(1, math.ceil(len(train_ds) / per_step))
        collator = (DataCollatorForSeq2Seq(tokenizer, padding=True, label_pad_token_id=-100)
                    if cfg.task == "generation" else DataCollatorWithPadding(tokenizer))
        optimizer = torch.optim.AdamW(optimizer_groups(model, cfg), lr=cfg.learning_rate)
        weights, loss_func = None, None  # None: the model's own (unweighted) loss
        if cfg.class_weights == "balanced":
            from tools.losses import balanced_weights, weighted_cross_entropy

            weights = balanced_weights([r["label"] for r in data.train], len(data.labels))
            loss_func = weighted_cross_entropy(weights)
        trainer = _trainer_class()(
            model=model, args=_training_args(cfg, run_dir, steps_per_epoch), train_dataset=train_ds,
            eval_dataset=val_ds, data_collator=collator,
            compute_metrics=None if cfg.task == "generation" else _compute_metrics,
            compute_loss_func=loss_func,
            callbacks=[ProgressCallback(run_dir, status, per_step), stop, CheckpointMarker(run_dir),
                       best_epoch.BestEpochKeeper(run_dir, cfg, status)],
            optimizers=(optimizer, None))
        if cfg.task != "generation":
            # Classifiers accept **kwargs but ignore num_items_in_batch, so the Trainer would neither
            # average the loss over accumulation steps nor log it right (loss x accumulation steps).
            trainer.model_accepts_loss_kwargs = False
        resume = _usable_checkpoints(run_dir, status) if main_proc else complete_checkpoints(run_dir)
        if resume:
            status.update(resumed_from=resume[-1].name)
            # saved at the evaluation that ran out of patience: training ends there, as it did before the crash
            stop_at = best_epoch.checkpoint_already_stopped(resume[-1], cfg.task, cfg.early_stopping_patience, cfg.epochs)
            if stop_at:
                trainer.args.max_steps = stop_at
        start = time.time()
        train_out = trainer.train(resume_from_checkpoint=str(resume[-1]) if resume else None)
        seconds = time.time() - start
        if stop.nan_error:
            status.update(status="failed", error=stop.nan_error, finished_at=time.time())
            return 1
        if stop.cancelled:
            status.update(status="cancelled", finished_at=time.time(),
                          error="Cancelled; resume_training continues from the saved checkpoint.")
            return 0
        steps_done = trainer.state.global_step - (int(resume[-1].name.rsplit("-", 1)[1]) if resume else 0)
        train_info = {"examples": len(data.train), "rows_available": data.rows_available, "epochs": cfg.epochs,
                      "seconds": round(seconds, 1), "examples_per_s": round(steps_done * per_step / max(seconds, 1e-9), 2),
                      "final_train_loss": round(float(train_out.training_loss), 4)}
        if weights:
            train_info["class_weights"] = {label: round(w, 4) for label, w in zip(data.labels, weights)}
        status.update(status="running", phase="evaluating")
        kept = best_epoch.keep_best(trainer, cfg, run_dir)  # from here on the model is the best evaluation's
        if cfg.task == "generation":
            result, y_pred = _finish_generation(trainer, cfg, run_dir, data, tokenizer, train_info)
        else:
            result, y_pred = _finish_classification(trainer, cfg, run_dir, data, baseline, train_info)
        if not main_proc:
            return 0
        from tools import evaluation
        from tools.runs import read_jsonl

        evaluation.plot_loss(read_jsonl(run_dir / "progress.jsonl"), run_dir / "loss.png")
        result["reload_check"] = _save_and_check(trainer, cfg, run_dir, tokenizer, data, y_pred)
        result.update(kept)  # best_epoch, best_metric, stopped_early...: which evaluation the model is, and why
        write_json(run_dir / "metrics.json", result)
        status.update(status="completed", finished_at=time.time(), phase=None)
        return 0
    except ValueError as e:
        error = str(e)
        if "Fix:" not in error:  # a library's own ValueError: its traceback says where
            traceback.print_exc()
            error = f"{error}. Fix: {_see_log(run_dir)}"
        status.update(status="failed", error=error, finished_at=time.time())
        print(f"error: {error}", file=sys.stderr)
        return 2
    except OSError as e:
        hint = ("The disk is full. Fix: free some space or set FINETUNE_ASSISTANT_RUNS to a bigger disk."
                if getattr(e, "errno", None) == 28 else
                f"Cannot write in {run_dir}. Fix: check its permissions or set FINETUNE_ASSISTANT_RUNS.")
        status.update(status="failed", error=f"{hint} ({e})", finished_at=time.time())
        print(f"error: {hint} ({e})", file=sys.stderr)
        return 2
    except Exception as e:  # noqa: BLE001 - the child must always leave a readable status behind
        traceback.print_exc()
        status.update(status="failed", error=f"{type(e).__name__}: {e}. Fix: {_see_log(run_dir)}",
                      finished_at=time.time())
        return 1
    finally:
        if turn is not None:
            turn.close()  # releases the lock: the next queued run starts


def _see_log(run_dir: Path) -> str:
    return (f"the traceback in {run_dir / 'train.log'} shows where it went wrong; correct the data or settings it "
            "names, then resume_training (or start a new run).")


def _usable_checkpoints(run_dir: Path, status: RunStatus) -> list[Path]:
    """Intact checkpoints (checksums verified); each broken one is set aside with a warning the user sees
    in train.log and in training_status, and is never loaded."""
    warnings = list(status.get().get("warnings") or [])
    verdicts = checkpoint_verdicts(run_dir, deep=True)
    rejected = [(ckpt, why) for ckpt, why in verdicts if why]
    usable = [ckpt for ckpt, why in verdicts if not why]
    for ckpt, why in rejected:
        aside = run_dir / "rejected_checkpoints" / f"{ckpt.name}-{time.strftime('%Y%m%d-%H%M%S')}"
        aside.parent.mkdir(exist_ok=True)
        ckpt.rename(aside)  # out of checkpoints/: the Trainer may write this step again, cleanly
        then = f"resuming from {usable[-1].name}" if usable else "starting from the beginning"
        msg = (f"Warning: skipped checkpoint {ckpt.name}: {why}. It was not loaded (moved to "
               f"rejected_checkpoints/{aside.name}); {then}.")
        print(msg, file=sys.stderr, flush=True)
        warnings.append(msg)
    if rejected:
        status.update(warnings=warnings)
    return usable


def wait_for_turn(run_dir: Path, status: RunStatus, stop: StopControl):
    """Block while another run trains (one at a time); older queued runs go first. Returns the held lock."""
    import fcntl

    from tools.runs import queued_before

    lock = open(run_dir.parent / ".train.lock", "a+")
    status.update(status="queued", pid=os.getpid(), queued_at=status.get().get("queued_at") or time.time())
    while True:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            if not queued_before(run_dir):
                return lock
            fcntl.flock(lock, fcntl.LOCK_UN)
        except BlockingIOError:
            pass
        if stop.cancelled or (run_dir / "CANCEL").exists():
            return lock
        time.sleep(0.5)


if __name__ == "__main__":
    try:
        config = parse_config()
    except ValueError as err:
        print(f"error: {err}", file=sys.stderr)
        sys.exit(2)
    sys.exit(main(config))
