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


# ------------------------------------------------------------- use the model elsewhere (issue 16)

def _downloads(user: UserState, run_id: str) -> Path:
    out = user.workspace.root / "downloads" / run_id
    out.mkdir(parents=True, exist_ok=True)
    return out


def label_file(users: Users, user: UserState, run_id: str | None, upload) -> tuple[str, str]:
    """(the predictions file, a message): every row of the uploaded file labelled, in the tab's workspace."""
    from tools.predict_file import default_output

    if not upload:
        raise ValueError(say(user.lang, "No file to label. Fix: choose a CSV, TSV, JSONL or Parquet file first.",
                             "라벨을 붙일 파일이 없습니다. 해결: 먼저 CSV, TSV, JSONL, Parquet 파일을 고르세요."))
    run_id = _check(users, user, run_id)
    src = Path(upload if isinstance(upload, str) else upload.name)
    out = default_output(_downloads(user, run_id) / src.name)
    r = tools.predict(path=str(src), run_id=run_id, output_path=str(out))
    return r["output_path"], say(user.lang, f"Labelled {r['rows']:,} rows in {r['seconds']} s (text column "
                                            f"`{r['text_column']}`): every original column plus `label` and `score`.",
                                 f"{r['rows']:,}개 행에 {r['seconds']}초 동안 라벨을 붙였습니다(텍스트 열 "
                                 f"`{r['text_column']}`). 원래 열 전부와 `label`, `score`가 들어 있습니다.")


def export(users: Users, user: UserState, run_id: str | None, fmt: str) -> tuple[str, str]:
    """(a zip of the export, a message with its reload check) for format onnx, merged or gguf."""
    run_id = _check(users, user, run_id)
    r = tools.export_model(run_id, format=fmt)
    archive = shutil.make_archive(str(_downloads(user, run_id) / f"{run_id}-{fmt}"), "zip", root_dir=r["path"])
    share = f"{r['agreement']:.1%}"
    if fmt == "gguf":  # a generation model: compared token by token with the merged one on the sample prompts
        return archive, say(user.lang, f"Reloaded and checked: the same next token as the merged model at {share} of "
                                       "the sample prompts' positions. For Ollama: `ollama create my-model -f Modelfile`.",
                            f"다시 불러와 확인했습니다. 예시 프롬프트 위치의 {share}에서 병합 모델과 같은 다음 토큰을 "
                            "고릅니다. Ollama: `ollama create my-model -f Modelfile`.")
    if r["verified"]:
        return archive, say(user.lang, f"Reloaded and checked: the same prediction as the trained model on {share} of "
                                       "the validation rows.",
                            f"다시 불러와 확인했습니다. 검증 행의 {share}에서 학습된 모델과 같은 예측을 냅니다.")
    return archive, say(user.lang, f"Warning: the reloaded export agrees with the trained model on only {share} of the "
                                   "validation rows.",
                        f"주의: 다시 불러온 모델이 검증 행의 {share}에서만 학습된 모델과 같습니다.")


def export_script(users: Users, user: UserState, run_id: str | None) -> tuple[str, str]:
    """(train_script.zip, how to run it); the Colab notebook inside expects exactly that zip name."""
    run_id = _check(users, user, run_id)
    r = tools.export_script(run_id)
    archive = shutil.make_archive(str(_downloads(user, run_id) / "train_script"), "zip", root_dir=r["path"])
    fsdp = r["scale_out_commands"]["single_node"]
    return archive, say(user.lang, f"Unzip it and run `pip install -r requirements.txt && python train.py` (or open "
                                   f"train_colab.ipynb in Colab). Too big for one GPU: `{fsdp}`.",
                        f"압축을 풀고 `pip install -r requirements.txt && python train.py`를 실행하세요(Colab에서는 "
                        f"train_colab.ipynb). GPU 하나에 들어가지 않으면: `{fsdp}`.")


def model_card(users: Users, user: UserState, run_id: str | None) -> tuple[str, str]:
    """(the model card README.md, the command that publishes it)."""
    run_id = _check(users, user, run_id)
    r = tools.publish_model(run_id)
    card = _downloads(user, run_id) / "README.md"
    shutil.copyfile(r["card_path"], card)
    return str(card), say(user.lang, f"To publish it on the Hugging Face Hub: `{r['command']}`",
                          f"Hugging Face Hub에 게시하려면: `{r['command']}`")
