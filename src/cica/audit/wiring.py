"""What the layers below need from the audit trail: a refusal is recorded wherever it is caught."""

from cica.audit.operations import record_denial
from cica.core import denials


def wire() -> None:
    denials.on_denial(record_denial)
