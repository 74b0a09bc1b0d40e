"""LocalChatModel: a LangChain chat model over a local transformers model, with tool calling.

LangChain's ChatHuggingFace cannot call tools with a local pipeline (langchain issue #29033),
so this small BaseChatModel renders the messages with the model's own chat template
(`tools=` included) and turns the output into AIMessage.tool_calls, in one of two ways:

- chosen (an llm with `choose`: the real one, and ScriptedLLM in the fast tests): the answer is started as the template's
  tool call and the model's probability of each offered name, and of the pseudo-tool
  "reply"/"answer" (no tool), is read; then it writes the arguments. A 0.5B model left to
  write freely answered concept questions itself and invented tool names (11 of 43 messages
  routed right; 42 of 48 held-out ones now, and 28 of 28 dev cases).
- free (an llm without `choose`, e.g. FreeTextLLM in tests): it writes whatever it wants and
  assistant/parser.py reads every form a call takes. Text that may be a call is held back
  while streaming, so the user never sees raw JSON.
"""
from __future__ import annotations

import json
import logging
import math
from typing import Any, Iterator, Sequence

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models.chat_models import BaseChatModel, generate_from_stream
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage, SystemMessage, ToolMessage
from langchain_core.outputs import ChatGenerationChunk, ChatResult
from langchain_core.utils.function_calling import convert_to_openai_tool

from assistant.parser import new_call_id, parse

# The model sometimes goes on to imagine the tool's answer or the next turn: cut there.
STOP_STRINGS = ("<tool_response>", "<|im_start|>", "<|endoftext|>", "<|im_end|>")
_MARKERS = ("<tool_call>", "```")
CALL_START = '<tool_call>\n{"name": "'  # how Qwen's template writes a call: the choice is read after it
log = logging.getLogger(__name__)  # DEBUG shows each raw model output (tuning prompts and the parser)


def _text(content) -> str:
    if isinstance(content, str):
        return content
    return "".join(p.get("text", "") if isinstance(p, dict) else str(p) for p in content or [])


def to_template(messages: Sequence[BaseMessage]) -> list[dict]:
    """LangChain messages as chat-template dicts; system messages merged into one at the top."""
    system = [_text(m.content) for m in messages if isinstance(m, SystemMessage)]
    out = [{"role": "system", "content": "\n\n".join(system)}] if system else []
    for m in messages:
        if isinstance(m, SystemMessage):
            continue
        if m.additional_kwargs.get("example"):  # fixed worked examples: the LLM caches them with the system prompt
            n = len(out)
        if isinstance(m, ToolMessage):
            out.append({"role": "tool", "content": _text(m.content)})
        elif isinstance(m, AIMessage):
            item = {"role": "assistant", "content": _text(m.content)}
            if m.tool_calls:
                item["tool_calls"] = [{"type": "function", "function": {"name": c["name"], "arguments": c["args"]}}
                                      for c in m.tool_calls]
            out.append(item)
        else:
            out.append({"role": "user", "content": _text(m.content)})
        if m.additional_kwargs.get("example"):
            out[n]["example"] = True
    return out


def tool_params(tools: list[dict] | None) -> dict[str, list[str]]:
    """{tool name: parameter names in order} from OpenAI-format tool schemas."""
    out = {}
    for t in tools or []:
        fn = t.get("function", t)
        out[fn["name"]] = list((fn.get("parameters") or {}).get("properties", {}))
    return out


def _held_from(buf: str, shown: int) -> int:
    """How far the text may be shown: up to a possible call marker or a line that may open JSON."""
    tail = buf[shown:]
    for marker in _MARKERS:  # a full marker: everything from it on is held until the end
        i = tail.find(marker)
        if i >= 0:
            tail = tail[:i]
    end = shown + len(tail)
    for marker in _MARKERS:  # a partial marker at the very end: "<tool_" or "``"
        for k in range(min(len(marker) - 1, len(tail)), 0, -1):
            if tail.endswith(marker[:k]):
                end = min(end, shown + len(tail) - k)
                break
    line_start = buf.rfind("\n", 0, end) + 1
    line = buf[max(line_start, shown):end]
    if not line.strip() or line.lstrip()[:1] in "{[":  # the current line may still become JSON
        end = max(line_start, shown)
    j = buf.find("\n{", shown, end)  # a JSON line after prose: hold it and what follows
    j2 = buf.find("\n[", shown, end)
    for k in (j, j2):
        if k >= 0:
            end = min(end, k + 1)
    return end


# The small chat model's log-likelihoods of its options are overconfident: differences of 3-4 nats
# when it is wrong. Tempered by this much, its opinion decides only when the router's is close.
# On the first action of 60 blind-to-the-router cases (benchmarks/router_llm.py, router fitted on
# train + dev): 0.83 and 0.87 untempered, 0.90 and 0.97 with the router alone, 0.93 and 0.97 at
# temperature 2 to 3 (5 and up: the router alone again).
MODEL_TEMPERATURE = 2.5


def weighed(scores: list[float], options: list[str], prior: dict, pseudo: str) -> list[float]:
    """log P_model(option) / T + log P_router(option) over the offered options (the model's tempered scores
    as a softmax over them; `pseudo`, answering without a tool, takes the router's "reply" probability)."""
    scores = [v / MODEL_TEMPERATURE for v in scores]
    top = max(scores)
    norm = top + math.log(sum(math.exp(v - top) for v in scores))
    return [v - norm + math.log(max(prior.get("reply" if o == pseudo else o, 0.0), 1e-6)) for v, o in zip(scores, options)]


class LocalChatModel(BaseChatModel):
    """A chat model over `llm`, anything with `.name` and `.stream(messages, tools, max_new_tokens)`."""

    llm: Any
    max_new_tokens: int | None = None
    # Every tool the agent can run, {name: parameter names}, not only those offered this call: a call
    # to a tool that is hidden right now (start_training before the user's yes) must still be read
    # as a call, so that the agent can refuse it properly instead of showing raw JSON to the user.
    known_tools: dict[str, list[str]] = {}
    # Pseudo-tools meaning "no tool: write the answer" (prompts/tools.yaml), by name: "reply" for a
    # new message, "answer" after tool results. With them, and an llm that can score
    # continuations, the model's choice of tool is read by likelihood (see _chosen). The agent
    # picks which one per call with the `pseudo` bind argument.
    pseudo_tools: dict[str, dict] = {}

    @property
    def _llm_type(self) -> str:
        return "local-transformers"

    @property
    def _identifying_params(self) -> dict:
        return {"model": getattr(self.llm, "name", "local")}

    def bind_tools(self, tools: Sequence[Any], *, tool_choice: str | None = None, **kwargs: Any):
        # tool_choice cannot be enforced on a local model; the agent never forces a tool.
        return self.bind(tools=[convert_to_openai_tool(t) for t in tools], **kwargs)

    def _stream(self, messages: list[BaseMessage], stop: list[str] | None = None,
                run_manager: CallbackManagerForLLMRun | None = None, **kwargs: Any) -> Iterator[ChatGenerationChunk]:
        tools = kwargs.get("tools") or None
        pseudo = self.pseudo_tools.get(kwargs.get("pseudo") or "reply")
        if tools and pseudo and hasattr(self.llm, "choose"):
            yield from self._chosen(messages, tools, pseudo, stop, kwargs)
        else:  # free generation: the model writes a call in any form, or text
            yield from self._free(messages, tools, stop, kwargs, calls=bool(tools))

    def _chosen(self, messages, tools, pseudo, stop, kwargs) -> Iterator[ChatGenerationChunk]:
        """The model picks among the offered tools and `reply` by likelihood, then writes the arguments."""
        offered = list(tools) + ([] if kwargs.get("must_call") else [pseudo])  # must_call: the router decided
        options = [t["function"]["name"] for t in offered]
        given = kwargs.get("given_args") or {}  # {tool: arguments read from the user's words}
        if len(options) > 1 or options[0] not in given:
            template = to_template(messages)
            scores = self.llm.choose(template, offered, CALL_START, options)
            if kwargs.get("prior"):  # the router was unsure: its opinion weighs in
                scores = weighed(scores, options, kwargs["prior"], pseudo["function"]["name"])
            best = options[max(range(len(options)), key=scores.__getitem__)]
            log.debug("choice %s from %s", best, {o: round(v, 2) for o, v in zip(options, scores)})
        else:
            best = options[0]  # decided by the router
        if best in given:  # the arguments are the user's words: nothing for the model to write
            chunk = {"name": best, "args": json.dumps(given[best], ensure_ascii=False),
                     "id": new_call_id(), "index": 0, "type": "tool_call_chunk"}
            yield ChatGenerationChunk(message=AIMessageChunk(content="", tool_call_chunks=[chunk]))
            return
        if best == pseudo["function"]["name"]:
            if best == "answer" and kwargs.get("compose"):  # the agent composes it from the results
                yield ChatGenerationChunk(message=AIMessageChunk(content=""))
                return
            # plain text: no tool signatures, no worked examples (they show calls, not answers)
            real = [m for m in messages if not m.additional_kwargs.get("example")]
            yield from self._free(real, None, stop, kwargs, calls=False)
            return
        prefix = CALL_START + best + '", "arguments": '
        text = ""
        pieces = self.llm.stream(template, offered, 160, prefix=prefix)
        try:
            for piece in pieces:
                text += piece
                if "</tool_call>" in text or "<tool_response>" in text:
                    break
        finally:
            getattr(pieces, "close", lambda: None)()
        log.debug("model wrote: %r", prefix + text)
        parsed = parse(prefix + text, {**self.known_tools, **tool_params(offered)})
        call = next((c for c in parsed.tool_calls if c["name"] == best), None)
        call = call or {"name": best, "args": {}, "id": new_call_id()}  # unreadable arguments: the tool's checks say
        chunk = {"name": best, "args": json.dumps(call["args"], ensure_ascii=False), "id": call["id"], "index": 0,
                 "type": "tool_call_chunk"}
        yield ChatGenerationChunk(message=AIMessageChunk(content="", tool_call_chunks=[chunk]))

    def _free(self, messages, tools, stop, kwargs, calls: bool) -> Iterator[ChatGenerationChunk]:
        stops = tuple(STOP_STRINGS) + tuple(stop or ())
        buf, shown = "", 0
        pieces = self.llm.stream(to_template(messages), tools, kwargs.get("max_new_tokens") or self.max_new_tokens)
        try:
            for piece in pieces:
                buf += piece
                cut = min((i for s in stops if (i := buf.find(s)) >= 0), default=-1)
                if cut >= 0:
                    buf = buf[:cut]
                    break
                end = _held_from(buf, shown)
                if end > shown:
                    # (BaseChatModel reports each chunk to the callbacks: langgraph's "messages" stream)
                    yield ChatGenerationChunk(message=AIMessageChunk(content=buf[shown:end]))
                    shown = end
        finally:
            close = getattr(pieces, "close", None)
            if close:
                close()  # stops the generation thread when we cut early
        log.debug("model wrote: %r", buf)
        names = {**self.known_tools, **tool_params(tools)}
        parsed = parse(buf, names)
        if parsed.tool_calls and calls:
            said = buf[:shown].strip()
            rest = parsed.content[len(said):] if parsed.content.startswith(said) else ""
            chunks = [{"name": c["name"], "args": json.dumps(c["args"], ensure_ascii=False), "id": c["id"],
                       "index": i, "type": "tool_call_chunk"} for i, c in enumerate(parsed.tool_calls)]
            message = AIMessageChunk(content=rest, tool_call_chunks=chunks)
        else:  # text: show what was held back, without call-like JSON when no call may be made now
            rest = buf[shown:]
            if parsed.tool_calls or "<tool_call>" in rest:
                said = buf[:shown].strip()
                rest = parsed.content[len(said):] if parsed.content.startswith(said) else ""
            message = AIMessageChunk(content=rest)
        yield ChatGenerationChunk(message=message)

    def _generate(self, messages: list[BaseMessage], stop: list[str] | None = None,
                  run_manager: CallbackManagerForLLMRun | None = None, **kwargs: Any) -> ChatResult:
        return generate_from_stream(self._stream(messages, stop=stop, run_manager=run_manager, **kwargs))
