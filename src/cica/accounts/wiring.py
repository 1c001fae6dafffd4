"""What the layers below need from accounts: the audit trail's digest of a delegation's details."""


def wire() -> None:
    # Importing the module registers its digesters with `audit.content`.
    from cica.accounts import digests  # noqa: F401
