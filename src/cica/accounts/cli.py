"""`cica users …` and `cica delegations …`.

The command line acts as the machine's administrator (role admin): whoever can run it holds the
database's credentials anyway. `--as EMAIL` makes a command act as that user instead, with
exactly that user's rights, so a head of delegation's limits hold at the command line too.
"""

from __future__ import annotations

import sys

import typer
from sqlalchemy.orm import Session

from cica.access.actors import USER_ROLES, Actor
from cica.accounts import operations, queries
from cica.accounts.passwords import Passwords, generate_password
from cica.core.console import stdout
from cica.core.context import Context
from cica.core.errors import InvalidInput
from cica.core.i18n import N_, reader_language, translated, translated_plural
from cica.core.options import AS, FORMAT, LANG, choice_option, format_option, language_option, record_id
from cica.core.output import HEADINGS, Label, emit, when
from cica.registry import queries as registry_queries
from cica.registry import snapshot

# The permission table's roles, as every page names them (access/_macros.html).
ROLES = Label(
    {
        "admin": N_("Administrator"),
        "secretariat": N_("Secretariat officer"),
        "head_of_delegation": N_("Head of delegation"),
        "delegate": N_("Delegate"),
        "observer_delegate": N_("Observer delegate"),
    }
)
ACCOUNT_STATES = Label({"active": N_("Active"), "disabled": N_("Disabled")})
PARTICIPANT_KINDS = Label({"member": N_("Member"), "observer": N_("Observer"), "partner": N_("Partner")})


def delegation_names(session: Session) -> Label:
    """Participant codes as their names today, in the reader's language."""
    today = registry_queries.seat_today(session)
    return Label(snapshot.current(session).participant_names(today, reader_language()), translate=False)


users_app = typer.Typer(no_args_is_help=True, help="User accounts and their API tokens.")
tokens_app = typer.Typer(no_args_is_help=True, help="API tokens (shown once, stored hashed).")
delegations_app = typer.Typer(no_args_is_help=True, help="Delegations' contact details.")
users_app.add_typer(tokens_app, name="token")


def _actor(session: Session, as_email: str | None) -> Actor:
    return queries.actor_for_email(session, as_email) if as_email else Actor.command_line()


def _password_from_stdin() -> str | None:
    """The password piped on stdin (first line), or None at a terminal or with empty input."""
    if sys.stdin is None or sys.stdin.isatty():
        return None
    line = sys.stdin.readline().rstrip("\r\n")
    return line or None


@users_app.command("add")
def add(
    email: str = typer.Argument(..., help="The user's e-mail address, used to sign in."),
    delegation: str | None = typer.Option(None, "--delegation", help="Participant code the user acts for."),
    secretariat: bool = typer.Option(False, "--secretariat", help="The user belongs to the Secretariat."),
    role: str = typer.Option(..., "--role", help=f"One of: {', '.join(USER_ROLES)}."),
    as_email: str | None = AS,
) -> None:
    """Add a user. The password is read from stdin when piped, else generated and printed once."""
    if secretariat == (delegation is not None):
        raise InvalidInput("give exactly one of --delegation CODE and --secretariat")
    chosen_role = choice_option(role, USER_ROLES, "--role")
    piped = _password_from_stdin()
    password = piped or generate_password()
    with Context.create() as context:
        password_hash = operations.hash_new_password(Passwords.from_settings(context.settings), password)
        with context.unit_of_work() as session:
            user = operations.add_user(
                session,
                email=email,
                role=chosen_role,
                delegation=delegation,
                password_hash=password_hash,
                actor=_actor(session, as_email),
            )
            code = user.delegation_code
            lang = reader_language()
            where = (
                f"{code} ({queries.delegation_name(session, code, lang)})"
                if code
                else translated("the Secretariat")
            )
    # English keeps the role's code, as `--role` takes it; other languages name the role.
    role = user.role if lang == "en" else ROLES(user.role, {})
    told = translated(
        "added {email} (id {id}) as {role} of {where}", email=user.email, id=user.id, role=role, where=where
    )
    stdout.print(told, markup=False)
    if piped is None:
        stdout.print(translated("password (shown once): {password}", password=password), markup=False)


@users_app.command("list")
def list_users(as_email: str | None = AS, lang: str | None = LANG, output: str = FORMAT) -> None:
    """List the accounts (a head of delegation sees their own delegation's)."""
    language_option(lang)
    chosen = format_option(output)
    with Context.create() as context, context.unit_of_work(write=False) as session:
        found = queries.users(session, _actor(session, as_email))
        rows = [
            item.model_dump()
            | {
                "status": "disabled" if item.disabled_at else "active",
                "created_at": f"{item.created_at:%Y-%m-%d %H:%M}",
                "created_moment": item.created_at,
            }
            for item in found
        ]
        names = delegation_names(session)
    emit(
        stdout,
        queries.UserList(items=found),
        chosen,
        rows=rows,
        columns=("id", "email", "role", "delegation", "status", "created_at"),
        title=translated_plural("{count} user", "{count} users", len(found)),
        shown={
            "role": ROLES,
            "delegation": names,
            "status": ACCOUNT_STATES,
            "created_at": lambda value, row: when(row["created_moment"]),
        },
    )


@users_app.command("disable")
def disable(email: str = typer.Argument(...), as_email: str | None = AS) -> None:
    """Disable a user: no more sign-in; their sessions end and their tokens stop working."""
    with Context.create() as context, context.unit_of_work() as session:
        user = operations.disable_user(session, email=email, actor=_actor(session, as_email))
    stdout.print(translated("disabled {email}", email=user.email), markup=False)


@tokens_app.command("create")
def create_token(
    email: str = typer.Argument(..., help="Whose token."),
    name: str = typer.Option("cli", "--name", help="A name to recognise the token by."),
    as_email: str | None = AS,
) -> None:
    """Create an API token for a user; it is printed once and only its hash is kept."""
    with Context.create() as context, context.unit_of_work() as session:
        user = queries.user_by_email(session, email)
        created = operations.create_token(
            session, user_id=user.id, name=name, actor=_actor(session, as_email)
        )
        token_id = created.token.id
    stdout.print(
        translated(
            "token {id} for {email} (shown once): {secret}",
            id=token_id,
            email=user.email,
            secret=created.secret,
        ),
        markup=False,
    )


@tokens_app.command("revoke")
def revoke_token(
    token_id: int = typer.Argument(..., help="The token's id.", parser=record_id),
    as_email: str | None = AS,
) -> None:
    """Revoke an API token: it stops working at once."""
    with Context.create() as context, context.unit_of_work() as session:
        operations.revoke_token(session, token_id=token_id, actor=_actor(session, as_email))
    stdout.print(translated("revoked token {id}", id=token_id), markup=False)


@delegations_app.command("show")
def show(
    code: str = typer.Argument(..., help="Participant code, e.g. IND."),
    lang: str | None = LANG,
    output: str = FORMAT,
) -> None:
    """A delegation's contact details."""
    chosen_lang, chosen = language_option(lang), format_option(output)
    with Context.create() as context, context.unit_of_work(write=False) as session:
        found = queries.delegation(session, code, chosen_lang, actor=Actor.command_line())
    emit(
        stdout,
        found,
        chosen,
        rows=[found.model_dump()],
        columns=("code", "name", "kind", "head_name", "contact_email", "address", "updated_at"),
        title=f"{found.name} ({found.code})",
        shown={"kind": PARTICIPANT_KINDS},
    )


@delegations_app.command("set")
def set_profile(
    code: str = typer.Argument(..., help="Participant code, e.g. IND."),
    head_name: str | None = typer.Option(
        None, "--head-name", help="Head of delegation's name ('' clears it)."
    ),
    contact_email: str | None = typer.Option(
        None, "--contact-email", help="The delegation's e-mail ('' clears it)."
    ),
    address: str | None = typer.Option(
        None, "--address", help="Postal address of the mission ('' clears it)."
    ),
    as_email: str | None = AS,
) -> None:
    """Set a delegation's contact details (its head of delegation, the Secretariat or an admin)."""
    given = {"head_name": head_name, "contact_email": contact_email, "address": address}
    changes: dict[str, str | None] = {name: value for name, value in given.items() if value is not None}
    if not changes:
        raise InvalidInput("nothing to set: give --head-name, --contact-email or --address")
    with Context.create() as context, context.unit_of_work() as session:
        changed = operations.set_delegation_profile(session, code, changes, actor=_actor(session, as_email))
    # English names the fields as the options do (contact_email); other languages by their headings.
    lang = reader_language()
    fields = ", ".join(name if lang == "en" else translated(HEADINGS[name]) for name in changed)
    told = translated("changed {fields}", fields=fields) if changed else translated("unchanged")
    stdout.print(f"{code.upper()}: {told}", markup=False)
