"""What counts as the user's confirmation to start training.

Only the user's own latest message can confirm, and only as a reply to an assistant turn that
proposed training and asked. A tool result, a dataset cell or an earlier answer never counts:
the session checks this once per turn, before the model runs, from the user's text alone.
A reply that changes something ("yes, but 5 epochs") is not a plain yes: the agent proposes
the changed settings and asks again.
"""
from __future__ import annotations

import re

_YES_EN = r"(yes|yeah|yep|yup|sure|ok|okay|k|go|go ahead|do it|start|start it|start training|start the training|" \
          r"begin|launch|run it|proceed|confirm|confirmed|please do|please start|let'?s go|let'?s do it|sounds good|" \
          r"looks good|good|great|perfect|fine|alright|all right|y)"
_YES_KO = ("네", "넵", "넹", "예", "응", "웅", "그래", "좋아", "좋아요", "좋습니다", "좋네요", "시작", "시작해", "시작해요",
           "시작해줘", "시작해 줘", "시작해주세요", "시작해 주세요", "시작하자", "시작합시다", "진행", "진행해", "진행해줘",
           "진행해 줘", "진행해주세요", "진행해 주세요", "고", "ㅇㅇ", "ㅇㅋ", "오케이", "콜", "해줘", "해 줘", "해주세요",
           "해 주세요", "이대로", "그렇게", "그걸로", "학습 시작", "학습 시작해", "학습 시작해줘", "학습 시작해 줘", "부탁해", "부탁해요", "부탁합니다", "확인")
_NO = re.compile(r"\b(no|nope|not|don'?t|do not|stop|cancel|wait|hold on|later|never|instead|but|change|"
                 r"different|rather|without|except)\b|아니|않|안\s*(돼|되|해|할)|싫|말고|잠깐|잠시만|취소|하지\s*마|멈춰|나중|대신|근데|하지만|"
                 r"바꿔|변경|\d", re.I)
_ASKS_EN = re.compile(r"\b(shall|should|can|may|do you want|would you like|want me to|ready to|ok to|okay to)\b.*"
                      r"\b(start|begin|launch|run|train|training|proceed|go ahead)\b|\b(start|begin|proceed)\b.*\?", re.I)
_ASKS_KO = re.compile(r"(시작|진행|학습|실행).*(할까요|하시겠|해도 될까요|될까요|할까|할게요\?|하면 될까요|괜찮을까요|"
                      r"드릴까요|좋을까요)")


def changes_or_refuses(text: str) -> bool:
    """Whether a reply says no, not yet, or changes something (a number, "but", "instead", "말고")."""
    return bool(_NO.search(" ".join((text or "").split())))


def is_affirmative(text: str) -> bool:
    """A plain yes ("Yes, start training", "네", "시작해 주세요") with no change and no negation."""
    t = " ".join((text or "").strip().split())
    if not t or len(t) > 60 or _NO.search(t):
        return False
    t = re.sub(r"[\s.!~…,。!]+$", "", t).strip()
    parts = [p.strip() for p in re.split(r"[,.!~]+\s*|\s+(?:and|please|then|now)\s+", t) if p.strip()]
    if not parts:
        return False
    en = re.compile(rf"^(please\s+)?{_YES_EN}(\s+({_YES_EN}|please|now|then|training|the training|it|with that|"
                    rf"with these settings|with those settings))*$", re.I)
    yes_ko = "|".join(map(re.escape, sorted(_YES_KO, key=len, reverse=True)))
    ko = re.compile(rf"^({yes_ko})(\s*({yes_ko}|요|주세요|줘|해|해요|합니다|할게요|ㅎㅎ|!|그렇게|이대로|그걸로))*$")
    return all(en.match(p) or ko.match(p) for p in parts)


def asks_to_start(text: str) -> bool:
    """Whether an assistant message proposed training and asked the user to go ahead."""
    if not text or "?" not in text and not _ASKS_KO.search(text):
        return False
    tail = " ".join(text.strip().split())[-200:]  # the question is at the end of the proposal
    return bool(_ASKS_EN.search(tail) or _ASKS_KO.search(tail))
