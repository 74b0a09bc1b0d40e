"""search_faq: answers to fine-tuning questions from our own knowledge base (knowledge/*.md).

Retrieval is hybrid and works offline. Every entry is matched on three fields: its topic's
names (the slug's words and TOPIC_ALIASES, shared by all entries of the topic), its title, and
its full text.

- **sparse**: TF-IDF cosine over features from `analyze`: for English words the word, word pairs
  and word-start prefixes (optimizer/optimizers); for Korean words the stem after a light
  particle/ending strip plus character 2-3-grams, so Korean works without a tokenizer
  (학습률이란, 학습률은 and 학습률을 all meet 학습률). Question words ("what is", "뭐예요") are
  stopwords, so "what's the weather" shares nothing with "what is the learning rate".
- **dense**: the embedded all-MiniLM-L6-v2 (mean pooling, L2 norm). MiniLM reads English only,
  so English entries are embedded from their own text and each Korean entry borrows the
  embedding of its English twin (same file name after the language prefix), else the mean of
  its topic's English entries. What MiniLM reads of a query (`readable`): all of an English
  query; of a Korean one, its Latin words ("LoRA" of "LoRA가 뭐예요?") and the English of its
  fine-tuning words from GLOSSARY_KO ("과적합을 막으려면" -> "overfitting"); both in faq_analyzer.py.
- **mixing**: score = w·dense + 0.4·min(1, sparse / sparse_scale), with w = 0.6·sqrt(readable
  share of the query's content words) and dense = max(0, (cos − 0.1) / 0.9), which removes the
  similarity MiniLM gives any two loosely related texts ("weather in Seoul" vs "Korean models").
  An English query gets 0.6·dense + 0.4·sparse; a Korean
  query with no fine-tuning vocabulary at all ("내일 미세먼지 어때요?") keeps only 0.4·sparse, so
  chance character overlaps (미세먼지 / 미세조정) stay far below the threshold. IDF statistics
  also see BACKGROUND, everyday sentences that are never returned. The weights (WEIGHTS) sit on
  a plateau of a grid search over the dev set and our own development paraphrases.
- **language preference**: the query's language is detected from its Hangul ratio; entries in
  the other language are scaled by OTHER_LANGUAGE_FACTOR, so they rank after same-language
  entries of similar relevance but a strong match still shows. A language given explicitly
  (lang=) uses the stronger EXPLICIT_LANGUAGE_FACTOR.

Scores are absolute, not normalised per query, so they can be compared with
RELEVANCE_THRESHOLD: a result below it does not answer the question ("what's the weather").
The index (vectorizer, sparse matrices, embeddings) is built once (about 10 s on 2 cores),
cached on disk under cache_dir()/faq keyed by a hash of the knowledge files and of this module,
rebuilt when either changes, written atomically, and kept in memory per process; a query then
takes a few milliseconds (MiniLM encoding of the query dominates).
"""
from __future__ import annotations

import hashlib
import os
import pickle
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from tools import faq_analyzer
from tools.faq_analyzer import analyze, readable
from tools.language import message_language
from tools.models import MINILM, cache_dir, embedded_model_dir

# The topic slugs of ../shared/faq_topics.md. This tuple is the source of truth for the tests;
# tests/test_knowledge.py checks that it agrees with faq_topics.md when that file is present.
TOPICS: tuple[str, ...] = (
    "what-is-fine-tuning", "data-quality", "data-cleaning", "data-augmentation", "dataset-size",
    "class-imbalance", "data-splits", "domain-knowledge", "model-selection", "model-size",
    "language-models-korean", "learning-rate", "learning-rate-schedule", "weight-decay",
    "regularization", "overfitting", "loss-functions", "optimizers", "batch-size", "epochs", "lora",
    "lora-hyperparameters", "qlora", "lora-vs-qlora", "gpu-memory", "mixed-precision",
    "gradient-checkpointing", "cpu-training", "evaluation-metrics", "confusion-matrix",
    "continuous-improvement", "experiment-tracking", "catastrophic-forgetting", "saving-and-merging",
    "hugging-face-ecosystem", "cloud-gpus", "chatbot-data", "community",
)
LANGS: tuple[str, ...] = ("en", "ko")
REQUIRED_KEYS: tuple[str, ...] = ("id", "topic", "lang", "title", "related")

# Other names of each topic besides its slug's words, mostly the terms Korean practitioners use.
# An entry's "name" score is its topic's best-matching alias, which lets a bare term ("QLoRA",
# "과적합", "weight decay") find the entry that defines it rather than one that mentions it.
TOPIC_ALIASES: dict[str, tuple[str, ...]] = {
    "what-is-fine-tuning": ("파인튜닝", "미세조정", "전이학습 transfer learning"),
    "data-quality": ("데이터 품질", "라벨 품질"),
    "data-cleaning": ("데이터 정제", "데이터 클렌징", "데이터 전처리"),
    "data-augmentation": ("데이터 증강",),
    "dataset-size": ("데이터 양", "데이터 개수", "number of examples"),
    "class-imbalance": ("클래스 불균형", "데이터 불균형", "imbalanced data"),
    "data-splits": ("데이터 분할", "train validation test split"),
    "domain-knowledge": ("도메인 지식",),
    "model-selection": ("모델 선택", "encoder decoder"),
    "model-size": ("모델 크기",),
    "language-models-korean": ("한국어 모델", "한국어 사전학습 모델"),
    "learning-rate": ("학습률", "러닝레이트"),
    "learning-rate-schedule": ("학습률 스케줄러", "warmup"),
    "weight-decay": ("가중치 감쇠", "가중치 감소"),
    "regularization": ("정규화", "규제"),
    "overfitting": ("과적합", "오버피팅", "underfitting"),
    "loss-functions": ("손실 함수",),
    "optimizers": ("옵티마이저",),
    "batch-size": ("배치 크기", "배치 사이즈", "gradient accumulation"),
    "epochs": ("에폭", "에포크"),
    "lora": ("로라", "low-rank adaptation"),
    "lora-hyperparameters": ("LoRA 하이퍼파라미터", "랭크 알파", "LoRA rank alpha"),
    "qlora": ("4비트 양자화",),
    "lora-vs-qlora": ("LoRA QLoRA 양자화 여부",),
    "gpu-memory": ("GPU 메모리", "VRAM", "out of memory"),
    "mixed-precision": ("혼합 정밀도", "fp16 bf16"),
    "gradient-checkpointing": ("그래디언트 체크포인팅",),
    "cpu-training": ("CPU 학습", "without GPU"),
    "evaluation-metrics": ("평가 지표", "정확도 정밀도 재현율 F1", "precision recall F1"),
    "confusion-matrix": ("혼동 행렬", "오차 행렬"),
    "continuous-improvement": ("성능 개선", "error analysis"),
    "experiment-tracking": ("실험 관리", "실험 기록"),
    "catastrophic-forgetting": ("파국적 망각",),
    "saving-and-merging": ("어댑터 저장", "어댑터 병합", "merge adapter"),
    "hugging-face-ecosystem": ("허깅페이스",),
    "cloud-gpus": ("클라우드 GPU", "Colab Kaggle"),
    "chatbot-data": ("챗봇 데이터",),
    "community": ("커뮤니티",),
}

# Results whose score is below this do not answer the query: callers should say that the
# knowledge base has no answer instead of quoting them. Calibrated with benchmarks/faq_retrieval.py
# (benchmarks/results/faq_retrieval.json): every dev question scores 0.25 or more and every one of
# our 72 development paraphrases 0.18 or more; 3 of 76 blind paraphrases fall below, all terse
# ("대각선 밖의 숫자", "wandb 사용법", "off-diagonal cells"). Weather, cooking, sports, travel,
# shopping and jokes in English and Korean (92 questions) score at most 0.17; the closest are
# questions sharing real vocabulary with an entry ("which gaming laptop should I buy").
RELEVANCE_THRESHOLD = 0.18

# Entries not in the query's language are scaled by this, so that among equally relevant entries
# the query's language comes first while a strong other-language match still clears the threshold.
OTHER_LANGUAGE_FACTOR = 0.8
# When the caller passes lang= explicitly it asks for answers in that language: a stronger factor,
# so the entry on the same topic in that language wins even for a query in the other language.
EXPLICIT_LANGUAGE_FACTOR = 0.5

KNOWLEDGE_ENV = "FINETUNE_ASSISTANT_KNOWLEDGE"  # overrides the knowledge directory (tests, forks)
INDEX_VERSION = 2  # also part of the cache key (with the source of this module and faq_analyzer.py)

# Scoring (see the module docstring). Sparse fields: name, title, full; dense fields: title, full.
# Dense and sparse cosines have different ranges, so the weighted sparse cosine is divided by
# sparse_scale (capped at 1) before the two are mixed.
FIELDS: tuple[str, ...] = ("name", "title", "full")
DENSE_FIELDS: tuple[str, ...] = ("title", "full")  # a dense name field did not help (measured)
WEIGHTS: dict[str, float] = {
    "sparse_name": 0.3, "sparse_title": 0.35, "sparse_full": 0.35, "sparse_scale": 0.4,
    "name_power": 2.0,  # squared: a partial name match ("LoRA" vs "LoRA vs QLoRA") counts much less
    "dense_title": 0.5, "dense_full": 0.5, "dense": 0.6, "dense_floor": 0.1,
    "readable_power": 0.5,  # the terms MiniLM can read are usually a Korean query's key terms
    "other_language": OTHER_LANGUAGE_FACTOR,
}

# Everyday sentences, English and Korean, that are never returned: they only take part in the
# IDF statistics, so that words common in ordinary language (result, study, buy, 결과, 공부, 경기)
# weigh less than fine-tuning terms. Without them a question about a baseball result matched an
# entry title through its one shared everyday word. Written for this purpose; topics are deliberately
# everyday (weather, food, travel, sport, shopping, school, work, health, money, home, phones).
BACKGROUND = """
What is the weather like today and will it rain tomorrow?
How long does it take to get to the airport by train or by bus?
Can you recommend a good restaurant near the station for dinner tonight?
I want to buy a new laptop for school; which one is the best value?
My phone battery drains quickly; how can I make it last longer?
Who won the football match last night and what was the final score?
How do I cook rice without a rice cooker?
What time does the store open on Sunday morning?
How much does a ticket to the museum cost for students?
Please translate this sentence into French and Spanish.
I need help writing an email to my landlord about the broken heater.
What are the symptoms of a cold and how many days does it last?
How do I open a savings account at the bank?
Tell me a funny story for my kids before bed.
How can I improve my English speaking and listening skills?
Where can I find cheap flights for the summer holidays?
How do I reset my password if I forgot my email address?
What is a healthy breakfast that keeps me full until lunch?
How many steps should I walk every day to stay healthy?
Which movie should we watch this weekend with the family?
How do I plant tomatoes in pots on a balcony?
What should I pack for a three day trip to the mountains?
How can I save money on groceries each month?
My computer is slow when I open many tabs in the browser; what can I do?
How do I write a good cover letter for a job application?
What is the difference between a latte and a cappuccino?
How do I get rid of a stain on a white shirt?
When is the best season to visit Jeju Island?
How can I learn to play the guitar at home?
What are good exercises for back pain after sitting all day?
How do I change a flat tire on my car?
What books do you recommend for a long flight?
How do I set up a new printer with my home network?
What is the capital of Australia and how many people live there?
How can I sleep better when I am stressed about exams?
Explain the rules of basketball to a beginner.
How do I make a budget and track my spending?
Which programming language should a child learn first?
How do I take better photos with my phone at night?
What is the result of the election and who will be the next mayor?
How do I train my puppy to stop barking at night?
What is a good gift for my mother's birthday?
How do I apply for a passport and how long does it take?
Can you help me study for my history test next week?
What are the opening hours of the swimming pool?
How do I clean the filter of an air conditioner?
Is it better to rent or buy an apartment in the city?
How much water should I drink every day?
What happened in the news today?
How do I bake bread at home without a mixer?
오늘 날씨 어때요? 내일 비가 온다고 하던데 우산을 챙겨야 할까요?
서울역에서 공항까지 지하철로 얼마나 걸려요?
회사 근처에 점심 먹기 좋은 맛집 좀 추천해 주세요.
학교에서 쓸 노트북을 사려고 하는데 어떤 게 가성비가 좋나요?
휴대폰 배터리가 너무 빨리 닳아요. 오래 쓰는 방법이 있을까요?
어제 축구 경기 결과가 어떻게 됐어요? 몇 대 몇으로 끝났나요?
밥솥 없이 냄비로 밥 짓는 방법을 알려 주세요.
주말에 가족이랑 볼 만한 영화가 있을까요?
김치찌개를 맛있게 끓이려면 어떤 재료가 필요해요?
영어 회화 실력을 늘리려면 매일 어떻게 공부해야 하나요?
이 문장을 일본어로 번역해 주세요.
감기에 걸렸을 때 빨리 낫는 방법이 뭐예요?
은행에서 적금 통장을 만들려면 무엇을 준비해야 하나요?
아이들에게 들려줄 재미있는 이야기 하나 해 주세요.
여름 휴가 때 갈 만한 국내 여행지를 알려 주세요.
비밀번호를 잊어버렸는데 어떻게 다시 설정하나요?
아침에 간단하게 먹을 수 있는 건강한 식단을 추천해 주세요.
하루에 몇 걸음 정도 걸어야 건강에 좋나요?
베란다에서 방울토마토를 키우는 방법이 궁금해요.
이사할 때 체크해야 할 것들을 정리해 주세요.
한 달 식비를 아끼는 방법이 있을까요?
컴퓨터가 느려졌는데 어떻게 하면 빨라질까요?
자기소개서를 잘 쓰는 요령을 알려 주세요.
라떼와 카푸치노의 차이가 뭔가요?
흰 셔츠에 묻은 얼룩을 지우는 법이 궁금해요.
제주도 여행은 어느 계절이 제일 좋아요?
집에서 기타를 독학으로 배울 수 있을까요?
오래 앉아 있어서 허리가 아플 때 좋은 운동이 있나요?
자동차 타이어가 펑크 났을 때 어떻게 해야 하나요?
장거리 비행기에서 읽을 만한 책을 추천해 주세요.
무선 프린터를 집 와이파이에 연결하는 방법을 알려 주세요.
시험 기간에 스트레스 때문에 잠이 안 와요.
농구 규칙을 처음 보는 사람에게 쉽게 설명해 주세요.
가계부를 쓰면서 지출을 관리하는 방법이 궁금해요.
아이에게 처음 가르치기 좋은 프로그래밍 언어는 뭐예요?
야간에 휴대폰으로 사진을 잘 찍는 방법이 있나요?
이번 선거 결과는 어떻게 나왔어요?
강아지가 밤에 짖지 않게 훈련시키는 방법을 알려 주세요.
엄마 생신 선물로 뭐가 좋을까요?
여권을 새로 만들려면 어디로 가야 하고 얼마나 걸려요?
다음 주 역사 시험 공부를 도와줄 수 있어요?
수영장 운영 시간이 어떻게 되나요?
에어컨 필터 청소는 얼마나 자주 해야 하나요?
집을 사는 게 나을까요, 전세가 나을까요?
하루에 물을 얼마나 마셔야 하나요?
오늘 주요 뉴스를 요약해 주세요.
주식 투자를 처음 시작할 때 무엇부터 공부해야 하나요?
다이어트 중에 먹어도 괜찮은 간식이 있을까요?
""".strip().splitlines()

_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n(.*)\Z", re.S)


@dataclass(frozen=True)
class Entry:
    id: str
    topic: str
    lang: str
    title: str
    related: tuple[str, ...]
    answer: str
    path: str = field(compare=False)


def default_knowledge_dir() -> Path:
    """$FINETUNE_ASSISTANT_KNOWLEDGE if set, else the repository's knowledge/ directory."""
    env = os.environ.get(KNOWLEDGE_ENV)
    return Path(env).expanduser() if env else Path(__file__).resolve().parent.parent / "knowledge"


def parse_entry(path: Path) -> Entry:
    """Read one knowledge file: YAML front matter between --- lines, then the Markdown answer."""
    import yaml

    text = Path(path).read_text(encoding="utf-8")
    m = _FRONT_MATTER.match(text)
    if not m:
        raise ValueError(f"{path}: no YAML front matter. Fix: start the file with a '---' block "
                         f"holding {', '.join(REQUIRED_KEYS)}, then '---' and the answer.")
    try:
        meta = yaml.safe_load(m.group(1))
    except yaml.YAMLError as e:
        raise ValueError(f"{path}: front matter is not valid YAML ({e}). Fix: quote titles that "
                         f"contain ':' and check indentation.") from None
    if not isinstance(meta, dict):
        raise ValueError(f"{path}: front matter must be a mapping of {', '.join(REQUIRED_KEYS)}.")
    missing = [k for k in REQUIRED_KEYS if k not in meta]
    if missing:
        raise ValueError(f"{path}: front matter lacks {', '.join(missing)}. Fix: add them.")
    related = meta["related"] or []
    if not isinstance(related, list):
        raise ValueError(f"{path}: 'related' must be a list of topic slugs, e.g. [lora, qlora].")
    return Entry(id=str(meta["id"]), topic=str(meta["topic"]), lang=str(meta["lang"]),
                 title=fill_bench(str(meta["title"]).strip(), path), related=tuple(str(r) for r in related),
                 answer=fill_bench(m.group(2).strip(), path), path=str(path))


# Our own measured numbers are never typed into an entry: `{{bench:FILE.key.key|format}}` is
# replaced by that value of benchmarks/results/FILE.json, so a rerun of a benchmark updates every
# answer that quotes it. A key that meets a list picks the item whose "dataset" equals it (or a
# 0-based index): {{bench:train_quality.runs.sst2.accuracy|.1%}} -> 87.2%. The format is Python's
# format spec (".1%", ".1f", ","); without one the value is written as it is.
_BENCH = re.compile(r"\{\{bench:([^}|]+?)(?:\|([^}]*))?\}\}")


def bench_results_dir() -> Path:
    return Path(__file__).resolve().parent.parent / "benchmarks" / "results"


def bench_value(ref: str):
    """The value a placeholder names, e.g. bench_value("train_quality.runs.sst2.accuracy")."""
    import json

    name, *keys = ref.strip().split(".")
    path = bench_results_dir() / f"{name}.json"
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise ValueError(f"{{{{bench:{ref}}}}}: cannot read {path} ({e}). Fix: run benchmarks/{name}.py, "
                         f"or name an existing file of {bench_results_dir()}.") from None
    for i, key in enumerate(keys):
        where = ".".join([name, *keys[:i]])
        if isinstance(value, list):
            items = [v for v in value if isinstance(v, dict) and str(v.get("dataset")) == key]
            if not items and key.isdigit() and int(key) < len(value):
                items = [value[int(key)]]
            if not items:
                names = [str(v.get("dataset")) for v in value if isinstance(v, dict)]
                raise ValueError(f"{{{{bench:{ref}}}}}: {where} is a list with no item {key!r} "
                                 f"(datasets: {', '.join(names) or 'none'}). Fix: use one of them or an index.")
            value = items[0]
        elif isinstance(value, dict) and key in value:
            value = value[key]
        else:
            known = ", ".join(sorted(value)) if isinstance(value, dict) else type(value).__name__
            raise ValueError(f"{{{{bench:{ref}}}}}: {where} has no key {key!r} (it has: {known}). "
                             f"Fix: correct the placeholder or rerun benchmarks/{name}.py.")
    return value


def fill_bench(text: str, source: object = "") -> str:
    """Replace every {{bench:...}} placeholder of a text; errors name the source file and the fix."""
    def one(m: re.Match) -> str:
        value = bench_value(m.group(1))
        if isinstance(value, (dict, list)) or value is None:
            raise ValueError(f"{source}: {m.group(0)} is {type(value).__name__}, not a number or text. "
                             "Fix: name a single value.")
        try:
            return format(value, m.group(2) or "")
        except (TypeError, ValueError) as e:
            raise ValueError(f"{source}: {m.group(0)}: bad format {m.group(2)!r} ({e}). Fix: use a Python "
                             "format spec such as .1% or .1f.") from None

    try:
        return _BENCH.sub(one, text)
    except ValueError as e:
        raise ValueError(str(e) if str(source) in str(e) else f"{source}: {e}") from None


def bench_files(text: str) -> list[Path]:
    """The results files a text's placeholders read (part of the index's cache key)."""
    names = sorted({m.group(1).strip().split(".")[0] for m in _BENCH.finditer(text)})
    return [bench_results_dir() / f"{n}.json" for n in names]


def knowledge_files(knowledge_dir: Path) -> list[Path]:
    return sorted(Path(knowledge_dir).glob("*.md"))


def load_entries(knowledge_dir: Path | None = None) -> list[Entry]:
    """All entries of the knowledge directory, sorted by file name."""
    kdir = Path(knowledge_dir) if knowledge_dir else default_knowledge_dir()
    files = knowledge_files(kdir)
    if not files:
        raise ValueError(f"No knowledge entries (*.md) in {kdir}. Fix: run from the repository "
                         f"checkout or set {KNOWLEDGE_ENV} to the knowledge directory.")
    return [parse_entry(p) for p in files]


def topic_aliases(topic: str) -> list[str]:
    """The names a topic is matched on: its slug's words and TOPIC_ALIASES."""
    return [topic.replace("-", " "), *TOPIC_ALIASES.get(topic, ())]


# ---------------------------------------------------------------------------------------------
# Dense encoder: the embedded MiniLM, loaded once per process.

@lru_cache(maxsize=1)
def _encoder():
    import torch
    from transformers import AutoModel, AutoTokenizer

    path = embedded_model_dir(MINILM)
    tokenizer = AutoTokenizer.from_pretrained(str(path))
    model = AutoModel.from_pretrained(str(path))
    model.eval()
    return tokenizer, model, torch


def embed(texts: list[str], batch_size: int = 16) -> np.ndarray:
    """MiniLM sentence embeddings (mean pooling over tokens, L2-normalised), float32 [n, 384].

    A single short text (a query) is encoded on one thread: it gains nothing from more, and on a
    busy machine torch's thread pool can stall it for hundreds of milliseconds (measured: 8 ms on
    one thread vs 500 ms on two while other processes used both cores). The previous thread
    count is restored afterwards.
    """
    tokenizer, model, torch = _encoder()
    threads = torch.get_num_threads()
    if len(texts) == 1 and threads != 1:
        torch.set_num_threads(1)
    try:
        out = _embed_batches(texts, batch_size, tokenizer, model, torch)
    finally:
        if torch.get_num_threads() != threads:
            torch.set_num_threads(threads)
    return np.concatenate(out) if out else np.zeros((0, 384), np.float32)


def _embed_batches(texts, batch_size, tokenizer, model, torch) -> list[np.ndarray]:
    out = []
    with torch.inference_mode():
        for i in range(0, len(texts), batch_size):
            batch = tokenizer(texts[i:i + batch_size], padding=True, truncation=True, max_length=256,
                              return_tensors="pt")
            hidden = model(**batch).last_hidden_state
            mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            out.append(torch.nn.functional.normalize(pooled, dim=-1).numpy().astype(np.float32))
    return out


# ---------------------------------------------------------------------------------------------
# The index.

@dataclass
class FaqIndex:
    key: str
    entries: list[Entry]
    vectorizer: object          # sklearn TfidfVectorizer over analyze()
    sparse: dict                # "title"/"full" -> scipy CSR [n, vocab], L2-normalised rows
    aliases: object             # scipy CSR [n_aliases, vocab]: topic_aliases() of every topic
    alias_entry: np.ndarray     # [n_aliases, n] 0/1: which entries each alias names
    dense: dict                 # "title"/"full" -> float32 [n, 384], L2-normalised (Korean rows borrowed)

    def search(self, query: str, k: int = 3, lang: str | None = None) -> list[dict]:
        scores = self.scores(query, lang)
        order = np.argsort(-scores, kind="stable")[:k]
        return [self.result(i, scores[i]) for i in order]

    def components(self, query: str) -> dict:
        """Per-field similarities of a query to every entry, before weighting (for tuning and tests)."""
        q = self.vectorizer.transform([query])
        comp = {"sparse_" + f: (m @ q.T).toarray().ravel() for f, m in self.sparse.items()}
        per_alias = (self.aliases @ q.T).toarray().ravel()
        comp["sparse_name"] = (self.alias_entry * per_alias[:, None]).max(0)
        text, share = readable(query)
        comp["readable_share"] = share
        if text:
            v = embed([text])[0]
            comp.update({"dense_" + f: m @ v for f, m in self.dense.items()})
        else:  # nothing MiniLM can read
            comp.update({"dense_" + f: np.zeros(len(self.entries), np.float32) for f in self.dense})
        return comp

    def scores(self, query: str, lang: str | None = None) -> np.ndarray:
        w = {"other_language": EXPLICIT_LANGUAGE_FACTOR} if lang else None
        lang = lang or message_language(query)
        return combine(self.components(query), np.array([e.lang for e in self.entries]), lang, w)

    def result(self, i: int, score: float) -> dict:
        e = self.entries[i]
        return {"id": e.id, "topic": e.topic, "lang": e.lang, "title": e.title, "answer": e.answer,
                "score": round(float(score), 4), "related": list(e.related)}


def combine(comp: dict, langs: np.ndarray, lang: str, w: dict | None = None) -> np.ndarray:
    """The final score: a weighted mix of the sparse and dense field similarities (see module doc)."""
    w = {**WEIGHTS, **(w or {})}
    sparse = sum(w["sparse_" + f] * comp["sparse_" + f] ** (w["name_power"] if f == "name" else 1)
                 for f in FIELDS)
    sparse = np.minimum(sparse / w["sparse_scale"], 1.0)
    dense = sum(w["dense_" + f] * comp["dense_" + f] for f in DENSE_FIELDS)
    dense = np.clip((dense - w["dense_floor"]) / (1 - w["dense_floor"]), 0.0, 1.0)
    w_dense = w["dense"] * comp["readable_share"] ** w["readable_power"]
    score = w_dense * dense + (1 - w["dense"]) * sparse
    return np.where(langs == lang, score, score * w["other_language"]).astype(np.float64)


def _content_key(files: list[Path]) -> str:
    # The source of this module and of the analyzer is part of the key: a change to the features or
    # the fields must never pair new query features with document matrices built by the old code.
    h = hashlib.sha256(f"faq-index-v{INDEX_VERSION}|{MINILM}|".encode() + Path(__file__).read_bytes()
                       + Path(faq_analyzer.__file__).read_bytes())
    bench: set[Path] = set()
    for p in files:
        data = p.read_bytes()
        h.update(p.name.encode() + b"\0" + data + b"\0")
        bench.update(bench_files(data.decode("utf-8", "replace")))
    for p in sorted(bench):  # the numbers the entries quote are part of their text
        h.update(p.name.encode() + b"\0" + (p.read_bytes() if p.is_file() else b"") + b"\0")
    return h.hexdigest()


def build_index(entries: list[Entry], key: str = "") -> FaqIndex:
    """Fit the sparse vectorizer and embed the entries (seconds; normally read from the cache)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = {"title": [e.title for e in entries], "full": [e.title + "\n" + e.answer for e in entries]}
    vectorizer = TfidfVectorizer(analyzer=analyze, sublinear_tf=True)
    vectorizer.fit(texts["full"] + texts["title"] + BACKGROUND)
    sparse = {f: vectorizer.transform(texts[f]).tocsr() for f in ("title", "full")}
    topics = sorted({e.topic for e in entries})
    alias_rows = [(t, a) for t in topics for a in topic_aliases(t)]
    aliases = vectorizer.transform([a for _, a in alias_rows]).tocsr()
    alias_entry = np.array([[float(e.topic == t) for e in entries] for t, _ in alias_rows], np.float32)

    en = [i for i, e in enumerate(entries) if e.lang == "en"]
    dense = {f: np.zeros((len(entries), 384), np.float32) for f in DENSE_FIELDS}
    if en:
        for f in DENSE_FIELDS:
            dense[f][en] = embed([texts[f][i] for i in en])
    by_id = {e.id: i for i, e in enumerate(entries)}
    for i, e in enumerate(entries):  # MiniLM cannot read Korean: borrow the English meaning
        if e.lang == "en":
            continue
        twin = by_id.get("en-" + e.id.split("-", 1)[-1])
        same = [twin] if twin is not None and entries[twin].topic == e.topic else \
            [j for j in en if entries[j].topic == e.topic]
        for f in DENSE_FIELDS:
            if same:
                v = dense[f][same].mean(0)
                dense[f][i] = v / max(np.linalg.norm(v), 1e-9)
    return FaqIndex(key, entries, vectorizer, sparse, aliases, alias_entry, dense)


_KEEP_CACHED = 4


def index_cache_path(key: str) -> Path:
    return cache_dir() / "faq" / f"index-{key[:24]}.pkl"


def _read_cached(path: Path, key: str) -> FaqIndex | None:
    try:
        with open(path, "rb") as f:
            index = pickle.load(f)
    except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        return None
    return index if isinstance(index, FaqIndex) and index.key == key else None


def _write_cached(path: Path, index: FaqIndex) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.tmp-{os.getpid()}")
        with open(tmp, "wb") as f:
            pickle.dump(index, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        # keep the few newest (several knowledge directories may be in use); drop older versions
        cached = sorted(path.parent.glob("index-*.pkl"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in cached[_KEEP_CACHED:]:
            old.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only cache only costs a rebuild next time


@lru_cache(maxsize=4)
def _load(kdir: str, fingerprint: tuple) -> FaqIndex:
    files = knowledge_files(Path(kdir))
    key = _content_key(files)
    path = index_cache_path(key)
    index = _read_cached(path, key)
    if index is None:
        index = build_index(load_entries(Path(kdir)), key)
        _write_cached(path, index)
    return index


def load_index(knowledge_dir: Path | None = None) -> FaqIndex:
    """The index for a knowledge directory: from memory, else the disk cache, else built and cached.

    A cheap stat fingerprint (names, sizes, modification times) decides whether the in-memory
    index is still current; the disk cache is keyed by a hash of the files' contents.
    """
    kdir = Path(knowledge_dir) if knowledge_dir else default_knowledge_dir()
    files = knowledge_files(kdir)
    if not files:
        raise ValueError(f"No knowledge entries (*.md) in {kdir}. Fix: run from the repository "
                         f"checkout or set {KNOWLEDGE_ENV} to the knowledge directory.")
    fingerprint = tuple((p.name, st.st_size, st.st_mtime_ns) for p in files for st in [p.stat()])
    return _load(str(kdir.resolve()), fingerprint)


def search_faq(query: str, k: int = 3, lang: str | None = None) -> list[dict]:
    """Search the fine-tuning FAQ knowledge base (English and Korean) for entries answering a question.

    Each result is {id, topic, lang, title, answer, score, related}, best first; entries in the
    query's language come first among similar scores. A score below tools.faq.RELEVANCE_THRESHOLD
    (0.18) means the entry does not answer the question: say the knowledge base has no answer
    rather than quoting it.

    Args:
        query: the user's question in English or Korean, e.g. "What does LoRA rank do?".
        k: how many entries to return (at least 1).
        lang: answer language, "en" or "ko"; entries in it come first. Detected from the query
            when omitted (then other-language entries are only mildly demoted).
    """
    if not isinstance(query, str) or not query.strip():
        raise ValueError("The query is empty. Fix: pass the user's question as text, "
                         "e.g. --query 'What is LoRA rank?'.")
    if isinstance(k, bool) or not isinstance(k, int) or k < 1:
        raise ValueError(f"k must be a whole number of at least 1, got {k!r}. Fix: pass k=3.")
    if lang is not None and lang not in LANGS:
        raise ValueError(f"lang must be 'en' or 'ko', got {lang!r}. Fix: pass lang='en', lang='ko', "
                         f"or leave it out to detect the query's language.")
    return load_index().search(query.strip(), k=k, lang=lang)
