"""explain_results for a text-generation run: loss and perplexity, sample generations, what to try next."""
from __future__ import annotations

import math
import re
from pathlib import Path

from tools.evaluation import finite
from tools.explain_curve import curve_lines, curve_tips
from tools.explain_format import code, duration, method_name, paragraphs, pct


def _repeats(text: str) -> bool:
    """True when some 3-word sequence occurs 3 or more times: the usual sign of a looping generation."""
    words = str(text or "").split()
    grams = [" ".join(words[i:i + 3]) for i in range(len(words) - 2)]
    return any(grams.count(g) >= 3 for g in set(grams))


def _overlap(generated: str, reference: str) -> float:
    """Word-overlap F1 between a generation and its reference (a rough closeness, not a quality score)."""
    g, r = re.findall(r"\w+", str(generated or "").lower()), re.findall(r"\w+", str(reference or "").lower())
    if not g or not r:
        return 0.0
    common = sum(min(g.count(w), r.count(w)) for w in set(g))
    if not common:
        return 0.0
    p, rc = common / len(g), common / len(r)
    return 2 * p * rc / (p + rc)


def generation(run_dir: Path, data: dict, config: dict, curve: dict, ko: bool) -> tuple[str, list[str]]:
    m = data.get("metrics") or {}
    loss, ppl = m.get("eval_loss"), m.get("perplexity")
    if not finite(ppl) and finite(loss):
        ppl = math.exp(min(loss, 50))
    train = data.get("train") or {}
    base = data.get("base_model") or config.get("base_model") or "?"
    method = method_name(data.get("method") or config.get("method"), ko)

    def L(en: str, k: str) -> str:  # noqa: N802 - one letter keeps the paired sentences readable
        return k if ko else en

    lines = [L(f"## Results of run `{run_dir.name}`", f"## `{run_dir.name}` 실행 결과")]
    setup = L(f"`{base}` fine-tuned with {method} to generate text", f"`{base}` 모델을 {method} 텍스트 생성용으로 파인튜닝했습니다")
    if finite(train.get("examples")):
        setup += L(f" on {int(train['examples']):,} examples", f"(학습 예제 {int(train['examples']):,}개")
        if finite(train.get("seconds")):
            setup += L(f" in {duration(train['seconds'], ko)}", f", {duration(train['seconds'], ko)} 소요")
        setup += L("", ")")
    lines.append(setup + ".")
    lines.append(L("### What the numbers mean", "### 지표 해석"))
    if finite(loss):
        lines.append(L(f"- **Eval loss {loss:.3f}**: the average cross-entropy per token of the reference answers in "
                       "the validation set, i.e. how surprised the model is by the right answer. Lower is better.",
                       f"- **검증 손실(eval loss) {loss:.3f}**: 검증 세트의 정답 텍스트에 대한 토큰당 평균 교차 엔트로피로, "
                       "모델이 정답을 보고 얼마나 '놀라는지'를 뜻합니다. 낮을수록 좋습니다."))
    if finite(ppl):
        lines.append(L(f"- **Perplexity {ppl:.1f}** (e to the power of the loss): on average the model is as unsure "
                       f"about the next token as if it were choosing among {ppl:.0f} equally likely tokens. "
                       "Single digits usually mean fluent, in-style text; hundreds mean it has not learned the style.",
                       f"- **퍼플렉서티(perplexity) {ppl:.1f}** (손실의 지수값): 모델이 다음 토큰을 고를 때 평균적으로 "
                       f"{ppl:.0f}개의 후보 중 하나를 무작위로 고르는 것만큼 헷갈린다는 뜻입니다. 한 자릿수면 대개 "
                       "자연스럽고 스타일에 맞는 텍스트, 수백이면 아직 스타일을 배우지 못한 것입니다."))
    lines.append(L("### Training curve", "### 학습 곡선"))
    lines += curve_lines(curve, ko)
    tips = curve_tips(curve, config, ko)

    samples = data.get("samples") or []
    if samples:
        lines.append(L("### Sample generations (beside the reference answers)", "### 생성 예시(정답과 나란히)"))
        for i, s in enumerate(samples[:3], 1):
            close = _overlap(s.get("generated"), s.get("reference"))
            lines.append(L(f"{i}. Prompt: {code(s.get('prompt'), 160)}"
                           f"\n   - Reference: {code(s.get('reference'), 200)}"
                           f"\n   - Generated: {code(s.get('generated'), 200)}\n   - Word overlap with the reference: "
                           f"{pct(close)}",
                           f"{i}. 프롬프트: {code(s.get('prompt'), 160)}\n   - 정답: {code(s.get('reference'), 200)}"
                           f"\n   - 생성: {code(s.get('generated'), 200)}\n   - 정답과 단어 겹침: {pct(close)}"))
        empty = sum(1 for s in samples if not str(s.get("generated") or "").strip())
        loops = sum(1 for s in samples if _repeats(s.get("generated")))
        if empty:
            tips.append(L(f"{empty} of {len(samples)} samples generated nothing: check that the prompt format at "
                          "prediction matches training, and train longer.",
                          f"예시 {len(samples)}개 중 {empty}개는 아무것도 생성하지 않았습니다. 예측할 때의 프롬프트 형식이 "
                          "학습 때와 같은지 확인하고, 더 오래 학습하세요."))
        if loops:
            tips.append(L(f"Repetition in {loops} of {len(samples)} samples (the same words over and over): train "
                          "longer or on more examples, "
                          "and use a repetition penalty when generating.",
                          f"예시 {len(samples)}개 중 {loops}개가 같은 말을 반복합니다. 더 오래 또는 더 많은 예제로 학습하고, "
                          "생성할 때 반복 페널티(repetition penalty)를 쓰세요."))
    if finite(ppl) and ppl > 50 and not curve["underfitting"]:
        tips.append(L(f"Perplexity {ppl:.0f} is high: train for more epochs or on more examples, or use a bigger "
                      "base model.",
                      f"퍼플렉서티 {ppl:.0f}은(는) 높은 편입니다. 에폭이나 학습 예제를 늘리거나 더 큰 베이스 모델을 쓰세요."))
    rows, used = train.get("rows_available"), train.get("examples")
    if finite(rows) and finite(used) and used < rows:
        tips.append(L(f"Only {int(used):,} of the {int(rows):,} available rows were used: train on all of them "
                      f"(max_train_examples={int(rows)}).",
                      f"사용 가능한 {int(rows):,}행 중 {int(used):,}행만 썼습니다. 전부 쓰세요(max_train_examples={int(rows)})."))
    if not tips:
        tips.append(L("Training looks healthy: read more generations with predict and judge them yourself; "
                      "loss and perplexity do not measure correctness.",
                      "학습은 정상으로 보입니다. predict로 생성 결과를 더 읽어 보고 직접 판단하세요. 손실과 퍼플렉서티는 "
                      "내용이 맞는지까지 재지는 못합니다."))
    return paragraphs(lines), tips
