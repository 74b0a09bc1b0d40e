"""The real embedded chat model and the router in a real browser (Playwright + Debian's chromium):
upload a file, get a training proposal, then ask a concept question while it is on screen. The answer
must be the FAQ entry and the proposal must stay, unchanged; the same in Korean on a CP949 file with
Korean column names. Screenshots: test-artifacts/router-*.png."""
from __future__ import annotations


import pytest

from apphelp import env, launched
from test_app_browser import ARTIFACTS, CHROMIUM
from training_kit import write_reviews

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (see .ci/run)")]

KO_ROWS = [("배우들 연기가 정말 좋았어요", "긍정"), ("시간 낭비였습니다 지루해요", "부정"),
           ("음악이 너무 좋아서 또 보고 싶네요", "긍정"), ("스토리가 엉망이고 결말도 별로", "부정")]


def settings_text(page) -> str:
    """The proposal's settings table as shown (Gradio's "processing" timer over the panel is not part of it)."""
    return page.locator("#proposal-settings table").inner_text()


def shot(page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"router-{name}.png"), full_page=True)


def ask_over_the_proposal(page, expect, upload, question, faq_words, name):
    page.locator("#message input[type=file]").set_input_files(str(upload))
    expect(page.locator("#message").get_by_role("listitem")).to_have_count(1, timeout=10_000)
    page.locator("#message textarea").press("Enter")  # the upload alone: the report
    expect(page.locator("#chat")).to_contain_text("inspect_dataset", timeout=120_000)
    page.locator("#recommend").click()
    expect(page.locator("#start-training")).to_be_visible(timeout=60_000)
    before = settings_text(page)
    shot(page, f"{name}-1-proposal")
    box = page.locator("#message textarea")
    box.fill(question)
    box.press("Enter")
    chat = page.locator("#chat")
    expect(chat).to_contain_text("search_faq", timeout=120_000)
    expect(chat).to_contain_text(faq_words, timeout=120_000)
    expect(page.locator("#start-training")).to_be_visible()  # the proposal is still there ...
    assert settings_text(page) == before  # ... and the question changed nothing
    shot(page, f"{name}-2-answered")


def test_a_concept_question_over_a_proposal_in_english_and_korean(tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is in the test extra")
    from webui import ChatModel

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    reviews = write_reviews(tmp_path / "reviews.csv", n=120)
    korean = tmp_path / "리뷰.csv"
    korean.write_bytes(("리뷰,감정\n" + "".join(f"{t} {i},{y}\n" for i in range(30) for t, y in KO_ROWS)).encode("cp949"))
    model = ChatModel().start()  # the embedded Qwen, loaded in the background as the app does
    with env(FINETUNE_ASSISTANT_RUNS=tmp_path / "runs"), launched(workspaces=tmp_path / "ws", model=model) as (url, *_), \
            sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        expect = sync_api.expect
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(url)
            expect(page.locator("#model-status")).to_contain_text("ready", timeout=300_000)
            # "NF4" is in the FAQ entry's answer, not in the question
            ask_over_the_proposal(page, expect, reviews, "What is the difference between LoRA and QLoRA?",
                                  "NF4", "en")
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(url)
            page.locator("#lang").get_by_text("한국어").click()
            expect(page.locator("#model-status")).to_contain_text("준비", timeout=300_000)
            ask_over_the_proposal(page, expect, korean, "LoRA랑 QLoRA 차이가 뭐예요?", "NF4", "ko")
        except Exception:
            shot(page, "failure")
            raise
        finally:
            browser.close()
