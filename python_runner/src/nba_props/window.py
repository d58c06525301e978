"""The game-date window of a dbt build, checked and turned into dbt's inputs in one place.

``dbt_project.yml`` reads the window vars (``start_date``, ``end_date``, ``known_before``,
``run_date``) from environment variables, so the runner hands them over that way: a changed
environment variable makes dbt re-parse only the files that use it, where a new ``--vars``
value re-parses the whole project.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

#: Each window var and the environment variable dbt_project.yml reads it from (empty: the
#: project default, every date / no cut / today).
WINDOW_ENVIRONMENT = {
    "start_date": "NBA_PROPS_START_DATE",
    "end_date": "NBA_PROPS_END_DATE",
    "known_before": "NBA_PROPS_KNOWN_BEFORE",
    "run_date": "NBA_PROPS_RUN_DATE",
}


@dataclass(frozen=True)
class BuildWindow:
    """The game dates a build recomputes (inclusive; None: unbounded), what the raw data may
    know (``known_before``: nothing dated on or after it) and the run date of the same-day
    freshness test.

    Raises:
        ValueError: ``start`` is after ``end``.
    """

    start: date | None = None
    end: date | None = None
    known_before: date | None = None
    run_date: date | None = None

    def __post_init__(self) -> None:
        if self.start is not None and self.end is not None and self.start > self.end:
            raise ValueError(f"start date {self.start} is after end date {self.end}")

    @classmethod
    def morning_of(cls, day: date) -> BuildWindow:
        """The build of game day D's morning: D-1..D, raw data known before D, run date D
        (D-1 is in it so that its box scores, known by then, are graded)."""
        return cls(start=day - timedelta(days=1), end=day, known_before=day, run_date=day)

    def bounds(self) -> tuple[date, date]:
        """``(start, end)`` of a window that must have both (walk-forward, evaluation).

        Raises:
            ValueError: an end is missing.
        """
        if self.start is None or self.end is None:
            raise ValueError(f"the window {self} needs a start and an end date")
        return self.start, self.end

    def dbt_vars(self) -> dict[str, str]:
        """The window as dbt vars (only what is given)."""
        values = {
            "start_date": self.start,
            "end_date": self.end,
            "known_before": self.known_before,
            "run_date": self.run_date,
        }
        return {key: value.isoformat() for key, value in values.items() if value is not None}

    def environment(self) -> dict[str, str]:
        """The environment variables dbt reads the window from. Every one is set (empty when
        not given), so a window left in the process environment never narrows a later build."""
        given = self.dbt_vars()
        return {env: given.get(key, "") for key, env in WINDOW_ENVIRONMENT.items()}

    def __str__(self) -> str:
        return f"{self.start or 'first date'}..{self.end or 'last date'}"
