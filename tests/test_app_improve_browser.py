"""The Improve tab in a real browser (Playwright + Debian's chromium, as tests/test_app_browser.py): train a
tiny model on a file with flipped labels, review the suspicious rows and accept one, clean, retrain on the
cleaned file (same validation rows), compare the two runs. Screenshots: test-artifacts/improve-*.png."""
from __future__ import annotations

import pandas as pd
import pytest

from apphelp import env, launched
from test_app_browser import ARTIFACTS, CHROMIUM
from training_kit import write_reviews

pytestmark = [pytest.mark.slow, pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")]
FLIPPED = (4, 9, 30, 51, 88, 120)


def shot(page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"improve-{name}.png"), full_page=True)


def _train(page, expect, tiny_bert: str) -> None:
    page.locator("#recommend").click()
    expect(page.locator("#start-training")).to_be_visible(timeout=60_000)
    page.locator("#change-settings").click()
    page.locator("#field-base_model textarea, #field-base_model input").first.fill(tiny_bert)
    page.locator("#field-epochs input").first.fill("1")
    page.locator("#save-settings").click()
    expect(page.locator("#proposal-settings")).to_contain_text(tiny_bert, timeout=30_000)
    page.locator("#start-training").click()
    _wait_completed(page, expect)


def _wait_completed(page, expect) -> None:
    expect(page.locator("#progress")).to_contain_text("%", timeout=30_000)
    expect(page.locator("#progress .train-progress")).to_have_attribute("data-status", "completed", timeout=240_000)


def test_review_clean_retrain_compare_in_the_browser(tmp_path, tiny_bert):
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is in the test extra")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    data = write_reviews(tmp_path / "films.csv", n=160)
    frame = pd.read_csv(data)
    for i in FLIPPED:
        frame.loc[i, "label"] = "neg" if frame.loc[i, "label"] == "pos" else "pos"
    frame.to_csv(data, index=False)
    with env(FINETUNE_ASSISTANT_RUNS=tmp_path / "runs"), launched(workspaces=tmp_path / "ws") as (url, demo, users), \
            sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1400, "height": 1100})
        expect = sync_api.expect
        try:
            page.goto(url)
            expect(page.locator("#model-status")).to_contain_text("ready", timeout=30_000)
            page.locator("#message input[type=file]").set_input_files(str(data))
            expect(page.locator("#message").get_by_role("listitem")).to_have_count(1, timeout=10_000)
            page.locator("#message textarea").press("Enter")
            expect(page.locator("#report")).to_contain_text("160 rows", timeout=60_000)
            expect(page.locator("#report")).to_contain_text("look mislabelled", timeout=10_000)  # the quick check
            shot(page, "1-report")
            _train(page, expect, tiny_bert)
            shot(page, "2-first-run")

            page.get_by_role("tab", name="Improve").click()
            page.locator("#find-label-issues").click()
            expect(page.locator("#label-issues-summary")).to_contain_text("look mislabelled", timeout=120_000)
            boxes = page.locator("#review-table input[type=checkbox]")  # the first is the header's: it ticks all
            expect(boxes.nth(1)).to_be_visible(timeout=10_000)
            boxes.nth(1).check()  # accept the most suspicious row's suggested label, leave the rest as they are
            shot(page, "3-review")
            page.locator("#clean-file").click()
            expect(page.locator("#clean-summary")).to_contain_text("Relabeled 1 rows", timeout=60_000)
            expect(page.locator("#chat")).to_contain_text("clean_dataset", timeout=10_000)
            shot(page, "4-cleaned")

            page.locator("#retrain-cleaned").click()
            expect(page.locator("#clean-summary")).to_contain_text("validation rows", timeout=60_000)
            expect(page.locator("#proposal-settings")).to_contain_text("validation_from_run", timeout=60_000)
            shot(page, "5-retrain-proposed")
            page.locator("#start-training").click()
            _wait_completed(page, expect)
            expect(page.locator("#explanation")).to_contain_text("A fair comparison", timeout=180_000)
            shot(page, "6-retrained")

            page.get_by_role("tab", name="Improve").click()
            page.locator("#compare-runs").click()
            expect(page.locator("#compare-summary")).to_contain_text("McNemar", timeout=60_000)
            expect(page.locator("#pairs-table")).to_contain_text("films-cleaned-train", timeout=10_000)
            shot(page, "7-compared")
        except Exception:
            shot(page, "failure")
            raise
        finally:
            browser.close()
