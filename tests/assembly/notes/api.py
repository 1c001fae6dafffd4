from fastapi import APIRouter
from sqlalchemy import select

from cica.access.web import public
from cica.core.deps import SessionDep
from tests.assembly.notes.models import Note

router = APIRouter(tags=["notes"])


@router.get("/notes", dependencies=[public("registry.read")])
def notes(session: SessionDep) -> list[str]:
    return list(session.scalars(select(Note.text).order_by(Note.id)))
