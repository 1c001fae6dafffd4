"""Who may do what: the permission table, its decisions, and who may see what. Pure: no I/O.

The table is the single source of truth. Operations ask `decide` (through `access.guard`);
routes only declare which action they serve; `cica docs write` renders the table into
`docs/permissions.md` (`access.docs`). Chair rights are not stored anywhere: they follow from the registry's
chairmanship on the day, as do the rights a delegation's category gives (propose, object, …).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from cica.access.actors import DELEGATION_ROLES, USER_ROLES, Actor, Role
from cica.core.errors import InvalidInput
from cica.core.fields import choice

Scope = Literal["any", "own", "self", "chair"]
# Rights a delegation holds on a day through its category in the charter.
Right = Literal["member", "may_speak", "may_propose", "may_object", "may_break_silence"]
RIGHTS: tuple[Right, ...] = ("member", "may_speak", "may_propose", "may_object", "may_break_silence")


@dataclass(frozen=True)
class Grant:
    """The condition under which one role may take one action.

    `any`: the role suffices. `own`: for the actor's own delegation only, and, with `right`, only
    while its category gives that right. `self`: on the actor's own account only. `chair`: only
    while the actor's delegation chairs. `grants` limits which roles a user manager may hand out.
    """

    scope: Scope = "any"
    right: Right | None = None
    grants: frozenset[Role] | None = None


@dataclass(frozen=True)
class Permission:
    action: str
    summary: str
    public: bool = False
    grants: Mapping[Role, Grant] | None = None

    def grant_for(self, role: Role) -> Grant | None:
        return (self.grants or {}).get(role)


ANY = Grant("any")
OWN = Grant("own")
SELF = Grant("self")
CHAIR = Grant("chair")


def own(right: Right) -> Grant:
    return Grant("own", right=right)


STAFF = Grant("own", grants=frozenset({"delegate", "observer_delegate"}))
EVERY_USER: dict[Role, Grant] = dict.fromkeys(USER_ROLES, ANY)
PRESIDING: dict[Role, Grant] = {"head_of_delegation": CHAIR, "delegate": CHAIR}
TOKENS: dict[Role, Grant] = {
    "admin": ANY,
    "secretariat": SELF,
    "head_of_delegation": SELF,
    "delegate": SELF,
    "observer_delegate": SELF,
}

_TABLE: tuple[Permission, ...] = (
    # Public reads: anyone, signed in or not.
    Permission("registry.read", "Read the registry: members, chair, organs, the organisation", public=True),
    Permission("api.describe", "Read the API's own description (OpenAPI, API docs)", public=True),
    Permission("session.sign_in", "Sign in with e-mail and password", public=True),
    Permission("decision.read", "Read decisions (each shown only to those its classification allows)", public=True),
    Permission("draft.read", "Read drafts, their revisions and procedures (each shown only to those its classification allows)", public=True),
    # One's own account.
    Permission("self.read", "See one's own account", grants=EVERY_USER),
    Permission("session.sign_out", "Sign out", grants=EVERY_USER),
    Permission("token.manage", "Create, list and revoke API tokens", grants=TOKENS),
    # Delegations and their people.
    Permission("delegation.read", "Read delegations' contact details", grants=EVERY_USER),
    Permission("notification.read", "Read the notices of deliberation (one's delegation's and everyone's)", grants=EVERY_USER),
    Permission("notification.mark", "Mark a notice to one's delegation as read",
               grants=dict.fromkeys(DELEGATION_ROLES, OWN)),
    Permission("delegation.update", "Edit a delegation's contact details",
               grants={"admin": ANY, "secretariat": ANY, "head_of_delegation": OWN}),
    Permission("users.read", "List user accounts", grants={"admin": ANY, "secretariat": ANY, "head_of_delegation": OWN}),
    Permission("users.manage", "Create and disable user accounts", grants={"admin": ANY, "head_of_delegation": STAFF}),
    # The body's records.
    Permission("audit.read", "Read, export and verify the audit trail", grants={"admin": ANY, "secretariat": ANY}),
    Permission("charter.load", "Load or update the charter", grants={"admin": ANY, "system": ANY}),
    # Texts: the Chair and the Secretariat circulate; member delegations amend.
    Permission("draft.create", "Prepare a draft text", grants={"secretariat": ANY, **PRESIDING}),
    Permission("draft.revise", "Revise a draft text", grants={"secretariat": ANY, **PRESIDING}),
    Permission("draft.circulate", "Circulate a text to the delegations", grants={"secretariat": ANY, **PRESIDING}),
    Permission("draft.forward", "Forward a draft to another organ", grants={"secretariat": ANY, **PRESIDING}),
    Permission("draft.reject", "Record that the holding organ ends work on a draft", grants=PRESIDING),
    Permission("draft.withdraw", "Withdraw a draft (its sponsor only)",
               grants={"secretariat": ANY, "head_of_delegation": OWN, "delegate": OWN}),
    Permission("amendment.propose", "Propose an amendment for one's delegation",
               grants={"head_of_delegation": own("may_propose"), "delegate": own("may_propose")}),
    Permission("amendment.withdraw", "Withdraw one's delegation's amendment",
               grants={"head_of_delegation": own("may_propose"), "delegate": own("may_propose")}),
    Permission("amendment.decide", "Rule on an amendment as the Chair", grants=PRESIDING),
    # Decision-making.
    Permission("consensus.open", "Open a consensus round as the Chair", grants=PRESIDING),
    Permission("consensus.close", "Close a consensus round as the Chair", grants=PRESIDING),
    Permission("consensus.position", "Object or enter a reservation for one's delegation",
               grants={"head_of_delegation": own("may_object"), "delegate": own("may_object")}),
    Permission("consensus.statement", "Make a statement for one's delegation",
               grants=dict.fromkeys(DELEGATION_ROLES, own("may_speak"))),
    Permission("silence.start", "Put a text under the silence procedure",
               grants={"secretariat": ANY, **PRESIDING}),
    Permission("silence.break", "Break silence for one's delegation",
               grants={"head_of_delegation": own("may_break_silence"), "delegate": own("may_break_silence")}),
    Permission("silence.close", "Close a silence procedure at its deadline", grants={"secretariat": ANY, "system": ANY}),
    Permission("decision.announce", "Announce that a decision was adopted", grants={"secretariat": ANY, **PRESIDING}),
    # Meetings: the Secretariat keeps the calendar.
    Permission("meeting.read", "Read meetings, the calendar and its iCalendar feeds", public=True),
    Permission("meeting.schedule", "Schedule, reschedule and cancel meetings of the organs",
               grants={"admin": ANY, "secretariat": ANY, "system": ANY}),
    Permission("meeting.attend", "Register a delegation's participation in a meeting (one's own)",
               grants={"admin": ANY, "secretariat": ANY, "system": ANY, **dict.fromkeys(DELEGATION_ROLES, OWN)}),
    Permission("meeting.agenda", "Prepare, circulate and record the adoption of a meeting's agenda",
               grants={"admin": ANY, "secretariat": ANY, "system": ANY}),
    Permission("meeting.floor", "Ask for the floor on an agenda item for one's delegation",
               grants=dict.fromkeys(DELEGATION_ROLES, own("may_speak"))),
    Permission("meeting.preside", "Give the floor, reorder and close a speakers' list (the presiding chair)",
               grants={"secretariat": ANY, "head_of_delegation": OWN, "delegate": OWN}),
    Permission("meeting.classify", "Classify a meeting: public, restricted to members, or confidential",
               grants={"admin": ANY, "secretariat": ANY, "system": ANY}),
    Permission("meeting.feed", "Issue or revoke a delegation's read-only calendar feed token (one's own)",
               grants={"admin": ANY, "secretariat": ANY, "head_of_delegation": OWN}),
    # Minutes: the Secretariat drafts and corrects them; the Secretariat or the Chair records approval.
    Permission("minutes.read", "Read minutes (delegations the circulated versions, everyone the approved ones)",
               public=True),
    Permission("minutes.draft", "Draft the minutes of a meeting", grants={"secretariat": ANY}),
    Permission("minutes.circulate", "Circulate minutes to the delegations", grants={"secretariat": ANY}),
    Permission("minutes.correct", "Correct circulated minutes (a new version)", grants={"secretariat": ANY}),
    Permission("minutes.approve", "Record the approval of minutes at a meeting, or put them under silence",
               grants={"secretariat": ANY, **PRESIDING}),
    # Documents: anyone reads what the classification allows; the Secretariat (and the administrator at
    # the machine) imports, certifies and corrects.
    Permission("document.read", "Read documents and their language versions (each shown only to those its classification allows)",
               public=True),
    Permission("document.import", "Import documents and their language versions",
               grants={"admin": ANY, "secretariat": ANY}),
    Permission("document.certify", "Certify a language version (an original, or an official translation)",
               grants={"admin": ANY, "secretariat": ANY}),
    Permission("document.correct", "Correct a language version (a new version that keeps the old)",
               grants={"admin": ANY, "secretariat": ANY}),
    # Confidence-building measures: the catalogue is public; a member state declares, notifies and
    # acknowledges for itself; the Secretariat sees every notification.
    Permission("cbm.read", "Read the CBM catalogue and its coordinators", public=True),
    Permission("cbm.load", "Load the CBM catalogue and notification forms from the charter",
               grants={"admin": ANY, "system": ANY}),
    Permission("cbm.declare", "Declare or withdraw one's delegation's participation in a measure",
               grants={"head_of_delegation": own("member"), "delegate": own("member")}),
    Permission("cbm.notify", "Submit a notification for one's delegation",
               grants={"head_of_delegation": own("member"), "delegate": own("member")}),
    Permission("cbm.acknowledge", "Acknowledge a notification to one's delegation",
               grants={"head_of_delegation": own("member"), "delegate": own("member")}),
    Permission("cbm.exchange", "Read the notifications one's delegation sent or received (the Secretariat: all)",
               grants={"admin": ANY, "secretariat": ANY, "head_of_delegation": own("member"), "delegate": own("member")}),
    Permission("cbm.oversee", "See every notification and the compliance panel",
               grants={"admin": ANY, "secretariat": ANY}),
    Permission("cbm.plan", "Add events of the CBM Plan of Implementation, record whether they were held, and record coordinators' terms",
               grants={"admin": ANY, "secretariat": ANY}),
    Permission("minutes.settle", "Approve or send back minutes when their silence procedure ends",
               grants={"system": ANY}),
)  # fmt: skip

PERMISSIONS: dict[str, Permission] = {permission.action: permission for permission in _TABLE}
ACTIONS: tuple[str, ...] = tuple(PERMISSIONS)


def permission(action: str) -> Permission:
    try:
        return PERMISSIONS[action]
    except KeyError:
        raise LookupError(f"action {action!r} is not in the permission table (access/rules.py)") from None


@dataclass(frozen=True)
class Target:
    """What an action is taken on: for which delegation, on whose account, granting which role."""

    delegation: str | None = None
    owner: int | None = None
    role: Role | None = None


@dataclass(frozen=True)
class Standing:
    """What the registry says of the actor's delegation on the day of the act."""

    rights: frozenset[Right] = frozenset()
    chairing: bool = False


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str = ""


def role_may(role: Role | None, action: str) -> bool:
    """Whether some grant of the table lets `role` take `action` (anonymous: `None`)."""
    entry = permission(action)
    return entry.public or (role is not None and entry.grant_for(role) is not None)


def may_take(actor: Actor | None, action: str) -> bool:
    """`role_may` for an actor: whether its role has any grant of `action`."""
    return role_may(actor.role if actor else None, action)


def needs_standing(actor: Actor | None, action: str) -> bool:
    """Whether deciding needs the registry's facts (a category right or the chair on the day)."""
    if actor is None:
        return False
    grant = permission(action).grant_for(actor.role)
    return grant is not None and (grant.scope == "chair" or grant.right is not None)


def decide(
    actor: Actor | None, action: str, target: Target = Target(), standing: Standing = Standing()
) -> Decision:
    """May `actor` take `action` on `target`? A denial says which rule refused it."""
    entry = permission(action)
    if entry.public:
        return Decision(True)
    if actor is None:
        return Decision(False, "sign in first")
    grant = entry.grant_for(actor.role)
    what = entry.summary[0].lower() + entry.summary[1:]
    if grant is None:
        return Decision(False, f"the role {actor.role} may not {what}")
    if grant.scope == "self" and target.owner is not None and target.owner != actor.user_id:
        return Decision(False, f"{actor.email} may {what} on their own account only")
    if grant.scope == "own":
        acting_for = target.delegation or actor.delegation
        if acting_for != actor.delegation:
            return Decision(False, f"{actor.label} acts for {actor.delegation} only, not for {acting_for}")
        if grant.right is not None and grant.right not in standing.rights:
            return Decision(
                False, f"{actor.delegation}'s category does not give the right to {what} ({grant.right})"
            )
        if grant.grants is not None and target.role is not None and target.role not in grant.grants:
            allowed = ", ".join(sorted(grant.grants))
            return Decision(False, f"the role {actor.role} may grant only {allowed}, not {target.role}")
    if grant.scope == "chair" and not standing.chairing:
        return Decision(False, f"only the chairing delegation may {what}; {actor.delegation} does not chair")
    return Decision(True)


# --- Classification -------------------------------------------------------------------------

Classification = Literal["public", "restricted", "confidential"]
CLASSIFICATIONS: tuple[Classification, ...] = ("public", "restricted", "confidential")


def parse_classification(value: str) -> Classification:
    known = choice(value, CLASSIFICATIONS)
    if known is not None:
        return known
    raise InvalidInput(f"{value!r} is not a classification: public, restricted or confidential")


@dataclass(frozen=True)
class Viewer:
    """Who is looking, as far as classification goes. Anonymous callers are `None`."""

    secretariat: bool = False
    delegation: str | None = None
    member: bool = False  # the viewer's delegation is of a member category on the day

    @classmethod
    def of(cls, actor: Actor | None, standing: Standing = Standing()) -> Viewer | None:
        if actor is None:
            return None
        return cls(actor.is_secretariat, actor.delegation, "member" in standing.rights)


def may_see(viewer: Viewer | None, classification: Classification, named: Collection[str] = ()) -> bool:
    """`public`: everyone; `restricted`: members' delegations and the Secretariat;
    `confidential`: the Secretariat and the named delegations."""
    if classification == "public":
        return True
    if viewer is None:
        return False
    if viewer.secretariat:
        return True
    if classification == "restricted":
        return viewer.member
    return viewer.delegation is not None and viewer.delegation in named


def may_see_stored(viewer: Viewer | None, classification: str, named: str) -> bool:
    """`may_see` for a stored row: its classification column and its `,IND,PAK,` list."""
    return may_see(viewer, parse_classification(classification), decode_named(named))


def encode_named(codes: Iterable[str]) -> str:
    """Named delegations as stored: `,IND,PAK,` so that a filter can look for `,IND,`."""
    unique = sorted({code.strip().upper() for code in codes if code.strip()})
    return f",{','.join(unique)}," if unique else ""


def decode_named(stored: str) -> frozenset[str]:
    return frozenset(code for code in stored.split(",") if code)
