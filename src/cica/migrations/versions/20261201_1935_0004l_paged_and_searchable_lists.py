"""Paged and searchable lists: indexes in each list's order, and the folded titles searched.

Keyset paging reads each list in the order of a unique key (drafts by (updated_at, id),
decisions by (adopted_on, id) with the columns the register filters on, notices by (created_at, id); the audit trail by seq, its key);
these indexes make a page one seek however deep it is. `search_text` keeps each record's titles
in every language, folded (`cica.core.search.fold`), so a search by words is SQL on both
backends; it is filled here from the records that exist.

"""

from __future__ import annotations

import unicodedata
from collections import defaultdict

import sqlalchemy as sa
from alembic import op

revision: str = "0004l"
down_revision: str | None = "0004i"

INDEXES = (
    ("ix_draft_updated_at_id", "draft", ["updated_at", "id"]),
    ("ix_notification_created_at_id", "notification", ["created_at", "id"]),
    # The register's order with what its filters, counts and filter values read, so that they
    # come from the index alone (a decision row carries its participants as KB of JSON), and
    # the decisions that amend or supersede the ones listed.
    (
        "ix_decision_register",
        "decision",
        ["adopted_on", "id", "classification", "named", "organ_id", "kind", "procedure_kind"],
    ),
    ("ix_decision_amends_id_id", "decision", ["amends_id", "id"]),
    ("ix_decision_supersedes_id_id", "decision", ["supersedes_id", "id"]),
)


def _fold(text: str) -> str:
    # A copy of cica.core.search.fold as it is today: a migration must not change its meaning
    # when the application's code does.
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(unicodedata.normalize("NFC", bare.casefold()).split())


def _line(texts: list[str]) -> str:
    return " | ".join(_fold(text) for text in texts if text.strip())


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)
    search = op.create_table(
        "search_text",
        sa.Column("subject", sa.String(length=16), nullable=False, comment="draft, decision, audit"),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("folded", sa.Text(), nullable=False, comment="see cica.core.search.fold"),
        sa.PrimaryKeyConstraint("subject", "record_id", name=op.f("pk_search_text")),
    )
    connection = op.get_bind()
    titles: dict[tuple[str, int], list[str]] = defaultdict(list)
    for draft_id, title in connection.execute(
        sa.text(
            "SELECT d.id, t.title FROM draft d JOIN draft_revision r "
            "ON r.draft_id = d.id AND r.number = d.current_revision "
            "JOIN revision_text t ON t.revision_id = r.id ORDER BY d.id, t.id"
        )
    ):
        titles[("draft", draft_id)].append(title)
    for decision_id, title in connection.execute(
        sa.text("SELECT decision_id, title FROM decision_text ORDER BY decision_id, id")
    ):
        titles[("decision", decision_id)].append(title)
    for seq, summary in connection.execute(sa.text("SELECT seq, summary FROM audit_entry ORDER BY seq")):
        titles[("audit", seq)].append(summary)
    rows = [
        {"subject": subject, "record_id": record_id, "folded": _line(texts)}
        for (subject, record_id), texts in titles.items()
    ]
    if rows:
        op.bulk_insert(search, rows)


def downgrade() -> None:
    op.drop_table("search_text")
    for name, table, _ in reversed(INDEXES):
        op.drop_index(name, table_name=table)
