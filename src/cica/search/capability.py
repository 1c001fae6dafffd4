"""Full-text search over the documents' language versions: `cica search`, `/api/v1/search`, `/search`."""

from cica.core.capability import EVERY_STANDARD_PART, Capability, Command

HELP = "Full-text search over the documents' language versions (and `search reindex`)."

CAPABILITY = Capability(
    name="search",
    standard=EVERY_STANDARD_PART,
    commands=(Command("search", HELP, "cica.search.cli:app", content_lang=("",)),),
    # Each web worker drains the outbox into the index in the background (one at a time writes).
    background="cica.search.indexer:start_background",
)
