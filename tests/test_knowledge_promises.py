"""Every "I can ..." / "제가 ... 해 드립니다" line of the knowledge base names something the app does.

Each entry ends with one paragraph about what the assistant does for the user (its promise). KEEPS maps
every topic file (the name after en-/ko-, shared by the twins) to the claims of that paragraph: the
English words, the Korean words, and what keeps the claim:

- `tool:NAME`: a tool the chat model is offered (assistant/prompts/tools.yaml) and exported by tools;
- `param:TOOL.PARAM`: a parameter the chat model may set on that tool;
- `ui:NAME`: a component of the web UI (webui/layout.py);
- `code:TEXT`: the code in tools/ that does it (for behaviour no tool parameter shows, such as
  "gradient checkpointing only when memory needs it").

Promises of features not built yet (judging augmentation, comparing runs,
finding label issues, exporting) are refused by UNBUILT until the feature lands with its keeper.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE = ROOT / "knowledge"
TOOLS_YAML = ROOT / "assistant" / "prompts" / "tools.yaml"
LAYOUT = ROOT / "webui" / "layout.py"
FIRST_PERSON = {"en": re.compile(r"\b(I|me|my)\b"), "ko": re.compile(r"제가|저에게|저도|드립|드리|드려")}

INSPECT, RECOMMEND, HARDWARE = "tool:inspect_dataset", "tool:recommend_settings", "tool:detect_hardware"
START, EXPLAIN, PREDICT = "tool:start_training", "tool:explain_results", "tool:predict"
KEEPS: dict[str, list[tuple[str, str, str]]] = {
    "batch-size": [("batch size and accumulation", "배치 크기와 누적 스텝", RECOMMEND),
                   ("to fit your GPU or CPU memory", "메모리에 맞게", "code:estimate_memory_gb")],
    "catastrophic-forgetting": [("fine-tune every weight", "전체 가중치를 학습", 'code:chosen = "full"'),
                                ("decoders always get LoRA", "디코더는 항상 LoRA",
                                 "code:Full fine-tuning is offered for small encoders only")],
    "chatbot-data": [("detect generation data", "생성용 데이터인지 판별", INSPECT),
                     ("check lengths and duplicates", "길이와 중복", 'code:"exact_duplicates"'),
                     ("recommend settings", "설정을 추천", RECOMMEND)],
    "class-imbalance": [("flag imbalance", "라벨 분포", 'code:"class_imbalance"'),
                        ("class weights (class_weights=balanced", "클래스 가중치(class_weights=balanced",
                         'code:class_weights="balanced" if imbalance'),
                        ("the best macro-F1", "macro-F1이 가장 좋은 에폭", 'code:("eval_f1_macro", True)'),
                        ("per-class metrics next to the majority baseline", "다수 클래스 베이스라인과 함께 클래스별",
                         EXPLAIN)],
    "cloud-gpus": [("this machine's GPU, memory and CPU", "GPU, 메모리, CPU", HARDWARE),
                   ("memory and time your run needs", "메모리와 시간을 추정", 'code:"estimated_minutes"')],
    "community": [("inspect your data", "데이터 점검", INSPECT), ("check your hardware", "하드웨어 확인", HARDWARE),
                  ("recommend and explain settings", "설정 추천과 설명", RECOMMEND),
                  ("run the training", "학습 실행", START), ("explain the results", "결과 설명", EXPLAIN)],
    "confusion-matrix": [("draw the confusion matrix", "혼동 행렬 그림", "ui:confusion"),
                         ("most often confused with", "가장 자주 헷갈리는", "code:mixed_with"),
                         ("most confident mistakes", "가장 자신 있게 틀린", "code:def worst_errors")],
    "continuous-improvement": [("worst errors", "가장 크게 틀린 예제", "ui:errors"),
                               ("suggest what to try next", "다음에 해 볼 것을 제안", EXPLAIN),
                               ("base model", "베이스 모델", "param:start_training.base_model"),
                               ("method", "방법", "param:start_training.method"),
                               ("number of epochs", "에폭 수", "param:start_training.epochs"),
                               ("learning rate", "학습률", "param:start_training.learning_rate"),
                               ("batch size", "배치 크기", "param:start_training.batch_size"),
                               ("maximum length", "최대 길이", "param:start_training.max_length")],
    "cpu-training": [("estimate the training time", "얼마나 걸릴지 추정", 'code:"estimated_minutes"'),
                     ("train a small model for you right here", "여기서 바로 학습", START)],
    "data-augmentation": [("count the examples per label", "라벨별 개수", INSPECT),
                          ("warn you when the data or a class is small", "데이터나 특정 클래스가 적으면",
                           'code:"rare_classes"')],
    "data-cleaning": [("duplicates", "중복", 'code:"near_duplicates"'), ("empty texts", "빈 텍스트", 'code:"empty_text"'),
                      ("conflicting labels", "라벨 충돌", 'code:"conflicting_labels"'),
                      ("very long rows", "너무 긴 행", 'code:"truncation"')],
    "data-leakage": [("duplicate texts", "중복 텍스트", 'code:"exact_duplicates"'),
                     ("conflicting labels", "라벨 충돌", 'code:"conflicting_labels"')],
    "data-quality": [("duplicates, conflicting labels, empty texts and label balance", "중복, 라벨 충돌, 빈 텍스트, 라벨 분포",
                      INSPECT), ("worst errors", "가장 크게 틀린 예제", "ui:errors")],
    "data-splits": [("stratified and reproducibly", "라벨 비율을 유지한 재현 가능한 분할", "code:stratify=keys"),
                    ("duplicates would leak", "중복 때문에 누수", 'code:"exact_duplicates"')],
    "dataset-size": [("count examples per label", "라벨별 개수", INSPECT),
                     ("a class is too small", "너무 적은 클래스", 'code:"rare_classes"')],
    "domain-knowledge": [("worst errors", "가장 크게 틀린 예제", "ui:errors")],
    "epochs": [("evaluated after each epoch", "에폭마다 평가", 'code:"epoch" if evaluate_each_epoch'),
               ("Training tab draws the curves", "학습 탭에 곡선", "ui:eval_plot"),
               ("I keep the epoch with the best validation score", "가장 좋은 에폭의 모델을 남기",
                "code:class BestEpochKeeper"),
               ("stop early", "일찍 멈춥니다", "code:control.should_training_stop = True"),
               ("early_stopping_patience", "early_stopping_patience", "code:early_stopping_patience: int = 2"),
               ("which epoch was kept and why", "어느 에폭을 왜 남겼는지", "code:def kept_lines")],
    "evaluation-metrics": [("per class, next to the baselines", "클래스별로, 베이스라인과 나란히", EXPLAIN)],
    "experiment-tracking": [("its own folder with the full config", "실행마다 폴더", "code:config.json"),
                            ("progress log, metrics and plots", "진행 로그, 지표, 그래프", "code:loss.png"),
                            ("TensorBoard logs", "텐서보드 로그", "code:TENSORBOARD_LOGGING_DIR"),
                            ("report_to=wandb or report_to=mlflow", "report_to=wandb나 report_to=mlflow",
                             'code:TRACKERS = ("tensorboard", "wandb", "mlflow", "none")'),
                            ("offline", "오프라인", 'code:setdefault("WANDB_MODE", "offline")')],
    "fine-tuning-vs-prompting": [("whether you have enough examples", "데이터가 충분한지", 'code:"too_few_rows"'),
                                 ("suggest a plan", "계획을", RECOMMEND)],
    "gpu-memory-estimate": [("estimate the memory of the run", "필요한 메모리를 추정", 'code:"estimated_memory_gb"'),
                            ("method and batch size that fit", "방법과 배치 크기", RECOMMEND)],
    "gpu-memory": [("read free GPU memory", "남은 GPU 메모리", "code:mem_get_info"),
                   ("batch size, length and method that fit", "배치 크기, 길이, 방법", RECOMMEND)],
    "gradient-checkpointing": [("only when your memory needs it", "메모리가 부족할 때만", "code:checkpointing = True")],
    "high-accuracy-useless": [("majority baseline", "다수 클래스 베이스라인", "code:majority_label"),
                              ("confusion matrix", "혼동 행렬", "ui:confusion"),
                              ("when a high accuracy is hollow", "속 빈 숫자", "code:only matches the majority baseline")],
    "hugging-face-ecosystem": [("Transformers `Trainer`", "Transformers `Trainer`", "code:Trainer("),
                               ("`save_pretrained`", "`save_pretrained`", "code:trainer.model.save_pretrained"),
                               ("`config.json`", "`config.json`", "code:config.json")],
    "instruction-format": [("fields, token lengths and duplicates", "필드, 토큰 길이, 중복", INSPECT)],
    "language-models-korean": [("detect the language", "언어를 감지", INSPECT),
                               ("base model that actually reads it", "한국어를 제대로 읽는 베이스 모델",
                                "code:def embedded_default")],
    "learning-rate-schedule": [("scheduler and the warmup share", "스케줄러와 워밍업 비율", "code:warmup_ratio=0.03")],
    "learning-rate": [("set the learning rate for the method", "방법(LoRA/풀 파인튜닝)에 맞는 학습률",
                       "code:def _learning_rate")],
    "lora-hyperparameters": [("fill these in for your model, with reasons", "모델에 맞게 채우고 이유", RECOMMEND)],
    "lora-vs-qlora": [("whether 4-bit works here", "4비트 동작 여부", "code:def _probe_4bit"),
                      ("choose LoRA, QLoRA or (for small encoders) full fine-tuning",
                       "LoRA, QLoRA, (작은 인코더라면) 풀 파인튜닝", "code:Full fine-tuning: ")],
    "lora": [("rank, alpha and target modules", "랭크, alpha, 타깃 모듈", "code:def _lora_shape"),
             ("start the training", "학습도 바로 시작", START)],
    "loss-functions": [("I show both", "loss와 함께 정확도, F1", EXPLAIN)],
    "loss-nan": [("Training tab draws its loss curve", "학습 탭에 loss 곡선", "ui:loss_plot"),
                 ("lower learning rate", "학습률을 낮춰", "param:start_training.learning_rate")],
    "loss-not-decreasing": [("Training tab draws its loss curve", "학습 탭에 loss 곡선", "ui:loss_plot"),
                            ("TF-IDF baseline", "TF-IDF 베이스라인", "code:tfidf_logreg")],
    "merge-lora": [("keeps its adapter", "어댑터를 그대로 보관", "code:trainer.model.save_pretrained"),
                   ("directly for predictions", "바로 예측", PREDICT)],
    "mixed-precision": [("whether your GPU supports bf16", "bf16을 지원하는지", HARDWARE),
                        ("set the precision", "정밀도를", "code:def _precision")],
    "model-selection": [("pick a base model for your task, language and hardware", "베이스 모델을 이유와 함께", RECOMMEND)],
    "model-size": [("MiniLM for English, Gemma 3 270M for Korean", "영어는 MiniLM, 한국어는 Gemma 3 270M",
                    "code:def embedded_default"),
                   ("estimate its memory and training time", "메모리와 학습 시간을 추정", 'code:"estimated_minutes"')],
    "optimizers": [("trains with AdamW", "AdamW", "code:torch.optim.AdamW"),
                   ("set its learning rate", "학습률을 이유와 함께", "code:def _learning_rate")],
    "overfitting": [("plots training and validation loss", "학습·검증 loss 곡선", "ui:loss_plot"),
                    ("describe the curve", "곡선을 풀어서 설명", "code:eval loss was lowest")],
    "qlora": [("test whether 4-bit quantization works", "4비트 양자화가 실제로 동작하는지 테스트", "code:def _probe_4bit")],
    "regularization": [("plots the validation scores", "검증 점수가 실시간으로", "ui:eval_plot"),
                       ("I keep the epoch with the best validation score", "최고 에폭을 남기", "code:def restore_best"),
                       ("early_stopping_patience", "early_stopping_patience", "code:def stopped_early"),
                       ("new run with fewer epochs", "에폭을 줄여", "param:start_training.epochs")],
    "saving-and-merging": [("adapter (or, after full fine-tuning, the whole model)", "어댑터(풀 파인튜닝이면 모델 전체)",
                            "code:trainer.model.save_pretrained"),
                           ("label names", "라벨 이름", "code:labels.json"), ("predict on new texts", "새 문장을 예측", PREDICT)],
    "weight-decay": [("sets weight decay to 0.01", "weight decay 0.01", "code:weight_decay: float = 0.01")],
    "what-is-fine-tuning": [("inspect it", "데이터를 점검", INSPECT), ("recommend a base model and settings",
                            "베이스 모델과 하이퍼파라미터를 추천", RECOMMEND), ("start the training", "학습까지 바로 시작", START)],
}

# Features that later issues build; a promise may name them only once they exist (and get a keeper).
UNBUILT = re.compile(r"compare (your )?runs|"
                     r"label issues|export|rented GPU|plot the learning rate|different precision|"
                     r"whether .*augmentation is worth|정밀도를 바꿔|"
                     r"학습률 그래프|대여한 GPU에서 돌릴|실행 간 비교|비교하고 다시 돌릴|시도해 볼 만한 규모인지|내보내|라벨 오류를 찾아", re.I)


def _promise(path: Path) -> str:
    from tools.faq import parse_entry

    return parse_entry(path).answer.strip().split("\n\n")[-1]


def _suffixes() -> list[str]:
    return sorted({p.stem.split("-", 1)[1] for p in KNOWLEDGE.glob("*.md")})


def _tools_yaml() -> dict:
    return yaml.safe_load(TOOLS_YAML.read_text(encoding="utf-8"))


def _kept(keeper: str) -> bool:
    kind, _, what = keeper.partition(":")
    if kind == "tool":
        import tools

        spec = _tools_yaml().get(what) or {}
        return bool(spec) and not spec.get("pseudo") and callable(getattr(tools, what, None))
    if kind == "param":
        tool, param = what.split(".")
        return param in ((_tools_yaml().get(tool) or {}).get("params") or {})
    if kind == "ui":
        return re.search(rf"\b{re.escape(what)}\s*=\s*L\(gr\.", LAYOUT.read_text(encoding="utf-8")) is not None
    if kind == "code":
        return any(what in p.read_text(encoding="utf-8") for p in (ROOT / "tools").rglob("*.py"))
    raise AssertionError(f"unknown keeper kind {keeper!r}")


def test_every_topic_file_has_its_promise_mapped():
    assert sorted(KEEPS) == _suffixes()


@pytest.mark.parametrize("suffix", sorted(KEEPS))
def test_promise_names_what_keeps_it(suffix):
    for lang, column in (("en", 0), ("ko", 1)):
        path = KNOWLEDGE / f"{lang}-{suffix}.md"
        promise = _promise(path)
        assert FIRST_PERSON[lang].search(promise), f"{path.name}: the last paragraph says what the assistant does"
        assert not UNBUILT.search(promise), f"{path.name}: promises a feature not built yet: {promise}"
        for claim in KEEPS[suffix]:
            assert claim[column] in promise, f"{path.name}: the mapped claim {claim[column]!r} is not in: {promise}"
    missing = [k for *_, k in KEEPS[suffix] if not _kept(k)]
    assert not missing, f"{suffix}: nothing in the app keeps {missing}"


@pytest.mark.parametrize("path", sorted(KNOWLEDGE.glob("en-*.md")), ids=lambda p: p.name)
def test_first_person_only_in_the_promise(path):
    """Promises live in the last paragraph, where the map above checks them."""
    from tools.faq import parse_entry

    body = parse_entry(path).answer.strip().split("\n\n")[:-1]
    prose = re.sub(r"```.*?```|`[^`]*`", " ", "\n\n".join(body), flags=re.S)
    assert not FIRST_PERSON["en"].search(prose), f"{path.name}: an 'I'/'me' line outside the final paragraph"
