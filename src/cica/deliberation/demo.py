"""The deliberation example `cica demo` loads, through the real operations (so it is audited):

1. a draft declaration negotiated in the first organ of the charter's path (CICA: the SWG), with
   an amendment accepted into a new revision and a translation added, recommended onward by
   consensus (CICA: by the SOC), and adopted by consensus by the organ that adopts it (CICA: the
   Ministerial Council) with one reservation and one interpretative statement;
2. a second draft adopted by a two-week silence procedure whose deadline has passed, finalised
   by the scheduler as it would be in production.

The path, the organs and the delegations come from the loaded charter, so any charter shaped
like CICA's gets its example. Every act is dated by one clock (`STORY` long, ending at its last
moment) that the operations, the audit trail, the notices and the scheduler all read, so the
trail's times are the history's times. Loading it again does nothing: the example is recognised by its
first draft's title.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from cica.access.actors import USER_ROLES, Actor, as_role
from cica.accounts.demo import DOMAIN, add_demo_account
from cica.accounts.models import User
from cica.accounts.passwords import Passwords
from cica.audit.models import AuditEntry
from cica.charter.schema import Charter
from cica.core.capability import DemoAccount, DemoResult
from cica.core.clock import FixedClock
from cica.core.context import Context
from cica.deliberation import operations
from cica.deliberation.facts import Facts, facts
from cica.deliberation.models import Draft
from cica.deliberation.scheduler import tick
from cica.deliberation.texts import LanguageVersion
from cica.registry import queries as registry_queries

TITLE = "Draft Declaration on Strengthening Dialogue and Confidence Building in Asia"
TEXT = """Reaffirming our commitment to the purposes and principles of the Charter of the United Nations,

Recalling the Declaration on Principles Guiding Relations among Member States,

Welcoming the progress made in implementing confidence building measures in all dimensions,

Decide to intensify dialogue among Member States on matters of common security,

Request the Secretariat to report on the implementation of this Declaration at the next meeting."""
TEXT_RU = """Вновь подтверждая нашу приверженность целям и принципам Устава Организации Объединённых Наций,

Ссылаясь на Декларацию о принципах, регулирующих отношения между государствами-членами,

Приветствуя существенный прогресс в реализации мер доверия во всех измерениях,

Постановляем активизировать диалог между государствами-членами по вопросам общей безопасности,

Поручаем Секретариату доложить о выполнении настоящей Декларации на следующем совещании."""
TITLE_RU = "Проект декларации об укреплении диалога и мер доверия в Азии"
SILENCE_TITLE = "Concept Paper on Cooperation in Emergency Response"
SILENCE_TEXT = """The Member States share information on natural and man-made disasters in the region.

A network of national contact points is established for emergency response.

The Secretariat compiles an annual overview of the exchanges for the Senior Officials."""


@dataclass(frozen=True)
class Path:
    kind: str
    organs: tuple[str, ...]  # drafting organ … adopting organ


def _path(charter: Charter) -> Path | None:
    """A kind and a chain of organs that recommend it onward to one that adopts it, longest first,
    the declaration preferred (CICA: declaration, SWG → SOC → Ministerial Council)."""
    organs = {organ.id: organ for organ in charter.organs}
    kinds = sorted((k.id for k in charter.document_kinds), key=lambda k: (k != "declaration", k))
    best: Path | None = None
    for kind in kinds:
        # Lower organs first: the adopting organ nearest the working level gives the longest path.
        for adopter in sorted(organs.values(), key=lambda o: -o.rank):
            if kind not in adopter.adopts:
                continue
            chain = [adopter.id]
            while len(chain) < 3:
                step = next(
                    (
                        o.id
                        for o in sorted(organs.values(), key=lambda o: -o.rank)
                        if kind in o.recommends and chain[0] in o.forwards_to and o.id not in chain
                    ),
                    None,
                )
                if step is None:
                    break
                chain.insert(0, step)
            if best is None or len(chain) > len(best.organs):
                best = Path(kind, tuple(chain))
        if best is not None and len(best.organs) == 3:
            return best
    return best if best is not None and len(best.organs) > 1 else None


def _silence_target(charter: Charter, avoid: str) -> tuple[str, str] | None:
    """An organ below the top that adopts a kind other than the first example's (CICA: the SOC
    adopting a concept paper)."""
    for organ in sorted(charter.organs, key=lambda o: -o.rank):
        for kind in sorted(organ.adopts, key=lambda k: (k != "concept_paper", k)):
            if kind != avoid and organ.composition:
                return organ.id, kind
    return None


def _chair(session: Session, moment: datetime, known: Facts) -> Actor:
    code = registry_queries.chair_on(session, known.day_of(moment)).code
    if code is None:
        raise LookupError("no chair on the day")
    return Actor(None, f"chair.{code.lower()}@{DOMAIN}", "head_of_delegation", code)


def _delegate(code: str) -> Actor:
    return Actor(None, f"delegate.{code.lower()}@{DOMAIN}", "delegate", code)


SECRETARIAT = Actor(None, f"secretariat@{DOMAIN}", "secretariat")

# How long the example's story lasts: it begins this long before its last act.
STORY = timedelta(days=60)


def story_context(context: Context) -> tuple[Context, FixedClock]:
    """The context the example is told in and the one clock dating it: the context's own when it
    is fixed (`cica demo` injects one, and the story moves it forward), else a fixed clock set
    `STORY` before the context's now, so that the story ends then."""
    if isinstance(context.clock, FixedClock):
        return context, context.clock
    clock = FixedClock(context.clock.now() - STORY)
    return replace(context, clock=clock), clock


def load_example(context: Context) -> list[str]:
    """Loads the example unless it is there; returns what was done, one line each."""
    context, clock = story_context(context)
    with context.unit_of_work(write=False) as session:
        if session.scalar(select(Draft.id).where(Draft.title == TITLE)) is not None:
            return ["deliberation example: loaded already"]
        known = facts(session)
    path = _path(known.charter)
    if path is None:
        return [
            "deliberation example: skipped (no organ in this charter recommends a kind onward to one that adopts it)"
        ]
    origin = clock.now()
    lines = [_negotiate_and_adopt(context, clock, known, path)]
    target = _silence_target(known.charter, path.kind)
    if target is not None:
        lines.append(_adopt_by_silence(context, clock, known, target, end=origin + STORY))
    clock.moment = max(clock.moment, origin + STORY)
    return lines


def _others(known: Facts, organ: str, moment: datetime, chair: str) -> list[str]:
    return [d.code for d in known.members(organ, known.day_of(moment)) if d.code != chair]


def _negotiate_and_adopt(context: Context, clock: FixedClock, known: Facts, path: Path) -> str:
    """Negotiated from the clock's moment on; each act moves the clock to its own time."""
    start = clock.now()

    def at(offset: timedelta) -> None:
        clock.moment = start + offset

    with context.unit_of_work() as session:
        chair = _chair(session, start, known)
        first = path.organs[0]
        members = _others(known, first, start, chair.delegation or "")
        proposer = "IND" if "IND" in members else members[0]
        draft = operations.create_draft(
            session,
            kind=path.kind,
            organ=first,
            texts=[LanguageVersion("en", TITLE, TEXT)],
            original_lang="en",
            sponsor="chair",
            actor=chair,
        )
        at(timedelta(hours=2))
        operations.circulate(session, draft.id, actor=SECRETARIAT)
        at(timedelta(days=7))
        amendment = operations.propose_amendment(
            session,
            draft.id,
            kind="replace",
            paragraphs=[3],
            text="Welcoming the substantial progress made in implementing confidence building measures in all dimensions,",
            justification="to acknowledge the results of the last implementation cycle",
            actor=_delegate(proposer),
        )
        at(timedelta(days=10))
        operations.accept_amendment(session, amendment.id, actor=chair)
        at(timedelta(days=12))
        operations.revise(
            session,
            draft.id,
            texts=[LanguageVersion("en", TITLE, _amended()), LanguageVersion("ru", TITLE_RU, TEXT_RU)],
            note="Russian text added",
            actor=SECRETARIAT,
        )
        for index, organ in enumerate(path.organs):
            session_day = timedelta(days=14 + 14 * index)
            chair = _chair(session, start + session_day, known)
            if index:
                at(session_day - timedelta(days=7))
                operations.circulate(session, draft.id, actor=SECRETARIAT)
            last = index == len(path.organs) - 1
            at(session_day)
            procedure = operations.open_consensus(
                session,
                draft.id,
                held_on=known.day_of(clock.now()),
                recommend_to=None if last else path.organs[index + 1],
                actor=chair,
            )
            if last:
                _positions(session, clock, known, procedure.id, organ, chair)
            at(session_day + timedelta(hours=3))
            closed = operations.close_consensus(session, procedure.id, actor=chair)
        symbol = closed.decision.symbol if closed.decision else "?"
    route = " → ".join(path.organs)
    return f"deliberation example: {TITLE} ({route}), adopted as {symbol} with one reservation"


def _amended() -> str:
    paragraphs = TEXT.split("\n\n")
    paragraphs[2] = (
        "Welcoming the substantial progress made in implementing confidence building measures in all dimensions,"
    )
    return "\n\n".join(paragraphs)


def _positions(
    session: Session, clock: FixedClock, known: Facts, procedure_id: int, organ: str, chair: Actor
) -> None:
    """Most members join; one joins with a reservation; an observer makes a statement."""
    opened = clock.now()
    day = known.day_of(opened)
    members = _others(known, organ, opened, chair.delegation or "")
    reserving = "CHN" if "CHN" in members else members[-1]
    for code in members[:3]:
        if code != reserving:
            operations.record_position(session, procedure_id, stance="join", actor=_delegate(code))
    clock.moment = opened + timedelta(minutes=30)
    operations.record_position(
        session,
        procedure_id,
        stance="reservation",
        paragraphs=[4],
        text="Dialogue on matters of common security is conducted in accordance with the principle of consensus "
        "and without prejudice to the positions of Member States.",
        actor=_delegate(reserving),
    )
    speaking = {c.id for c in known.charter.categories if c.may_speak}
    observers = [d for d in known.sitting(organ, day) if not d.may_object and d.category in speaking]
    if observers:
        code = "JPN" if any(d.code == "JPN" for d in observers) else observers[0].code
        clock.moment = opened + timedelta(minutes=45)
        operations.record_position(
            session,
            procedure_id,
            stance="statement",
            text="We welcome the Declaration and look forward to contributing to the dialogue as an observer.",
            actor=Actor(None, f"observer.{code.lower()}@{DOMAIN}", "observer_delegate", code),
        )


def _adopt_by_silence(
    context: Context, clock: FixedClock, known: Facts, target: tuple[str, str], *, end: datetime
) -> str:
    """Prepared after the first example, put under a two-week silence that ends before `end`,
    and finalised by the scheduler at `end`."""
    organ, kind = target
    started = end - timedelta(days=16)
    clock.moment = max(clock.moment, started - timedelta(days=1))
    with context.unit_of_work() as session:
        chair = _chair(session, started, known)
        caller = chair if "chair" in known.silence_called_by else SECRETARIAT
        draft = operations.create_draft(
            session,
            kind=kind,
            organ=organ,
            texts=[LanguageVersion("en", SILENCE_TITLE, SILENCE_TEXT)],
            original_lang="en",
            sponsor="secretariat",
            actor=SECRETARIAT,
        )
        operations.circulate(session, draft.id, actor=SECRETARIAT)
        clock.moment = max(clock.moment, started)
        operations.start_silence(session, draft.id, period="P14D", actor=caller)
    clock.moment = end
    finalised = tick(context)
    symbols = [item.symbol for item in finalised if item.symbol]
    return f"deliberation example: {SILENCE_TITLE}, adopted by a two-week silence procedure as {', '.join(symbols)}"


def history_accounts(context: Context) -> list[DemoAccount]:
    """Accounts for everyone the example's history names (the delegates who joined, proposed or
    made a statement, the chairs, the Secretariat), so that each name can be signed in as. Read
    from the audit trail, where every act of the example is entered with its actor."""
    with context.unit_of_work(write=False) as session:
        named = session.execute(
            select(AuditEntry.actor_email, AuditEntry.role, AuditEntry.delegation)
            .where(AuditEntry.actor_email.like(f"%@{DOMAIN}"), AuditEntry.role.in_(USER_ROLES))
            .distinct()
            .order_by(AuditEntry.actor_email)
        ).all()
        existing = set(session.scalars(select(User.email)))
    passwords = Passwords.from_settings(context.settings)
    created = []
    for email, role, delegation in named:
        if email in existing:
            continue
        existing.add(email)
        created.append(add_demo_account(context, passwords, email, as_role(role), delegation))
    return created


def chair_account(context: Context) -> DemoAccount | None:
    """An account for today's chair's head of delegation, so that a newcomer can preside."""
    with context.unit_of_work(write=False) as session:
        known = facts(session)
        actor = _chair(session, context.clock.now(), known)
        exists = session.scalar(select(User.id).where(User.email == actor.email)) is not None
    if actor.delegation is None:
        return None
    if exists:
        return DemoAccount(actor.email, "head_of_delegation", actor.delegation, None)
    passwords = Passwords.from_settings(context.settings)
    return add_demo_account(context, passwords, actor.email, "head_of_delegation", actor.delegation)


def demo_step(context: Context) -> DemoResult:
    """`cica demo`'s step for deliberation: the example, then an account for the chair at its end
    (today, when the story ends now) and for everyone its history names."""
    lines = tuple(load_example(context))
    chair = chair_account(context)
    accounts = ((chair,) if chair is not None else ()) + tuple(history_accounts(context))
    return DemoResult(accounts=accounts, lines=lines)
