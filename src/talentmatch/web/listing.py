"""The listing functions of the list pages: the full-text search services with the page's
filters (the same functions as `GET /candidatos/search` and `GET /vagas/search`)."""

from typing import Any, Final
from urllib.parse import urlencode

from pydantic import ValidationError
from sqlmodel import Session

from talentmatch.candidatos.search import CandidatoSearch, search_candidatos
from talentmatch.core.errors import InvalidInput
from talentmatch.core.levels import NIVEIS_ACADEMICOS, NIVEIS_IDIOMA, NIVEIS_PROFISSIONAIS
from talentmatch.prospects.search import VagaPipelineSearch, search_vagas_in_pipeline
from talentmatch.prospects.statuses import list_statuses

VAGA_FILTERS: Final = ("q", "cliente", "cidade", "nivel_profissional", "status")
CANDIDATO_FILTERS: Final = ("q", "cidade", "nivel_profissional", "nivel_academico", "nivel_ingles")


def filters_from(params: Any, names: tuple[str, ...]) -> dict[str, str]:
    """The non-empty filters of a list page's query string."""
    values = {name: str(params.get(name, "")).strip() for name in names}
    return {name: value for name, value in values.items() if value}


def query_string(filters: dict[str, str]) -> str:
    """The filters as the paging links carry them (`&q=...`), empty without filters."""
    return f"&{urlencode(filters)}" if filters else ""


def _checked(model: type[Any], filters: dict[str, str]) -> Any:
    try:
        return model(**filters)
    except ValidationError as exc:
        fields = ", ".join(str(error["loc"][-1]) for error in exc.errors())
        raise InvalidInput(f"Filtro inválido: {fields}.") from exc


def vagas_page(
    *, session: Session, filters: dict[str, str], offset: int, limit: int
) -> tuple[int, list[dict[str, Any]]]:
    """The total of vagas the filters match and one page of them (by relevance with words)."""
    query = _checked(VagaPipelineSearch, filters)
    page = search_vagas_in_pipeline(session=session, query=query, offset=offset, limit=limit)
    return page.total, [row.model_dump(mode="json") for row in page.data]


def candidatos_page(
    *, session: Session, filters: dict[str, str], offset: int, limit: int
) -> tuple[int, list[dict[str, Any]]]:
    """The total of candidatos the filters match and one page of them."""
    query = _checked(CandidatoSearch, filters)
    page = search_candidatos(session=session, query=query, offset=offset, limit=limit)
    return page.total, [row.model_dump(mode="json") for row in page.data]


def vaga_choices(session: Session) -> dict[str, list[str]]:
    """The values the vagas page's selects offer."""
    statuses = [status.nome for status in list_statuses(session=session)]
    return {"nivel_profissional": list(NIVEIS_PROFISSIONAIS), "status": statuses}


def candidato_choices() -> dict[str, list[str]]:
    """The values the candidatos page's selects offer."""
    return {
        "nivel_profissional": list(NIVEIS_PROFISSIONAIS),
        "nivel_academico": list(NIVEIS_ACADEMICOS),
        "nivel_ingles": list(NIVEIS_IDIOMA),
    }
