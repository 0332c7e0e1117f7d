"""/app/candidatos: the list and a candidate's page (every section, minimised by role as the
API's answers; recommended vagas with reasons; the pipeline across vagas with history)."""

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from starlette.responses import Response

from talentmatch.auditoria.reads import count_details_read
from talentmatch.candidatos import service as candidatos
from talentmatch.core.errors import ServiceUnavailable
from talentmatch.db.dependencies import AuthSessionDep, SystemSessionDep
from talentmatch.db.types import MAX_CODE
from talentmatch.matching.dependencies import MatchServingDep
from talentmatch.prospects import service as prospects
from talentmatch.recommending import service as recommending
from talentmatch.recommending.dependencies import RecommenderServingDep
from talentmatch.usuarios.models import Perfil
from talentmatch.web import listing
from talentmatch.web.auth import LeitorPage
from talentmatch.web.pages_vagas import label
from talentmatch.web.paging import PaginaQuery, Paging
from talentmatch.web.reasons import sentences
from talentmatch.web.templating import render, shown

router = APIRouter(prefix="/app/candidatos")

CodigoProfissional = Annotated[int, Path(ge=1, le=MAX_CODE)]
RECOMMENDED = 5
SECTION_TITLES = {
    "infos_basicas": "Informações básicas",
    "informacoes_pessoais": "Informações pessoais",
    "informacoes_profissionais": "Informações profissionais",
    "formacao_e_idiomas": "Formação e idiomas",
    "cargo_atual": "Cargo atual",
}


@router.get("")
def candidatos_list(
    request: Request, session: SystemSessionDep, user: LeitorPage, pagina: PaginaQuery = 1
) -> Response:
    """The candidates the search and filters find (all without), a page at a time, with the true
    total (CPFs masked, contacts by role); by relevance when words are given."""
    probe = Paging(pagina=pagina, total=0)
    filters = listing.filters_from(request.query_params, listing.CANDIDATO_FILTERS)
    total, rows = listing.candidatos_page(
        session=session, filters=filters, offset=probe.offset, limit=probe.size
    )
    return render(
        request,
        "candidatos_list.html",
        {
            "rows": shown(rows, user),
            "paging": Paging(pagina=pagina, total=total),
            "filters": filters,
            "filters_query": listing.query_string(filters),
            "choices": listing.candidato_choices(),
        },
    )


def _recommended(
    session: SystemSessionDep,
    recommender: RecommenderServingDep,
    match: MatchServingDep,
    codigo: int,
) -> tuple[list[dict[str, Any]], str | None]:
    try:
        current = recommender.require()
    except ServiceUnavailable as exc:
        return [], exc.message
    answer = recommending.recommend_for_candidato(
        connection=session.connection(),
        current=current,
        match_model=match.model,
        codigo_profissional=codigo,
        k=RECOMMENDED,
    ).model_dump(mode="json")
    for row in answer["data"]:
        row["sentences"] = sentences(row.get("reasons"))
    return answer["data"], answer.get("message")


@router.get("/{codigo_profissional}")
def candidato_page(
    codigo_profissional: CodigoProfissional,
    request: Request,
    session: SystemSessionDep,
    audit_session: AuthSessionDep,
    recommender: RecommenderServingDep,
    match: MatchServingDep,
    user: LeitorPage,
) -> Response:
    """A candidate as the API's details show it to this role, read-limited and audited alike."""
    count_details_read(
        request.app.state.read_meter, audit_session, user, codigo_profissional, via="web"
    )
    details = candidatos.get_candidato_details(
        session=session, codigo_profissional=codigo_profissional
    ).model_dump(mode="json", exclude_unset=True)
    # Minimised as a whole, as the API's middleware does its answer (keys say what a value is).
    details = shown(details, user)
    curriculos = details.pop("curriculos", None) or {}
    sections = [
        (name, SECTION_TITLES.get(name, label(name)), data) for name, data in details.items()
    ]
    pipeline = prospects.candidate_prospects(session=session, codigo_candidato=codigo_profissional)
    recommended: list[dict[str, Any]] = []
    message = None
    if user.perfil.rank >= Perfil.recrutador.rank:  # the API's rule for recommendations
        recommended, message = _recommended(session, recommender, match, codigo_profissional)
    nome = (details.get("infos_basicas") or {}).get("nome")
    return render(
        request,
        "candidato.html",
        {
            "codigo": codigo_profissional,
            "nome": nome,
            "sections": sections,
            "curriculos": curriculos,
            "pipeline": shown([p.model_dump(mode="json") for p in pipeline], user),
            "recommended": shown(recommended, user),
            "recommend_message": message,
            "label": label,
        },
    )
