"""The small data files the routing cases attach, written into a folder for `python -m assistant.evaluate`.

    python -m assistant.routing.case_files OUT_DIR

The cases (cases_*.jsonl) name files a user would upload ("reviews.csv", "리뷰.csv", "tickets.tsv",
"상품평.jsonl", "headlines.parquet"); routing only needs them to exist and read like their names,
so each is written from a few hand-written rows, in its own format and encoding (the Korean CSV in
CP949 with Korean column names, as Excel on a Korean Windows saves it). Any other name a case uses
gets an English review table.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from assistant.router import ROUTING

REVIEWS_EN = [("Loved every minute of it, the cast is wonderful.", "positive"),
              ("A dull, overlong mess with no heart.", "negative"),
              ("The soundtrack alone is worth the ticket.", "positive"),
              ("I walked out halfway through.", "negative"),
              ("Sharp writing and a great ending.", "positive"),
              ("Flat characters and a predictable plot.", "negative")]
REVIEWS_KO = [("배우들 연기가 정말 좋았어요", "긍정"), ("시간 낭비였습니다 지루해요", "부정"),
              ("음악이 너무 좋아서 또 보고 싶네요", "긍정"), ("스토리가 엉망이고 결말도 별로", "부정"),
              ("배송 빠르고 품질도 만족합니다", "긍정"), ("사이즈가 안 맞고 색도 사진과 달라요", "부정")]
TICKETS_EN = [("My invoice shows the wrong amount.", "billing"), ("The app crashes when I log in.", "technical"),
              ("How do I change my delivery address?", "account"), ("I was charged twice this month.", "billing"),
              ("Password reset email never arrives.", "technical"), ("Please close my account.", "account")]
TICKETS_KO = [("결제 금액이 잘못 청구되었어요", "결제"), ("로그인하면 앱이 꺼져요", "기술"),
              ("배송지 주소를 바꾸고 싶어요", "계정"), ("이번 달에 두 번 결제됐습니다", "결제"),
              ("비밀번호 재설정 메일이 안 와요", "기술"), ("회원 탈퇴는 어떻게 하나요", "계정")]
HEADLINES = [("Stocks rally as inflation cools", "business"), ("Local team wins the championship", "sports"),
             ("New phone chip doubles battery life", "tech"), ("Central bank holds rates steady", "business"),
             ("Star striker signs a record deal", "sports"), ("Startup unveils a foldable laptop", "tech")]


def _table(path: Path, rows, columns=("text", "label"), sep=",", encoding="utf-8") -> None:
    import pandas as pd

    pd.DataFrame(rows * 5, columns=list(columns)).to_csv(path, sep=sep, index=False, encoding=encoding)


def write_file(path: Path) -> None:
    """One case file, its content chosen by its name."""
    name = path.name
    if name.endswith(".parquet"):
        import pandas as pd

        pd.DataFrame(HEADLINES * 5, columns=["headline", "topic"]).to_parquet(path, index=False)
    elif name.endswith(".jsonl"):
        rows = REVIEWS_KO if any("\uac00" <= ch <= "\ud7a3" for ch in name) else REVIEWS_EN
        path.write_text("".join(json.dumps({"text": t, "label": y}, ensure_ascii=False) + "\n" for t, y in rows * 5),
                        encoding="utf-8")
    elif name.endswith(".tsv"):
        _table(path, TICKETS_KO if "고객" in name else TICKETS_EN, sep="\t")
    elif name == "리뷰.csv":
        _table(path, REVIEWS_KO, columns=("리뷰", "감정"), encoding="cp949")
    elif "ko" in name or "nsmc" in name:
        _table(path, REVIEWS_KO, columns=("document", "label"))
    elif "email" in name or "ticket" in name:
        _table(path, TICKETS_EN)
    else:
        _table(path, REVIEWS_EN)


def case_file_names() -> list[str]:
    names = set()
    for split in ("train", "dev", "test"):
        for line in (ROUTING / f"cases_{split}.jsonl").read_text(encoding="utf-8").splitlines():
            if line.strip():
                names.update(json.loads(line).get("files") or [])
    return sorted(names)


def main(out: str) -> list[str]:
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    names = case_file_names()
    for name in names:
        write_file(folder / name)
    return names


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python -m assistant.routing.case_files OUT_DIR")
    print("\n".join(main(sys.argv[1])))
