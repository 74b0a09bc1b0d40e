"""The training settings a person is shown and may change: the one list that the proposal
tables, the settings form, the summaries the chat model reads and the page's labels derive from.

Each setting is a TrainConfig field, so its type comes from there and TrainConfig checks the
values; this list says which fields a person sees, in what order, with what words in each
language, and whether the form lets them change it. A new user-facing setting is one line here.
"""
from __future__ import annotations

import dataclasses
import typing
from dataclasses import dataclass

from tools.config import CLASS_WEIGHTS, METHODS, PRECISIONS, TRACKERS, TrainConfig
from tools.language import say

_FIELD_TYPES = typing.get_type_hints(TrainConfig)


@dataclass(frozen=True)
class Setting:
    name: str  # the TrainConfig field
    en: str  # its name in a settings table, in English and Korean
    ko: str
    choices: tuple[str, ...] = ()
    minimum: float | None = None  # the form's lower bound
    in_form: bool = True  # precision follows the hardware: shown, not edited
    hint: tuple[str, str] = ("", "")  # more words for the form's label (en, ko)

    @property
    def type(self) -> type:
        """int, float or str: the TrainConfig field's type."""
        hint = _FIELD_TYPES[self.name]
        return next((t for t in typing.get_args(hint) if t is not type(None)), hint)

    def label(self, lang: str) -> str:
        return say(lang, self.en, self.ko)

    def form_label(self, lang: str) -> str:
        text = say(lang, self.en[:1].upper() + self.en[1:], self.ko)
        extra = say(lang, *self.hint)
        return f"{text} ({extra})" if extra else text

    def read(self, value):
        """A value typed into the form as this setting's type; None when left empty."""
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if self.type not in (int, float):
            return str(value).strip()
        try:
            return self.type(value)
        except (TypeError, ValueError):
            raise ValueError(say("en", f"{self.en} must be a number, not {value!r}. Fix: type a number.", "")) from None


SETTINGS = (
    Setting("base_model", "base model", "기본 모델",
            hint=("embedded: sentence-transformers/all-MiniLM-L6-v2, google/gemma-3-270m, "
                  "Qwen/Qwen2.5-Coder-0.5B-Instruct; or a local folder",
                  "내장: sentence-transformers/all-MiniLM-L6-v2, google/gemma-3-270m, "
                  "Qwen/Qwen2.5-Coder-0.5B-Instruct; 또는 로컬 폴더")),
    Setting("method", "method", "방법", choices=METHODS),
    Setting("lora_r", "LoRA rank r", "LoRA 랭크 r", minimum=1),
    Setting("epochs", "epochs", "에폭", minimum=0.1),
    Setting("learning_rate", "learning rate", "학습률", minimum=0),
    Setting("batch_size", "batch size", "배치 크기", minimum=1),
    Setting("max_length", "max length (tokens)", "최대 길이(토큰)", minimum=8),
    Setting("precision", "precision", "정밀도(precision)", choices=PRECISIONS, in_form=False),
    Setting("class_weights", "class weights", "클래스 가중치", choices=CLASS_WEIGHTS,
            hint=("balanced: mistakes on rare classes cost more", "balanced: 적은 클래스의 실수에 더 큰 비용")),
    Setting("early_stopping_patience", "early stopping patience", "조기 종료 인내(patience)", minimum=0,
            hint=("evaluations without improvement before stopping; 0 = never stop early; the best epoch is kept "
                  "either way", "개선 없이 지나도 되는 평가 횟수, 0 = 조기 종료 안 함; 어느 쪽이든 가장 좋은 에폭을 남김")),
    Setting("report_to", "experiment tracking", "실험 기록", choices=TRACKERS,
            hint=("TensorBoard logs always, unless none; wandb or mlflow log offline too",
                  "none이 아니면 텐서보드 로그는 항상; wandb나 mlflow는 오프라인으로 함께 기록")),
)
BY_NAME = {s.name: s for s in SETTINGS}
FORM = tuple(s for s in SETTINGS if s.in_form)

_unknown = set(BY_NAME) - {f.name for f in dataclasses.fields(TrainConfig)}
if _unknown:  # a typo here would silently show nothing
    raise ValueError(f"tools/settings.py lists {sorted(_unknown)}, which TrainConfig does not have. Fix: use field names.")


def user_settings(result: dict) -> dict:
    """The settings a person confirms, in SETTINGS order: from a recommendation, a dry run or a
    training config. No LoRA rank for full fine-tuning (it has none), no class weights for generation."""
    cfg = result.get("config") or {}
    out = {s.name: result.get(s.name, cfg.get(s.name)) for s in SETTINGS}
    if out["lora_r"] is None and isinstance(result.get("lora"), dict):
        out["lora_r"] = result["lora"].get("r")
    if out["method"] == "full":
        out.pop("lora_r")
    if (result.get("task") or cfg.get("task")) == "generation":
        out.pop("class_weights")  # there are no classes to weigh
    return {k: v for k, v in out.items() if v is not None}


def read_form(settings: dict, values: list) -> dict:
    """`settings` with the form's values (in FORM order) put in; empty fields keep their value."""
    edited = dict(settings)
    for setting, value in zip(FORM, values):
        value = setting.read(value)
        if value is not None:
            edited[setting.name] = value
    if edited.get("method") == "full":
        edited.pop("lora_r", None)
    return edited
