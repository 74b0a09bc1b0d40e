"""What the user reads after tools ran: built from the tools' results, in the user's language.

On a CPU a 0.5B model needs 10-20 s to write an answer after a tool result, and what it writes
is often a copy of the call pattern or invented numbers (we measured both). The tools already
compute bilingual, checked text (inspect_dataset's and detect_hardware's `summary`,
explain_results' `explanation`, the FAQ entries), so by default the answer is composed from
those: grounded by construction and instant. The model still decides which tools run.
"""
from __future__ import annotations

from pathlib import Path

from assistant import summaries
from assistant.workspace import say

LABELS = {"base_model": ("base model", "기본 모델"), "method": ("method", "방법"), "lora_r": ("LoRA rank r", "LoRA 랭크 r"),
          "epochs": ("epochs", "에폭"), "learning_rate": ("learning rate", "학습률"), "batch_size": ("batch size", "배치 크기"),
          "max_length": ("max length (tokens)", "최대 길이(토큰)"), "precision": ("precision", "정밀도(precision)")}


def settings_table(settings: dict, lang: str) -> str:
    ko = lang == "ko"
    rows = [f"| {LABELS.get(k, (k, k))[ko]} | `{summaries._num(v)}` |" for k, v in settings.items()]
    return "\n".join([say(lang, "| setting | value |", "| 설정 | 값 |"), "|---|---|", *rows])


def recommend_settings(r: dict, args: dict, lang: str) -> str:
    name = Path(str(args.get("dataset_path", ""))).name
    reasons = "\n".join(f"- {x}" for x in (r.get("reasons") or []))
    return "\n\n".join([
        say(lang, f"**Proposed training for `{name}`**", f"**`{name}` 학습 제안**"),
        settings_table(summaries.settings_of(r), lang),
        say(lang, f"Estimated peak memory {r.get('estimated_memory_gb')} GB, about {r.get('estimated_minutes')} minutes.",
            f"예상 최대 메모리 {r.get('estimated_memory_gb')} GB, 약 {r.get('estimated_minutes')}분."),
        reasons,
        say(lang, "**Shall I start training with these settings?** Reply yes (or press Start), or tell me what to change.",
            "**이 설정으로 학습을 시작할까요?** \"네\"라고 답하거나 시작 버튼을 누르세요. 바꿀 것이 있으면 말씀해 주세요."),
    ])


def start_training(r: dict, args: dict, lang: str) -> str:
    table = settings_table(summaries.settings_of(r), lang)
    if r.get("status") == "dry_run":
        return say(lang, f"Settings checked (dry run, nothing started), about {r.get('estimated_minutes')} minutes:\n\n"
                         f"{table}", f"설정을 확인했습니다(드라이 런, 시작하지 않음). 약 {r.get('estimated_minutes')}분:\n\n{table}")
    return say(lang, f"Training started: run `{r.get('run_id')}` ({r.get('status')}), about {r.get('estimated_minutes')} "
                     "minutes. Ask me how it is going at any time.",
               f"학습을 시작했습니다: 실행 `{r.get('run_id')}` ({r.get('status')}), 약 {r.get('estimated_minutes')}분. "
               "진행 상황은 언제든 물어보세요.")


def training_status(r: dict, args: dict, lang: str) -> str:
    ko = lang == "ko"
    lines = [say(lang, f"Run `{r.get('run_id')}`: **{r.get('status')}**", f"실행 `{r.get('run_id')}`: **{r.get('status')}**")]
    if r.get("total_steps"):
        pct = 100 * (r.get("step") or 0) / r["total_steps"]
        lines.append(say(lang, f"step {r.get('step')} of {r['total_steps']} ({pct:.0f}%)",
                         f"{r['total_steps']} 스텝 중 {r.get('step')} ({pct:.0f}%)"))
    if r.get("loss") is not None:
        lines.append(f"loss {summaries._num(r['loss'])}")
    if r.get("eta_seconds"):
        lines.append(say(lang, f"about {r['eta_seconds'] / 60:.0f} min left", f"약 {r['eta_seconds'] / 60:.0f}분 남음"))
    if r.get("eval"):
        lines.append(", ".join(f"{k.removeprefix('eval_')} {summaries._num(v)}" for k, v in r["eval"].items()
                               if isinstance(v, (int, float))))
    if r.get("error"):
        lines.append(("오류: " if ko else "Error: ") + str(r["error"]))
    return " · ".join(lines)


def predict(r: list, args: dict, lang: str) -> str:
    texts = args.get("texts") or []
    out = []
    for text, p in zip(texts, r):
        got = p.get("label", p.get("text", ""))
        score = f" ({float(p['score']):.2f})" if "score" in p else ""
        out.append(f"- “{text}” → **{got}**{score}")
    return "\n".join(out)


def run_state(r: dict, args: dict, lang: str) -> str:
    return say(lang, f"Run `{r.get('run_id')}` is now **{r.get('status')}**.", f"실행 `{r.get('run_id')}` 상태: **{r.get('status')}**.")


ANSWERS = {
    "inspect_dataset": lambda r, a, lang: r.get("summary") or summaries.inspect_dataset(r, a, lang),
    "detect_hardware": lambda r, a, lang: r.get("summary") or summaries.detect_hardware(r, a, lang),
    "recommend_settings": recommend_settings, "start_training": start_training, "training_status": training_status,
    "cancel_training": training_status, "resume_training": run_state,
    "explain_results": lambda r, a, lang: r.get("explanation") or summaries.explain_results(r, a, lang),
    "predict": predict, "search_faq": summaries.search_faq,
}


def for_user(tool: str, result, args: dict, lang: str) -> str:
    fn = ANSWERS.get(tool)
    return fn(result, args, lang) if fn else summaries.summarize(tool, result, args, lang)
