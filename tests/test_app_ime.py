"""Korean input in a real browser: Enter pressed while a Hangul syllable is still being composed (IME)
must not send the chat message; the Enter after the text is committed sends it, once and whole.

Chromium's DevTools protocol plays the IME: `Input.imeSetComposition` opens a composition,
`Input.dispatchKeyEvent` presses Enter inside it, `Input.insertText` commits the text. A listener
on window (the first stop of every key event) records what the page saw, so the test checks that
the Enter really arrived while composing (isComposing, keyCode 229) before it checks what was sent.
Uses the browser, launcher and screenshot helpers of tests/test_app_browser.py.
"""
from __future__ import annotations

import re

import pytest

import test_app_browser as browser
from apphelp import launched

pytestmark = browser.pytestmark

COMPOSING, COMMITTED = "안녕하", "안녕하세요"
RECORD_KEYS = """() => { window.__keys = [];
  for (const type of ["keydown", "keypress"])
    window.addEventListener(type, e => window.__keys.push({type, key: e.key, keyCode: e.keyCode,
                                                          isComposing: e.isComposing}), true); }"""

# How the Enter reaches a composition. "ime": what Chromium emits for a real IME's Enter, a keydown
# with keyCode 229 (VK_PROCESSKEY) and no character, so no keypress. "ime-with-keypress": the same
# keydown followed by a keypress while the composition is still open, as some IME/platform pairs
# deliver it; Gradio's chat box sends on that keypress, which sent "안녕하" before the fix.
ENTER_WHILE_COMPOSING = {
    "ime": dict(type="rawKeyDown", key="Enter", code="Enter", windowsVirtualKeyCode=229),
    "ime-with-keypress": dict(type="keyDown", key="Enter", code="Enter", windowsVirtualKeyCode=229, text="\r"),
}


@pytest.mark.parametrize("enter", list(ENTER_WHILE_COMPOSING))
def test_enter_while_composing_korean_does_not_send(enter):
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is in the test extra")
    browser.ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (browser.ARTIFACTS / f"browser-ime-{enter}-failure.png").unlink(missing_ok=True)
    expect = sync_api.expect
    with launched() as (url, demo, users), sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=browser.CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = chromium.new_page(viewport={"width": 1400, "height": 1000})
        try:
            page.goto(url)
            expect(page.locator("#model-status")).to_contain_text("ready", timeout=30_000)
            box = page.locator("#message textarea")
            box.click()
            page.evaluate(RECORD_KEYS)
            cdp = page.context.new_cdp_session(page)

            cdp.send("Input.imeSetComposition", {"text": COMPOSING, "selectionStart": 3, "selectionEnd": 3})
            cdp.send("Input.dispatchKeyEvent", ENTER_WHILE_COMPOSING[enter])
            cdp.send("Input.dispatchKeyEvent", dict(type="keyUp", key="Enter", code="Enter",
                                                    windowsVirtualKeyCode=229))
            composing_enter = [k for k in page.evaluate("window.__keys") if k["type"] == "keydown"]
            assert composing_enter == [dict(type="keydown", key="Enter", keyCode=229, isComposing=True)]
            page.wait_for_timeout(1500)  # a wrongly sent message would reach the chat by now
            expect(page.locator("#chat")).not_to_contain_text(COMPOSING)
            expect(box).to_have_value(COMPOSING)
            browser.shot(page, f"ime-{enter}-1-composing")

            cdp.send("Input.insertText", {"text": COMMITTED})
            expect(box).to_have_value(COMMITTED)
            box.press("Enter")
            chat = page.locator("#chat")
            expect(chat.locator(".bot-row").first).to_contain_text(re.compile(r"\w"), timeout=30_000)  # a reply
            page.wait_for_timeout(1000)  # time for a second, wrong message to show up
            sent = chat.locator(".user-row").all_inner_texts()
            assert [s.strip() for s in sent] == [COMMITTED]
            expect(box).to_have_value("")
            browser.shot(page, f"ime-{enter}-2-sent")
        except Exception:
            browser.shot(page, f"ime-{enter}-failure")
            raise
        finally:
            chromium.close()
