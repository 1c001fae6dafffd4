"""`cica drafts …`: create, revise, circulate, amend (and settle amendments), forward, withdraw,
reject, list, show, diff."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from cica.core.console import stdout
from cica.core.errors import InvalidInput
from cica.core.i18n import N_, translated, translated_plural
from cica.core.options import (
    AS,
    FORMAT,
    LANG,
    choice_option,
    format_option,
    integer,
    language_option,
    record_id,
)
from cica.core.output import Shown, beside, emit, in_language, marked, when
from cica.core.paging import PageRequest
from cica.deliberation import operations, queries
from cica.deliberation.cli.common import (
    AMENDMENT_STATUSES,
    CLASSIFICATIONS,
    CURSOR,
    DELEGATION,
    LIMIT,
    PROCEDURE_KINDS,
    PROCEDURE_STATUSES,
    SEARCH,
    STAGES,
    count,
    more,
    read_text,
    reading,
    say,
    say_texts,
    unit,
    word,
)
from cica.deliberation.texts import LanguageVersion, parse_numbers

CHANGE_WORDS = {"changed": N_("changed"), "inserted": N_("inserted"), "deleted": N_("deleted")}


def changes_counted(kind: str, number: int) -> str:
    """ "2 paragraphs changed", in the reader's language and its plural forms."""
    counted = {
        "unchanged": lambda: translated_plural(
            "{count} paragraph unchanged", "{count} paragraphs unchanged", number
        ),
        "changed": lambda: translated_plural(
            "{count} paragraph changed", "{count} paragraphs changed", number
        ),
        "inserted": lambda: translated_plural(
            "{count} paragraph inserted", "{count} paragraphs inserted", number
        ),
        "deleted": lambda: translated_plural(
            "{count} paragraph deleted", "{count} paragraphs deleted", number
        ),
    }
    return counted[kind]()


drafts_app = typer.Typer(
    no_args_is_help=True, help="Draft texts: create, revise, amend, forward, withdraw, show, diff."
)
amendment_app = typer.Typer(no_args_is_help=True, help="Rule on or withdraw an amendment.")
drafts_app.add_typer(amendment_app, name="amendment")


@drafts_app.command("create")
def create(
    kind: str = typer.Option(..., "--kind", help="A document kind of the charter, e.g. declaration."),
    organ: str = typer.Option(..., "--organ", help="The organ where drafting starts, e.g. swg."),
    title: str = typer.Option(..., "--title"),
    text: str | None = typer.Option(None, "--text", help="The text; paragraphs separated by blank lines."),
    file: Path | None = typer.Option(None, "--file", help="Read the text from this UTF-8 file."),
    sponsor: str = typer.Option(
        "secretariat", "--sponsor", help="chair, secretariat or a delegation's code."
    ),
    lang: str = typer.Option("en", "--text-lang", help="Language of the text (the original)."),
    classification: str = typer.Option(
        "public", "--classification", help="public, restricted or confidential."
    ),
    named: str = typer.Option("", "--named", help="Delegations a confidential draft is shown to: IND,PAK."),
    amends: str | None = typer.Option(None, "--amends", help="Symbol of a decision this draft amends."),
    supersedes: str | None = typer.Option(None, "--supersedes", help="Symbol of a decision it replaces."),
    circulate: bool = typer.Option(False, "--circulate", help="Also circulate it for negotiation."),
    as_email: str | None = AS,
) -> None:
    """Prepare a draft (revision 1)."""
    body = read_text(text, file, "text")
    with unit(as_email) as (session, actor):
        draft = operations.create_draft(
            session,
            kind=kind,
            organ=organ,
            texts=[LanguageVersion(lang, title, body)],
            original_lang=lang,
            sponsor=sponsor,
            classification=classification,
            named=[code for code in named.split(",") if code.strip()],
            amends=amends,
            supersedes=supersedes,
            actor=actor,
        )
        if circulate:
            operations.circulate(session, draft.id, actor=actor)
        draft_id, stage = draft.id, draft.stage
    say(translated("draft {id} created ({stage})", id=draft_id, stage=word(STAGES, stage).lower()))


@drafts_app.command("revise")
def revise(
    draft_id: int = typer.Argument(..., parser=record_id),
    lang: list[str] = typer.Option(
        ..., "--text-lang", help="Language of the next --title and --file (repeat)."
    ),
    title: list[str] = typer.Option(..., "--title", help="Title in that language (repeat)."),
    file: list[Path] = typer.Option(..., "--file", help="Text in that language (repeat)."),
    note: str = typer.Option("", "--note", help="Why this revision was made."),
    expected_version: int | None = typer.Option(
        None,
        "--expected-version",
        help="The draft version revised.",
        parser=integer,
    ),
    as_email: str | None = AS,
) -> None:
    """A new revision, from one file per language (the original among them)."""
    if not len(lang) == len(title) == len(file):
        raise InvalidInput("give --text-lang, --title and --file once for each language")
    versions = [
        LanguageVersion(code, heading, read_text(None, path, "text"))
        for code, heading, path in zip(lang, title, file, strict=True)
    ]
    with unit(as_email) as (session, actor):
        revision = operations.revise(
            session, draft_id, texts=versions, note=note, expected_version=expected_version, actor=actor
        )
        number = revision.number
    say(translated("draft {id}: revision {number}", id=draft_id, number=number))


@drafts_app.command("circulate")
def circulate(draft_id: int = typer.Argument(..., parser=record_id), as_email: str | None = AS) -> None:
    """Open negotiation in the holding organ; its members are notified."""
    with unit(as_email) as (session, actor):
        draft = operations.circulate(session, draft_id, actor=actor)
        organ = queries.reader(session, actor).organ_name(draft.organ_id)
    say(translated("draft {id} under negotiation in {organ}", id=draft_id, organ=organ))


@drafts_app.command("amend")
def amend(
    draft_id: int = typer.Argument(..., parser=record_id),
    replace: str | None = typer.Option(None, "--replace", help="Paragraphs to replace: 2 or 2-3."),
    insert_after: int | None = typer.Option(
        None,
        "--insert-after",
        help="Insert after this paragraph (0: start).",
        parser=integer,
    ),
    delete: str | None = typer.Option(None, "--delete", help="Paragraphs to delete: 4 or 4,6."),
    text: str = typer.Option("", "--text", help="The new text (replace, insert)."),
    justification: str = typer.Option(..., "--justification"),
    delegation: str | None = DELEGATION,
    as_email: str | None = AS,
) -> None:
    """Propose an amendment to numbered paragraphs of the current revision."""
    chosen = [
        name
        for name, value in (("replace", replace), ("insert", insert_after), ("delete", delete))
        if value is not None
    ]
    if len(chosen) != 1:
        raise InvalidInput("give exactly one of --replace, --insert-after and --delete")
    with unit(as_email) as (session, actor):
        amendment = operations.propose_amendment(
            session,
            draft_id,
            kind=chosen[0],
            justification=justification,
            paragraphs=parse_numbers(replace or delete, "--paragraphs"),
            after=insert_after,
            text=text,
            delegation=delegation,
            actor=actor,
        )
        ref, amendment_id = f"A-{amendment.number}", amendment.id
    say(
        translated(
            "amendment {ref} (id {id}) proposed to draft {draft}", ref=ref, id=amendment_id, draft=draft_id
        )
    )


@amendment_app.command("accept")
def accept(amendment_id: int = typer.Argument(..., parser=record_id), as_email: str | None = AS) -> None:
    """Take the amendment into a new revision (the Chair)."""
    with unit(as_email) as (session, actor):
        revision = operations.accept_amendment(session, amendment_id, actor=actor)
        draft_id, number = revision.draft_id, revision.number
    say(
        translated(
            "amendment {id} accepted: draft {draft} revision {number}",
            id=amendment_id,
            draft=draft_id,
            number=number,
        )
    )


@amendment_app.command("reject")
def reject_amendment(
    amendment_id: int = typer.Argument(..., parser=record_id), as_email: str | None = AS
) -> None:
    """Reject the amendment (the Chair)."""
    with unit(as_email) as (session, actor):
        operations.reject_amendment(session, amendment_id, actor=actor)
    say(translated("amendment {id} rejected", id=amendment_id))


@amendment_app.command("withdraw")
def withdraw_amendment(
    amendment_id: int = typer.Argument(..., parser=record_id), as_email: str | None = AS
) -> None:
    """Withdraw your delegation's amendment."""
    with unit(as_email) as (session, actor):
        operations.withdraw_amendment(session, amendment_id, actor=actor)
    say(translated("amendment {id} withdrawn", id=amendment_id))


@drafts_app.command("forward")
def forward(
    draft_id: int = typer.Argument(..., parser=record_id),
    to: str = typer.Option(..., "--to", help="The organ."),
    as_email: str | None = AS,
) -> None:
    """Forward the draft (without a recommendation) where the charter allows."""
    with unit(as_email) as (session, actor):
        operations.forward(session, draft_id, to=to, actor=actor)
        organ = queries.reader(session, actor).organ_name(to)
    say(translated("draft {id} forwarded to {organ}", id=draft_id, organ=organ))


@drafts_app.command("withdraw")
def withdraw(draft_id: int = typer.Argument(..., parser=record_id), as_email: str | None = AS) -> None:
    """Withdraw the draft (its sponsor)."""
    with unit(as_email) as (session, actor):
        operations.withdraw(session, draft_id, actor=actor)
    say(translated("draft {id} withdrawn", id=draft_id))


@drafts_app.command("reject")
def reject(draft_id: int = typer.Argument(..., parser=record_id), as_email: str | None = AS) -> None:
    """Record that the holding organ ends work on the draft without adopting it (the Chair)."""
    with unit(as_email) as (session, actor):
        operations.reject(session, draft_id, actor=actor)
    say(translated("draft {id} not adopted", id=draft_id))


@drafts_app.command("list")
def list_drafts(
    organ: str | None = typer.Option(None, "--organ"),
    stage: str | None = typer.Option(None, "--stage"),
    kind: str | None = typer.Option(None, "--kind"),
    search: str | None = SEARCH,
    cursor: str | None = CURSOR,
    limit: int = LIMIT,
    lang: str | None = LANG,
    output: str = FORMAT,
    as_email: str | None = AS,
) -> None:
    """The drafts you may see, most recently changed first, a page at a time."""
    chosen_lang, chosen = language_option(lang), format_option(output)
    with reading(as_email, chosen_lang) as (session, who):
        found = queries.list_drafts(
            session,
            who,
            organ=organ,
            stage=stage,
            kind=kind,
            q=search,
            page=PageRequest(cursor, limit),
        )
    rows = [
        item.model_dump() | {"procedure": item.procedure.kind if item.procedure else ""}
        for item in found.items
    ]
    columns = ("id", "title", "kind", "organ", "stage", "revision", "procedure", "classification")
    shown: dict[str, Shown] = {
        "title": marked("title_lang"),
        "kind": beside("kind_name"),
        "organ": beside("organ_name"),
        "stage": STAGES,
        "procedure": PROCEDURE_KINDS,
        "classification": CLASSIFICATIONS,
    }
    emit(stdout, found, chosen, rows=rows, columns=columns, title=count(found.count, "draft"), shown=shown)
    if chosen == "table":
        more(found.page)


@drafts_app.command("show")
def show(
    draft_id: int = typer.Argument(..., parser=record_id),
    revision: int | None = typer.Option(
        None, "--revision", help="The revision to show (default: current).", parser=record_id
    ),
    lang: str | None = LANG,
    output: str = typer.Option("text", "--format", help="text or json."),
    as_email: str | None = AS,
) -> None:
    """A draft: its texts with numbered paragraphs, amendments, procedures and history."""
    chosen_lang = language_option(lang)
    chosen = choice_option(output, ("text", "json"), "--format")
    with reading(as_email, chosen_lang) as (session, who):
        detail = queries.draft_detail(session, who, draft_id, revision=revision)
        known = queries.names(session, who)
    if chosen == "json":
        print(json.dumps(detail.model_dump(mode="json"), ensure_ascii=False, indent=2))
        return
    say(in_language(translated("Draft {id}: {title}", id=detail.id, title=detail.title), detail.title_lang))
    revision_line = translated("revision {number}", number=detail.revision)
    say(f"{detail.kind_name} · {detail.organ_name} · {word(STAGES, detail.stage)} · {revision_line}")
    say_texts(detail.texts)
    if detail.amendments:
        say("\n" + translated("Amendments:"))
        for a in detail.amendments:
            proposer = known.get(a.proposer, a.proposer)
            status = word(AMENDMENT_STATUSES, a.status)
            say(f"  {a.ref} (№ {a.id}) {proposer}: {a.description} — {status}")
    if detail.procedures:
        say("\n" + translated("Procedures:"))
        for p in detail.procedures:
            ending = in_language(p.summary, p.summary_lang) if p.summary else ""
            say(
                f"  {p.id} {word(PROCEDURE_KINDS, p.kind)}, {translated('revision {number}', number=p.revision)}: "
                + word(PROCEDURE_STATUSES, p.status)
                + (f" — {ending}" if ending else "")
            )
    say("\n" + translated("History:"))
    for event in detail.history:
        say(f"  {when(event.at)} {in_language(event.summary, event.summary_lang)}")


@drafts_app.command("diff")
def diff(
    draft_id: int = typer.Argument(..., parser=record_id),
    old: int | None = typer.Option(None, "--old", parser=record_id),
    new: int | None = typer.Option(None, "--new", parser=record_id),
    lang: str | None = typer.Option(None, "--text-lang", help="Language of the texts (default: original)."),
    reader_lang: str | None = LANG,
    output: str = typer.Option("text", "--format", help="text or json."),
    as_email: str | None = AS,
) -> None:
    """What changed between two revisions, paragraph by paragraph."""
    chosen_lang = language_option(reader_lang)
    chosen = choice_option(output, ("text", "json"), "--format")
    with reading(as_email, chosen_lang) as (session, who):
        result = queries.diff(session, who, draft_id, old=old, new=new, lang=lang)
    if chosen == "json":
        print(json.dumps(result.model_dump(mode="json"), ensure_ascii=False, indent=2))
        return
    counted = ", ".join(changes_counted(kind, number) for kind, number in result.counts.items() if number)
    say(
        translated("Draft {id}, revision {old} → {new}", id=result.draft_id, old=result.old, new=result.new)
        + f" ({result.lang}): {counted or translated('no change')}"
    )
    # The paragraphs are in the texts' language, each line tagged with it (`in_language`).
    for change in result.changes:
        if change.kind == "unchanged":
            continue
        where = f"§{change.old_number or '-'} → §{change.new_number or '-'}"
        if change.kind == "changed":
            inline = "".join(
                f"[-{s.text}-]" if s.kind == "delete" else f"{{+{s.text}+}}" if s.kind == "insert" else s.text
                for s in change.inline
            )
        else:
            inline = change.new_text or change.old_text or ""
        say(f"  {where} {translated(CHANGE_WORDS[change.kind])}:")
        say(f"    {in_language(inline, result.lang)}")
