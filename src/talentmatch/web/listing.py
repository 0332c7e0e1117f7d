"""THE listing functions of the list pages (one place each, for the lead to switch).

LEAD (issue 17 merge): `vagas/search.py` and `candidatos/search.py` (full-text search with
filters, another branch) replace these two bodies; the pages pass `filters` through already
(text `q`, cliente, cidade, nivel, status) and show the filter form once `FILTERS_SUPPORTED`
is True. Until then the lists page over every record, by code, with true totals.
"""

from typing import Any

from sqlmodel import Session

from talentmatch.candidatos import service as candidatos
from talentmatch.vagas import service as vagas

FILTERS_SUPPORTED = False


def vagas_page(
    *, session: Session, filters: dict[str, str], offset: int, limit: int
) -> tuple[int, list[dict[str, Any]]]:
    """The total of vagas the filters match and one page of their summaries."""
    rows = vagas.list_vagas(session=session, offset=offset, limit=limit)
    return vagas.count_vagas(session=session), [row.model_dump(mode="json") for row in rows]


def candidatos_page(
    *, session: Session, filters: dict[str, str], offset: int, limit: int
) -> tuple[int, list[dict[str, Any]]]:
    """The total of candidatos the filters match and one page of their summaries."""
    rows = candidatos.list_candidatos(session=session, offset=offset, limit=limit)
    total = candidatos.count_candidatos(session=session)
    return total, [row.model_dump(mode="json") for row in rows]
