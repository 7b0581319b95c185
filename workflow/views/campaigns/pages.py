"""A page of a list already in memory (the overdue nominations), with the attributes the pagination macro
reads, so a long list is paged like the database-backed ones."""
import math
from collections.abc import Sequence
from typing import Any

MAX_PAGE = 100_000


class ListPage:
    def __init__(self, items: Sequence[Any], page: int, per_page: int) -> None:
        self.total, self.per_page = len(items), per_page
        self.pages = max(1, math.ceil(self.total / per_page))
        self.page = min(max(page, 1), self.pages, MAX_PAGE)
        start = (self.page - 1) * per_page
        self.items = list(items[start:start + per_page])

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1
