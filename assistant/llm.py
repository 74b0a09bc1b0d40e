"""The local chat LLM: one model per process, shared by every chat behind a lock, streamed.

Default: the embedded Qwen2.5-Coder-0.5B-Instruct from the safetensors cache that tools/
builds. `--model` or $FINETUNE_ASSISTANT_CHAT_MODEL replaces it with any Hugging Face id or
local directory. On a CPU the Linear layers are quantized to dynamic int8 (about 2x faster
decoding here, see benchmarks/chat_latency.py); on a GPU the model runs in bf16 or fp16.
Decoding is greedy: tool routing must be repeatable.
"""
from __future__ import annotations

import copy
import inspect
import os
import threading
import time
import warnings
from collections import OrderedDict
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Iterator

MODEL_ENV = "FINETUNE_ASSISTANT_CHAT_MODEL"
INT8_SCHEME = "dynamic-int8-linear-except-down_proj-v1"  # part of the quantized cache's key


def default_model() -> str:
    from tools.models import QWEN

    return os.environ.get(MODEL_ENV) or QWEN


@dataclass
class LLMConfig:
    model: str = field(default_factory=default_model)
    device: str = "auto"  # auto | cpu | cuda | mps
    quantize: str = "auto"  # auto (int8 on CPU) | int8 | none
    dtype: str = "auto"  # auto (fp32 on CPU, bf16/fp16 on GPU) | fp32 | bf16 | fp16
    max_new_tokens: int = 320
    prefix_cache: bool = True  # keep the attention cache of the system prompt + tools between calls

    def __post_init__(self):
        if not self.model or not str(self.model).strip():
            raise ValueError(f"No chat model given. Fix: pass --model with a Hugging Face id or a local folder, "
                             f"or unset {MODEL_ENV} to use the embedded Qwen.")
        if self.device not in ("auto", "cpu", "cuda", "mps"):
            raise ValueError(f"device={self.device!r}. Fix: use auto, cpu, cuda or mps.")
        if self.quantize not in ("auto", "int8", "none"):
            raise ValueError(f"quantize={self.quantize!r}. Fix: use auto, int8 or none.")
        if self.dtype not in ("auto", "fp32", "bf16", "fp16"):
            raise ValueError(f"dtype={self.dtype!r}. Fix: use auto, fp32, bf16 or fp16.")
        if self.max_new_tokens < 16:
            raise ValueError(f"max_new_tokens={self.max_new_tokens} is too small for a tool call. Fix: use 64 or more.")


@dataclass
class GenerationStats:
    prompt_tokens: int = 0
    new_tokens: int = 0
    first_token_s: float | None = None  # prompt processing + the first token
    total_s: float = 0.0

    @property
    def decode_tokens_per_s(self) -> float | None:
        if self.first_token_s is None or self.new_tokens < 2 or self.total_s <= self.first_token_s:
            return None
        return (self.new_tokens - 1) / (self.total_s - self.first_token_s)


def _cache_kwarg(model, forward: bool = False) -> str:
    """The name of a starting cache: `cache` in newer transformers 5, `past_key_values` before."""
    params = inspect.signature(model.forward if forward else model.prepare_inputs_for_generation).parameters
    return "cache" if "cache" in params else "past_key_values"


class _Stop:
    """A stopping criterion the consumer flips when it stops reading (a closed stream stops generating)."""

    def __init__(self):
        self.flag = threading.Event()

    def __call__(self, input_ids, scores, **kwargs):
        import torch

        return torch.full((input_ids.shape[0],), self.flag.is_set(), dtype=torch.bool, device=input_ids.device)


class LocalLLM:
    """A loaded chat model; `stream()` yields text pieces. One generation at a time (a lock)."""

    def __init__(self, model, tokenizer, config: LLMConfig, device: str, precision: str, load_s: float):
        self.model, self.tokenizer, self.config = model, tokenizer, config
        self.device, self.precision, self.load_s = device, precision, load_s
        self.name = config.model
        self.lock = threading.Lock()
        self.last_stats = GenerationStats()
        self._prefixes: OrderedDict[str, object] = OrderedDict()  # prompt prefix text -> its attention cache

    def describe(self) -> dict:
        return {**asdict(self.config), "model": self.name, "device": self.device, "precision": self.precision,
                "load_s": round(self.load_s, 2)}

    def prompt(self, messages: list[dict], tools: list[dict] | None = None) -> str:
        """The chat template's text, with the tool signatures when there are tools."""
        return self.tokenizer.apply_chat_template(messages, tools=tools or None, tokenize=False,
                                                  add_generation_prompt=True)

    def _prefix_cache(self, messages: list[dict], tools: list[dict] | None, input_ids):
        """A copy of the attention cache of the system prompt and tool signatures, or None.

        They (with the worked examples) are the same for every model call of a chat, and reading them
        is most of the time to a routing decision on a CPU; the cache makes that a one-off.
        """
        import torch

        if not (self.config.prefix_cache and messages and messages[0]["role"] == "system" and len(messages) > 1):
            return None
        fixed = 1 + next((i for i, m in enumerate(messages[1:]) if not m.get("example")), len(messages) - 1)
        fixed = min(fixed, len(messages) - 1)  # the system prompt and the worked examples; never the last turn
        prefix = self.tokenizer.apply_chat_template(messages[:fixed], tools=tools or None, tokenize=False)
        ids = self.tokenizer(prefix, return_tensors="pt", add_special_tokens=False)["input_ids"].to(input_ids.device)
        n = ids.shape[1]
        if n >= input_ids.shape[1] or not torch.equal(input_ids[0, :n], ids[0]):
            return None  # the prompt does not start with these tokens: no reuse
        cache = self._prefixes.get(prefix)
        if cache is None:
            with torch.no_grad():
                out = self.model(input_ids=ids, use_cache=True)
            cache = getattr(out, "cache", None) or out.past_key_values
            self._prefixes[prefix] = cache
            while len(self._prefixes) > 4:  # a few chats' prompts (files and language differ)
                self._prefixes.popitem(last=False)
        self._prefixes.move_to_end(prefix)
        return copy.deepcopy(cache)  # generation appends to it; the stored one stays the prefix

    def choose(self, messages: list[dict], tools: list[dict] | None, prefix: str, options: list[str]) -> list[float]:
        """Log-probability of each option as the model's continuation of the answer `prefix`.

        Used to read the model's choice of tool: the answer is started as a tool call
        (`<tool_call>{"name": "`) and every offered name is scored, so a 0.5B model that would
        otherwise drift into prose or invent tool names still picks one by its own judgement.
        """
        import torch

        with self.lock:
            base = self.prompt(messages, tools) + prefix
            tok = self.tokenizer
            # `",` ends a name the way the model writes it (`"` alone is a rare token and skews the scores)
            ids = [tok(base + o + '",', add_special_tokens=False)["input_ids"] for o in options]
            shared = min(len(x) for x in ids) - 1  # the tokens all options have in common (each keeps one)
            for x in ids[1:]:
                shared = next((i for i in range(shared) if x[i] != ids[0][i]), shared)
            device = self.model.device
            full = torch.tensor([ids[0][:shared]], device=device)
            cache = self._prefix_cache(messages, tools, full)
            done = 0 if cache is None else cache.get_seq_length()
            kw = _cache_kwarg(self.model, forward=True)
            with torch.no_grad():
                out = self.model(input_ids=full[:, done:], use_cache=True, **({kw: cache} if cache is not None else {}))
                cache = getattr(out, "cache", None) or out.past_key_values
                first = torch.log_softmax(out.logits[0, -1].float(), -1)
                scores = []
                for x in ids:
                    rest = x[shared:]
                    score = float(first[rest[0]])
                    if len(rest) > 1:
                        o = self.model(input_ids=torch.tensor([rest[:-1]], device=device), use_cache=True,
                                       **{kw: copy.deepcopy(cache)})
                        logp = torch.log_softmax(o.logits[0].float(), -1)
                        score += float(logp[torch.arange(len(rest) - 1), torch.tensor(rest[1:])].sum())
                    scores.append(score)
            return scores

    def stream(self, messages: list[dict], tools: list[dict] | None = None,
               max_new_tokens: int | None = None, prefix: str = "") -> Iterator[str]:
        """Generated text, piece by piece; `prefix` starts the answer (it is not repeated in the output)."""
        from transformers import StoppingCriteriaList, TextIteratorStreamer

        with self.lock:
            text = self.prompt(messages, tools) + prefix
            inputs = self.tokenizer(text, return_tensors="pt", add_special_tokens=False).to(self.model.device)
            start = time.perf_counter()
            cache = self._prefix_cache(messages, tools, inputs["input_ids"])
            streamer = TextIteratorStreamer(self.tokenizer, skip_prompt=True, skip_special_tokens=True)
            stop, errors = _Stop(), []
            stats = GenerationStats(prompt_tokens=int(inputs["input_ids"].shape[1]))
            kwargs = dict(**inputs, streamer=streamer, do_sample=False, max_new_tokens=max_new_tokens or
                          self.config.max_new_tokens, stopping_criteria=StoppingCriteriaList([stop]),
                          pad_token_id=self.tokenizer.pad_token_id or self.tokenizer.eos_token_id)
            if cache is not None:
                kwargs[_cache_kwarg(self.model)] = cache
            out: dict = {}

            def run():
                try:
                    out["ids"] = self.model.generate(**kwargs)
                except Exception as e:  # re-raised in the consumer's thread below
                    errors.append(e)
                    streamer.end()

            worker = threading.Thread(target=run, daemon=True)
            worker.start()
            try:
                for piece in streamer:
                    if stats.first_token_s is None:
                        stats.first_token_s = time.perf_counter() - start
                    if piece:
                        yield piece
            finally:
                stop.flag.set()
                worker.join()
                stats.total_s = time.perf_counter() - start
                if "ids" in out:
                    stats.new_tokens = int(out["ids"].shape[1]) - stats.prompt_tokens
                self.last_stats = stats
            if errors:
                raise errors[0]

    def complete(self, messages: list[dict], tools: list[dict] | None = None, max_new_tokens: int | None = None) -> str:
        return "".join(self.stream(messages, tools, max_new_tokens))


def _resolve_device(device: str) -> str:
    import torch

    if device != "auto":
        if device == "cuda" and not torch.cuda.is_available():
            raise ValueError("device=cuda but no CUDA GPU is visible. Fix: use --device cpu (or auto).")
        return device
    if torch.cuda.is_available():
        return "cuda"
    if getattr(torch.backends, "mps", None) and torch.backends.mps.is_available():
        return "mps"
    return "cpu"


def load(config: LLMConfig | None = None) -> LocalLLM:
    """Load (converting the embedded model the first time) and prepare the chat model."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from tools.models import resolve_model_path

    config = config or LLMConfig()
    start = time.perf_counter()
    device = _resolve_device(config.device)
    path = resolve_model_path(config.model)
    if config.dtype != "auto":
        dtype = {"fp32": torch.float32, "bf16": torch.bfloat16, "fp16": torch.float16}[config.dtype]
    elif device == "cuda":
        dtype = torch.bfloat16 if torch.cuda.is_bf16_supported() else torch.float16
    else:
        dtype = torch.float16 if device == "mps" else torch.float32
    int8 = device == "cpu" and config.quantize in ("auto", "int8") and dtype == torch.float32
    try:
        tokenizer = AutoTokenizer.from_pretrained(path)
        cached = _int8_cache(path) if int8 else None
        if cached is not None and cached.is_file():
            model = _load_int8(cached)
        else:
            model = AutoModelForCausalLM.from_pretrained(path, dtype=dtype)
    except OSError as e:
        raise ValueError(f"Cannot load the chat model {config.model!r} ({str(e).splitlines()[0]}). Fix: pass a local "
                         "folder with a downloaded model, or run with HF_HUB_OFFLINE=0 on a machine with internet, "
                         "or leave --model out to use the embedded Qwen.") from None
    if tokenizer.chat_template is None or "tools" not in tokenizer.chat_template:
        raise ValueError(f"{config.model!r} has no chat template with tool support. Fix: use an instruct model whose "
                         "template takes tools= (Qwen2.5 Instruct, Llama 3.1+ Instruct, …).")
    model.eval()
    precision = {torch.float32: "fp32", torch.bfloat16: "bf16", torch.float16: "fp16"}[dtype]
    if int8:
        precision = "int8-dynamic"
        if cached is None or not cached.is_file():
            model = _quantize(model)
            if cached is not None:
                _save_int8(model, cached)
    elif device != "cpu":
        model.to(device)
    return LocalLLM(model, tokenizer, config, device, precision, time.perf_counter() - start)


def _quantize(model):
    """Dynamic int8 Linear layers: decoding on a CPU is bound by reading the weights. Not the MLP
    down-projections: their inputs have outliers (|x| up to ~470) that one per-tensor activation
    scale cannot hold (relative error 0.3-0.5 per layer); with them in int8 the next-token
    distribution drifts far from fp32 (KL 1.0 vs 0.07 without) and the tool choices change."""
    import torch

    names = {n for n, m in model.named_modules() if isinstance(m, torch.nn.Linear) and not n.endswith("down_proj")}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # torch.ao.quantization's deprecation notice
        return torch.ao.quantization.quantize_dynamic(model, names, dtype=torch.qint8)


def _int8_cache(path: str):
    """Where the quantized model of `path` is kept: quantizing takes ~3 s, loading the result ~1.5 s.

    The file is a pickle that we wrote into the user's own cache (like the converted weights
    beside it); its name carries the torch and transformers versions and the source's size and
    time, so a change of either rebuilds it instead of unpickling something stale."""
    import hashlib

    import torch
    import transformers

    from tools.models import cache_dir

    src = Path(path)
    if not src.is_dir():
        return None  # a hub id: no stable local file to key the cache on
    stamp = [(p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in sorted(src.glob("*.safetensors"))]
    key = hashlib.sha1(repr((str(src.resolve()), stamp, torch.__version__, transformers.__version__,
                             INT8_SCHEME)).encode()).hexdigest()[:16]
    return cache_dir() / "models" / f"{src.name}-int8-{key}.pt"


def _load_int8(path: Path):
    import torch

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # TypedStorage deprecation inside torch.load
        return torch.load(path, weights_only=False, mmap=True)


def _save_int8(model, path: Path) -> None:
    import torch

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + f".tmp-{os.getpid()}")
        torch.save(model, tmp)
        os.replace(tmp, path)  # complete or absent, never half-written
        for old in path.parent.glob(path.name.split("-int8-")[0] + "-int8-*.pt"):
            if old != path:
                old.unlink(missing_ok=True)  # an older version's copy
    except OSError:
        pass  # a read-only cache only costs the quantization time at the next start


_SHARED: dict[str, LocalLLM] = {}
_SHARED_LOCK = threading.Lock()


def shared(config: LLMConfig | None = None) -> LocalLLM:
    """The process's one model: loaded on first use; a different config replaces it."""
    config = config or LLMConfig()
    with _SHARED_LOCK:
        current = _SHARED.get("llm")
        if current is None or current.config != config:
            _SHARED.pop("llm", None)  # free the old weights before loading new ones
            _SHARED["llm"] = load(config)
        return _SHARED["llm"]
