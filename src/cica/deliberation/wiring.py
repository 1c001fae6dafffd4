"""What the layers below need from deliberation: the audit trail's digests of decisions, drafts'
revisions and procedures."""


def wire() -> None:
    # Importing the module registers its digesters with `audit.content`.
    from cica.deliberation import digests  # noqa: F401
