"""Pages of a list: `?pagina=N`, a fixed size, the true total."""

from dataclasses import dataclass
from typing import Annotated

from fastapi import Query

PAGE_SIZE = 25
MAX_PAGE = 10**6

PaginaQuery = Annotated[int, Query(ge=1, le=MAX_PAGE)]


@dataclass(frozen=True)
class Paging:
    pagina: int
    total: int
    size: int = PAGE_SIZE

    @property
    def offset(self) -> int:
        return (self.pagina - 1) * self.size

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def first(self) -> int:
        return min(self.total, self.offset + 1)

    @property
    def last(self) -> int:
        return min(self.total, self.offset + self.size)
