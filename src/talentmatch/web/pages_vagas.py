"""/app/vagas: the list, a vaga's page (fields, pipeline by stage, ranked candidates), and
adding a ranked candidate to the vaga's pipeline."""

from collections import defaultdict
from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Request
from starlette.responses import Response

from talentmatch.core.errors import ServiceUnavailable
from talentmatch.db.dependencies import SystemSessionDep
from talentmatch.db.types import MAX_CODE
from talentmatch.matching.dependencies import MatchServingDep
from talentmatch.prospects import service as prospects
from talentmatch.prospects import statuses
from talentmatch.prospects.models import ProspectCreate
from talentmatch.recommending import service as recommending
from talentmatch.recommending.dependencies import RecommenderServingDep
from talentmatch.usuarios.models import Perfil
from talentmatch.vagas import service as vagas
from talentmatch.web import listing
from talentmatch.web.auth import LeitorPage, RecrutadorForm
from talentmatch.web.paging import PaginaQuery, Paging
from talentmatch.web.reasons import sentences
from talentmatch.web.templating import redirect, render, shown

router = APIRouter(prefix="/app/vagas")

CodigoVaga = Annotated[int, Path(ge=1, le=MAX_CODE)]
RANKED = 10
SECTION_TITLES = {
    "infos_basicas": "Informações básicas",
    "perfil": "Perfil da vaga",
    "beneficios": "Benefícios",
}


def label(name: str) -> str:
    """A field's name as a label: `titulo_vaga` → `Titulo vaga`."""
    text = name.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


@router.get("")
def vagas_list(
    request: Request, session: SystemSessionDep, user: LeitorPage, pagina: PaginaQuery = 1
) -> Response:
    """The vagas the search and filters find (all of them without), a page at a time, with the
    true total; by relevance when words are given."""
    probe = Paging(pagina=pagina, total=0)
    filters = listing.filters_from(request.query_params, listing.VAGA_FILTERS)
    total, rows = listing.vagas_page(
        session=session, filters=filters, offset=probe.offset, limit=probe.size
    )
    return render(
        request,
        "vagas_list.html",
        {
            "rows": shown(rows, user),
            "paging": Paging(pagina=pagina, total=total),
            "filters": filters,
            "filters_query": listing.query_string(filters),
            "choices": listing.vaga_choices(session),
        },
    )


def stages_of(
    session: SystemSessionDep, members: list[dict[str, Any]]
) -> list[tuple[str, list[dict[str, Any]]]]:
    """The registered stages in pipeline order, each with its prospects (then any other
    status a record carries)."""
    by_stage: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for member in members:
        by_stage[member.get("situacao_candidato") or "Sem etapa"].append(member)
    names = [status.nome for status in statuses.list_statuses(session=session)]
    names += sorted(name for name in by_stage if name not in names)
    return [(name, by_stage.get(name, [])) for name in names]


def _ranking(
    request: Request,
    session: SystemSessionDep,
    recommender: RecommenderServingDep,
    match: MatchServingDep,
    codigo_vaga: int,
    in_pipeline: set[int],
) -> tuple[list[dict[str, Any]], str | None]:
    try:
        current = recommender.require()
    except ServiceUnavailable as exc:
        return [], exc.message
    ranking = recommending.rank_candidatos(
        connection=session.connection(),
        current=current,
        match_model=match.model,
        codigo_vaga=codigo_vaga,
        k=RANKED,
    ).model_dump(mode="json")
    rows = []
    for row in ranking["data"]:
        row["sentences"] = sentences(row.get("reasons"))
        row["in_pipeline"] = row["codigo_profissional"] in in_pipeline
        rows.append(row)
    return rows, ranking.get("message")


@router.get("/{codigo_vaga}")
def vaga_page(
    codigo_vaga: CodigoVaga,
    request: Request,
    session: SystemSessionDep,
    recommender: RecommenderServingDep,
    match: MatchServingDep,
    user: LeitorPage,
) -> Response:
    """Every field of the vaga, its pipeline by stage, and (recrutador and up: the API's rule
    for recommendations) the ranked candidates with their reasons."""
    sections = vagas.get_vaga_sections(session=session, codigo_vaga=codigo_vaga)
    # Minimised as a whole, as the API's middleware does its answer (keys say what a value is).
    sections = shown(sections.model_dump(mode="json"), user)
    group = prospects.get_group(session=session, codigo_vaga=codigo_vaga).model_dump(mode="json")
    members = group["prospects"]
    ranked: list[dict[str, Any]] = []
    ranking_message = None
    if user.perfil.rank >= Perfil.recrutador.rank:
        in_pipeline = {member["codigo_candidato"] for member in members}
        ranked, ranking_message = _ranking(
            request, session, recommender, match, codigo_vaga, in_pipeline
        )
    titulo = (sections.get("infos_basicas") or {}).get("titulo_vaga")
    ordered = [
        (name, SECTION_TITLES.get(name, label(name)), data) for name, data in sections.items()
    ]
    return render(
        request,
        "vaga.html",
        {
            "codigo_vaga": codigo_vaga,
            "titulo": titulo,
            "sections": ordered,
            "stages": [
                (name, items) for name, items in stages_of(session, shown(members, user)) if items
            ],
            "ranked": shown(ranked, user),
            "ranking_message": ranking_message,
            "label": label,
        },
    )


@router.post("/{codigo_vaga}/pipeline")
def add_to_pipeline(
    codigo_vaga: CodigoVaga,
    request: Request,
    session: SystemSessionDep,
    user: RecrutadorForm,
    codigo_candidato: Annotated[int, Form(ge=1, le=MAX_CODE)],
) -> Response:
    """Put a candidate in this vaga's pipeline (the prospects service: 404 / 409 as the API)."""
    prospects.add_candidate(
        session=session,
        prospect_in=ProspectCreate(codigo_vaga=codigo_vaga, codigo_candidato=codigo_candidato),
        username=user.username,
    )
    return redirect(
        request,
        f"/app/vagas/{codigo_vaga}#pipeline",
        message=f"Candidato {codigo_candidato} adicionado ao pipeline da vaga.",
    )
