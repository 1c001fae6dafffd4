"""A text written into a form and posted back unchanged keeps its paragraphs (issue 9 §1).

The page round trip is the real one: the revision form as the page renders it, read as a browser
reads a textarea (HTML drops one line break after the start tag; the form posts CRLF line ends),
posted back to the page route, and the new revision compared with the one shown.
"""

from __future__ import annotations

import html
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from cica.core.context import Context
from cica.deliberation import operations
from cica.deliberation.models import DraftRevision, RevisionText
from cica.deliberation.texts import LanguageVersion, split_paragraphs
from tests.factories import SECRETARIAT, make_draft
from tests.web.deliberation.conftest import Api, sign_in

WORDS = st.text(
    alphabet=st.sampled_from("abcXYZ éà,.;:()<>&\"' 0123456789 абвгдЖЩЫ 中文亚信会议，。 ")
    | st.characters(categories=["L", "N", "P"]),
    min_size=1,
    max_size=30,
).filter(lambda line: line.strip() != "")
SUB_POINT = st.sampled_from(["", "1. ", "2) ", "(a) ", "(b) ", "— ", "第一条 ", "1.1 "])
LINE = st.builds(lambda point, words: (point + words).strip(), SUB_POINT, WORDS).filter(bool)
PARAGRAPH = st.lists(LINE, min_size=1, max_size=4).map("\n".join)
TEXT = st.lists(PARAGRAPH, min_size=1, max_size=5).map("\n\n".join)
TEXTAREA = re.compile(r'<textarea id="r-body-en" name="body"[^>]*>(.*?)</textarea>', re.DOTALL)


def as_a_browser_posts(page: str) -> str:
    found = TEXTAREA.search(page)
    assert found, "the revision form has no English text"
    content = html.unescape(found.group(1))
    content = content.removeprefix("\n")  # the HTML parser's rule for a textarea's first line break
    return content.replace("\n", "\r\n")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXT)
def test_saving_the_revision_form_unchanged_keeps_every_paragraph(api: Api, cica: Context, text: str) -> None:
    with cica.unit_of_work() as session:
        draft_id = make_draft(session).id
        operations.revise(session, draft_id, texts=[LanguageVersion("en", "Title", text)], actor=SECRETARIAT)
    shown = split_paragraphs(text)
    csrf = sign_in(api.client, api.emails["secretariat"])
    page = api.client.get(f"/drafts/{draft_id}").text
    body = as_a_browser_posts(page)
    saved = api.client.post(
        f"/drafts/{draft_id}/revise",
        data={"text_lang": "en", "title": "Title", "body": body, "csrf_token": csrf},
        follow_redirects=False,
    )
    assert saved.status_code == 303, saved.text
    with cica.unit_of_work() as session:
        latest = session.scalars(
            select(RevisionText.body)
            .join(DraftRevision, DraftRevision.id == RevisionText.revision_id)
            .where(DraftRevision.draft_id == draft_id, RevisionText.lang == "en")
            .order_by(DraftRevision.number.desc())
        ).first()
    assert latest is not None
    assert split_paragraphs(latest) == shown
