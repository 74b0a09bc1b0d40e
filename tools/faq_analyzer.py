"""What search_faq reads of a text: tokens, sparse features, and the English MiniLM can read of a Korean query.

Korean works without a tokenizer: Hangul runs lose a light particle or ending, then give their
stem and character 2-3-grams; GLOSSARY_KO turns the fine-tuning words of a Korean query into the
English that the dense encoder reads. The index's cache key includes this module's source.
"""
from __future__ import annotations

import re
import unicodedata

from tools.language import HANGUL

# Korean fine-tuning vocabulary in English, so that MiniLM (English only) can read the domain words
# of a Korean query: "과적합을 막으려면" is embedded as "overfitting". A query word matches a key it
# starts with, or (keys of 3+ syllables) contains: 러닝레이트를 -> learning rate. Everyday words are
# deliberately absent, so a query with no fine-tuning vocabulary gets no dense evidence at all.
GLOSSARY_KO: dict[str, str] = {
    "파인튜닝": "fine-tuning", "미세조정": "fine-tuning", "튜닝": "tuning", "전이학습": "transfer learning",
    "사전학습": "pretraining", "프롬프트": "prompt", "프롬프팅": "prompting", "학습": "training",
    "훈련": "training", "모델": "model", "베이스": "base model", "데이터": "data", "데이터셋": "dataset",
    "라벨": "label", "레이블": "label", "라벨링": "labeling", "품질": "quality", "노이즈": "noisy labels",
    "정제": "data cleaning", "클렌징": "data cleaning", "전처리": "preprocessing", "중복": "duplicates",
    "오타": "typos", "결측": "missing values", "증강": "augmentation", "역번역": "back-translation",
    "유의어": "synonym replacement", "패러프레이징": "paraphrasing", "예제": "examples", "샘플": "samples",
    "불균형": "class imbalance", "쏠림": "skewed labels", "쏠려": "skewed labels", "소수": "minority class",
    "다수": "majority class", "가중치": "weights", "오버샘플링": "oversampling", "언더샘플링": "undersampling",
    "분할": "train test split", "검증": "validation", "테스트": "test set", "층화": "stratified split",
    "누수": "data leakage", "교차검증": "cross-validation", "도메인": "domain", "전문가": "domain expert",
    "인코더": "encoder", "디코더": "decoder", "트랜스포머": "transformer", "파라미터": "parameters",
    "한국어": "Korean", "토크나이저": "tokenizer", "토큰": "tokens", "다국어": "multilingual",
    "학습률": "learning rate", "러닝레이트": "learning rate", "스케줄러": "learning rate scheduler",
    "워밍업": "warmup", "감쇠": "decay", "감소": "decay", "코사인": "cosine decay", "정규화": "regularization",
    "규제": "regularization", "드롭아웃": "dropout", "조기": "early stopping", "과적합": "overfitting",
    "오버피팅": "overfitting", "과소적합": "underfitting", "언더피팅": "underfitting", "일반화": "generalization",
    "손실": "loss", "로스": "loss", "엔트로피": "cross-entropy", "옵티마이저": "optimizer",
    "최적화": "optimization", "배치": "batch size", "누적": "gradient accumulation", "그래디언트": "gradient",
    "그레이디언트": "gradient", "기울기": "gradient", "에폭": "epochs", "에포크": "epochs", "로라": "LoRA",
    "어댑터": "adapter", "랭크": "rank", "알파": "alpha", "저랭크": "low-rank", "양자화": "quantization",
    "큐로라": "QLoRA", "메모리": "memory", "그래픽카드": "GPU", "글카": "GPU", "정밀도": "precision",
    "혼합": "mixed", "반정밀도": "half precision", "체크포인팅": "checkpointing", "체크포인트": "checkpoint",
    "평가": "evaluation", "지표": "metrics", "정확도": "accuracy", "재현율": "recall", "민감도": "recall",
    "혼동": "confusion matrix", "오차": "errors", "행렬": "matrix", "개선": "improve the model",
    "오류": "errors", "오답": "wrong predictions", "실험": "experiment", "추적": "tracking",
    "텐서보드": "TensorBoard", "망각": "forgetting", "잊어": "forgetting", "저장": "save", "병합": "merge",
    "합치": "merge", "불러오": "load", "추론": "inference", "배포": "deployment", "허깅페이스": "Hugging Face",
    "허브": "Hub", "라이브러리": "library", "클라우드": "cloud GPU", "코랩": "Colab", "캐글": "Kaggle",
    "챗봇": "chatbot", "상담": "customer support", "매뉴얼": "manual", "인스트럭션": "instruction",
    "지시문": "instruction", "템플릿": "template", "커뮤니티": "community", "포럼": "forum",
    "논문": "papers", "분류": "classification", "생성": "generation", "회귀": "regression",
    "감성": "sentiment", "하이퍼파라미터": "hyperparameters", "예측": "prediction",
}


def _gloss(token: str) -> str | None:
    """The English for a Korean query word, from the longest GLOSSARY_KO key it starts with or contains."""
    best = None
    for key, en in GLOSSARY_KO.items():
        if (token.startswith(key) or (len(key) >= 3 and key in token)) and (best is None or len(key) > len(best[0])):
            best = (key, en)
    return best[1] if best else None


# Words that only make a sentence a question; they carry no topic. Removed before matching, so
# "what is the weather" is not similar to "what is the learning rate" through "what is the".
STOPWORDS: frozenset[str] = frozenset("""
a an the is are was were be been being am do does did doing done i me my mine we us our you your
it its this that these those what whats which who whom how why when where can could should would
will shall may might must to of in on for with at by from about as into than then so if or and
but there here get gets got have has had just also very too much many some any more most other
such please tell explain mean means meaning vs versus s re ve ll d m t exactly really actually
way ways best good want know like thing things something anything need needs use using used
뭐예요 뭐에요 뭐야 뭔가요 뭐죠 뭐지 뭐 뭘 뭐가 뭐를 무엇 무엇인가요 무엇인지 무슨 어떤 어떻게 어떡해요
왜 언제 어디 어디서 얼마나 하나요 해요 하죠 할까요 해야 해야해요 되나요 돼요 되요 있나요 있어요
없나요 어때요 좋아요 좋나요 좋을까요 알려줘 알려주세요 알려 설명해 설명해줘 설명해주세요 주세요 줘
좀 그냥 그리고 그런데 근데 정확히 진짜 혹시 제가 저는 내가 나는 방법 법 가능 궁금 질문 싶어요 싶은데
""".split())


def readable(query: str) -> tuple[str, float]:
    """What MiniLM can read of a query, and which share of its content words that is.

    English queries are read whole. Otherwise the Latin words are kept and Korean words are
    replaced by their GLOSSARY_KO English; the share counts characters of content words.
    """
    if not HANGUL.search(query):
        return (query, 1.0) if tokens(query) else ("", 0.0)
    parts, seen, total = [], 0, 0
    for tok in tokens(query):
        total += len(tok)
        en = tok if tok.isascii() else _gloss(tok)
        if en:
            parts.append(en)
            seen += len(tok)
    return " ".join(parts), (seen / total if total else 0.0)


_TOKEN = re.compile(r"[\uac00-\ud7a3]+|[a-z0-9]+")
# One-syllable Korean particles that stand alone once "LoRA가" is split at the script boundary.
_PARTICLES = frozenset("가 이 은 는 을 를 의 에 로 와 과 도 란 랑 만 나".split())
# Particles and sentence endings stripped from the end of a Korean word (longest first) when at
# least two syllables remain: 학습률이란 -> 학습률, 손실이 -> 손실, 시작했어요 -> 시작. Queries use
# 해요체 while entries use 합니다체; without this the rare endings would look like topic words.
# 도 and 만 are not stripped (정밀도, 속도), nor is anything that would leave one syllable (차이, 평가).
_KO_SUFFIXES = tuple(sorted(set("""
했어요 했나요 했는데 했습니다 합니다 입니다 습니다 하나요 할까요 인가요 일까요 이에요 이었어요 였어요
예요 에요 어요 아요 해요 나요 까요 가요 세요 네요 죠 요 인지 이란 란 이랑 랑 하고 처럼 보다 부터 까지
에서는 에서 으로는 으로 로는 로 에는 에게 은 는 을 를 이 가 의 에 와 과 할 하는 하면 해서 하기
""".split()), key=len, reverse=True))


def _ko_stem(word: str) -> str:
    for suffix in _KO_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            return word[: -len(suffix)]
    return word


def tokens(text: str) -> list[str]:
    """NFKC, lower case, Hangul runs (stemmed) and Latin/digit runs ("LoRA가" -> lora, 가), minus stopwords.

    Also dropped: single Latin letters, bare numbers and stand-alone one-syllable particles;
    one-syllable Korean words such as 큰 or 잘 are kept.
    """
    text = unicodedata.normalize("NFKC", text).lower()
    out = []
    for tok in _TOKEN.findall(text):
        if "\uac00" <= tok[0] <= "\ud7a3" and tok not in STOPWORDS:
            tok = _ko_stem(tok)
        if tok in STOPWORDS or tok in _PARTICLES or tok.isdigit() or (len(tok) < 2 and tok.isascii()):
            continue
        out.append(tok)
    return out


def analyze(text: str) -> list[str]:
    """Sparse features of a text.

    Latin tokens give the word itself, the pair with the next Latin word, and the word's first
    3-7 letters (so "optimizers" meets "optimizer" and "forgot" meets "forgetting", while "qlora"
    shares nothing with "lora"). Hangul tokens lose a trailing particle or ending (_ko_stem), then
    give the stem and its character 2-3-grams with word-boundary marks, which also match compounds
    and other inflections (과적합 in 과적합이라서; 쏠려 and 쏠림 share " 쏠").
    """
    feats: list[str] = []
    toks = tokens(text)
    for i, tok in enumerate(toks):
        feats.append("w:" + tok)
        if "\uac00" <= tok[0] <= "\ud7a3":
            padded = f" {tok} "
            feats.extend(padded[j:j + n] for n in (2, 3) for j in range(len(padded) - n + 1))
        else:
            if i + 1 < len(toks) and toks[i + 1].isascii():
                feats.append(f"p:{tok}_{toks[i + 1]}")
            feats.extend(" " + tok[:n] for n in range(3, min(len(tok), 8)))
    return feats
