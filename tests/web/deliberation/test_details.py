"""Details a secretariat expects on the procedure and decision pages: names sorted in the reader's
language, the reader's own form first, a recommendation called one, the silence page's text."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi.testclient import TestClient

from cica.core.context import Context
from cica.deliberation import operations
from tests.factories import CHAIR, delegate, make_draft, make_silence
from tests.web.deliberation.conftest import Api, sign_in

PRESENT = ["ARE", "AFG", "AZE", "IND", "CHN"]


def test_the_board_and_the_decision_sort_states_by_name_not_code(client: TestClient, cica: Context) -> None:
    with cica.unit_of_work() as session:
        draft = make_draft(session, organ="ministerial_council")
        procedure = operations.open_consensus(session, draft.id, present=PRESENT, actor=CHAIR)
        for code in ("ARE", "AFG"):
            operations.record_position(
                session,
                procedure.id,
                stance="reservation",
                text=f"Reservation of {code}.",
                actor=delegate(code),
            )
        decision = operations.close_consensus(session, procedure.id, actor=CHAIR).decision
        assert decision is not None
    board = client.get(f"/procedures/{procedure.id}").text
    order = [board.index(f'id="board-{code}"') for code in ("AFG", "AZE", "IND", "ARE")]
    assert order == sorted(order)  # Afghanistan, Azerbaijan, India, United Arab Emirates
    page = client.get(f"/decisions/{decision.id}").text
    reservations = page.split('id="reservations"')[1].split("</section>")[0]
    assert reservations.index("Afghanistan") < reservations.index("United Arab Emirates")
    in_chinese = client.get(f"/decisions/{decision.id}", params={"lang": "zh"}).text
    table = in_chinese.split('id="participants-heading"')[1]
    # By pinyin: 阿富汗 (a) before 阿联酋 (a lian) before 印度 (yin) before 中国 (zhong).
    assert table.index(">阿富汗 ") < table.index(">印度 ") < table.index(">中国 ")


def test_the_readers_own_position_form_comes_before_the_board(api: Api, cica: Context) -> None:
    with cica.unit_of_work() as session:
        draft = make_draft(session, organ="ministerial_council")
        procedure = operations.open_consensus(session, draft.id, present=PRESENT, actor=CHAIR)
    sign_in(api.client, api.emails["india"])
    page = api.client.get(f"/procedures/{procedure.id}").text
    assert page.index('id="position-heading"') < page.index('id="board-heading"')


def test_a_recommendation_round_is_labelled_recommended(client: TestClient, cica: Context) -> None:
    with cica.unit_of_work() as session:
        draft = make_draft(session, organ="soc")
        procedure = operations.open_consensus(
            session, draft.id, present=["AZE", "IND"], recommend_to="ministerial_council", actor=CHAIR
        )
        operations.close_consensus(session, procedure.id, actor=CHAIR)
    status = (
        client.get(f"/procedures/{procedure.id}").text.split('id="procedure-status">')[1].split("</dd>")[0]
    )
    assert status.startswith("Recommended") and "Adopted" not in status
    board = client.get(f"/procedures/{procedure.id}").text.split('id="board-summary"')[1]
    assert "recommended by consensus" in board.split("</p>")[0]
    procedures = client.get(f"/drafts/{draft.id}").text.split('id="procedures-heading"')[1]
    assert "Recommended" in procedures.split("</section>")[0]


def test_the_silence_page_shows_the_text_and_says_its_status_once(client: TestClient, cica: Context) -> None:
    started = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
    with cica.unit_of_work() as session:
        procedure = make_silence(session, started=started)
        operations.break_silence(
            session, procedure.id, kind="objection", text="We object.", actor=delegate("IND"),
            now=datetime(2026, 11, 3, 9, 0, tzinfo=UTC),
        )  # fmt: skip
    page = client.get(f"/procedures/{procedure.id}").text
    assert 'id="silence-text-heading"' in page and 'id="text-en-1"' in page  # the text itself
    status = page.split('id="procedure-status">')[1].split("</dd>")[0]
    assert status.lower().count("silence broken") == 1
