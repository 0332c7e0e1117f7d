"""/app/vagas/{codigo}/quadro: the pipeline board; a card moved keeps its history and is
refused (409) when someone moved it first (optimistic locking in the prospects service)."""

from typing import Annotated

from fastapi import APIRouter, Form, Path, Request
from starlette.responses import Response

from talentmatch.core.errors import Conflict
from talentmatch.db.dependencies import SystemSessionDep
from talentmatch.db.types import MAX_CODE
from talentmatch.prospects import service as prospects
from talentmatch.prospects import statuses
from talentmatch.prospects.models import STATUS_MAX_LENGTH, ProspectUpdate
from talentmatch.web.auth import LeitorPage, RecrutadorForm
from talentmatch.web.errors import error_page
from talentmatch.web.pages_vagas import stages_of
from talentmatch.web.templating import redirect, render, shown

router = APIRouter(prefix="/app/vagas")

CodigoVaga = Annotated[int, Path(ge=1, le=MAX_CODE)]
Status = Annotated[str, Form(min_length=1, max_length=STATUS_MAX_LENGTH)]


@router.get("/{codigo_vaga}/quadro")
def board(
    codigo_vaga: CodigoVaga, request: Request, session: SystemSessionDep, user: LeitorPage
) -> Response:
    """One column per stage, empty ones too; each card with its history and a move form."""
    group = prospects.get_group(session=session, codigo_vaga=codigo_vaga)
    cards = []
    for member in group.prospects:
        history = prospects.get_history(
            session=session, codigo_vaga=codigo_vaga, codigo_candidato=member.codigo_candidato
        )
        cards.append(history.model_dump(mode="json"))
    columns = stages_of(session, shown(cards, user))
    return render(
        request,
        "board.html",
        {
            "codigo_vaga": codigo_vaga,
            "titulo": group.titulo_vaga,
            "columns": columns,
            "total": len(cards),
            "stage_names": [status.nome for status in statuses.list_statuses(session=session)],
        },
    )


@router.post("/{codigo_vaga}/quadro/mover")
def move_card(
    codigo_vaga: CodigoVaga,
    request: Request,
    session: SystemSessionDep,
    user: RecrutadorForm,
    codigo_candidato: Annotated[int, Form(ge=1, le=MAX_CODE)],
    situacao_candidato: Status,
    situacao_vista: Status,
    comentario: Annotated[str, Form(max_length=10_000)] = "",
) -> Response:
    """Move a card to another stage, as the recruiter saw it: a stale move is refused."""
    target = f"/app/vagas/{codigo_vaga}/quadro"
    try:
        prospects.update_candidate(
            session=session,
            update_in=ProspectUpdate(
                codigo_vaga=codigo_vaga,
                codigo_candidato=codigo_candidato,
                situacao_candidato=situacao_candidato,
                comentario=comentario.strip() or None,
                expected_status=situacao_vista,
            ),
            username=user.username,
        )
    except Conflict as exc:
        # A 409 page naming who moved it where; the board shows the stored state on return.
        return error_page(request, 409, exc.message, back=target)
    return redirect(
        request,
        f"{target}#card-{codigo_candidato}",
        message=f"Candidato {codigo_candidato} movido para '{situacao_candidato}'.",
    )
