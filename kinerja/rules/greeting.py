"""The greeting for the time of day, as an Indonesian office says it (no Django import).

Indonesian has four: *pagi* (morning, until about 11:00), *siang* (midday, 11:00–15:00), *sore*
(afternoon, 15:00–18:00) and *malam* (evening and night, 18:00 until the early morning). English has
three, on its own clock: morning until noon, afternoon until 18:00, evening after. Hours are local
time of the instance (the site time zone, Asia/Jakarta by default).
"""

from __future__ import annotations

from datetime import time
from enum import StrEnum


class PartOfDay(StrEnum):
    MORNING = "pagi"
    MIDDAY = "siang"
    AFTERNOON = "sore"
    EVENING = "malam"


# (start, part) in the order of the day; the part of the last start at or before the time applies.
INDONESIAN = ((time(0, 0), PartOfDay.EVENING), (time(4, 0), PartOfDay.MORNING), (time(11, 0), PartOfDay.MIDDAY),
              (time(15, 0), PartOfDay.AFTERNOON), (time(18, 0), PartOfDay.EVENING))
ENGLISH = ((time(0, 0), PartOfDay.EVENING), (time(4, 0), PartOfDay.MORNING), (time(12, 0), PartOfDay.AFTERNOON),
           (time(18, 0), PartOfDay.EVENING))


def part_of_day(at: time, language: str = "id") -> PartOfDay:
    """The part of the day whose greeting fits local time ``at`` in ``language`` ("id" or "en…")."""
    table = ENGLISH if language.lower().startswith("en") else INDONESIAN
    part = table[0][1]
    for start, each in table:
        if at >= start:
            part = each
    return part
