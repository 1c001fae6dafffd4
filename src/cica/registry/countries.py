"""Country names from pycountry's ISO 3166-1 data and its translations (en, ru, zh, fr)."""

from __future__ import annotations

import gettext
from functools import lru_cache

import pycountry

# Interface language -> pycountry's gettext catalogue.
_CATALOGUES = {"ru": "ru", "zh": "zh_CN", "fr": "fr"}


@lru_cache(maxsize=8)
def _translation(lang: str) -> gettext.NullTranslations:
    catalogue = _CATALOGUES.get(lang.split("-")[0])
    if catalogue is None:
        return gettext.NullTranslations()
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[catalogue], fallback=True)


@lru_cache(maxsize=4096)
def country_name(alpha3: str, lang: str = "en") -> str | None:
    """The usual short name of a state in `lang`: pycountry's common name when it has one."""
    country = pycountry.countries.get(alpha_3=alpha3)
    if country is None:
        return None
    english = getattr(country, "common_name", None) or country.name
    translation = _translation(lang)
    catalogue: dict[str, str] = getattr(translation, "_catalog", {})
    if english not in catalogue and country.name in catalogue:
        # Some catalogues translate only the formal name.
        return str(translation.gettext(country.name))
    return str(translation.gettext(english))
