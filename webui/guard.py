"""The one place where an error in a UI handler becomes a plain message on the page.

Tools raise ValueError whose text names the problem and the fix; that text is shown as it
is. Anything else is logged with its stack trace on the server and shown as one sentence
with what to do. The page never shows a traceback.
"""
from __future__ import annotations

import functools
import html
import inspect
import logging

import gradio as gr

from tools.language import say
from webui.i18n import t

log = logging.getLogger("webui")


def plain(exc: Exception, lang: str) -> str:
    """The message as text (gr.Error renders HTML, so it is escaped where it is shown)."""
    if isinstance(exc, ValueError):
        return " ".join(str(exc).split())
    log.error("UI handler failed", exc_info=exc)
    return say(lang, f"Something went wrong ({type(exc).__name__}: {exc}). Fix: try again; if it repeats, restart "
                     "the app and report it.",
               f"문제가 생겼습니다({type(exc).__name__}: {exc}). 해결: 다시 시도하고, 반복되면 앱을 다시 시작한 뒤 알려 주세요.")


def _lang(args, kwargs) -> str:
    lang = kwargs.get("lang")
    if lang is None:
        lang = next((a for a in args if isinstance(a, str) and a in ("en", "ko")), "en")
    return lang


def _shown(exc: Exception, args, kwargs) -> gr.Error:
    """The error as the page shows it: plain words in the tab's language, HTML-escaped."""
    lang = _lang(args, kwargs)
    return gr.Error(html.escape(plain(exc, lang)), title=t("problem", lang), print_exception=False)


def guard(fn):
    """Wrap a handler (plain or generator): errors become gr.Error with a readable message."""
    if inspect.isgeneratorfunction(fn):
        @functools.wraps(fn)
        def gen(*args, **kwargs):
            try:
                yield from fn(*args, **kwargs)
            except gr.Error:
                raise
            except Exception as exc:
                raise _shown(exc, args, kwargs) from None
        return gen

    @functools.wraps(fn)
    def wrapped(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except gr.Error:
            raise
        except Exception as exc:
            raise _shown(exc, args, kwargs) from None
    return wrapped
