"""Build the routing data set from the hand-written phrasing families: `python -m assistant.routing.build_cases`.

Every message of phrasings_en.py / phrasings_ko.py becomes one case in a conversation state where
its intent applies, and many also a second, contrasting case in a state where the same words mean
something else ("is it done?" with no run yet: no tool; "yes" with nothing proposed: no tool;
"train it" with no file: ask back). The states, file names and the assistant turns before the
message are varied with a fixed seed per family, so the output is reproducible.

Each case has the evaluation format of shared/eval (id, lang, message, files, history,
expect_first, expect_args, forbid) plus `route` (the router's label: a tool name, "none" or
"ask_back"; expect_first is "none" for both of the last two), `family`, `intent` and `state`
({"file": bool, "proposal": bool, "run": none|queued|running|completed|failed|cancelled}).
The split is by family, within each intent: about 60/20/20 of the cases.
"""
from __future__ import annotations

import json
import random
import zlib
from pathlib import Path

from assistant.router import route  # the product's rules: intent + state -> action
from assistant.routing import (phrasings_en, phrasings_fresh, phrasings_fresh2, phrasings_fresh3, phrasings_fresh4,
                               phrasings_fresh5, phrasings_fresh6, phrasings_ko)

# The blind sets, in the order they were written, each by someone who had read none of the phrasings
# before it: fresh measured the train + dev fit; fresh2 the fit that added test and fresh; fresh3 the
# fit that added fresh2; fresh4 that fit and the one that added fresh3; fresh5 the latter; fresh6 the fit
# that added fresh4 and fresh5 (assistant/routing/README.md).
BLIND = {"fresh": phrasings_fresh, "fresh2": phrasings_fresh2, "fresh3": phrasings_fresh3, "fresh4": phrasings_fresh4,
         "fresh5": phrasings_fresh5, "fresh6": phrasings_fresh6}

HERE = Path(__file__).resolve().parent
SPLITS = {"train": 0.6, "dev": 0.2, "test": 0.2}
RUNS = ("queued", "running", "completed", "failed", "cancelled")
FILES = {"en": ["reviews.csv", "tickets.tsv", "data.jsonl", "support_emails.csv", "headlines.parquet", "train.csv"],
         "ko": ["리뷰.csv", "nsmc_sample.csv", "고객문의.tsv", "data.csv", "상품평.jsonl", "labels_ko.csv"]}
NEVER_FOR_QUESTIONS = ["start_training", "recommend_settings", "predict", "explain_results"]


def _state(file=True, proposal=False, run="none") -> dict:
    return {"file": file, "proposal": proposal, "run": run}


def states_for(intent: str, rng: random.Random) -> tuple[dict, dict | None]:
    """A state where the intent applies, and (sometimes) one where the same words mean something else."""
    anyrun = rng.choice(("none", "none") + RUNS)
    no_file = _state(file=False)
    if intent in ("faq", "hardware", "none"):  # the same answer whatever is on screen: vary the screen
        pick = rng.choice([no_file, _state(), _state(proposal=True), _state(run=rng.choice(RUNS)),
                           _state(proposal=True, run="completed")])
        return pick, None
    if intent == "ask":
        return rng.choice([no_file, _state(), _state(run=rng.choice(RUNS))]), None
    if intent in ("inspect", "recommend", "change"):
        return _state(proposal=intent == "change" or rng.random() < 0.3, run=anyrun), no_file
    if intent == "train":
        return _state(run=rng.choice(("none", "none", "completed"))), no_file
    if intent == "train_go":
        return _state(proposal=True), rng.choice([no_file, _state()])
    if intent == "confirm":
        return _state(proposal=True, run=rng.choice(("none", "none", "completed"))), \
            rng.choice([no_file, _state(), _state(run="completed")])
    if intent == "status":
        return _state(run=rng.choice(RUNS)), rng.choice([no_file, _state()])
    if intent == "status_failed":
        return _state(run="failed"), no_file
    if intent == "cancel":
        return _state(run=rng.choice(("queued", "running", "running"))), rng.choice([no_file, _state(run="completed")])
    if intent == "resume":
        return _state(run=rng.choice(("failed", "cancelled"))), rng.choice([no_file, _state(run="completed")])
    if intent == "explain":
        return _state(run="completed"), rng.choice([no_file, _state(run="running")])
    if intent in ("predict", "predict_notext"):
        return _state(run="completed"), no_file
    if intent in ("export", "export_script", "publish"):  # a failed run has no model to take away
        return _state(run="completed"), rng.choice([no_file, _state(run="failed")])
    if intent in ("label_issues", "clean"):
        return _state(run=anyrun), no_file
    if intent == "compare":
        return _state(run=rng.choice(("completed", "completed", "failed"))), no_file
    raise ValueError(f"unknown intent {intent!r}")


def _run_id(rng: random.Random) -> str:
    return f"2026{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}-{rng.randint(8, 22):02d}{rng.randint(0, 59):02d}" \
           f"{rng.randint(0, 59):02d}-{rng.choice(['minilm-lora', 'gemma-lora', 'qwen-qlora', 'minilm-full'])}"


def history(state: dict, lang: str, file: str | None, rng: random.Random) -> list[dict]:
    """A short conversation that leads to this state, in `lang` (what the assistant said last matters)."""
    ko = lang == "ko"
    turns: list[dict] = []
    if state["run"] != "none":
        rid = _run_id(rng)
        start = ("학습을 시작했습니다: 실행 {rid} (대기 중). 진행 상황은 물어보시면 알려 드릴게요." if ko else
                 "Training started: run {rid} (queued). Ask me any time for its progress.").format(rid=rid)
        last = {
            "queued": start,
            "running": ("실행 {rid}: 120/400 스텝, loss 0.41, 약 6분 남았습니다." if ko else
                        "Run {rid}: step 120 of 400, loss 0.41, about 6 minutes left."),
            "completed": ("실행 {rid}이 끝났습니다. 검증 정확도 0.87 (TF-IDF 기준선 0.79)." if ko else
                          "Run {rid} finished: validation accuracy 0.87 (TF-IDF baseline 0.79)."),
            "failed": ("실행 {rid}이 실패했습니다: 메모리 부족 (스텝 35)." if ko else
                       "Run {rid} failed: out of memory at step 35."),
            "cancelled": ("실행 {rid}을 취소했습니다. 마지막 체크포인트는 스텝 200입니다." if ko else
                          "Cancelled run {rid}. Its last checkpoint is at step 200."),
        }[state["run"]].format(rid=rid)
        turns += [{"role": "user", "content": "네, 시작해 주세요" if ko else "yes, start it"},
                  {"role": "assistant", "content": start}]
        if state["run"] != "queued":
            turns += [{"role": "user", "content": rng.choice(["어떻게 되고 있어?", "상태 알려줘"] if ko else
                                                              ["how is it going?", "status?"])},
                      {"role": "assistant", "content": last}]
    if state["proposal"]:
        proposal = (f"{file}에 추천하는 설정: MiniLM + LoRA (r=16), 에폭 3, 학습률 2e-4, 배치 16, 약 11분. "
                    "이 설정으로 학습을 시작할까요?" if ko else
                    f"Recommended for {file}: MiniLM + LoRA (r=16), 3 epochs, learning rate 2e-4, batch 16, "
                    "about 11 minutes. Shall I start training with these settings?")
        turns += [{"role": "user", "content": f"{file}로 모델 학습시켜 줘" if ko else f"fine-tune a model on {file}"},
                  {"role": "assistant", "content": proposal}]
    elif state["file"] and state["run"] == "none" and rng.random() < 0.5:
        turns += [{"role": "user", "content": f"{file} 올렸어요" if ko else f"I uploaded {file}"},
                  {"role": "assistant", "content": (f"{file}: 1,240행, 텍스트 열 'text', 라벨 열 'label' (2개 클래스)."
                                                    if ko else f"{file}: 1,240 rows, text column 'text', label column "
                                                               "'label' (2 classes).")}]
    elif not state["file"] and state["run"] == "none" and rng.random() < 0.3:
        turns += [{"role": "user", "content": "안녕하세요" if ko else "hi"},
                  {"role": "assistant", "content": "안녕하세요! CSV 파일을 올리면 모델 학습을 도와드릴게요." if ko else
                   "Hello! Upload a CSV file and I can help you fine-tune a model on it."}]
    return turns


def make_case(fid: str, intent: str, lang: str, n: int, k: int, variant, state: dict, rng: random.Random) -> dict:
    message, args = (variant, {}) if isinstance(variant, str) else variant
    file = rng.choice(FILES[lang]) if state["file"] else None
    message = message.replace("{file}", file or ("my file" if lang == "en" else "내 파일"))
    label = route(intent, state)
    case = {"id": f"{fid}-{n:02d}{'abc'[k]}", "lang": lang, "message": message, "files": [file] if file else [],
            "history": history(state, lang, file, rng), "expect_first": "none" if label == "ask_back" else label,
            "route": label, "family": fid, "intent": intent, "state": state}
    expect = {"inspect_dataset": {"path": file}, "recommend_settings": {"dataset_path": file},
              "find_label_issues": {"path": file}, "clean_dataset": {"path": file},
              "start_training": {"dataset_path": file}}.get(label)
    if label == "predict":
        expect = {"texts": args} if isinstance(args, list) else {"path": file} if args == "file" else None
    elif expect is not None and isinstance(args, dict):
        params = {"inspect_dataset": ("text_column", "label_column"), "recommend_settings": ("method",)}.get(label, ())
        expect.update({p: v for p, v in args.items() if p in params})
    if isinstance(args, dict) and args and intent == "change":
        case["said_settings"] = args  # overrides the user stated: for the deterministic extractor
    if expect is not None:
        case["expect_args"] = {label: expect}
    case["forbid"] = sorted(set(NEVER_FOR_QUESTIONS if label == "search_faq" else ["start_training"]) - {label})
    return case


def build(sources=(("en", phrasings_en.FAMILIES), ("ko", phrasings_ko.FAMILIES))) -> list[dict]:
    cases = []
    for lang, families in sources:
        for fid, intent, variants in families:
            rng = random.Random(zlib.crc32(fid.encode()))
            for n, variant in enumerate(variants):
                state, contrast = states_for(intent, rng)
                cases.append(make_case(fid, intent, lang, n, 0, variant, state, rng))
                if contrast is not None and rng.random() < 0.45:
                    cases.append(make_case(fid, intent, lang, n, 1, variant, contrast, rng))
                elif intent == "faq" and rng.random() < 0.25:  # the trap: a question with a proposal on screen
                    cases.append(make_case(fid, intent, lang, n, 1, variant, _state(proposal=True), rng))
    return cases


def split(cases: list[dict]) -> dict[str, list[dict]]:
    """Families, not rows. Each intent's families are shuffled (fixed seed) and each goes to the split
    furthest below its share (60/20/20) of that intent's cases so far. Korean and English are split
    separately where an intent has at least five families in that language, else together."""
    out = {name: [] for name in SPLITS}
    by_family: dict[str, list[dict]] = {}
    for c in cases:
        by_family.setdefault(c["family"], []).append(c)
    count = {}
    for fc in by_family.values():
        count[fc[0]["intent"], fc[0]["lang"]] = count.get((fc[0]["intent"], fc[0]["lang"]), 0) + 1
    pools: dict[tuple, list[str]] = {}
    for fid, fc in by_family.items():
        intent, lang = fc[0]["intent"], fc[0]["lang"]
        pools.setdefault((intent, lang if count[intent, lang] >= 5 else "*"), []).append(fid)
    for key, fids in sorted(pools.items()):
        fids = sorted(fids)
        random.Random(zlib.crc32(repr(key).encode())).shuffle(fids)
        total = sum(len(by_family[f]) for f in fids)
        filled = dict.fromkeys(SPLITS, 0)
        for fid in fids:
            name = max(SPLITS, key=lambda s: SPLITS[s] * total - filled[s])  # ties: train, then dev, then test
            filled[name] += len(by_family[fid])
            out[name].extend(by_family[fid])
    return out


def build_splits() -> dict[str, list[dict]]:
    """train / dev / test (split by family), plus the families added to train only, plus `fresh`: a
    second test set written later by someone who had not read any family above, never used for
    training or tuning (see README.md)."""
    parts = split(build())
    parts["train"] += build((("en", phrasings_en.ADDED_FOR_TRAINING), ("ko", phrasings_ko.ADDED_FOR_TRAINING)))
    for name, phrasings in BLIND.items():
        parts[name] = build((("en", phrasings.EN), ("ko", phrasings.KO)))
    return parts


def main() -> None:
    parts = build_splits()
    for name, cases in parts.items():
        path = HERE / f"cases_{name}.jsonl"
        path.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in cases), encoding="utf-8")
        langs = {lang: sum(c["lang"] == lang for c in cases) for lang in ("en", "ko")}
        print(f"{path.name}: {len(cases)} cases, {len({c['family'] for c in cases})} families, {langs}")


if __name__ == "__main__":
    main()
