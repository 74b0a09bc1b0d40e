"""The chat side of issue 16: predict's optional file, the export / script / publish tools offered once a
run exists, and their summaries (for the model) and answers (for the user) in English and Korean."""
from __future__ import annotations

import pytest

from assistant import tool_texts, toolset
from assistant.session import ChatSession
from assistant.workspace import Workspace


@pytest.fixture
def session(tmp_path):
    (tmp_path / "new.csv").write_text("text\na fine film\n")
    return ChatSession(workspace=Workspace(tmp_path, ["new.csv"]))


def test_export_tools_are_described_and_need_a_run():
    specs = toolset.specs()
    for name in ("export_model", "export_script", "publish_model"):
        assert specs[name].needs == "run"
    assert specs["predict"].files == ("path",) and not specs["predict"].params["path"].get("required")


def test_predict_with_texts_never_picks_up_the_uploaded_file(session, tmp_path):
    shown, real = toolset.repair(session, "predict", {"texts": ["a fine film"]})
    assert "path" not in real and real["texts"] == ["a fine film"]
    shown, real = toolset.repair(session, "predict", {"path": "new.csv"})
    assert shown["path"] == "new.csv" and real["path"] == str((tmp_path / "new.csv").resolve())
    shown, real = toolset.repair(session, "predict", {"file": "new.csv"})  # the alias a small model uses
    assert real["path"].endswith("new.csv")


def test_texts_in_both_languages():
    exported = {"run_id": "r1", "format": "onnx", "path": "/runs/r1/exports/onnx", "verified": True, "agreement": 1.0}
    assert "100.0%" in tool_texts.export_model_summary(exported, {}, "en")
    assert "ONNX" in tool_texts.export_model_answer(exported, {}, "en")
    assert "확인했습니다" in tool_texts.export_model_answer(exported, {}, "ko")
    failed = {**exported, "verified": False, "agreement": 0.9}
    assert "FAILED" in tool_texts.export_model_summary(failed, {}, "en")
    assert "merged" in tool_texts.export_model_answer(failed, {}, "en")
    card = {"run_id": "r1", "published": False, "reason": "HF_HUB_OFFLINE is set", "card_path": "/runs/r1/README.md",
            "command": "hf auth login && hf upload me/r1 /runs/r1/adapter ."}
    assert "hf upload me/r1" in tool_texts.publish_model_answer(card, {}, "en")
    assert "오프라인" in tool_texts.publish_model_answer(card, {}, "ko")
    script = {"run_id": "r1", "path": "/runs/r1/train_script", "files": ["train.py"], "train_examples": 90,
              "validation_examples": 10, "command": "python train.py",
              "scale_out_commands": {"single_node": "accelerate launch --config_file accelerate_fsdp.yaml train.py"}}
    assert "accelerate_fsdp.yaml" in tool_texts.export_script_answer(script, {}, "en")
    assert "스크립트 내보내기" in tool_texts.export_script_answer(script, {}, "ko")
    labelled = {"rows": 1200, "seconds": 3.5, "output_path": "/w/new.predictions.csv"}
    assert "new.predictions.csv" in tool_texts.predict_summary(labelled, {"path": "new.csv"}, "en")
    assert "1,200" in tool_texts.predict_answer(labelled, {"path": "new.csv"}, "ko")
