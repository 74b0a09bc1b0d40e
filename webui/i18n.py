"""Every label of the page in English and Korean, and the registry that switches them.

The language radio calls `Labels.switch(lang)`, which returns one update per registered
component (its label, its button text or its Markdown), so no part of the page keeps the
other language. The assistant's answers follow the user's own messages (tools/language.py).
"""
from __future__ import annotations

import gradio as gr

from tools.language import say
from tools.settings import FORM

LANGS = ("en", "ko")

TEXT: dict[str, tuple[str, str]] = {
    "title": ("# Fine-tuning assistant\nUpload a CSV, ask for a check, get settings for this machine, train a "
              "LoRA model and see what it learned. Everything runs here, offline.",
              "# 파인튜닝 도우미\nCSV를 올리고 점검을 부탁하면, 이 컴퓨터에 맞는 설정을 추천하고 LoRA 모델을 학습한 뒤 결과를 "
              "설명합니다. 모든 것이 이 컴퓨터에서 오프라인으로 실행됩니다."),
    "language": ("Language / 언어", "언어 / Language"),
    "chat": ("Assistant", "도우미"),
    "chat_placeholder": ("Drop a CSV, TSV, JSON, JSONL or Parquet file here or ask a question, e.g. "
                         "“inspect my data”.",
                         "CSV, TSV, JSON, JSONL, Parquet 파일을 끌어다 놓거나 질문하세요. 예: “데이터 점검해 줘”."),
    "message": ("Message", "메시지"),
    "examples": ("Examples", "예시"),
    "proposal_title": ("### Proposed training", "### 학습 제안"),
    "start": ("Start training", "학습 시작"),
    "change": ("Change settings", "설정 변경"),
    "cancel_proposal": ("Cancel", "취소"),
    "save_settings": ("Use these settings", "이 설정 사용"),
    **{s.name: (s.form_label("en"), s.form_label("ko")) for s in FORM},  # the settings form (tools/settings.py)
    "tab_data": ("Data", "데이터"),
    "tab_hardware": ("Hardware", "하드웨어"),
    "tab_training": ("Training", "학습"),
    "tab_results": ("Results", "결과"),
    # the Improve tab (webui/improve.py)
    "tab_improve": ("Improve", "개선"),
    "improve_intro": ("Find rows whose label looks wrong, accept the fixes you agree with, write a cleaned copy (the "
                      "original is kept), retrain on it and compare the runs on the same validation rows.",
                      "라벨이 틀려 보이는 행을 찾아 동의하는 수정만 받아들이고, 정리된 사본을 만든 뒤(원본은 그대로) 다시 학습해 "
                      "같은 검증 행에서 실행을 비교합니다."),
    "find_issues": ("Find label issues", "라벨 오류 찾기"),
    "review": ("Most suspicious rows: tick accept to use the suggested label", "가장 의심스러운 행: 추천 라벨을 쓰려면 수락에 체크"),
    "clean": ("Clean (write a copy with the accepted fixes)", "정리 (수락한 수정을 반영한 사본 만들기)"),
    "clean_log": ("Change log", "변경 내역"),
    "retrain": ("Retrain on the cleaned file", "정리된 파일로 다시 학습"),
    "runs_title": ("### Runs", "### 실행 비교"),
    "compare_pick": ("Runs to compare (empty: all of yours)", "비교할 실행 (비우면 내 실행 전부)"),
    "compare": ("Compare runs", "실행 비교"),
    "runs_table": ("Runs", "실행"),
    "pairs_table": ("Paired test on the same validation rows", "같은 검증 행에서의 짝 검정"),
    "upload": ("Dataset file", "데이터 파일"),
    "report_empty": ("*Upload a file (in the chat or here) and its report appears here.*",
                     "*파일을 (대화창이나 여기에) 올리면 점검 보고서가 여기에 나타납니다.*"),
    "inspect": ("Inspect", "점검"),
    "issues": ("Issues and fixes", "문제와 해결 방법"),
    "goal": ("Goal (optional), e.g. “fast” or “best accuracy”", "목표(선택), 예: “빠르게”, “정확도 우선”"),
    "recommend": ("Recommend settings", "설정 추천"),
    "detect": ("Detect again", "다시 감지"),
    "runs": ("Runs (this and earlier launches)", "학습 실행 목록 (이전 실행 포함)"),
    "refresh": ("Refresh", "새로 고침"),
    "cancel_run": ("Cancel training", "학습 취소"),
    "resume_run": ("Resume", "이어서 학습"),
    "loss_plot": ("Training loss", "학습 손실"),
    "eval_plot": ("Evaluation", "평가 지표"),
    "queue": ("Queue (one training at a time)", "대기열 (한 번에 하나씩 학습)"),
    "metrics": ("Metrics beside the baselines", "기준 모델과 비교한 지표"),
    "confusion": ("Confusion matrix", "혼동 행렬"),
    "worst": ("Worst errors", "가장 크게 틀린 예"),
    "try_title": ("### Try your model", "### 모델 써 보기"),
    "try_input": ("One text per line", "한 줄에 문장 하나"),
    "predict": ("Predict", "예측"),
    "predictions": ("Predictions", "예측 결과"),
    "downloads": ("Prepare downloads", "다운로드 준비"),
    "download_files": ("Adapter (zip) and config", "어댑터(zip)와 설정 파일"),
    "use_title": ("### Use it elsewhere", "### 다른 곳에서 쓰기"),
    "label_upload": ("File to label (CSV, TSV, JSONL, Parquet)", "라벨을 붙일 파일 (CSV, TSV, JSONL, Parquet)"),
    "label_file": ("Label a file", "파일에 라벨 붙이기"),
    "export_onnx": ("Export ONNX", "ONNX로 내보내기"),
    "export_merged": ("Export merged", "병합 모델 내보내기"),
    "export_gguf": ("Export GGUF", "GGUF로 내보내기"),
    "export_script": ("Export script", "스크립트 내보내기"),
    "model_card": ("Model card", "모델 카드"),
    "export_file": ("Download", "내려받기"),
    "results_empty": ("*Results of a finished run appear here.*", "*학습이 끝나면 결과가 여기에 나타납니다.*"),
    "training_empty": ("*No training run yet.*", "*아직 학습 실행이 없습니다.*"),
    "problem": ("Problem", "문제"),
}

EXAMPLES = {
    "en": ["Inspect my data and tell me what to fix", "Which settings do you recommend for my file?",
           "What is LoRA, in simple words?", "How is the training going?", "Explain my results"],
    "ko": ["내 데이터를 점검하고 고칠 점을 알려 줘", "내 파일에 맞는 학습 설정을 추천해 줘",
           "LoRA가 뭔지 쉽게 설명해 줘", "학습이 어떻게 되고 있어?", "결과를 설명해 줘"],
}


def t(key: str, lang: str) -> str:
    return say(lang, *TEXT[key])


class Labels:
    """Components whose visible text depends on the language: component -> {attribute: text key}."""

    def __init__(self, lang: str = "en"):
        self.lang = lang
        self.items: dict[int, tuple[gr.components.Component, dict[str, str]]] = {}

    def __call__(self, component, key: str, attr: str = "label"):
        self.items.setdefault(id(component), (component, {}))[1][attr] = key
        return component

    def text(self, key: str) -> str:
        return t(key, self.lang)

    @property
    def components(self) -> list:
        return [c for c, _ in self.items.values()]

    def switch(self, lang: str) -> list:
        return [gr.update(**{attr: t(key, lang) for attr, key in attrs.items()}) for _, attrs in self.items.values()]
