"""What the project's data file `data/cica-cbm.toml` gives beside the charter: the notification
forms and the period that keeps a state active in a measure (both examples for states to agree)."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib.resources import files
from typing import Any


@cache
def cbm_data() -> dict[str, Any]:
    return tomllib.loads(files("cica.cbm").joinpath("data/cica-cbm.toml").read_text(encoding="utf-8"))


def forms_data() -> list[dict[str, Any]]:
    """The notification forms."""
    forms: list[dict[str, Any]] = cbm_data()["form"]
    return forms


def active_months() -> tuple[int, bool]:
    """The period (months) an event keeps a state active in a measure, and whether it is an example."""
    period = cbm_data()["status"]
    return int(period["active_months"]), bool(period.get("example"))
