"""Tables of access: user accounts, web sessions, API tokens, sign-in attempts, delegation profiles.

Secrets are never stored in the clear: passwords as Argon2id hashes, session cookies and API
tokens as SHA-256 digests (they are long random values, so a fast digest is enough).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from cica.core.db import Base, UTCDateTime

USER_ROLES_SQL = "('admin', 'secretariat', 'head_of_delegation', 'delegate', 'observer_delegate')"


class User(Base):
    __tablename__ = "user_account"
    __table_args__ = (
        CheckConstraint(f"role IN {USER_ROLES_SQL}", name="role"),
        # Secretariat accounts belong to no delegation; everyone else to exactly one.
        CheckConstraint(
            "(role IN ('admin', 'secretariat') AND delegation_code IS NULL) OR "
            "(role IN ('head_of_delegation', 'delegate', 'observer_delegate') AND delegation_code IS NOT NULL)",
            name="delegation",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True, comment="lower case")
    role: Mapped[str] = mapped_column(String(32))
    delegation_code: Mapped[str | None] = mapped_column(
        ForeignKey("participant.code"), index=True, comment="the participant it acts for; NULL = Secretariat"
    )
    password_hash: Mapped[str] = mapped_column(Text, comment="Argon2id, with its parameters")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    disabled_at: Mapped[datetime | None] = mapped_column(
        UTCDateTime, comment="no sign-in, no token after this"
    )


class WebSession(Base):
    __tablename__ = "web_session"

    id: Mapped[str] = mapped_column(String(64), primary_key=True, comment="SHA-256 of the cookie's token")
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64), comment="synchronizer token of this session's forms")
    client: Mapped[str] = mapped_column(String(64), comment="address it was opened from")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(
        UTCDateTime, comment="signed out (or ended by an admin)"
    )


class ApiToken(Base):
    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, comment="SHA-256 of the token")
    prefix: Mapped[str] = mapped_column(String(16), comment="its first characters, to recognise it")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class SigninAttempt(Base):
    """Sign-in attempts of the last day, for throttling across processes; older ones are pruned."""

    __tablename__ = "signin_attempt"
    __table_args__ = (
        CheckConstraint("outcome IN ('failed', 'succeeded')", name="outcome"),
        Index("ix_signin_attempt_email_at", "email", "at"),
        Index("ix_signin_attempt_client_at", "client", "at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    email: Mapped[str] = mapped_column(String(254), comment="as typed, normalised; may name no account")
    client: Mapped[str] = mapped_column(String(64))
    outcome: Mapped[str] = mapped_column(String(16), comment="failed until the password is verified")


class DelegationProfile(Base):
    """How to reach a delegation; kept by its head of delegation and the Secretariat."""

    __tablename__ = "delegation_profile"

    participant_code: Mapped[str] = mapped_column(ForeignKey("participant.code"), primary_key=True)
    head_name: Mapped[str | None] = mapped_column(Text, comment="head of delegation, as they sign")
    contact_email: Mapped[str | None] = mapped_column(String(254))
    address: Mapped[str | None] = mapped_column(Text, comment="postal address of the mission")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class InstanceSecret(Base):
    """Keys generated on first use when the settings give none (see `secret_key`)."""

    __tablename__ = "instance_secret"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
