"""What the audit trail's entries cover of accounts: a delegation's contact details, named in
entries as `participant:<code>` (`audit.content`)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from cica.accounts.models import DelegationProfile
from cica.audit.content import register, row


@register("participant")
def delegation_details(session: Session, code: str) -> Any:
    # From the session's identity map when the write just loaded it: no extra statement.
    profile = row(session, DelegationProfile, code)
    if profile is None:
        return None
    return {
        "head_name": profile.head_name,
        "contact_email": profile.contact_email,
        "address": profile.address,
    }
