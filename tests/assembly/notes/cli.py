from sqlalchemy import func, select

from cica.core.console import stdout
from cica.core.context import Context
from tests.assembly.notes.models import Note


def count() -> None:
    """Count the notes."""
    with Context.create() as context, context.unit_of_work(write=False) as session:
        stdout.print(f"{session.scalar(select(func.count(Note.id)))} notes", markup=False)
