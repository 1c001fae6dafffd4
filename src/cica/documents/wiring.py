"""What the layers below need from documents: the audit trail's digest of documents."""


def wire() -> None:
    # Importing the module registers its digester with `audit.content`.
    from cica.documents import digests  # noqa: F401
