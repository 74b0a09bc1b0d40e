"""The sentences of a recommendation: why each decision of a Plan (tools/recommend.py), in English or Korean.

They come in the order the decisions were made: where the model came from and what had to give way
to fit memory and time, then one sentence per setting.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from tools.language import say

if TYPE_CHECKING:
    from tools.recommend import Plan


def reasons(plan: Plan, lang: str) -> list[str]:
    return _adjustments(plan, lang) + _settings(plan, lang)


def _adjustments(p: Plan, lang: str) -> list[str]:
    """The model's source, and each change that memory, time or the data forced."""
    m, out = p.model, []
    if p.source == "asked":
        out.append(say(lang, f"Using {m.id} as you asked.", f"요청하신 {m.id}을(를) 사용합니다."))
    elif p.source == "embedded":
        out.append(say(lang, "The Hugging Face Hub is not reachable, so only the embedded models (which ship with this "
                             "app) are offered.",
                       "Hugging Face Hub에 연결할 수 없어 앱에 내장된 모델만 추천합니다."))
    if p.to_qlora:
        out.append(say(lang, f"LoRA on {m.id} does not fit in {p.available_gb:.0f} GB, so QLoRA stores the "
                             "frozen weights in 4 bits (about a quarter of the memory).",
                       f"{m.id}에 LoRA는 {p.available_gb:.0f} GB에 들어가지 않아, 고정된 가중치를 4비트로 저장하는 "
                       "QLoRA를 씁니다(메모리 약 1/4)."))
    if p.memory["total"] > p.available_gb:
        out.append(say(lang, f"Warning: even so the estimate ({p.memory['total']} GB) exceeds the free memory "
                             f"({p.available_gb:.1f} GB usable); training may run out of memory.",
                       f"주의: 그래도 예상 메모리({p.memory['total']} GB)가 사용 가능한 메모리({p.available_gb:.1f} GB)보다 "
                       "큽니다. 메모리 부족이 날 수 있습니다."))
    if p.budget:
        out.append(say(
            lang, f"To finish in about {p.budget} minutes on this machine: {p.epochs:g} epoch(s)"
                  + (f" on {p.max_train:,} of the {p.train_rows:,} training examples" if p.max_train else "") + ".",
            f"이 컴퓨터에서 약 {p.budget}분 안에 끝나도록 {p.epochs:g} 에폭"
            + (f", 학습 예제 {p.train_rows:,}개 중 {p.max_train:,}개" if p.max_train else "") + "로 맞췄습니다."))
    if p.dropped_accumulation:
        out.append(say(lang, f"With x{p.dropped_accumulation} accumulation only {p.updates} updates would fit, so "
                             "every batch makes its own update: more updates learn more from each example.",
                       f"누적 {p.dropped_accumulation}단계로는 업데이트가 {p.updates}번뿐이라 배치마다 바로 업데이트합니다. "
                       "업데이트가 많을수록 예제마다 더 많이 배웁니다."))
    if p.source != "asked":
        if p.language in ("ko", "mixed") and m.reads("ko"):
            out.append(say(lang, f"Your texts are {'Korean' if p.language == 'ko' else 'mixed Korean/English'}, so "
                                 f"{m.id} was chosen: its vocabulary reads Korean.",
                           f"데이터가 {'한국어' if p.language == 'ko' else '한국어/영어 혼합'}이라 한국어를 읽을 수 있는 "
                           f"{m.id}을(를) 골랐습니다."))
        else:
            out.append(say(lang, f"{m.id} ({m.params_m:g}M parameters, {m.kind}) suits {p.task} on this machine.",
                           f"{m.id}({m.params_m:g}M 파라미터, {m.kind})는 이 컴퓨터에서 {p.task} 작업에 알맞습니다."))
    elif p.language == "ko" and not m.reads("ko"):
        out.append(say(lang, f"Warning: {m.id} was not pretrained on Korean; expect weak results. "
                             "google/gemma-3-270m (embedded) or klue/roberta-base read Korean.",
                       f"주의: {m.id}은(는) 한국어로 사전학습되지 않아 성능이 낮을 수 있습니다. 내장된 google/gemma-3-270m이나 "
                       "klue/roberta-base를 권합니다."))
    return out


def _settings(p: Plan, lang: str) -> list[str]:
    """One sentence per setting: method, adapters, length, optimisation, precision, memory and time."""
    m, r, out = p.model, p.lora_r, []
    out.append({
        "full": say(lang, f"Full fine-tuning: {m.id} is small enough that updating every weight costs little "
                          "more than LoRA and usually gives the best accuracy.",
                    f"전체 파인튜닝: {m.id}은(는) 작아서 모든 가중치를 학습해도 LoRA와 비용 차이가 작고 정확도가 가장 좋습니다."),
        "lora": say(lang, f"LoRA (r={r}, alpha={2 * r}): trains small adapter matrices instead of all "
                          f"{m.params_m:g}M weights, so memory and time stay low.",
                    f"LoRA(r={r}, alpha={2 * r}): {m.params_m:g}M개 가중치 전체 대신 작은 어댑터만 학습해 메모리와 시간이 적게 듭니다."),
        "qlora": say(lang, "QLoRA: the frozen model is stored in 4-bit NF4 and only the LoRA adapters train, "
                           "for the smallest memory footprint.",
                     "QLoRA: 고정된 모델을 4비트 NF4로 저장하고 LoRA 어댑터만 학습해 메모리를 가장 적게 씁니다."),
    }[p.method])
    if p.method != "full" and m.kind == "decoder" and p.task != "generation":
        out.append(say(lang, f"Adapters on every linear layer (attention and MLP) of all {m.layers} blocks: on "
                             "Korean reviews this was 1-2 points more accurate in the same time than adapting "
                             "only the top half, which runs faster but learns less per example.",
                       f"{m.layers}개 블록 전체의 모든 선형층(어텐션과 MLP)에 어댑터를 답니다. 한국어 리뷰에서 같은 시간에 "
                       "위쪽 절반만 적응시킬 때보다 1~2%p 정확했습니다(그쪽이 빠르지만 예제마다 덜 배웁니다)."))
    out.append(say(lang, f"max_length {p.max_length}: 95% of your texts are at most {p.p95_tokens} tokens, so almost "
                         "nothing is cut off.",
                   f"max_length {p.max_length}: 텍스트의 95%가 {p.p95_tokens} 토큰 이하라 거의 잘리지 않습니다."))
    lr, head_lr, batch, acc = p.learning_rate, p.head_learning_rate, p.batch_size, p.accumulation
    out.append(say(lang, f"Learning rate {lr:g}" + (f" (classification head {head_lr:g})" if head_lr else "")
                         + f", {p.epochs:g} epoch(s), batch {batch}"
                         + (f" x {acc} accumulation steps" if acc > 1 else "")
                         + f" = {batch * acc} examples per update.",
                   f"학습률 {lr:g}" + (f"(분류 헤드 {head_lr:g})" if head_lr else "") + f", {p.epochs:g} 에폭, "
                   f"배치 {batch}" + (f" x 누적 {acc}단계" if acc > 1 else "")
                   + f" = 업데이트당 예제 {batch * acc}개."))
    out += _imbalance_and_best(p, lang)
    out.append({
        "bf16": say(lang, "bf16 mixed precision: your GPU supports it, halving activation memory without "
                          "fp16's overflow risk.", "bf16 혼합 정밀도: GPU가 지원하며 fp16보다 안정적이고 메모리를 절반으로 줄입니다.")
        if p.device == "cuda" else
        say(lang, "bf16 mixed precision on the CPU: it has native bf16 instructions (AVX512-BF16/AMX), which train "
                  "about 2x faster than fp32 (measured 1.6x on MiniLM, 2.4x on Gemma 3 270M with LoRA); the trained "
                  "weights stay in fp32.",
            "CPU에서 bf16 혼합 정밀도: 이 CPU는 bf16 명령(AVX512-BF16/AMX)을 지원해 fp32보다 약 2배 빠릅니다"
            "(MiniLM 1.6배, Gemma 3 270M LoRA 2.4배 측정). 학습되는 가중치는 fp32로 유지됩니다."),
        "fp16": say(lang, "fp16 mixed precision: your GPU has no bf16 (pre-Ampere).",
                    "fp16 혼합 정밀도: GPU가 bf16을 지원하지 않습니다(Ampere 이전)."),
        "fp32": say(lang, "fp32: CPUs train in full precision.", "fp32: CPU는 전체 정밀도로 학습합니다."),
    }[p.precision])
    if p.checkpointing:
        out.append(say(lang, "Gradient checkpointing is on: it recomputes activations in the backward pass "
                             "(about 30% slower) so the batch fits in memory.",
                       "그래디언트 체크포인팅 사용: 역전파 때 활성값을 다시 계산해(약 30% 느림) 메모리에 맞춥니다."))
    out.append(say(lang, f"Estimated peak memory {p.memory['total']} GB of {p.available_gb:.1f} GB usable; about "
                         f"{p.minutes:g} minutes.",
                   f"예상 최대 메모리 {p.memory['total']} GB(사용 가능 {p.available_gb:.1f} GB), 예상 시간 약 {p.minutes:g}분."))
    if p.time_probe is not None:
        out.append(_time_source(p.time_probe, lang))
    if p.gpus > 1:
        out.append(say(lang, f"{p.gpus} GPUs: the command uses accelerate launch, one process per GPU (data "
                             f"parallel), so each step sees {p.gpus}x the examples.",
                       f"GPU {p.gpus}개: accelerate launch로 GPU마다 프로세스를 하나씩 띄워(데이터 병렬) 단계마다 "
                       f"{p.gpus}배의 예제를 봅니다."))
    return out


# tools/recommend._measured's reasons for not probing; a failed probe's own error stays as the library said it
_WHY_KO = {"probe turned off": "측정을 꺼 둠", "the plan may not fit in memory": "메모리에 들어가지 않을 수 있어 측정하지 않음"}


def _time_source(probe: dict, lang: str) -> str:
    """Where the CPU time estimate came from: the probe on this machine, or the constants and why."""
    if probe.get("ok"):
        took = probe["probe_seconds"]
        when_en = "measured earlier and cached" if probe.get("cached") else "just measured"
        when_ko = "이전에 측정해 저장해 둔 값" if probe.get("cached") else "방금 측정"
        return say(lang, f"The time estimate comes from a probe on this machine ({when_en}): {probe['timed_steps']} real "
                         f"training steps of this model at batch {probe['batch_size']} and {probe['length']} tokens took "
                         f"{probe['seconds_per_step']:.2f} s per step (the probe took {took:g} s in all).",
                   f"예상 시간은 이 컴퓨터에서 직접 잰 값입니다({when_ko}): 이 모델을 배치 {probe['batch_size']}, "
                   f"{probe['length']} 토큰으로 실제 {probe['timed_steps']}단계 학습해 보니 단계당 "
                   f"{probe['seconds_per_step']:.2f}초였습니다(측정에 모두 {took:g}초).")
    why = probe.get("error") or "unknown"
    why_ko = _WHY_KO.get(why, why)
    return say(lang, f"The time estimate uses throughput constants fitted on another CPU, not a probe of this machine "
                     f"({why}); it can be off by 20-80% here.",
               f"예상 시간은 이 컴퓨터를 직접 재지 않고 다른 CPU에서 맞춘 상수로 계산했습니다({why_ko}). "
               "20~80% 정도 어긋날 수 있습니다.")


def _imbalance_and_best(p: Plan, lang: str) -> list[str]:
    """Class weights when the data report found imbalance; which epoch is kept, and when training stops early."""
    out = []
    if p.class_weights == "balanced":
        ratio = f"{p.imbalance_ratio:g}x" if p.imbalance_ratio else "several times"
        ratio_ko = f"{p.imbalance_ratio:g}배" if p.imbalance_ratio else "몇 배"
        out.append(say(lang, f"Class weights on (class_weights=balanced): the data report found your largest class has "
                             f"{ratio} the rows of the smallest, so each class's loss is weighted by how rare it is. A "
                             "mistake on a rare class then costs more, and always answering the big class no longer "
                             "scores well; judge the run by macro-F1, which counts every class the same.",
                       f"클래스 가중치 사용(class_weights=balanced): 데이터 점검에서 가장 많은 클래스가 가장 적은 클래스의 "
                       f"{ratio_ko}로 나타나, 클래스마다 드문 만큼 손실에 가중치를 줍니다. 적은 클래스를 틀리면 비용이 더 커서 "
                       "큰 클래스만 답해서는 좋은 점수가 나지 않습니다. 결과는 모든 클래스를 똑같이 세는 macro-F1로 보세요."))
    if p.epochs >= 2:  # evaluations come at the end of each epoch only then
        en_metric, ko_metric = ("macro-F1", "macro-F1") if p.task == "classification" else ("eval loss", "검증 손실")
        en_stop = (f"; training stops early after {p.patience} evaluations in a row without improvement "
                   f"(early_stopping_patience={p.patience}), which saves the remaining epochs" if p.patience else "")
        ko_stop = (f" 평가 {p.patience}번 연속 나아지지 않으면 남은 에폭을 건너뛰고 일찍 멈춥니다"
                   f"(early_stopping_patience={p.patience})." if p.patience else "")
        out.append(say(lang, f"Every epoch is evaluated and the epoch with the best validation {en_metric} is the model "
                             f"you get, not simply the last one{en_stop}.",
                       f"에폭마다 평가해서 마지막 에폭이 아니라 검증 {ko_metric}이 가장 좋은 에폭의 모델을 남깁니다.{ko_stop}"))
    return out


def scale_out_reason(shards: dict, p: Plan, lang: str) -> str:
    """Why and how to shard a model that does not fit one GPU (tools/scale_out.py)."""
    n, machines, cmd = shards["num_processes"], shards["num_machines"], shards["commands"]
    where = cmd["multi_node"] if machines > 1 else cmd["single_node"]
    return say(lang, f"The estimate ({p.memory['total']} GB) does not fit one GPU ({p.available_gb:.0f} GB usable): FSDP "
                     f"shards the weights, gradients and optimizer state over {n} GPUs"
                     + (f" on {machines} machines" if machines > 1 else "") + ". export_script writes train.py with "
                     f"{shards['config_name']}; run `{where}` in its folder.",
               f"예상 메모리({p.memory['total']} GB)가 GPU 하나({p.available_gb:.0f} GB 사용 가능)에 들어가지 않아, FSDP로 "
               f"가중치·그래디언트·옵티마이저 상태를 GPU {n}개"
               + (f"(머신 {machines}대)" if machines > 1 else "") + "에 나눠 둡니다. export_script가 train.py와 "
               f"{shards['config_name']}을(를) 만들어 주니, 그 폴더에서 `{where}`을(를) 실행하세요.")
