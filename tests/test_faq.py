"""search_faq with the real embedded MiniLM: retrieval, language preference, the relevance
threshold, the on-disk index cache and bad inputs.

The paraphrases below are our own and are neither the shared dev questions nor the benchmark's
sets. Every test runs with its own cache directory, so the user's cache is never touched.
"""
from __future__ import annotations

import json
import shutil
import statistics
import time
from pathlib import Path

import pytest

import tools.faq as faq
from tools.faq import RELEVANCE_THRESHOLD, load_index, search_faq
from tools.faq_analyzer import analyze, readable, tokens
from tools.language import message_language

KNOWLEDGE = Path(__file__).resolve().parent.parent / "knowledge"

PARAPHRASES = [
    ("How does LoRA keep the base model frozen?", "en", "lora"),
    ("my validation loss started rising after epoch 3", "en", "overfitting"),
    ("which GPUs can do bf16", "en", "mixed-precision"),
    ("what does gradient accumulation do", "en", "batch-size"),
    ("how to compute recall", "en", "evaluation-metrics"),
    ("how do I fix CUDA OOM", "en", "gpu-memory"),
    ("과적합을 막으려면 어떻게 해야 하나요", "ko", "overfitting"),
    ("혼동 행렬에서 대각선은 무슨 뜻이에요", "ko", "confusion-matrix"),
    ("학습률을 너무 크게 잡으면 생기는 일", "ko", "learning-rate"),
    ("클래스 불균형이 심할 때 대처법", "ko", "class-imbalance"),
    ("허깅페이스 허브에 모델 올리기", "ko", "hugging-face-ecosystem"),
    ("LoRA 어댑터만 저장하면 되나요?", "ko", "saving-and-merging"),
]

OUT_OF_SCOPE = [
    "What's the weather like in Seoul tomorrow?",
    "pancake recipe with buttermilk",
    "what was the score of the Lakers game",
    "오늘 날씨 어때?",
    "된장찌개 레시피",
    "야구 경기 결과 알려줘",
]


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    """Each test gets an empty cache directory and an empty in-memory index cache."""
    monkeypatch.setenv("FINETUNE_ASSISTANT_CACHE", str(tmp_path / "cache"))
    faq._load.cache_clear()
    yield
    faq._load.cache_clear()


@pytest.fixture(scope="module")
def real_index_cache(tmp_path_factory):
    """Build the real knowledge base's index once for the module (about 10 s on 2 cores)."""
    return tmp_path_factory.mktemp("faq-cache")


@pytest.fixture
def real(real_index_cache, monkeypatch):
    monkeypatch.setenv("FINETUNE_ASSISTANT_CACHE", str(real_index_cache))
    monkeypatch.delenv(faq.KNOWLEDGE_ENV, raising=False)
    return search_faq


@pytest.fixture
def small_kb(tmp_path, monkeypatch):
    """A knowledge directory of four real entries, selected through the environment override."""
    kdir = tmp_path / "knowledge"
    kdir.mkdir()
    for name in ("en-lora.md", "ko-lora.md", "en-overfitting.md", "ko-overfitting.md"):
        shutil.copy(KNOWLEDGE / name, kdir / name)
    monkeypatch.setenv(faq.KNOWLEDGE_ENV, str(kdir))
    return kdir


def _count_builds(monkeypatch) -> list:
    calls = []
    original = faq.build_index

    def counting(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(faq, "build_index", counting)
    return calls


# --- retrieval -------------------------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("query,lang,topic", PARAPHRASES, ids=[p[0] for p in PARAPHRASES])
def test_paraphrase_finds_its_topic(real, query, lang, topic):
    results = real(query, k=3)
    assert topic in [r["topic"] for r in results], results
    assert results[0]["score"] >= RELEVANCE_THRESHOLD
    assert results[0]["lang"] == lang


@pytest.mark.slow
def test_paraphrases_top1(real):
    hits = sum(real(q, k=1)[0]["topic"] == t for q, _, t in PARAPHRASES)
    assert hits >= len(PARAPHRASES) - 1, f"hit@1 {hits}/{len(PARAPHRASES)}"


@pytest.mark.slow
@pytest.mark.parametrize("query", OUT_OF_SCOPE)
def test_out_of_scope_scores_below_threshold(real, query):
    assert real(query, k=1)[0]["score"] < RELEVANCE_THRESHOLD


@pytest.mark.slow
def test_language_preference(real):
    assert real("How do I choose the LoRA rank?")[0]["lang"] == "en"
    assert real("LoRA 랭크는 어떻게 정해요?")[0]["lang"] == "ko"  # Korean with an English term
    assert real("가중치 감쇠 값은 보통 얼마예요?")[0]["lang"] == "ko"
    forced = real("How do I choose the LoRA rank?", lang="ko")
    assert forced[0]["lang"] == "ko" and forced[0]["topic"] == "lora-hyperparameters"
    # the other language is scaled down, not dropped: the English twin still shows
    mixed = real("What does weight decay do?", k=3)
    assert [r["id"] for r in mixed[:2]] == ["en-weight-decay", "ko-weight-decay"]


@pytest.mark.slow
def test_result_shape(real):
    results = real("What is QLoRA double quantization?", k=5)
    assert len(results) == 5
    for r in results:
        assert set(r) == {"id", "topic", "lang", "title", "answer", "score", "related"}
        assert 0.0 <= r["score"] <= 1.0
        assert r["topic"] in faq.TOPICS and all(t in faq.TOPICS for t in r["related"])
        assert not r["answer"].startswith("---") and "topic:" not in r["answer"].split("\n")[0]
    assert [r["score"] for r in results] == sorted((r["score"] for r in results), reverse=True)
    assert len({r["id"] for r in results}) == 5
    json.dumps(results)
    assert len(real("LoRA", k=1000)) == len(list(KNOWLEDGE.glob("*.md")))


def test_threshold_is_documented():
    assert str(RELEVANCE_THRESHOLD) in search_faq.__doc__
    assert "Args:" in search_faq.__doc__


@pytest.mark.slow
def test_query_latency_after_loading(real):
    real("warm up the encoder")
    times = []
    for q in ["What is LoRA rank?", "과적합", "bf16 지원 GPU", "how many epochs", "학습률 스케줄러"] * 2:
        t = time.perf_counter()
        real(q)
        times.append((time.perf_counter() - t) * 1000)
    # the target is < 50 ms (benchmarks/faq_retrieval.py measures it); a loose bound here keeps
    # the test stable on a busy shared machine
    assert statistics.median(times) < 150, times


@pytest.mark.slow
def test_query_encoding_leaves_torch_threads_alone(real):
    import torch

    before = torch.get_num_threads()
    real("What does LoRA alpha do?")
    assert torch.get_num_threads() == before


# --- bad input -------------------------------------------------------------------------------

@pytest.mark.parametrize("kwargs", [
    {"query": ""}, {"query": "   \n"}, {"query": None}, {"query": "LoRA", "k": 0},
    {"query": "LoRA", "k": -1}, {"query": "LoRA", "k": 2.5}, {"query": "LoRA", "k": True},
    {"query": "LoRA", "lang": "fr"},
])
def test_bad_input_raises_with_a_fix(kwargs):
    with pytest.raises(ValueError, match="Fix"):
        search_faq(**kwargs)


def test_missing_knowledge_dir(tmp_path, monkeypatch):
    monkeypatch.setenv(faq.KNOWLEDGE_ENV, str(tmp_path / "nowhere"))
    with pytest.raises(ValueError, match="Fix"):
        search_faq("What is LoRA?")


def test_broken_entry_names_the_file(small_kb):
    (small_kb / "en-broken.md").write_text("no front matter here\n", encoding="utf-8")
    with pytest.raises(ValueError, match="en-broken.md"):
        search_faq("What is LoRA?")


# --- the index cache ---------------------------------------------------------------------------

def test_index_is_cached_on_disk_and_reused(small_kb, monkeypatch):
    builds = _count_builds(monkeypatch)
    first = search_faq("What is LoRA?", k=1)
    assert builds == [1]
    cached = list((faq.cache_dir() / "faq").glob("index-*.pkl"))
    assert len(cached) == 1
    mtime = cached[0].stat().st_mtime_ns

    search_faq("과적합", k=1)  # same process: the in-memory index
    assert builds == [1]

    faq._load.cache_clear()  # a new process: the index comes from disk, nothing is recomputed
    monkeypatch.setattr(faq, "build_index", lambda *a, **k: pytest.fail("index rebuilt"))
    monkeypatch.setattr(faq, "embed", lambda *a, **k: pytest.fail("entries re-embedded")
                        if len(a[0]) > 1 else _real_embed(*a, **k))
    assert search_faq("What is LoRA?", k=1) == first
    assert cached[0].stat().st_mtime_ns == mtime


_real_embed = faq.embed


def test_index_rebuilds_when_a_file_changes(small_kb, monkeypatch):
    builds = _count_builds(monkeypatch)
    assert search_faq("What is LoRA?", k=1)[0]["id"] == "en-lora"
    old_key = load_index().key

    path = small_kb / "en-lora.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('title: "LoRA (Low-Rank Adaptation) explained',
                                 'title: "LoRA adapters (Low-Rank Adaptation) explained'), encoding="utf-8")
    result = search_faq("What is LoRA?", k=1)[0]  # no cache_clear: the change is noticed
    assert result["title"].startswith("LoRA adapters")
    assert load_index().key != old_key
    assert builds == [1, 1]

    (small_kb / "en-lora.md").unlink()  # removing an entry also counts
    assert "en-lora" not in [r["id"] for r in search_faq("What is LoRA?", k=4)]
    assert len(builds) == 3


def test_corrupt_cache_file_is_rebuilt(small_kb, monkeypatch):
    search_faq("What is LoRA?", k=1)
    (cached,) = (faq.cache_dir() / "faq").glob("index-*.pkl")
    cached.write_bytes(b"not a pickle")
    faq._load.cache_clear()
    builds = _count_builds(monkeypatch)
    assert search_faq("What is LoRA?", k=1)[0]["id"] == "en-lora"
    assert builds == [1]


# --- text analysis -------------------------------------------------------------------------------

def test_tokens_and_korean_stemming():
    assert tokens("학습률이란?") == ["학습률"]
    assert tokens("LoRA가 뭐예요?") == ["lora"]
    assert tokens("What is the learning rate?") == ["learning", "rate"]
    assert tokens("큰 모델이 더 좋은가요") [:2] == ["큰", "모델"]
    assert tokens("정밀도") == ["정밀도"]  # 도 is not stripped: it ends many nouns


def test_qlora_and_lora_share_no_features():
    assert not set(analyze("QLoRA")) & set(analyze("LoRA"))
    assert set(analyze("optimizers")) & set(analyze("optimizer"))


def test_detect_language_and_readable():
    assert message_language("How do I pick a learning rate?") == "en"
    assert message_language("QLoRA란?") == "ko"
    assert message_language("LoRA 랭크") == "ko"
    text, share = readable("과적합을 막으려면")
    assert "overfitting" in text and 0 < share < 1
    assert readable("내일 미세먼지 어때요?") == ("", 0.0)
    assert readable("What is LoRA?") == ("What is LoRA?", 1.0)


@pytest.mark.slow
def test_cli(real, capsys):
    from tools.__main__ import main

    assert main(["search_faq", "--query", "과적합", "--k", "1"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert len(out) == 1 and out[0]["topic"] == "overfitting"
    assert main(["search_faq", "--query", " "]) == 2
    assert "Fix" in capsys.readouterr().err
