"""The app in a real browser: Playwright driving Debian's chromium (.ci/run installs it; Playwright
cannot download browsers here). Open the page, upload a CSV, ask to inspect it, see the report,
start a tiny training, see the results. Screenshots go to $FINETUNE_ASSISTANT_TEST_ARTIFACTS
(default: test-artifacts/ in the repository, git-ignored)."""
from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from apphelp import env, launched
from training_kit import write_reviews

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
ARTIFACTS = Path(os.environ.get("FINETUNE_ASSISTANT_TEST_ARTIFACTS",
                                Path(__file__).resolve().parents[1] / "test-artifacts"))

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (CI installs it with "
                                                          "apt-get install -y chromium; see .ci/run)")]


def test_upload_inspect_train_and_see_results(tmp_path, tiny_bert):
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is in the test extra")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "browser-failure.png").unlink(missing_ok=True)
    data = write_reviews(tmp_path / "reviews.csv", n=160)
    with env(FINETUNE_ASSISTANT_RUNS=tmp_path / "runs"), launched(workspaces=tmp_path / "ws") as (url, demo, users), \
            sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        expect = sync_api.expect
        try:
            page.goto(url)
            expect(page.locator("#model-status")).to_contain_text("ready", timeout=30_000)
            shot(page, "1-opened")

            # Upload a CSV through the chat box, then ask (in words) to inspect it.
            page.locator("#message input[type=file]").set_input_files(str(data))
            expect(page.locator("#message").get_by_role("listitem")).to_have_count(1, timeout=10_000)
            box = page.locator("#message textarea")
            box.fill("Please inspect my data")
            box.press("Enter")
            chat = page.locator("#chat")
            expect(chat).to_contain_text("inspect_dataset", timeout=30_000)
            expect(page.locator("#report")).to_contain_text("160 rows", timeout=30_000)
            shot(page, "2-inspected")

            # Recommend settings with the button (no model), shrink them to the tiny model, start.
            page.locator("#recommend").click()
            expect(page.locator("#start-training")).to_be_visible(timeout=30_000)
            page.locator("#change-settings").click()
            page.locator("#field-base_model textarea, #field-base_model input").first.fill(tiny_bert)
            page.locator("#field-epochs input").first.fill("2")
            page.locator("#save-settings").click()
            expect(page.locator("#proposal-settings")).to_contain_text(tiny_bert, timeout=30_000)
            shot(page, "3-proposal")
            page.locator("#start-training").click()
            expect(chat).to_contain_text("Training started", timeout=30_000)
            expect(page.locator("#progress")).to_contain_text("%", timeout=30_000)
            shot(page, "4-training")

            # The timer refreshes the panel; once completed the page shows the results.
            expect(page.locator("#progress .train-progress")).to_have_attribute("data-status", "completed",
                                                                                timeout=180_000)
            expect(page.locator("#metrics")).to_contain_text("TF-IDF", timeout=30_000)
            expect(page.locator("#explanation")).to_contain_text("accuracy", timeout=30_000)
            shot(page, "5-results")
            page.locator("#try-input textarea").fill("a wonderful film")
            page.locator("#predict").click()
            expect(page.get_by_text("prediction", exact=True)).to_be_visible(timeout=60_000)
            shot(page, "6-predicted")

            # The page's language follows the user's choice.
            page.locator("#lang").get_by_text("한국어").click()
            expect(page.get_by_role("tab", name="결과")).to_be_visible(timeout=15_000)
            expect(page.locator("#message textarea")).to_have_attribute("placeholder", re.compile("파일을"))
            shot(page, "7-korean")
        except Exception:
            shot(page, "failure")
            raise
        finally:
            browser.close()


def shot(page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"browser-{name}.png"), full_page=True)
