"""What the layers below need from search: every write of document versions queues them for
the index, in its own transaction."""


def wire() -> None:
    from cica.documents.changes import on_versions_changed
    from cica.search.outbox import enqueue

    on_versions_changed(enqueue)
