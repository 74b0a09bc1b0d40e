"""Evaluation artefacts of a classification run: metrics, worst errors, plots and a predictions CSV.

The training engine calls these at the end of a run and writes their results into the run
directory (metrics.json, confusion_matrix.png, loss.png, predictions.csv); explain_results reads
them back. Everything returned is JSON-serialisable.
"""
from __future__ import annotations

import csv
import math
import re
import warnings
from functools import lru_cache
from pathlib import Path

# Fonts with Hangul (and usually CJK), in order of preference. matplotlib's default DejaVu Sans
# has none, so Korean labels would render as empty boxes without one of these.
_CJK_FONTS = ("Noto Sans CJK KR", "Noto Sans KR", "NanumGothic", "Nanum Gothic", "NanumBarunGothic",
              "Malgun Gothic", "AppleGothic", "Apple SD Gothic Neo", "UnDotum", "Baekmuk Gulim",
              "Noto Sans CJK JP", "Noto Sans CJK SC", "Source Han Sans KR", "WenQuanYi Zen Hei",
              "Droid Sans Fallback")
_CJK_FILE_HINTS = ("notosanscjk", "notosanskr", "nanum", "malgun", "applegothic", "undotum", "baekmuk",
                   "sourcehansans", "wqy", "droidsansfallback")
_EXCEL_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def _check_same_length(**columns) -> int:
    lengths = {name: len(values) for name, values in columns.items()}
    if len(set(lengths.values())) > 1:
        raise ValueError(f"The columns have different lengths ({lengths}). Fix: pass one value per "
                         "validation example in every list.")
    return next(iter(lengths.values()))


def classification_metrics(y_true: list[str], y_pred: list[str], labels: list[str]) -> dict:
    """Accuracy, macro precision/recall/F1, per-class scores and the confusion matrix.

    Args:
        y_true: the true label of each example.
        y_pred: the predicted label of each example.
        labels: every class, in the order used for `per_class` and the confusion matrix.

    Returns:
        {"accuracy", "precision_macro", "recall_macro", "f1_macro", "per_class": {label: {"precision",
        "recall", "f1", "support"}}, "confusion_matrix" (rows = true, columns = predicted, in `labels`
        order), "labels", "n"}; floats rounded to 4 decimals.
    """
    from sklearn.metrics import accuracy_score, confusion_matrix, precision_recall_fscore_support

    n = _check_same_length(y_true=y_true, y_pred=y_pred)
    if n == 0:
        raise ValueError("There are no examples to score. Fix: pass at least one true and one predicted label.")
    # Labels become strings so that per_class keys survive JSON (ints would turn into "0" anyway).
    labels = [str(x) for x in labels]
    if not labels or len(set(labels)) != len(labels):
        raise ValueError(f"labels must be a non-empty list without repeats (got {labels[:10]}). Fix: pass "
                         "each class once, e.g. sorted(set(y_true) | set(y_pred)).")
    y_true, y_pred = [str(x) for x in y_true], [str(x) for x in y_pred]
    unknown = sorted((set(y_true) | set(y_pred)) - set(labels))
    if unknown:
        raise ValueError(f"Labels {unknown[:10]} occur in y_true/y_pred but not in labels. Fix: add them to "
                         "labels (use sorted(set(y_true) | set(y_pred))).")
    p, r, f, s = precision_recall_fscore_support(y_true, y_pred, labels=labels, zero_division=0)
    cm = confusion_matrix(y_true, y_pred, labels=labels)
    return {
        "accuracy": round(float(accuracy_score(y_true, y_pred)), 4),
        "precision_macro": round(float(p.mean()), 4),
        "recall_macro": round(float(r.mean()), 4),
        "f1_macro": round(float(f.mean()), 4),
        "per_class": {label: {"precision": round(float(p[i]), 4), "recall": round(float(r[i]), 4),
                              "f1": round(float(f[i]), 4), "support": int(s[i])}
                      for i, label in enumerate(labels)},
        "confusion_matrix": [[int(v) for v in row] for row in cm],
        "labels": labels,
        "n": n,
    }


def _short(text, limit: int = 200) -> str:
    """One line of at most `limit` characters, ending in … when cut."""
    text = " ".join(str("" if text is None else text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def worst_errors(texts: list[str], y_true: list[str], y_pred: list[str], scores: list[float],
                 k: int = 5) -> list[dict]:
    """The wrong predictions the model was most sure about, most confident first.

    Args:
        texts: the input text of each example.
        y_true: the true labels.
        y_pred: the predicted labels.
        scores: the model's probability for its predicted label.
        k: how many errors to return.

    Returns:
        Up to k dicts {"text" (at most 200 characters), "label", "predicted", "score"}.
    """
    _check_same_length(texts=texts, y_true=y_true, y_pred=y_pred, scores=scores)
    if k < 0:
        raise ValueError(f"k must be 0 or more (got {k}). Fix: pass how many errors you want, e.g. k=5.")
    wrong = [i for i in range(len(texts)) if str(y_true[i]) != str(y_pred[i])]

    def confidence(i: int) -> float:
        s = scores[i]
        return float(s) if s is not None and math.isfinite(float(s)) else -1.0  # unknown scores go last

    wrong.sort(key=lambda i: -confidence(i))  # stable: ties keep the data order
    return [{"text": _short(texts[i]), "label": str(y_true[i]), "predicted": str(y_pred[i]),
             "score": round(confidence(i), 4) if confidence(i) >= 0 else None} for i in wrong[:k]]


# --------------------------------------------------------------------------------------- plots

@lru_cache(maxsize=1)
def cjk_font() -> str | None:
    """The family name of an installed font with Hangul, registering it with matplotlib; None if none.

    Looks at the fonts matplotlib already knows, then at system font files, then at the NanumGothic
    that the koreanize-matplotlib package ships (found without importing it, since importing it
    changes matplotlib's global settings).
    """
    import importlib.util

    from matplotlib import font_manager

    known = {f.name for f in font_manager.fontManager.ttflist}
    for name in _CJK_FONTS:
        if name in known:
            return name
    files = []
    try:
        files = font_manager.findSystemFonts()
    except Exception:  # an odd font directory must not break plotting
        pass
    try:
        spec = importlib.util.find_spec("koreanize_matplotlib")
        if spec and spec.submodule_search_locations:
            for loc in spec.submodule_search_locations:
                files += [str(p) for p in Path(loc).rglob("*.ttf")]
    except (ImportError, ValueError):
        pass
    for path in files:
        flat = Path(path).name.lower().replace("-", "").replace("_", "")
        if any(hint in flat for hint in _CJK_FILE_HINTS):
            try:
                font_manager.fontManager.addfont(path)
                return font_manager.FontProperties(fname=path).get_name()
            except Exception:  # unreadable or unsupported font file (.ttc on old matplotlib): try the next
                continue
    return None


def _figure(width: float, height: float):
    """A figure rendered by Agg, without pyplot: no display is needed (training child process, server)
    and the caller's pyplot backend and open figures are left alone."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height))
    FigureCanvasAgg(fig)
    return fig


def _font_context():
    """rc settings that put a Hangul font first when one exists, without touching global state."""
    import matplotlib

    font = cjk_font()
    return matplotlib.rc_context({"font.family": [font, "DejaVu Sans"]} if font else {})


def _save(fig, path) -> str:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings():
        # Without a Hangul font every Korean glyph warns once per draw; the fallback boxes are the
        # documented behaviour, so the warnings would only be noise in the training log.
        warnings.filterwarnings("ignore", message=r".*[Gg]lyph .* missing from.*")
        fig.savefig(path, dpi=110, bbox_inches="tight")
    return str(path)


def plot_confusion_matrix(cm: list[list[int]], labels: list[str], path) -> str:
    """Draw the confusion matrix (counts in the cells, colour = share of the true class) as a PNG.

    Args:
        cm: square matrix of counts, rows = true class, columns = predicted class.
        labels: the class names in the matrix's order.
        path: where to save the PNG.

    Returns:
        The path written, as a string.
    """
    import numpy as np

    counts = np.asarray(cm, dtype=float)
    k = len(labels)
    if counts.ndim != 2 or counts.shape != (k, k) or k == 0:
        raise ValueError(f"The confusion matrix has shape {counts.shape} but there are {k} labels. Fix: pass a "
                         "square matrix with one row and one column per label.")
    rows = counts.sum(axis=1, keepdims=True)
    share = np.divide(counts, rows, out=np.zeros_like(counts), where=rows > 0)
    names = [_short(x, 24) for x in labels]
    with _font_context():
        side = min(max(4.0, 0.55 * k + 2.0), 16.0)  # 2 classes: 4 in, 20 classes: 13 in
        fig = _figure(side + 1.2, side)
        ax = fig.subplots()
        image = ax.imshow(share, cmap="Blues", vmin=0, vmax=1)
        cell_font = 11 if k <= 6 else 9 if k <= 12 else 7
        for i in range(k):
            for j in range(k):
                ax.text(j, i, f"{int(counts[i, j])}", ha="center", va="center", fontsize=cell_font,
                        color="white" if share[i, j] > 0.55 else "black")
        ax.set_xticks(range(k), names, rotation=45 if k > 4 or max(map(len, names)) > 8 else 0,
                      ha="right" if k > 4 or max(map(len, names)) > 8 else "center")
        ax.set_yticks(range(k), names)
        ax.set_xlabel("Predicted label")
        ax.set_ylabel("True label")
        ax.set_title(f"Confusion matrix ({int(counts.sum())} examples)")
        fig.colorbar(image, ax=ax, fraction=0.046, pad=0.04, label="share of the true class")
        return _save(fig, path)


def finite(x) -> bool:
    """A real, finite number (not a bool, None, NaN or inf)."""
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


def plot_loss(progress: list[dict], path) -> str:
    """Draw the training curve: train loss per step, eval loss and eval accuracy/F1 per evaluation.

    Args:
        progress: the lines of progress.jsonl (training lines have "loss", evaluation lines "eval_loss").
        path: where to save the PNG.

    Returns:
        The path written, as a string.
    """
    if not isinstance(progress, list) or not all(isinstance(p, dict) for p in progress):
        raise ValueError("progress must be a list of dicts (the lines of progress.jsonl). Fix: read the file "
                         "with one json.loads per line.")

    def series(key: str) -> tuple[list, list]:
        xs, ys = [], []
        for i, p in enumerate(progress):
            value = p.get(key)
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                xs.append(p.get("step", i) if finite(p.get("step")) else i)
                ys.append(float(value))  # NaN stays: matplotlib leaves a gap, which shows the problem
        return xs, ys

    train, evals = series("loss"), series("eval_loss")
    scores = [(name, series(key)) for name, key in (("eval accuracy", "eval_accuracy"),
                                                    ("eval macro F1", "eval_f1_macro"))]
    with _font_context():
        fig = _figure(7.5, 4.2)
        ax = fig.subplots()
        # Markers when there are few points, so a single logged step is still visible.
        if train[0]:
            ax.plot(*train, color="tab:blue", label="train loss", marker="o" if len(train[0]) <= 15 else None,
                    markersize=3, linewidth=1.2)
        if evals[0]:
            ax.plot(*evals, color="tab:orange", label="eval loss", marker="s", markersize=6, linewidth=1.5)
        handles, names = ax.get_legend_handles_labels()
        if any(s[0] for _, s in scores):
            ax2 = ax.twinx()
            for (name, (xs, ys)), color, marker in zip(scores, ("tab:green", "tab:purple"), ("^", "D")):
                if xs:
                    ax2.plot(xs, ys, color=color, label=name, marker=marker, markersize=6, linestyle="--")
            ax2.set_ylim(0, 1.02)
            ax2.set_ylabel("accuracy / F1")
            h2, n2 = ax2.get_legend_handles_labels()
            handles, names = handles + h2, names + n2
        if not handles:
            ax.text(0.5, 0.5, "No loss logged yet", ha="center", va="center", transform=ax.transAxes)
        else:
            # Below the axes: inside, it would cover the curve wherever the curve happens to be.
            ax.legend(handles, names, loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=4, fontsize=8,
                      frameon=False)
        ax.set_xlabel("step")
        ax.set_ylabel("loss")
        ax.set_title("Training curve")
        ax.grid(alpha=0.3)
        return _save(fig, path)


# ------------------------------------------------------------------------------------------ CSV

def _safe_cell(value) -> str | float:
    """A cell Excel/LibreOffice will never run as a formula; numbers stay numbers."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)):
        return value
    text = "" if value is None else str(value)
    # A plain number like "-1" (a label) is not a formula; anything else starting with a trigger
    # character gets a leading apostrophe, which spreadsheets show as text and do not evaluate.
    if text.startswith(_EXCEL_TRIGGERS) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def write_predictions_csv(path, texts: list[str], y_true: list[str], y_pred: list[str],
                          scores: list[float]) -> str:
    """Write the validation predictions as a spreadsheet-safe CSV (text,label,predicted,score,correct).

    Args:
        path: where to write the CSV (UTF-8 with BOM, so Excel shows Korean correctly).
        texts: the input texts.
        y_true: the true labels.
        y_pred: the predicted labels.
        scores: the model's probability for its predicted label.

    Returns:
        The path written, as a string.
    """
    _check_same_length(texts=texts, y_true=y_true, y_pred=y_pred, scores=scores)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["text", "label", "predicted", "score", "correct"])
        for text, label, pred, score in zip(texts, y_true, y_pred, scores):
            score = round(float(score), 4) if score is not None else ""
            writer.writerow([_safe_cell(text), _safe_cell(str(label)), _safe_cell(str(pred)), score,
                             str(str(label) == str(pred))])
    return str(path)
