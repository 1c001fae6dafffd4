from sqlalchemy.orm import Mapped, mapped_column

from cica.core.db import Base


class Note(Base):
    __tablename__ = "assembly_note"

    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str]
