"""Paging through a query without counting the whole table."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

MAX_PAGE = 1_000_000


@dataclass
class Page:
    """One page of results and whether another follows."""

    items: list[Any]
    page: int
    per_page: int
    has_next: bool

    @property
    def has_prev(self) -> bool:
        return self.page > 1


def paginate(session: Session, query, page: int, per_page: int) -> Page:
    """Fetch one page (1-based), reading one row more to know if there is a next."""
    page = max(page, 1)
    rows = list(session.scalars(query.limit(per_page + 1).offset((page - 1) * per_page)))
    return Page(items=rows[:per_page], page=page, per_page=per_page, has_next=len(rows) > per_page)


def page_args(args, default_per_page: int, max_per_page: int) -> tuple[int, int]:
    """Read `page` and `per_page` from query arguments, clamped to sane values."""
    def number(name: str, default: int) -> int:
        raw = args.get(name, "")
        return min(int(raw), MAX_PAGE) if raw.isdigit() and int(raw) > 0 else default

    return number("page", 1), min(number("per_page", default_per_page), max_per_page)
