"""inspect_dataset's words: the problems' messages (each with its fix), the sampling note and the summary.

tools/inspection.py measures a file once and records each problem as a language-free finding
(kind, severity, count, template, fmt); this module words findings and results in English or
Korean every time someone asks, which costs nothing next to reading the file.
"""
from __future__ import annotations

from pathlib import Path

from tools.language import say

_MSG = {
    "exact_duplicates": (
        "{count:,} row{ns} repeat{vs} an earlier row exactly (same {what}). Fix: drop them (pandas: "
        "df.drop_duplicates()) so they get no extra weight and cannot leak into the evaluation split.",
        "앞선 행과 {what} 완전히 같은 중복 행이 {count:,}개 있습니다. 해결: 중복 행을 지우세요(pandas: "
        "df.drop_duplicates()). 그대로 두면 그 예시에 가중치가 더 실리고 평가 데이터에도 섞여 들어갑니다."),
    "near_duplicates": (
        "{count:,} row{ns} differ{vs} from an earlier row only in case, spacing or punctuation. Fix: look at them and keep "
        "one of each.",
        "대소문자·띄어쓰기·문장부호만 다르고 사실상 같은 행이 {count:,}개 있습니다. 해결: 확인해서 하나씩만 남기세요."),
    "conflicting_labels": (
        "{count:,} text{ns} appear{vs} with more than one label. Fix: decide the right label for each and correct or drop "
        "the other rows; the model cannot learn both.",
        "같은 텍스트에 서로 다른 라벨이 붙은 경우가 {count:,}건 있습니다. 해결: 텍스트마다 맞는 라벨 하나로 고치거나 "
        "나머지 행을 지우세요. 모델은 둘 다 배울 수 없습니다."),
    "empty_text": (
        "{count:,} row{ns} {have} an empty {what}. Fix: fill them in or delete those rows.",
        "{what} 비어 있는 행이 {count:,}개 있습니다. 해결: 내용을 채우거나 해당 행을 지우세요."),
    "empty_text_all": (
        "Every row has an empty {what}. Fix: check that {column} is the right column (pass text_column=...) or "
        "export the data again.",
        "모든 행의 {what} 비어 있습니다. 해결: {column} 열이 맞는지 확인하거나(text_column=... 지정) 데이터를 다시 "
        "내보내세요."),
    "missing_labels": (
        "{count:,} row{ns} {have} no label (an empty cell, or a placeholder such as NaN or null); training skips "
        "them. Fix: fill in their labels or delete those rows before training.",
        "라벨이 없는 행(빈 칸, 또는 NaN·null 같은 자리표시자)이 {count:,}개 있습니다. 학습에서는 제외됩니다. 해결: 학습 전에 "
        "라벨을 채우거나 해당 행을 지우세요."),
    "missing_labels_all": (
        "Every label in column {column} is empty. Fix: fill in the labels, or name the right column with "
        "label_column=....",
        "{column} 열의 라벨이 모두 비어 있습니다. 해결: 라벨을 채우거나 label_column=...으로 올바른 열을 지정하세요."),
    "single_class": (
        "Only one class ({big}) appears in column {column}, so there is nothing to tell apart. Fix: add rows of at "
        "least one other class, or name the right label column.",
        "{column} 열에 클래스가 하나({big})뿐이라 구분할 대상이 없습니다. 해결: 다른 클래스의 행을 추가하거나 올바른 "
        "라벨 열을 지정하세요."),
    "class_imbalance": (
        "{strong}The largest class ({big}, {n_big:,} rows) is {ratio:.0f}× the smallest ({small}, {n_small:,} rows). "
        "Fix: collect more examples of the small classes, or train with class weights and judge by macro-F1, "
        "not accuracy.",
        "{strong}가장 많은 클래스({big}, {n_big:,}개)가 가장 적은 클래스({small}, {n_small:,}개)의 {ratio:.0f}배입니다. "
        "해결: 적은 클래스의 예시를 더 모으거나, 클래스 가중치로 학습하고 정확도 대신 macro-F1로 평가하세요."),
    "too_many_classes": (
        "Column {column} has {count:,} different labels in {labelled:,} labelled rows, so most classes have a single "
        "example and nothing can be learned from them; it looks like an ID or free-text column, not classes. Fix: name "
        "the real label column with label_column=..., merge the labels into fewer classes, or train text generation.",
        "{column} 열은 라벨이 있는 {labelled:,}행에 서로 다른 라벨이 {count:,}개라 대부분의 클래스에 예시가 하나뿐이고 학습할 "
        "수 없습니다. 클래스가 아니라 ID나 자유 텍스트 열로 보입니다. 해결: label_column=...으로 진짜 라벨 열을 지정하거나, "
        "라벨을 더 적은 클래스로 합치거나, 문장 생성으로 학습하세요."),
    "rare_classes": (
        "{count:,} class{es} {have} fewer than {rare} examples: {which}. Fix: add examples (20 or more each), merge them "
        "into a related class, or drop them.",
        "예시가 {rare}개 미만인 클래스가 {count:,}개 있습니다: {which}. 해결: 클래스마다 예시를 20개 이상으로 늘리거나, "
        "비슷한 클래스와 합치거나, 빼세요."),
    "truncation": (
        "{about}{count:,} text{ns} {are} longer than {max_length} tokens and would be cut to that length in training "
        "({model} tokenizer). Fix: shorten or split long texts, or accept that only their beginning is used.",
        "{about}{count:,}개 텍스트가 {max_length} 토큰보다 길어서 학습할 때 뒷부분이 잘립니다({model} 토크나이저 기준). "
        "해결: 긴 텍스트를 줄이거나 나누세요. 앞부분만 써도 된다면 그대로 두어도 됩니다."),
    "numeric_labels_regression": (
        "The labels are numbers with {count:,} distinct values, so this is treated as regression (predicting a "
        "number). Fix: if they are really categories, replace them with category names.",
        "라벨이 서로 다른 값 {count:,}개를 가진 숫자라서 회귀(숫자 예측) 문제로 봅니다. 해결: 실제로는 범주라면 "
        "범주 이름으로 바꾸세요."),
    "numeric_labels": (
        "The labels are {count:,} different whole numbers, which looks like a score rather than categories; it is "
        "treated as classification with {count:,} classes. Fix: group the numbers into a few ranges, or ask for "
        "regression (predicting a number) when you ask for settings.",
        "라벨이 서로 다른 정수 {count:,}개라서 범주보다는 점수처럼 보입니다. 지금은 클래스 {count:,}개짜리 분류로 "
        "봅니다. 해결: 숫자를 몇 개 구간으로 묶거나, 설정을 물어볼 때 회귀(숫자 예측)로 해 달라고 하세요."),
    "leakage": (
        "{count:,} text{ns} of the training file also appear{vs} in the test file {test} ({rows:,} test rows). Fix: remove "
        "them from one of the two files, or the test score will look better than the model really is.",
        "학습 파일의 텍스트 {count:,}개가 테스트 파일 {test}에도 있습니다(테스트 {rows:,}행). 해결: 두 파일 중 한쪽에서 "
        "지우세요. 그대로 두면 테스트 점수가 실제 실력보다 높게 나옵니다."),
    "too_few_rows": (
        "Only {count:,} row{ns}. Fix: {min_rows} is a bare minimum; a few hundred examples{per_class} give much better "
        "results.",
        "행이 {count:,}개뿐입니다. 해결: {min_rows}개는 최소한이고, {per_class}수백 개가 있으면 결과가 훨씬 좋아집니다."),
    "label_issues": (
        "A quick check finds about {count:,} row{ns} that look{vs} mislabelled (a TF-IDF model trained without "
        "each row disagrees strongly with its label). Want to review them? Fix: ask me to find the label issues, or open the "
        "Improve tab, to see them ranked with a suggested label; accept the fixes you agree with and clean the file.",
        "빠른 점검에서 라벨이 틀려 보이는 행이 약 {count:,}개 있습니다 (그 행을 빼고 학습한 TF-IDF 모델이 라벨과 크게 "
        "어긋납니다). 검토해 보시겠어요? 해결: 라벨 오류를 찾아 달라고 하거나 개선 탭을 열면 의심 순서대로 추천 라벨과 함께 "
        "보여 드립니다. 동의하는 수정만 받아들여 파일을 정리하세요."),
    "no_header": (
        "The first row looks like data, not column names, so the columns were named column_1, column_2, … Fix: "
        "add a header row such as text,label.",
        "첫 행이 열 이름이 아니라 데이터로 보여서 열 이름을 column_1, column_2, …로 붙였습니다. 해결: text,label 같은 "
        "머리글 행을 맨 위에 추가하세요."),
}


def _agreement(count: int) -> dict:
    """English plural endings for the message templates: 1 row has, 2 rows have."""
    one = count == 1
    return {"ns": "" if one else "s", "es": "" if one else "es", "vs": "s" if one else "",
            "have": "has" if one else "have", "are": "is" if one else "are"}


# Words a finding names in English that a Korean sentence needs in its own form (with its particle).
_WHAT = {"text": ("text", "텍스트가"), "text and label": ("text and label", "텍스트와 라벨이"),
         "conversation": ("conversation", "대화 내용이"), "prompt or response": ("prompt or response", "프롬프트나 응답이")}
# Phrases a finding switches on or off with a flag.
_PHRASES = {"strong": ("Strong imbalance. ", "클래스 불균형이 심합니다. "), "about": ("About ", "약 "),
            "per_class": (" per class", "클래스마다 ")}


def _fmt(name: str, value, lang: str):
    if name == "what":
        return say(lang, *_WHAT[value])
    if name in _PHRASES:
        return say(lang, *_PHRASES[name]) if value else ""
    return value


def issues(findings: list[dict], lang: str) -> list[dict]:
    """inspect_dataset's `issues`: each finding with its message (and fix) in lang; fresh dicts every call."""
    out = []
    for f in findings:
        count = f["count"]
        fmt = {k: _fmt(k, v, lang) for k, v in f["fmt"].items()}
        issue = {"kind": f["kind"], "severity": f["severity"], "count": count,
                 "message": say(lang, *_MSG[f["template"]]).format(count=count, **_agreement(count), **fmt)}
        if f.get("examples"):
            issue["examples"] = list(f["examples"])
        if "ratio" in f:
            issue["ratio"] = f["ratio"]
        out.append(issue)
    return out


def sample_note(notes: list[tuple[str, dict]], lang: str) -> str | None:
    """One sentence per count that is not exact over every row; None when every count is."""
    words = {
        "token_sample": ("Token lengths were measured on {random:,} random texts plus the {longest:,} longest; all "
                         "other counts cover every row.",
                         "토큰 길이는 무작위 텍스트 {random:,}개와 가장 긴 텍스트 {longest:,}개로 측정했고, 나머지 수치는 "
                         "모든 행을 센 값입니다."),
        "hashed_rows": ("Duplicate and conflict checks cover the first {hashed:,} of {texts:,} texts (memory limit).",
                        "중복·라벨 충돌 점검은 메모리 한도 때문에 텍스트 {texts:,}개 중 앞의 {hashed:,}개만 대상으로 했습니다."),
        "label_cap": ("Labels were counted until {cap:,} distinct values.", "라벨은 서로 다른 값 {cap:,}개까지만 셌습니다."),
        "no_tokenizer": ("Token lengths are {why}.", "토크나이저를 불러오지 못해 토큰 길이는 근사치입니다."),
    }
    return " ".join(say(lang, *words[kind]).format(**values) for kind, values in notes) or None


# --------------------------------------------------------------------------------- summary

_LANG_NAMES = {"en": ("English", "영어"), "ko": ("Korean", "한국어"), "mixed": ("Korean and English mixed", "한국어·영어 혼합"),
               "other": ("another language (not English or Korean)", "영어·한국어가 아닌 언어")}
_SEVERITY = {"error": ("Error", "오류"), "warning": ("Warning", "경고"), "info": ("Note", "참고")}


def _code(name) -> str:
    s = " ".join(str(name).split()).replace("`", "'")
    return f"`{s[:40]}`"


def summary(r: dict, lang: str) -> str:
    """The markdown summary of an inspect_dataset result (its other keys), in lang."""
    ko = lang == "ko"
    rows, ncols, fmt = f"{r['rows']:,}", len(r["columns"]), r["format"].upper()
    enc = f", {r['encoding']}" if r.get("encoding") else ""
    task, gen = r["task"], r.get("generation_columns") or {}
    lines = [f"## {'데이터 점검' if ko else 'Data check'}: {_code(Path(r['path']).name)}", ""]
    if ko:
        lines.append(f"**{rows}행 × {ncols}열** ({fmt}{enc}).")
    else:
        lines.append(f"**{rows} rows × {ncols} columns** ({fmt}{enc}).")
    if task == "generation":
        roles = ", ".join(f"{role} = {_code(c)}" for role, c in gen.items())
        lines.append(f"문장 생성(generation) 데이터로 봅니다: {roles}." if ko else
                     f"This looks like **generation** data (the model learns to write the response): {roles}.")
    else:
        kind_en = ("**classification** into " f"{r['num_labels']:,} classes" if task == "classification"
                   else "**regression** (predicting a number)")
        kind_ko = (f"**분류** (클래스 {r['num_labels']:,}개)" if task == "classification" else "**회귀** (숫자 예측)")
        lines.append(f"텍스트 열은 {_code(r['text_column'])}, 라벨 열은 {_code(r['label_column'])}이고, 작업은 {kind_ko}입니다."
                     if ko else f"Text column: {_code(r['text_column'])}; label column: {_code(r['label_column'])}; "
                                f"task: {kind_en}.")
    lines.append("열이 잘못 잡혔다면 알려 주세요 (예: text_column=review, label_column=sentiment)." if ko else
                 "If a column is wrong, tell me which one (e.g. text_column=review, label_column=sentiment).")
    if task == "classification" and r["labels"]:
        total = sum(r["labels"].values())
        lines += ["", "| 라벨 | 행 수 | 비율 |" if ko else "| label | rows | share |", "|---|---:|---:|"]
        for label, c in list(r["labels"].items())[:10]:
            lines.append(f"| {_code(label)} | {c:,} | {100 * c / total:.1f}% |")
        if r["num_labels"] > 10:
            lines.append(f"| … {'외' if ko else 'and'} {r['num_labels'] - 10:,} {'개' if ko else 'more'} | | |")
    elif task == "regression" and r.get("label_stats"):
        s = r["label_stats"]
        lines += ["", f"라벨 값 범위: {s['min']:g} ~ {s['max']:g} (평균 {s['mean']:.3g})." if ko else
                  f"Label values range from {s['min']:g} to {s['max']:g} (mean {s['mean']:.3g})."]
    t = r["token_lengths"]
    lang_name = _LANG_NAMES[r["language"]][1 if ko else 0]
    what = ("프롬프트+응답" if ko else "prompt + response") if task == "generation" else ("텍스트" if ko else "text")
    tok = r.get("tokenizer") or ("단어 수 근사" if ko else "approximate word count")
    lines.append("")
    if ko:
        lines.append(f"언어: {lang_name}. 토큰 길이({tok} 토크나이저, {what}): 절반은 {t['p50']} 토큰 이하, 95%는 "
                     f"{t['p95']} 토큰 이하이고, 가장 긴 것은 {t['max']} 토큰입니다. 학습 때 최대 길이는 {t['max_length']} "
                     f"토큰으로 잡습니다.")
    else:
        lines.append(f"Language: {lang_name}. Token lengths ({tok} tokenizer, {what}): half your texts have at "
                     f"most {t['p50']} tokens, 95% at most {t['p95']}, and the longest has {t['max']}. Training would use "
                     f"a maximum length of {t['max_length']} tokens.")
    if r.get("sample_note"):
        lines.append(f"_{r['sample_note']}_")
    lines += ["", "**점검 결과**" if ko else "**What I found**"]
    if r["issues"]:
        lines += [f"- **{_SEVERITY[i['severity']][1 if ko else 0]}**: {i['message']}" for i in r["issues"]]
    else:
        lines.append("- 문제가 발견되지 않았습니다." if ko else "- No problems found.")
    errors = any(i["severity"] == "error" for i in r["issues"])
    lines.append("")
    if errors:
        lines.append("다음 단계: 위의 오류를 먼저 고친 뒤 다시 점검해 달라고 하세요." if ko else
                     "Next step: fix the errors above first, then ask me to inspect the file again.")
    else:
        lines.append("다음 단계: \"학습 설정 추천해줘\"라고 말하면 이 데이터에 맞는 설정을 추천해 드립니다." if ko else
                     "Next step: ask me to recommend training settings for this file.")
    return "\n".join(lines)
