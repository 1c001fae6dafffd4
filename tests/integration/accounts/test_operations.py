"""Accounts, tokens, sign-in, sessions and delegation profiles on both backends, through the
operations every edge uses."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from cica.access.actors import Actor
from cica.access.guard import allowed
from cica.accounts import operations, queries, rules
from cica.accounts.models import ApiToken, SigninAttempt, User
from cica.accounts.passwords import Passwords
from cica.audit.models import AuditEntry
from cica.charter.loader import load_charter
from cica.core.context import Context
from cica.core.db import utcnow
from cica.core.errors import Conflict, InvalidInput, NotAuthenticated, NotFound, PermissionDenied, Throttled
from cica.core.settings import Settings
from cica.registry.operations import apply_charter
from tests.factories import PASSWORD, charter_data, make_token, make_user, write_charter

ADMIN = Actor.command_line()


def audit_count(context: Context) -> int:
    with context.unit_of_work(write=False) as session:
        return session.scalar(select(func.count()).select_from(AuditEntry)) or 0


def actor_of(user: User) -> Actor:
    return queries.actor_of(user)


# --- Accounts -------------------------------------------------------------------------------


def test_an_account_is_added_with_an_audit_entry(cica: Context) -> None:
    with cica.unit_of_work() as session:
        user = make_user(session, email="Head@IND.example", role="head_of_delegation", delegation="ind")
    assert (user.email, user.delegation_code) == ("head@ind.example", "IND")
    with cica.unit_of_work(write=False) as session:
        entry = session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc())).first()
    assert entry is not None
    assert (entry.action, entry.objects) == ("users.add", [f"user:{user.id}"])
    assert "head_of_delegation of IND" in entry.summary


@pytest.mark.parametrize(
    ("role", "delegation", "error"),
    [
        ("delegate", "JPN", InvalidInput),  # Japan is an observer: its people are observer delegates
        ("observer_delegate", "IND", InvalidInput),
        ("delegate", "XYZ", NotFound),
        ("delegate", None, InvalidInput),
        ("chair", "IND", InvalidInput),
    ],
)
def test_an_account_must_fit_its_delegation(
    cica: Context, role: str, delegation: str | None, error: type
) -> None:
    before = audit_count(cica)
    with pytest.raises(error), cica.unit_of_work() as session:
        operations.add_user(
            session, email="x@example.org", role=role, delegation=delegation, password_hash="h", actor=ADMIN
        )
    assert audit_count(cica) == before  # a failed action writes nothing


def test_an_email_is_taken_once(cica: Context) -> None:
    with cica.unit_of_work() as session:
        make_user(session, email="d@ind.example")
    with pytest.raises(Conflict), cica.unit_of_work() as session:
        make_user(session, email="D@ind.example")


def test_a_head_of_delegation_manages_their_own_delegates_only(cica: Context) -> None:
    with cica.unit_of_work() as session:
        head = actor_of(make_user(session, role="head_of_delegation", delegation="IND"))
        added = make_user(session, role="delegate", delegation="IND", actor=head)
    assert added.delegation_code == "IND"
    for role, delegation in [("delegate", "PAK"), ("head_of_delegation", "IND"), ("secretariat", None)]:
        with pytest.raises(PermissionDenied), cica.unit_of_work() as session:
            make_user(session, role=role, delegation=delegation, actor=head)
    with cica.unit_of_work() as session:
        operations.disable_user(session, email=added.email, actor=head)
        pakistani = make_user(session, role="delegate", delegation="PAK")
    with pytest.raises(PermissionDenied), cica.unit_of_work() as session:
        operations.disable_user(session, email=pakistani.email, actor=head)


def test_a_head_of_delegation_lists_their_own_delegation(cica: Context) -> None:
    with cica.unit_of_work() as session:
        head = actor_of(make_user(session, role="head_of_delegation", delegation="IND"))
        make_user(session, role="delegate", delegation="PAK")
        delegate = actor_of(make_user(session, role="delegate", delegation="IND"))
    with cica.unit_of_work(write=False) as session:
        assert {u.delegation for u in queries.users(session, head)} == {"IND"}
        assert {u.delegation for u in queries.users(session, ADMIN)} == {"IND", "PAK"}
        with pytest.raises(PermissionDenied):
            queries.users(session, delegate)


def test_disabling_an_account_ends_its_sessions_and_tokens(cica: Context) -> None:
    with cica.unit_of_work() as session:
        user = make_user(session)
        token = make_token(session, user)
    signed = operations.sign_in(cica, email=user.email, password=PASSWORD, client="10.0.0.1")
    with cica.unit_of_work() as session:
        operations.disable_user(session, email=user.email, actor=ADMIN)
    with cica.unit_of_work(write=False) as session:
        assert queries.actor_for_token(session, token) is None
        assert (
            queries.web_session(
                session, signed.cookie, utcnow(), idle=timedelta(hours=1), lifetime=timedelta(hours=9)
            )
            is None
        )
    with pytest.raises(NotAuthenticated, match="wrong e-mail or password"):
        operations.sign_in(cica, email=user.email, password=PASSWORD, client="10.0.0.1")


# --- Tokens ---------------------------------------------------------------------------------


def test_a_token_is_stored_as_a_digest_and_stops_when_revoked(cica: Context) -> None:
    with cica.unit_of_work() as session:
        user = make_user(session)
        token = make_token(session, user)
    assert token.startswith("cica_") and len(token) > 40
    with cica.unit_of_work(write=False) as session:
        stored = session.scalars(select(ApiToken)).one()
        assert token not in (stored.token_hash, stored.prefix)
        assert queries.actor_for_token(session, token) == actor_of(user)
        assert queries.actor_for_token(session, token + "x") is None
    with cica.unit_of_work() as session:
        operations.revoke_token(session, token_id=stored.id, actor=actor_of(user))
    with cica.unit_of_work(write=False) as session:
        assert queries.actor_for_token(session, token) is None


def test_a_token_is_revoked_by_its_owner_or_an_admin_only(cica: Context) -> None:
    with cica.unit_of_work() as session:
        owner = make_user(session)
        other = actor_of(make_user(session))
        make_token(session, owner)
        token_id = session.scalars(select(ApiToken.id)).one()
    with pytest.raises(PermissionDenied), cica.unit_of_work() as session:
        operations.revoke_token(session, token_id=token_id, actor=other)


# --- Sign-in --------------------------------------------------------------------------------


def test_signing_in_opens_a_session_and_records_it(cica: Context) -> None:
    with cica.unit_of_work() as session:
        user = make_user(session, email="d@ind.example")
    signed = operations.sign_in(cica, email=" D@IND.example ", password=PASSWORD, client="10.0.0.1")
    assert signed.actor == actor_of(user)
    with cica.unit_of_work(write=False) as session:
        found = queries.web_session(
            session, signed.cookie, utcnow(), idle=timedelta(hours=1), lifetime=timedelta(hours=9)
        )
        last = session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc())).first()
    assert isinstance(found, queries.OpenSession)
    assert found.csrf_token == signed.csrf_token
    assert last is not None and last.action == "session.sign_in"


def test_a_wrong_password_and_an_unknown_account_get_the_same_answer(cica: Context) -> None:
    with cica.unit_of_work() as session:
        user = make_user(session)
    answers = []
    for email, password in [(user.email, "wrong password here"), ("nobody@example.org", PASSWORD)]:
        with pytest.raises(NotAuthenticated) as caught:
            operations.sign_in(cica, email=email, password=password, client="10.0.0.1")
        answers.append(caught.value.message)
    assert answers[0] == answers[1] == "wrong e-mail or password"


def _fail(cica: Context, email: str, client: str, now: datetime, times: int = 1) -> None:
    for _ in range(times):
        with pytest.raises(NotAuthenticated):
            operations.sign_in(cica, email=email, password="wrong password here", client=client, now=now)


def test_a_pair_that_keeps_failing_waits_longer_each_time(cica: Context) -> None:
    with cica.unit_of_work() as session:
        user = make_user(session)
    now = utcnow()
    _fail(cica, user.email, "10.0.0.1", now, times=5)
    # The sixth is refused unchecked, even with the right password, for a minute.
    with pytest.raises(Throttled) as caught:
        operations.sign_in(cica, email=user.email, password=PASSWORD, client="10.0.0.1", now=now)
    assert caught.value.retry_after == 60
    later = now + timedelta(seconds=61)
    _fail(cica, user.email, "10.0.0.1", later)
    with pytest.raises(Throttled) as caught:
        operations.sign_in(cica, email=user.email, password=PASSWORD, client="10.0.0.1", now=later)
    assert caught.value.retry_after == 120
    after_wait = later + timedelta(seconds=121)
    signed = operations.sign_in(cica, email=user.email, password=PASSWORD, client="10.0.0.1", now=after_wait)
    assert signed.actor.email == user.email


def test_nobody_can_lock_an_account_from_elsewhere(cica: Context) -> None:
    # An attacker who knows the Chair's address tries passwords from many addresses: the
    # Chair, from her own address, signs in at once.
    with cica.unit_of_work() as session:
        chair = make_user(session, role="head_of_delegation", delegation="AZE")
    now = utcnow()
    for attacker in range(8):
        _fail(cica, chair.email, f"203.0.113.{attacker}", now, times=5)
    signed = operations.sign_in(cica, email=chair.email, password=PASSWORD, client="198.51.100.7", now=now)
    assert signed.actor.email == chair.email


def test_one_account_failing_behind_a_nat_does_not_lock_out_the_others(cica: Context) -> None:
    with cica.unit_of_work() as session:
        careless, colleague = make_user(session), make_user(session)
    now = utcnow()
    office = "192.0.2.10"
    _fail(cica, careless.email, office, now, times=5)
    with pytest.raises(Throttled):
        operations.sign_in(cica, email=careless.email, password=PASSWORD, client=office, now=now)
    assert operations.sign_in(cica, email=colleague.email, password=PASSWORD, client=office, now=now)


def test_an_address_guessing_many_accounts_meets_the_ceiling(cica: Context) -> None:
    with cica.unit_of_work() as session:
        user = make_user(session)
    now = utcnow()
    for guess in range(rules.ADDRESS_CEILING):
        _fail(cica, f"guess{guess}@example.org", "10.9.9.9", now)
    with pytest.raises(Throttled):
        operations.sign_in(cica, email=user.email, password=PASSWORD, client="10.9.9.9", now=now)
    assert operations.sign_in(cica, email=user.email, password=PASSWORD, client="10.0.0.2", now=now)


def test_lockouts_are_recorded_in_the_audit_trail(cica: Context) -> None:
    with cica.unit_of_work() as session:
        user = make_user(session)
    now = utcnow()
    _fail(cica, user.email, "10.0.0.1", now, times=4)
    with cica.unit_of_work() as session:
        assert not session.scalars(select(AuditEntry).where(AuditEntry.summary.like("%locked%"))).all()
    _fail(cica, user.email, "10.0.0.1", now)
    for guess in range(rules.ADDRESS_CEILING - 5):
        _fail(cica, f"guess{guess}@example.org", "10.0.0.1", now)
    with cica.unit_of_work() as session:
        locked = session.scalars(
            select(AuditEntry).where(AuditEntry.summary.like("%locked%")).order_by(AuditEntry.seq)
        ).all()
    assert [(entry.action, entry.outcome, entry.summary) for entry in locked] == [
        ("session.sign_in", "denied", f"sign-in for {user.email} from 10.0.0.1 locked for 60 s after 5 failed passwords"),
        ("session.sign_in", "denied", f"sign-in from 10.0.0.1 locked after {rules.ADDRESS_CEILING} failed passwords in 10 minutes, for any account"),
    ]  # fmt: skip


def test_throttling_counts_attempts_in_the_database(cica: Context) -> None:
    """Another process sees the same failures: they are rows, not memory."""
    now = utcnow()
    with pytest.raises(NotAuthenticated):
        operations.sign_in(
            cica, email="a@example.org", password="wrong password here", client="10.0.0.1", now=now
        )
    other = Context.create(cica.settings)
    try:
        with other.unit_of_work(write=False) as session:
            assert (
                session.scalar(
                    select(func.count()).select_from(SigninAttempt).where(SigninAttempt.outcome == "failed")
                )
                == 1
            )
    finally:
        other.close()


def test_a_password_hashed_with_old_parameters_is_rehashed_at_sign_in(cica: Context) -> None:
    with cica.unit_of_work() as session:
        user = make_user(session)
        stored = Passwords(time_cost=2, memory_kib=16, parallelism=1).hash(PASSWORD)
        session.get(User, user.id).password_hash = stored  # type: ignore[union-attr]
    operations.sign_in(cica, email=user.email, password=PASSWORD, client="10.0.0.1")
    with cica.unit_of_work(write=False) as session:
        rehashed = session.get(User, user.id)
    assert rehashed is not None and rehashed.password_hash != stored
    assert "m=8,t=1,p=1" in rehashed.password_hash


def test_a_session_ends_when_idle_or_too_old(cica: Context) -> None:
    with cica.unit_of_work() as session:
        user = make_user(session)
    start = utcnow()
    signed = operations.sign_in(cica, email=user.email, password=PASSWORD, client="10.0.0.1", now=start)
    idle, lifetime = timedelta(minutes=30), timedelta(hours=8)
    with cica.unit_of_work(write=False) as session:
        assert (
            queries.web_session(
                session, signed.cookie, start + timedelta(minutes=31), idle=idle, lifetime=lifetime
            )
            == "idle"
        )
    with cica.unit_of_work() as session:
        operations.touch_session(
            session, session_id=queries.digest(signed.cookie), now=start + timedelta(hours=7, minutes=59)
        )
    with cica.unit_of_work(write=False) as session:
        seen = queries.web_session(
            session,
            signed.cookie,
            start + timedelta(hours=7, minutes=59, seconds=30),
            idle=idle,
            lifetime=lifetime,
        )
        assert isinstance(seen, queries.OpenSession)
        assert (
            queries.web_session(
                session, signed.cookie, start + timedelta(hours=8), idle=idle, lifetime=lifetime
            )
            == "expired"
        )


def test_signing_out_ends_the_session(cica: Context) -> None:
    with cica.unit_of_work() as session:
        user = make_user(session)
    signed = operations.sign_in(cica, email=user.email, password=PASSWORD, client="10.0.0.1")
    with cica.unit_of_work() as session:
        operations.sign_out(session, session_id=queries.digest(signed.cookie), actor=signed.actor)
    with cica.unit_of_work(write=False) as session:
        assert (
            queries.web_session(
                session, signed.cookie, utcnow(), idle=timedelta(hours=1), lifetime=timedelta(hours=9)
            )
            is None
        )


# --- Delegation profiles --------------------------------------------------------------------


def test_a_head_of_delegation_edits_their_own_delegation_only(cica: Context) -> None:
    with cica.unit_of_work() as session:
        head = actor_of(make_user(session, role="head_of_delegation", delegation="IND"))
        delegate = actor_of(make_user(session, role="delegate", delegation="IND"))
    with cica.unit_of_work() as session:
        changed = operations.set_delegation_profile(
            session, "ind", {"contact_email": "Mission@IND.example"}, actor=head
        )
    assert changed == ["contact_email"]
    before = audit_count(cica)
    for who, code in [(head, "PAK"), (delegate, "IND")]:
        with pytest.raises(PermissionDenied), cica.unit_of_work() as session:
            operations.set_delegation_profile(session, code, {"head_name": "Someone"}, actor=who)
    assert audit_count(cica) == before  # the denial is recorded by the edge that reports it
    with cica.unit_of_work(write=False) as session:
        assert queries.delegation(session, "IND", actor=delegate).contact_email == "mission@ind.example"
        assert queries.delegation(session, "PAK", actor=delegate).contact_email is None


def test_the_secretariat_edits_any_delegation_and_an_unchanged_profile_is_not_recorded(cica: Context) -> None:
    with cica.unit_of_work() as session:
        officer = actor_of(make_user(session, role="secretariat"))
    with cica.unit_of_work() as session:
        operations.set_delegation_profile(session, "PAK", {"head_name": "H.E. Someone"}, actor=officer)
    before = audit_count(cica)
    with cica.unit_of_work() as session:
        assert (
            operations.set_delegation_profile(session, "PAK", {"head_name": " H.E. Someone "}, actor=officer)
            == []
        )
    assert audit_count(cica) == before


def test_a_bad_profile_value_changes_nothing(cica: Context) -> None:
    before = audit_count(cica)
    with pytest.raises(InvalidInput), cica.unit_of_work() as session:
        operations.set_delegation_profile(
            session, "IND", {"head_name": "A", "contact_email": "not an address"}, actor=ADMIN
        )
    with cica.unit_of_work(write=False) as session:
        assert queries.delegation(session, "IND", actor=ADMIN).head_name is None
    assert audit_count(cica) == before


def test_chair_rights_come_from_the_registry_on_the_day(cica: Context) -> None:
    with cica.unit_of_work() as session:
        chinese = actor_of(make_user(session, role="delegate", delegation="CHN"))
        japanese = actor_of(make_user(session, role="observer_delegate", delegation="JPN"))
    with cica.unit_of_work(write=False) as session:
        assert allowed(session, chinese, "consensus.open", day=date(2016, 1, 1))  # China chaired 2014-2018
        assert not allowed(session, chinese, "consensus.open", day=date(2021, 1, 1))
        assert allowed(session, chinese, "consensus.position", day=date(2021, 1, 1))
        assert not allowed(session, japanese, "consensus.position", day=date(2021, 1, 1))
        assert allowed(session, japanese, "consensus.statement", day=date(2021, 1, 1))


# --- Charter loading ------------------------------------------------------------------------


def test_loading_a_charter_is_recorded_when_it_changes_and_only_by_those_allowed(
    settings: Settings, tmp_path: Path
) -> None:
    context = Context.create(settings, migrate=True)
    try:
        with context.unit_of_work() as session:
            apply_charter(session, load_charter(write_charter(tmp_path, charter_data())))
            apply_charter(session, load_charter(write_charter(tmp_path, charter_data())))
        assert audit_count(context) == 1
        renamed = charter_data()
        renamed["organisation"]["name"]["en"] = "Renamed Body"
        with context.unit_of_work() as session:
            apply_charter(session, load_charter(write_charter(tmp_path, renamed)), actor=ADMIN)
            delegate = actor_of(make_user(session, role="delegate", delegation="FRA"))
        with context.unit_of_work(write=False) as session:
            entries = session.scalars(select(AuditEntry).order_by(AuditEntry.seq)).all()
        assert [(e.action, e.actor_email) for e in entries[:2]] == [
            ("charter.load", "system"),
            ("charter.load", ADMIN.email),
        ]
        assert "updated" in entries[1].summary
        with pytest.raises(PermissionDenied), context.unit_of_work() as session:
            apply_charter(session, load_charter(write_charter(tmp_path, charter_data())), actor=delegate)
    finally:
        context.close()
