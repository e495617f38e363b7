"""The demo's school year, placed around the day the demo is loaded.

Seed 003's plan (KH 58/KH-PGDĐT, school year 2023-2024) is the model. Its dates keep their
spacing and move by whole days, so that its registration deadline (last day 10/11/2023) falls
a few days before today: on any day a newcomer finds deadlines past, windows open now and the
rest of the year ahead. The demo's two periods move with it, so that every date of the plan
falls inside the current one.
"""

import datetime as dt
from dataclasses import dataclass

SEED_PERIOD_START = dt.date(2023, 9, 1)
SEED_REGISTRATION_LAST_DAY = dt.date(2023, 11, 10)
SEED_ISSUED_ON = dt.date(2023, 11, 3)
SEED_FIRST_YEAR = SEED_PERIOD_START.year

# The registration deadline closed this many days ago; the schools that have not sent it yet,
# the demo principal's among them, were given this many days more.
REGISTRATION_CLOSED_DAYS_AGO = 5
EXTENSION_DAYS = 14


@dataclass(frozen=True)
class PeriodSpec:
    name: str
    start_date: dt.date
    end_date: dt.date


def school_year_name(day: dt.date) -> str:
    """ "2026-2027" for any day from 1 September 2026 to 31 August 2027."""
    first = day.year if day.month >= 9 else day.year - 1
    return f"{first}-{first + 1}"


def _years_later(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _school_year(start: dt.date) -> PeriodSpec:
    """A year from *start*, named after the school year most of it falls in."""
    end = _years_later(start, 1) - dt.timedelta(days=1)
    return PeriodSpec(school_year_name(start + (end - start) / 2), start, end)


@dataclass(frozen=True)
class DemoYear:
    today: dt.date

    @property
    def shift(self) -> dt.timedelta:
        """How far the Dầu Tiếng plan's dates move."""
        registration_last_day = self.today - dt.timedelta(days=REGISTRATION_CLOSED_DAYS_AGO)
        return registration_last_day - SEED_REGISTRATION_LAST_DAY

    def moved(self, seed_day: dt.date) -> dt.date:
        return seed_day + self.shift

    @property
    def current(self) -> PeriodSpec:
        """Seed 003's school year, starting on its first day moved."""
        return _school_year(self.moved(SEED_PERIOD_START))

    @property
    def previous(self) -> PeriodSpec:
        return _school_year(_years_later(self.current.start_date, -1))

    @property
    def periods(self) -> tuple[PeriodSpec, PeriodSpec]:
        return (self.previous, self.current)

    @property
    def first_year(self) -> int:
        """The first year of the current period's name: what "năm học 2023 - 2024" becomes."""
        return int(self.current.name.split("-")[0])

    @property
    def registration_last_day(self) -> dt.date:
        return self.moved(SEED_REGISTRATION_LAST_DAY)

    @property
    def extended_last_day(self) -> dt.date:
        return self.registration_last_day + dt.timedelta(days=EXTENSION_DAYS)

    @property
    def issued_on(self) -> dt.date:
        return self.moved(SEED_ISSUED_ON)
