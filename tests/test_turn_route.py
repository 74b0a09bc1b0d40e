"""assistant/turn_route.py in the agent: the router's decision narrows the model's choice, a proposal
survives a question, agreement in other words confirms, and a very unsure router asks back with
one-click options whose pick runs on the original message.

Most tests fix the router's decision (a stand-in with the real Decision type) so that they test the
agent's mechanics, not the router's accuracy (benchmarks/router_accuracy.py measures that); the
last one uses the real packaged router."""
from __future__ import annotations

import json

import pytest

import tools
from assistant import router, turn_route
from assistant.agent import Agent
from assistant.events import Final, Suggestions, ToolCall
from assistant.router import ACTIONS, Decision
from assistant.session import ChatSession, Proposal
from assistant.testing import ScriptedLLM
from assistant.workspace import Workspace

pytestmark = pytest.mark.router


def call(name, **args):
    return f'<tool_call>\n{json.dumps({"name": name, "arguments": args}, ensure_ascii=False)}\n</tool_call>'


def decided(*ranked, unsure=False):
    rest = [(a, 0.0) for a in ACTIONS if a not in dict(ranked)]
    return Decision(list(ranked) + rest, unsure=unsure)


@pytest.fixture
def route_as(monkeypatch):
    """route_as(decision): the router decides this for every message."""
    seen = []

    class Fixed:
        def __init__(self, d):
            self.d = d

        def decide(self, message, state, last_turn=""):
            seen.append((message, state))
            return self.d

    def use(d):
        monkeypatch.setattr(router, "shared", lambda: Fixed(d))
        return seen
    return use


@pytest.fixture
def csv(tmp_path):
    rows = ["text,label"] + [f"review number {i} was {'great' if i % 2 else 'bad'},{i % 2}" for i in range(40)]
    (tmp_path / "reviews.csv").write_text("\n".join(rows) + "\n")
    return Workspace(tmp_path, ["reviews.csv"])


def run(agent, session, text):
    events = list(agent.run(session, text))
    assert isinstance(events[-1], Final)
    return events


def test_a_concept_question_over_a_proposal_is_answered_from_the_faq_and_the_proposal_stays(csv, route_as, monkeypatch):
    route_as(decided(("search_faq", 0.97)))
    started = []
    monkeypatch.setattr(tools, "recommend_settings", lambda **kw: started.append(kw) or {"config": {}})
    session = ChatSession(workspace=csv)
    session.propose(Proposal("reviews.csv", {"method": "lora", "epochs": 3.0}))
    llm = ScriptedLLM([call("recommend_settings", dataset_path="reviews.csv", method="qlora"), "ok"])
    events = run(Agent(llm), session, "what is the difference between LoRA and QLoRA?")
    # the router decided and the words give the query: the model is not asked, so it cannot re-propose
    assert events[-1].tool_calls[:1] == [{"name": "search_faq",
                                          "args": {"query": "what is the difference between LoRA and QLoRA?"}}]
    assert not started and not any(t["function"]["name"] == "recommend_settings" for c in llm.calls for t in c["tools"])
    assert session.proposal.settings == {"method": "lora", "epochs": 3.0}  # the settings did not change


def test_agreement_in_other_words_confirms_but_a_change_does_not(csv, route_as):
    route_as(decided(("start_training", 0.96)))
    for reply, confirmed in (("That works for me, please go ahead", True), ("fine, but with 5 epochs", False)):
        session = ChatSession.from_history(
            [{"role": "user", "content": "fine-tune reviews.csv"},
             {"role": "assistant", "content": "LoRA r=8, 3 epochs. Shall I start training?"}], csv, dry_run=True)
        session.begin_turn(reply)
        turn_route.route(session, reply)
        assert (session.confirmed_settings is not None) == confirmed, reply


def test_a_very_unsure_router_asks_back_and_the_pick_runs_on_the_original_message(csv, route_as):
    seen = route_as(decided(("inspect_dataset", 0.3), ("search_faq", 0.28), ("recommend_settings", 0.2), unsure=True))
    llm = ScriptedLLM([call("inspect_dataset", path="reviews.csv"), "done"])
    session = ChatSession(workspace=csv)
    agent = Agent(llm)
    events = run(agent, session, "reviews.csv?")
    options = [e for e in events if isinstance(e, Suggestions)][0].options
    assert [o["label"] for o in options] == ["Inspect the uploaded data", "Answer it as a question (FAQ)",
                                            "Recommend training settings"]
    assert not llm.calls and events[-1].tool_calls == []  # asked without guessing, without the model
    events = run(agent, session, options[0]["message"])  # the click sends the label
    assert [e.name for e in events if isinstance(e, ToolCall)][:1] == ["inspect_dataset"]
    assert len(seen) == 1  # the pick was not routed again
    assert session.said == "reviews.csv?"  # the tool's arguments are grounded in the original message


def test_a_reply_that_is_not_an_option_is_a_new_message(csv, route_as):
    route_as(decided(("inspect_dataset", 0.3), ("search_faq", 0.28), unsure=True))
    session = ChatSession(workspace=csv)
    run(Agent(ScriptedLLM(["hi"])), session, "hmm")
    assert session.pending_choice["actions"][:2] == ["inspect_dataset", "search_faq"]
    assert turn_route.picked_option(session, "what is LoRA?") is None and session.pending_choice is None
    session.pending_choice = {"text": "hmm", "actions": ["inspect_dataset", "search_faq"]}
    assert turn_route.picked_option(session, "2.") == ("hmm", "search_faq")


def test_korean_questions_and_labels(csv, route_as):
    route_as(decided(("training_status", 0.3), ("explain_results", 0.25), ("none", 0.2), unsure=True))
    session = ChatSession(workspace=csv)
    session.run_ids.add("20260101-000000-minilm-lora")
    events = run(Agent(ScriptedLLM(["네"])), session, "그거 어떻게 됐어")
    text = events[-1].text
    assert "확실하지 않아요" in text and "학습 진행 상황 보기" in text


def test_a_router_that_fails_leaves_the_model_to_choose(csv, monkeypatch):
    def broken():
        raise ValueError("no weights")
    monkeypatch.setattr(router, "shared", broken)
    session = ChatSession(workspace=csv)
    assert turn_route.route(session, "inspect reviews.csv") is None
    assert session.route_tools is None and session.route_reply


@pytest.mark.slow
def test_the_packaged_router_in_the_agent_keeps_a_proposal_through_a_korean_question(csv, monkeypatch):
    started = []
    monkeypatch.setattr(tools, "recommend_settings", lambda **kw: started.append(kw) or {"config": {}})
    session = ChatSession(workspace=csv)
    session.propose(Proposal("reviews.csv", {"method": "lora"}))
    llm = ScriptedLLM([call("recommend_settings", dataset_path="reviews.csv", method="qlora"), "ok"])
    events = run(Agent(llm), session, "QLoRA랑 LoRA 차이가 정확히 뭔가요?")
    assert [e.name for e in events if isinstance(e, ToolCall)][:1] == ["search_faq"] and not started
    assert session.proposal.settings == {"method": "lora"}


# ---- arguments of a decided tool, from the user's words (assistant/said_args.py)

def test_given_args_come_from_the_words_and_the_uploads_never_invented(csv, tmp_path):
    from assistant.said_args import given_args

    (tmp_path / "other.tsv").write_text("text\tlabel\na\t1\n")
    session = ChatSession(workspace=Workspace(tmp_path, ["reviews.csv", "other.tsv"]))
    assert given_args(session, "inspect_dataset", "check reviews.csv please") == {"path": "reviews.csv"}
    assert given_args(session, "inspect_dataset", "look at my data") == {"path": "other.tsv"}  # the latest upload
    assert given_args(session, "search_faq", "what  is LoRA?") == {"query": "what is LoRA?"}
    assert given_args(session, "search_faq", "what's the best batch size?") == {"query": "what's the best batch size?"}
    assert given_args(session, "recommend_settings", "switch to QLoRA") == {"dataset_path": "other.tsv",
                                                                           "method": "qlora"}
    assert given_args(session, "recommend_settings", "settings for the fastest run") is None  # a goal: the model
    # Columns the words name are read by pattern; a column spoken of in a way no pattern reads goes to the model.
    assert given_args(session, "inspect_dataset", "the text is in 'review_body' and the labels are in 'stars'") == {
        "path": "other.tsv", "text_column": "review_body", "label_column": "stars"}
    assert given_args(session, "inspect_dataset", "텍스트는 body 컬럼, 라벨은 category 컬럼이야. reviews.csv 검사해줘") == {
        "path": "reviews.csv", "text_column": "body", "label_column": "category"}
    assert given_args(session, "inspect_dataset", "which column holds the classes?") is None
    assert given_args(session, "inspect_dataset", "what's the label balance in 'reviews.csv'?") == {"path": "reviews.csv"}
    assert given_args(session, "inspect_dataset", "is the text in English?") == {"path": "other.tsv"}
    assert given_args(session, "predict", 'label "great film" and “지루했다”') == {"texts": ["great film", "지루했다"]}
    assert given_args(session, "predict", "classify something") is None  # no text: the model (or it asks)
    # a numbered or bulleted list: the markers are not part of the texts, a number inside a text is
    assert given_args(session, "predict", "다음 문장들 예측해 주세요\n1. 환불은 언제 되나요\n2) 3점 줍니다\n\n• 앱이 자꾸 꺼져요") == {
        "texts": ["환불은 언제 되나요", "3점 줍니다", "앱이 자꾸 꺼져요"]}
    assert given_args(session, "predict", "classify:\n- 10/10 would watch again\n- 2 hours I won't get back\n3.5 stars at most\n-5 out of 10") == {
        "texts": ["10/10 would watch again", "2 hours I won't get back", "3.5 stars at most", "-5 out of 10"]}
    assert given_args(session, "training_status", "is run 20990101-000000-x done?") == {}  # not a run it knows
    session.run_ids.add("20990101-000000-x")
    assert given_args(session, "training_status", "is run 20990101-000000-x done?") == {"run_id": "20990101-000000-x"}
    assert given_args(ChatSession(), "inspect_dataset", "check my file") is None  # nothing uploaded


def test_a_decided_tool_with_given_arguments_runs_without_the_model(csv, route_as):
    route_as(decided(("inspect_dataset", 0.99)))
    llm = ScriptedLLM(["never asked for a tool"])
    events = run(Agent(llm), ChatSession(workspace=csv), "can you check reviews.csv for problems")
    assert events[-1].tool_calls[:1] == [{"name": "inspect_dataset", "args": {"path": "reviews.csv"}}]
    assert not any(c["tools"] and c["tools"][0]["function"]["name"] == "inspect_dataset" for c in llm.calls[:1])


def test_an_unsure_router_and_the_model_weigh_in_together_the_model_tempered():
    """The small model's log-likelihoods are overconfident: tempered (MODEL_TEMPERATURE), a small lead of
    the model does not overturn the router, a large one does."""
    from assistant.chat_model import MODEL_TEMPERATURE, weighed

    prior = {"inspect_dataset": 0.6, "search_faq": 0.3, "reply": 0.1}
    options = ["inspect_dataset", "search_faq", "reply"]

    def best(scores):
        values = weighed(scores, options, prior, "reply")
        return options[values.index(max(values))]

    assert best([-2.0, -1.0, -6.0]) == "inspect_dataset"  # the model 1 nat ahead: the router's lead holds
    assert best([-2.0, -1.0 - MODEL_TEMPERATURE * 0.3, -6.0]) == "inspect_dataset"
    assert best([-6.0, -1.0, -6.0]) == "search_faq"  # 5 nats ahead: the model is heard


@pytest.mark.parametrize("lang,text,changed", [
    ("en", "use 7 epochs and lr 3e-5 instead", {"epochs": 7.0, "learning_rate": 3e-5}),
    ("ko", "에폭을 4로 하고 배치사이즈 8로 바꿔 주세요", {"epochs": 4.0, "batch_size": 8}),
])
def test_a_stated_change_is_proposed_again_with_the_change_kept(csv, route_as, lang, text, changed):
    """"use 7 epochs" routes to recommend_settings (which takes no epochs): the new proposal keeps the
    numbers the user's words state instead of recommending the defaults again, and asks again."""
    route_as(decided(("recommend_settings", 0.95)))
    session = ChatSession(workspace=csv, lang=lang)
    session.propose(Proposal("reviews.csv", {"method": "lora", "epochs": 3.0}))
    events = run(Agent(ScriptedLLM(["ok"])), session, text)
    assert [e.name for e in events if isinstance(e, ToolCall)] == ["recommend_settings"]
    for k, v in changed.items():
        assert session.proposal.settings[k] == v, k
    assert session.confirmed_settings is None  # asked again, not started
    shown = events[-1].text
    assert ("Changed as you asked" if lang == "en" else "요청하신 대로 바꿨습니다") in shown


@pytest.mark.parametrize("text,stated", [
    ("make it 10 epochs", {"epochs": 10.0}),
    ("set lr=1e-4 and batch size 8", {"learning_rate": 1e-4, "batch_size": 8}),
    ("에폭을 3으로 바꿔 주세요", {"epochs": 3.0}),
    ("배치사이즈 16, 러닝레이트 2e-4", {"batch_size": 16, "learning_rate": 2e-4}),
    ("최대 길이 256으로, rank 16", {"max_length": 256, "lora_r": 16}),
    ("what does the learning rate do?", {}),
    ("switch to qlora please", {}),
])
def test_stated_settings_are_read_from_the_words_only(text, stated):
    from assistant.said_args import stated_settings

    assert stated_settings(text) == stated


def test_an_unsure_start_is_asked_about_and_the_click_starts_it(csv, route_as):
    """"ㅋㅋ 좋네" under a proposal may be a yes or just a reaction: an unsure start_training never starts a
    run by itself; it asks, and clicking "Start the training" is the yes."""
    route_as(decided(("start_training", 0.69), ("none", 0.28), ("recommend_settings", 0.02), unsure=True))
    session = ChatSession.from_history(
        [{"role": "user", "content": "fine-tune reviews.csv"},
         {"role": "assistant", "content": "Recommended: MiniLM, 3 epochs. Shall I start training with these settings?"}],
        csv, dry_run=True)
    session.propose(Proposal("reviews.csv", {"epochs": 3.0}))
    agent = Agent(ScriptedLLM(["Started."]))
    events = run(agent, session, "ㅋㅋ 좋네")
    options = [e for e in events if isinstance(e, Suggestions)][0].options
    assert options[0]["label"] == "학습 시작"  # a Korean message is answered in Korean
    assert session.confirmed_settings is None and not any(isinstance(e, ToolCall) for e in events)
    events = run(agent, session, options[0]["message"])
    started = [e for e in events if isinstance(e, ToolCall)]
    assert [e.name for e in started] == ["start_training"]
    assert started[0].args["dataset_path"] == "reviews.csv", started[0].args


def test_a_method_said_in_korean_is_grounded(csv, route_as):
    """"로라 말고 풀 파인튜닝으로" states method=full in Korean words: the grounding check knows them."""
    route_as(decided(("recommend_settings", 0.95)))
    session = ChatSession(workspace=csv)
    events = run(Agent(ScriptedLLM(["ok"])), session, "로라 말고 풀 파인튜닝으로 할게요")
    call_ = next(e for e in events if isinstance(e, ToolCall))
    assert call_.name == "recommend_settings" and call_.args.get("method") == "full"
    assert session.proposal.settings["method"] == "full"


def test_the_tool_the_model_picks_for_an_unsure_router_takes_its_arguments_from_the_words(csv, route_as):
    """Unsure: the model only chooses (one scoring pass); the chosen tool's arguments are read from the
    user's words like a decided tool's, so nothing is generated and nothing can be invented."""
    route_as(decided(("inspect_dataset", 0.45), ("search_faq", 0.44), ("none", 0.05), unsure=True))
    llm = ScriptedLLM([call("search_faq", query="an invented query"), "LoRA trains small matrices."])
    events = run(Agent(llm), ChatSession(workspace=csv), "what is lora exactly")
    first = next(e for e in events if isinstance(e, ToolCall))
    assert first.name == "search_faq" and first.args == {"query": "what is lora exactly"}


def test_stated_columns_are_read_from_the_words_and_bare_words_only_from_the_header():
    from assistant.said_args import stated_columns

    header = lambda: ["review_text", "rating"]  # noqa: E731 - the file's columns, read only when needed
    assert stated_columns("the text is in review_text and the labels are in rating", header) == {
        "text_column": "review_text", "label_column": "rating"}
    assert stated_columns("the labels are in rating") == {}  # a bare word not known to be a column
    assert stated_columns("the text is in English", lambda: ["text", "label"]) == {}
    assert stated_columns("use column comment as the text and sentiment as the label") == {
        "text_column": "comment", "label_column": "sentiment"}
    assert stated_columns("리뷰내용 열이 문장이고 평점 열이 정답인데 분석해 주세요") == {"text_column": "리뷰내용", "label_column": "평점"}
    assert stated_columns("'review' 컬럼이 텍스트고 'stars'가 라벨이에요") == {"text_column": "review", "label_column": "stars"}
    assert stated_columns("review_text가 본문이고 rating이 라벨인데 체크 좀") == {"text_column": "review_text",
                                                                      "label_column": "rating"}
    # quoted texts and label values are not columns; nor are question words
    assert stated_columns("classify these: 'too salty', 'best pizza in town'") == {}
    assert stated_columns("라벨이 '긍정'이랑 'pos'로 섞여 있는데 하나로 통일해 줄래요?") == {}
    assert stated_columns("what's the label distribution in 'reviews.csv'?") == {}
    assert stated_columns("Which column is the label?") == {} == stated_columns("어느 컬럼이 라벨이야?")


def test_full_fine_tuning_in_other_words_is_read_as_the_method():
    from assistant.said_args import METHODS, _first

    for said in ("train the whole model, not lora", "update every weight", "가중치를 전부 학습해 줘", "모든 가중치 학습"):
        assert _first(METHODS, said) == "full", said
    assert _first(METHODS, "export the full model") is None  # an export, not a training method
