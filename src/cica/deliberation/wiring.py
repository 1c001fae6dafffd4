"""What the layers below need from deliberation: the audit trail's digests of decisions, drafts'
revisions and procedures, and the template filter that writes a text into a form."""

from cica.core import templating
from cica.deliberation.texts import form_text


def wire() -> None:
    # Importing the module registers its digesters with `audit.content`.
    from cica.deliberation import digests  # noqa: F401

    # Every form that pre-fills a text writes it the one way its parser reads it back.
    templating.environment.filters["form_text"] = form_text
