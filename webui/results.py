"""The results panel: metrics beside the baselines, the confusion matrix, the explanation, the
worst errors, "Try your model", and downloads of the adapter (zip) and the config.

Images are read into memory and downloads are built in the tab's own workspace, so the page
never serves a file from the runs folder directly (no `allowed_paths`).
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd

import tools
from tools.language import say
from tools.runs import find_run
from webui.users import UserState, Users

METRICS = ("accuracy", "precision_macro", "recall_macro", "f1_macro")


def _check(users: Users, user: UserState, run_id: str | None) -> str:
    run_id = run_id or user.run_id
    if not run_id:  # the newest completed run this tab may see
        find_run(None, completed=True)  # ValueError (no completed run yet) names the fix
        run_id = users.newest_run(user.key, completed=True)
        if run_id is None:
            raise ValueError(say(user.lang, "None of your runs has completed yet. Fix: start one, or wait for it.",
                                 "아직 끝난 내 학습 실행이 없습니다. 해결: 학습을 시작하거나 끝날 때까지 기다리세요."))
        user.run_id = run_id
    if not users.may_view(run_id, user.key):
        raise ValueError(say(user.lang, f"Run {run_id} belongs to another open chat. Fix: pick one of your runs.",
                             f"{run_id} 실행은 다른 사용자의 대화에 속합니다. 해결: 내 실행을 고르세요."))
    return run_id


def metrics_table(result: dict, lang: str) -> pd.DataFrame:
    ko = lang == "ko"
    metrics, base = result.get("metrics") or {}, result.get("baseline") or {}
    names = [k for k in METRICS if isinstance(metrics.get(k), (int, float))] or \
        [k for k, v in metrics.items() if isinstance(v, (int, float))]
    cols = ["지표" if ko else "metric", "내 모델" if ko else "your model"]
    if base:
        cols += ["최빈 클래스" if ko else "majority class", "TF-IDF + 로지스틱 회귀" if ko else "TF-IDF + logistic regression"]
    rows = []
    for k in names:
        row = [k, round(float(metrics[k]), 4)]
        if base:
            row += [round(float((base.get(b) or {}).get(k, float("nan"))), 4) for b in ("majority", "tfidf_logreg")]
        rows.append(row)
    return pd.DataFrame(rows, columns=cols)


def errors_table(result: dict, lang: str) -> pd.DataFrame:
    ko = lang == "ko"
    cols = ["텍스트", "정답", "예측", "확신도"] if ko else ["text", "label", "predicted", "confidence"]
    rows = [[e.get("text"), e.get("label"), e.get("predicted"), e.get("score")] for e in result.get("worst_errors") or []]
    return pd.DataFrame(rows, columns=cols)


def image(path: str | None):
    if not path or not Path(path).is_file():
        return None
    from PIL import Image

    with Image.open(path) as im:
        return im.convert("RGB")


def view(users: Users, user: UserState, run_id: str | None) -> dict:
    """Everything the panel shows for a completed run; ValueError (plain words) for one that is not."""
    run_id = _check(users, user, run_id)
    result = tools.explain_results(run_id, lang=user.lang)
    return {"run_id": run_id, "metrics": metrics_table(result, user.lang),
            "confusion": image(result.get("confusion_matrix_png")),
            "explanation": result["explanation"], "errors": errors_table(result, user.lang)}


def try_model(users: Users, user: UserState, run_id: str | None, text: str) -> pd.DataFrame:
    texts = [line.strip() for line in (text or "").splitlines() if line.strip()]
    if not texts:
        raise ValueError(say(user.lang, "Nothing to predict. Fix: type one or more texts, one per line.",
                             "예측할 문장이 없습니다. 해결: 한 줄에 하나씩 문장을 입력하세요."))
    run_id = _check(users, user, run_id)
    out = tools.predict(texts, run_id=run_id)
    ko = user.lang == "ko"
    if out and "label" in out[0]:
        return pd.DataFrame([[t, p["label"], round(float(p.get("score", 0)), 4)] for t, p in zip(texts, out)],
                            columns=["텍스트", "예측", "확신도"] if ko else ["text", "prediction", "confidence"])
    return pd.DataFrame([[t, p.get("text", "")] for t, p in zip(texts, out)],
                        columns=["입력", "생성"] if ko else ["input", "generated"])


def downloads(users: Users, user: UserState, run_id: str | None) -> list[str]:
    """[adapter zip, config.json], copied into the tab's workspace for Gradio to serve once."""
    run_id = _check(users, user, run_id)
    run_dir = find_run(run_id)
    adapter = run_dir / "adapter"
    if not (adapter.is_dir() and any(adapter.iterdir())):
        raise ValueError(say(user.lang, f"Run {run_id} has no adapter yet. Fix: wait until it has completed.",
                             f"{run_id} 실행에는 아직 어댑터가 없습니다. 해결: 학습이 끝날 때까지 기다리세요."))
    out = user.workspace.root / "downloads"
    out.mkdir(exist_ok=True)
    archive = shutil.make_archive(str(out / f"{run_id}-adapter"), "zip", root_dir=adapter)
    config = out / f"{run_id}-config.json"
    shutil.copyfile(run_dir / "config.json", config)
    return [archive, str(config)]
