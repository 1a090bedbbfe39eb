"""Who evaluates whom: the evaluating superior and that superior's superior, from the tree."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from kinerja.organization.models import Position

from .models import Assignment, AssignmentKind, Employee


@dataclass(frozen=True)
class ChainLink:
    position: Position
    holder: Employee | None
    acting_kind: str | None  # "plt" / "plh" when the holder acts, None for the definitive holder

    @property
    def acting_label(self) -> str:
        return {"plt": "Plt.", "plh": "Plh."}.get(self.acting_kind or "", "")


def holder_of(position: Position, day: date | None = None) -> tuple[Employee | None, str | None]:
    """The person who exercises the position on ``day``: an acting official first, else the holder."""
    day = day or timezone.localdate()
    acting = (Assignment.objects.active_on(day).acting().filter(position=position)
              .select_related("employee").order_by("-start_date").first())
    if acting is not None:
        return acting.employee, acting.kind
    holder = Employee.objects.filter(position=position, is_active=True).first()
    return holder, None


def superior_chain(employee: Employee, levels: int = 2, day: date | None = None) -> list[ChainLink]:
    """[pejabat penilai, atasan pejabat penilai, …] for ``employee`` on ``day``."""
    links: list[ChainLink] = []
    position = employee.position
    seen = set()
    while position is not None and len(links) < levels:
        superior = position.superior
        if superior is None or superior.pk in seen:
            break
        seen.add(superior.pk)
        holder, acting = holder_of(superior, day)
        links.append(ChainLink(superior, holder, acting))
        position = superior
    return links


__all__ = ["ChainLink", "holder_of", "superior_chain", "AssignmentKind"]
