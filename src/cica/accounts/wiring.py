"""What the layers below need from accounts: the audit trail's digest of a delegation's details,
and the name of the session cookie (an answer to a request carrying it is private)."""


def wire() -> None:
    # Importing the module registers its digesters with `audit.content`.
    from cica.accounts import digests  # noqa: F401
    from cica.accounts.web import SESSION_COOKIE
    from cica.core.caching import on_credential_cookie

    on_credential_cookie(SESSION_COOKIE)
