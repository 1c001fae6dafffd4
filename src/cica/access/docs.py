"""The permission table as a document: `docs/permissions.md`, written by `cica docs write`."""

from __future__ import annotations

from cica.access.actors import ROLES, Role
from cica.access.rules import PERMISSIONS, Permission


def _cell(permission: Permission, role: Role) -> str:
    if permission.public:
        return "yes"
    grant = permission.grant_for(role)
    if grant is None:
        return "—"
    if grant.scope == "self":
        return "own account"
    if grant.scope == "chair":
        return "as Chair"
    if grant.scope == "own":
        text = "own delegation"
        if grant.right == "member":
            text += ", members only"
        elif grant.right is not None:
            text += f", if `{grant.right}`"
        if grant.grants is not None:
            text += f" ({', '.join(sorted(grant.grants))})"
        return text
    return "yes"


def permissions_markdown() -> str:
    header = "| Action | What | Anonymous | " + " | ".join(ROLES) + " |"
    rule = "|" + "---|" * (len(ROLES) + 3)
    rows = [
        f"| `{p.action}` | {p.summary} | {'yes' if p.public else '—'} | "
        + " | ".join(_cell(p, role) for role in ROLES)
        + " |"
        for p in PERMISSIONS.values()
    ]
    return "\n".join(
        [
            "# Permissions",
            "",
            "Generated from `src/cica/access/rules.py` by `cica docs write`; a test fails when this",
            "file and the code differ. Every operation checks this table, so the CLI, the API and the",
            "pages allow exactly the same things.",
            "",
            "- **own delegation**: acting for the user's own delegation only; `if may_…` adds that the",
            "  delegation's category in the charter must give that right on the day.",
            "- **as Chair**: only while the user's delegation chairs (from the charter's chairmanships",
            "  on the day); chair rights are never stored on accounts.",
            "- **own account**: on the user's own account only.",
            "- `system` is the scheduler and the charter loader; no user holds it. The command line",
            "  acts as `admin` (running it means holding the database's credentials), except where",
            "  `--as EMAIL` makes it act as that user.",
            "",
            "Classification of documents and records: `public` is shown to everyone; `restricted` to",
            "member delegations and the Secretariat; `confidential` to the Secretariat and the",
            "delegations named on it. Lists, search results, counts and exports leave out what the",
            "caller may not see.",
            "",
            header,
            rule,
            *rows,
            "",
        ]
    )
