"""TrainConfig: everything one training run needs, validated on construction.

recommend_settings fills it, start_training writes it to RUN_DIR/config.json, and
`python -m tools.train` reads it back, so a run can always be repeated exactly. Flat on
purpose: every field is also a `--name value` flag and a start_training override.
"""
from __future__ import annotations

import argparse
import dataclasses
import importlib.util
import json
import shlex
import typing
from dataclasses import dataclass, field
from pathlib import Path

TASKS = ("classification", "regression", "generation")
METHODS = ("lora", "qlora", "full")
PRECISIONS = ("fp32", "bf16", "fp16")
SCHEDULERS = ("linear", "cosine", "constant_with_warmup")
CLASS_WEIGHTS = ("none", "balanced")  # balanced: each class weighs n / (classes x its count), as in scikit-learn
TRACKERS = ("tensorboard", "wandb", "mlflow", "none")  # wandb and mlflow log next to TensorBoard, not instead


def tracker_packages(report_to: str) -> list[str]:
    """The integrations (transformers' report_to names, also their packages) a report_to setting turns on."""
    if report_to == "none":
        return []
    return ["tensorboard"] + ([report_to] if report_to != "tensorboard" else [])


@dataclass
class TrainConfig:
    # --- data -------------------------------------------------------------------------
    dataset_path: str
    validation_path: str | None = None  # else a seeded, stratified split of dataset_path
    # The run whose validation rows validation_path holds (tools/retrain.py): the explanation says the
    # comparison with it is on the same rows.
    validation_from_run: str | None = None
    text_column: str | None = None  # None: detected by inspect_dataset
    label_column: str | None = None
    task: str = "classification"
    validation_fraction: float = 0.1
    max_train_examples: int | None = None  # a budget, e.g. to fit a CPU time limit
    max_eval_examples: int | None = 2000
    max_length: int = 128
    # Decoder classifiers read the text through a template ending in a fixed cue ("Label:"), so the
    # last token, which the head reads, always sits at the same spot; "{text}" marks the text.
    text_template: str | None = None
    # Facts the recommendation already measured, carried so the training child reads the table once
    # instead of inspecting it again; None: the child works them out from the table it reads.
    language: str | None = None  # what the texts are written in: en, ko, mixed or other
    generation_columns: dict[str, str] | None = None  # role → column of generation data, e.g. {"prompt": "q", ...}
    # --- model --------------------------------------------------------------------------
    base_model: str = "sentence-transformers/all-MiniLM-L6-v2"
    method: str = "lora"
    lora_r: int = 8
    lora_alpha: int = 16
    lora_dropout: float = 0.1
    lora_target_modules: list[str] = field(default_factory=lambda: ["query", "key", "value", "dense"])
    lora_layers: list[int] | None = None  # peft layers_to_transform; None = every layer
    # --- optimisation ---------------------------------------------------------------------
    learning_rate: float = 5e-4
    head_learning_rate: float | None = None  # the new classification head often wants more
    lr_scheduler: str = "linear"
    warmup_ratio: float = 0.06
    weight_decay: float = 0.01
    epochs: float = 3.0
    batch_size: int = 16
    gradient_accumulation_steps: int = 1
    precision: str = "fp32"
    gradient_checkpointing: bool = False
    seed: int = 42
    # Mistakes on a rare class cost more: "balanced" weights the cross-entropy by inverse class frequency.
    class_weights: str = "none"
    # --- keeping the best evaluation ---------------------------------------------------------
    # The best evaluation (macro-F1, or eval loss for generation) is always the one kept. Training stops
    # after this many evaluations in a row without a better one; 0 trains every epoch. Two, not one: on a
    # small validation set one epoch's score wobbles by a point or two without meaning anything.
    early_stopping_patience: int = 2
    # --- bookkeeping ----------------------------------------------------------------------
    logging_steps: int = 10
    eval_steps: int | None = None  # None: evaluate at the end of each epoch
    save_steps: int = 50
    merge_adapter: bool = False
    run_dir: str | None = None
    report_to: str = "tensorboard"  # TensorBoard logs in RUN_DIR/tensorboard; wandb/mlflow add theirs (offline)

    def __post_init__(self):
        def bad(msg: str):
            raise ValueError(f"Invalid training setting: {msg}")

        if not self.dataset_path:
            bad("dataset_path is empty. Fix: pass the path of your CSV/JSON/Parquet file.")
        if self.task not in TASKS:
            bad(f"task={self.task!r}. Fix: use one of {', '.join(TASKS)}.")
        if self.method not in METHODS:
            bad(f"method={self.method!r}. Fix: use one of {', '.join(METHODS)}.")
        if self.precision not in PRECISIONS:
            bad(f"precision={self.precision!r}. Fix: use one of {', '.join(PRECISIONS)} (fp32 on a CPU).")
        if self.lr_scheduler not in SCHEDULERS:
            bad(f"lr_scheduler={self.lr_scheduler!r}. Fix: use one of {', '.join(SCHEDULERS)}.")
        if not self.learning_rate > 0:
            bad(f"learning_rate={self.learning_rate} must be > 0. Fix: try 2e-4 for LoRA or 5e-5 for full "
                "fine-tuning.")
        if self.head_learning_rate is not None and not self.head_learning_rate > 0:
            bad("head_learning_rate must be > 0 or unset. Fix: leave it unset to use learning_rate.")
        if not self.epochs > 0:
            bad(f"epochs={self.epochs} must be > 0. Fix: 1-5 epochs is typical.")
        for name in ("batch_size", "gradient_accumulation_steps", "max_length", "lora_r", "logging_steps",
                     "save_steps"):
            if int(getattr(self, name)) < 1:
                bad(f"{name}={getattr(self, name)} must be at least 1.")
        if self.max_length > 8192:
            bad(f"max_length={self.max_length} is too long to train here. Fix: use at most 8192 "
                "(inspect_dataset reports the real token lengths).")
        if not 0 < self.validation_fraction < 0.5:
            bad(f"validation_fraction={self.validation_fraction}. Fix: use a value between 0.05 and 0.3.")
        if not 0 <= self.lora_dropout < 1:
            bad(f"lora_dropout={self.lora_dropout}. Fix: use 0.0-0.2.")
        if not 0 <= self.warmup_ratio < 1:
            bad(f"warmup_ratio={self.warmup_ratio}. Fix: use 0.0-0.1.")
        if self.method != "full" and not self.lora_target_modules:
            bad("lora_target_modules is empty. Fix: name the linear layers to adapt, e.g. q_proj,v_proj.")
        if self.task == "generation" and self.method == "full":
            bad("full fine-tuning of a generative model is not offered here. Fix: use method lora or qlora.")
        if self.text_template is not None and "{text}" not in self.text_template:
            bad(f"text_template={self.text_template!r} has no {{text}} placeholder. Fix: e.g. 'Text: {{text}}\\nLabel:'.")
        if self.language not in (None, "en", "ko", "mixed", "other"):
            bad(f"language={self.language!r}. Fix: use en, ko, mixed or other, or leave it unset to detect it.")
        gen = self.generation_columns
        if gen is not None and not (isinstance(gen, dict) and gen and all(isinstance(v, str) for v in gen.values())):
            bad(f"generation_columns={gen!r}. Fix: map roles to column names, e.g. "
                '{"prompt": "question", "response": "answer"}, or leave it unset to detect them.')
        if self.max_train_examples is not None and self.max_train_examples < 2:
            bad("max_train_examples must be at least 2 or unset.")
        if self.class_weights not in CLASS_WEIGHTS:
            bad(f"class_weights={self.class_weights!r}. Fix: use none, or balanced to weight rare classes more.")
        if self.class_weights != "none" and self.task != "classification":
            bad(f"class_weights={self.class_weights} applies to classification only. Fix: use class_weights=none "
                f"for {self.task}.")
        patience = self.early_stopping_patience
        if isinstance(patience, float) and patience.is_integer():  # 2.0 from a JSON number or a form
            self.early_stopping_patience = patience = int(patience)
        if not isinstance(patience, int) or patience < 0:
            bad(f"early_stopping_patience={patience!r}. Fix: use a whole number of evaluations, e.g. 2, or 0 to "
                "train every epoch.")
        if self.report_to not in TRACKERS:
            bad(f"report_to={self.report_to!r}. Fix: use one of {', '.join(TRACKERS)}.")
        for package in tracker_packages(self.report_to):
            if importlib.util.find_spec(package) is None:
                bad(f"report_to={self.report_to} needs the {package} package, which is not installed. Fix: pip "
                    f"install {package}, or use report_to=" + ("tensorboard." if package != "tensorboard" else
                                                             "none to write no tracking logs."))

    # --- (de)serialisation ------------------------------------------------------------------
    def to_dict(self) -> dict:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "TrainConfig":
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValueError(f"Unknown training setting(s): {', '.join(unknown)}. "
                             f"Fix: use only these names: {', '.join(sorted(known))}.")
        return cls(**data)

    @classmethod
    def load(cls, path: str | Path) -> "TrainConfig":
        try:
            return cls.from_dict(json.loads(Path(path).read_text()))
        except (OSError, json.JSONDecodeError) as e:
            raise ValueError(f"Cannot read the training config {path}: {e}. Fix: pass a config.json "
                             "written by start_training or recommend_settings.") from None

    def command(self, num_processes: int = 1) -> str:
        """The shell command that runs exactly this config (accelerate launch on several GPUs)."""
        launcher = (["accelerate", "launch", "--multi_gpu", "--num_processes", str(num_processes), "-m"]
                    if num_processes > 1 else ["python", "-m"])
        args = []
        defaults = {f.name: f.default if f.default is not dataclasses.MISSING else f.default_factory()
                    for f in dataclasses.fields(self) if f.default is not dataclasses.MISSING
                    or f.default_factory is not dataclasses.MISSING}
        for key, value in self.to_dict().items():
            if key in defaults and defaults[key] == value:
                continue
            if value is None:
                continue
            text = (",".join(map(str, value)) if isinstance(value, list) else
                    json.dumps(value, ensure_ascii=False) if isinstance(value, dict) else str(value))
            args += [f"--{key}", text]
        return shlex.join(launcher + ["tools.train"] + args)


def _flag_type(annotation):
    """argparse type for a dataclass field's annotation (str | None -> str, list[int] -> comma list, dict -> JSON)."""
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    base = args[0] if args and typing.get_origin(annotation) not in (list, dict) else annotation
    if typing.get_origin(base) is dict:
        return json.loads
    if typing.get_origin(base) is list:
        inner = typing.get_args(base)[0]
        return lambda s: [inner(x.strip()) for x in s.split(",") if x.strip()]
    if base is bool:
        return lambda s: s.lower() in ("1", "true", "yes")
    return base


def config_parser() -> argparse.ArgumentParser:
    """`--config FILE` and/or one `--field value` flag per TrainConfig field (flags win)."""
    parser = argparse.ArgumentParser(prog="python -m tools.train", description="Run one fine-tuning job.")
    parser.add_argument("--config", help="a config.json (from start_training or recommend_settings)")
    hints = typing.get_type_hints(TrainConfig)
    for f in dataclasses.fields(TrainConfig):
        parser.add_argument(f"--{f.name}", type=_flag_type(hints[f.name]), default=None)
    return parser


def parse_config(argv: list[str] | None = None) -> TrainConfig:
    args = config_parser().parse_args(argv)
    data = TrainConfig.load(args.config).to_dict() if args.config else {}
    data.update({k: v for k, v in vars(args).items() if k != "config" and v is not None})
    if "dataset_path" not in data:
        raise ValueError("No dataset given. Fix: pass --config RUN_DIR/config.json or --dataset_path FILE.")
    return TrainConfig.from_dict(data)
