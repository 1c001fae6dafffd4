"""Tables of the audit trail: the entries, hash-chained, and the one-row head of the chain.

Entries are append-only: triggers on both backends reject UPDATE and DELETE (migration 0002;
`audit.triggers` checks and restores them). Writers move `audit_head` in the statement that
checks it is where their entries follow, which serialises them, so sequence numbers have no gaps.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, Index, Integer, String, Text, column
from sqlalchemy.orm import Mapped, mapped_column

from cica.core.db import Base, UTCDateTime


class AuditEntry(Base):
    __tablename__ = "audit_entry"
    __table_args__ = (
        CheckConstraint("outcome IN ('ok', 'denied')", name="outcome"),
        # Only entries made for a delegation: the filter always names one, and the Secretariat's
        # entries (NULL) need no index entry, which every one of their writes paid for (0010i).
        Index(
            "ix_audit_entry_delegation",
            "delegation",
            sqlite_where=column("delegation").is_not(None),
            postgresql_where=column("delegation").is_not(None),
        ),
    )

    seq: Mapped[int] = mapped_column(
        Integer, primary_key=True, autoincrement=False, comment="1, 2, 3, … no gaps"
    )
    # Not indexed: the lists walk the sequence numbers, newest first, even when they filter by
    # date, and every write paid for the index (migration 0010i).
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    # No foreign key: the trail outlives accounts and must never stop anything from changing.
    actor_user_id: Mapped[int | None] = mapped_column(Integer, comment="NULL for the system and the CLI")
    # Not indexed: it is searched by part (LIKE '%…%'), which no index answers (migration 0007a).
    actor_email: Mapped[str] = mapped_column(String(254))
    role: Mapped[str] = mapped_column(String(32))
    delegation: Mapped[str | None] = mapped_column(String(16), comment="acting for; NULL = Secretariat")
    action: Mapped[str] = mapped_column(String(64), index=True)
    objects: Mapped[list[str]] = mapped_column(JSON, comment="ids of what was acted on, as kind:id")
    summary: Mapped[str] = mapped_column(Text)
    outcome: Mapped[str] = mapped_column(String(16), comment="ok, or denied (nothing changed)")
    prev_hash: Mapped[str] = mapped_column(
        String(64), comment="hash of the entry before (zeros for the first)"
    )
    # Not indexed: nothing looks an entry up by its hash, and each hash covers its own sequence
    # number (migration 0010h).
    hash: Mapped[str] = mapped_column(
        String(64),
        comment="HMAC-SHA-256(chain key, prev_hash || canonical JSON); SHA-256 before keyed_from",
    )
    content: Mapped[dict[str, str] | None] = mapped_column(
        JSON, comment="digests of the recorded objects' content (kind:id -> SHA-256); NULL before keyed_from"
    )
    # Not covered by the hash: derived from the summary, for searching (cica.core.search.line).
    folded: Mapped[str | None] = mapped_column(Text, comment="the summary folded for search")


class AuditHead(Base):
    """The end of the chain. Locking it serialises writers; verify checks the last entry against it."""

    __tablename__ = "audit_head"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))
    keyed_from: Mapped[int] = mapped_column(
        Integer, server_default="1", comment="first entry hashed with the chain key (HMAC)"
    )
