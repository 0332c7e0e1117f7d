"""/app/usuarios (admin): the users, creating one (the API's rules: `UsuarioCreate`), changing
a user's perfil, deactivating/reactivating and removing, each through the `usuarios` service
the API's routes call and with the same audit event. The service revokes the user's tokens
and web sessions on a change of role or state (its token version moves on) and refuses to
leave the service without an active admin (409, shown as the API says it)."""

from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Request
from pydantic import ValidationError
from starlette.responses import Response

from talentmatch.auditoria.models import AuditAction
from talentmatch.auditoria.service import record
from talentmatch.db.dependencies import AuthSessionDep
from talentmatch.db.types import MAX_CODE
from talentmatch.usuarios import service
from talentmatch.usuarios.models import Perfil, Usuario, UsuarioCreate, UsuarioUpdate
from talentmatch.web.auth import AdminForm, AdminPage
from talentmatch.web.paging import PaginaQuery, Paging
from talentmatch.web.templating import PERFIL_LABELS, redirect, render

router = APIRouter(prefix="/app/usuarios")

UserId = Annotated[int, Path(ge=1, le=MAX_CODE)]
FIELD_MESSAGES = {
    "username": "O nome de usuário precisa ter de 3 a 64 caracteres.",
    "password": "A senha precisa ter de 8 a 128 caracteres.",
    "perfil": "Perfil inválido.",
}


def validation_messages(exc: ValidationError) -> list[str]:
    """The Portuguese message of each invalid field (a validator's own text when it has one)."""
    messages = []
    for error in exc.errors():
        field = str(error["loc"][-1]) if error["loc"] else ""
        if error["type"] == "value_error":
            text = str(error["msg"]).removeprefix("Value error, ")
            messages.append(text[:1].upper() + text[1:] + ".")
        else:
            messages.append(FIELD_MESSAGES.get(field, f"Campo inválido: {field}."))
    return messages


def _listing(
    request: Request,
    session: Any,
    pagina: int,
    *,
    errors: list[str] | None = None,
    entered: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    probe = Paging(pagina=pagina, total=0)
    total, users = service.list_users(session=session, offset=probe.offset, limit=probe.size)
    return render(
        request,
        "usuarios.html",
        {
            "users": users,
            "paging": Paging(pagina=pagina, total=total),
            "filters_query": "",
            "perfis": [(perfil.value, PERFIL_LABELS[perfil]) for perfil in Perfil],
            "errors": errors or [],
            "entered": entered or {},
        },
        status_code=status_code,
    )


@router.get("")
def users_page(
    request: Request, session: AuthSessionDep, user: AdminPage, pagina: PaginaQuery = 1
) -> Response:
    """The users by id, 25 a page with the total, each with its forms; the creation form."""
    return _listing(request, session, pagina)


@router.post("")
def create_user_page(
    request: Request,
    session: AuthSessionDep,
    admin: AdminForm,
    username: Annotated[str, Form(max_length=256)],
    password: Annotated[str, Form(max_length=256)],
    perfil: Annotated[str, Form(max_length=32)] = Perfil.leitor.value,
) -> Response:
    """Create a user as `POST /api/v1/usuarios/signup` (409 when the name exists); an invalid
    field shows the form again with its message and writes nothing."""
    try:
        user_in = UsuarioCreate(username=username, password=password, perfil=perfil)  # type: ignore[arg-type]
    except ValidationError as exc:
        return _listing(
            request,
            session,
            1,
            errors=validation_messages(exc),
            entered={"username": username, "perfil": perfil},
            status_code=400,
        )
    user = service.create_user(session=session, user_in=user_in)
    record(
        session,
        action=AuditAction.usuario_criado,
        actor=admin,
        target=f"usuario:{user.id}",
        details={"username": user.username, "perfil": user.perfil.value, "via": "web"},
    )
    return redirect(request, "/app/usuarios", message=f"Usuário '{user.username}' criado.")


def _update(session: Any, admin: Usuario, user_id: int, user_in: UsuarioUpdate) -> Usuario:
    """As `PUT /api/v1/usuarios/{id}` by an admin: the change and its audit event."""
    changes = user_in.model_dump(exclude_unset=True)
    user = service.get_user(session=session, user_id=user_id)
    user = service.update_user(session=session, user=user, user_in=user_in)
    details: dict[str, object] = {"campos": sorted(changes), "via": "web"}
    if "perfil" in changes:
        details["perfil"] = user.perfil.value
    record(
        session,
        action=AuditAction.usuario_alterado,
        actor=admin,
        target=f"usuario:{user_id}",
        details=details,
    )
    return user


@router.post("/{user_id}/perfil")
def change_role_page(
    user_id: UserId,
    request: Request,
    session: AuthSessionDep,
    admin: AdminForm,
    perfil: Annotated[Perfil, Form()],
) -> Response:
    """Change a user's perfil; its sessions and tokens end (the last admin stays: 409)."""
    user = _update(session, admin, user_id, UsuarioUpdate(perfil=perfil))
    label = PERFIL_LABELS[user.perfil]
    return redirect(
        request, "/app/usuarios", message=f"Perfil de '{user.username}' agora é {label}."
    )


@router.post("/{user_id}/ativo")
def change_state_page(
    user_id: UserId,
    request: Request,
    session: AuthSessionDep,
    admin: AdminForm,
    ativo: Annotated[bool, Form()],
) -> Response:
    """Deactivate (its sessions and tokens end) or reactivate a user."""
    user = _update(session, admin, user_id, UsuarioUpdate(is_active=ativo))
    state = "reativado" if user.is_active else "desativado"
    return redirect(request, "/app/usuarios", message=f"Usuário '{user.username}' {state}.")


@router.post("/{user_id}/remover")
def delete_user_page(
    user_id: UserId, request: Request, session: AuthSessionDep, admin: AdminForm
) -> Response:
    """Remove a user as `DELETE /api/v1/usuarios/{id}` (not oneself, not the last admin)."""
    user = service.get_user(session=session, user_id=user_id)
    username = user.username
    service.delete_user(session=session, user=user, acting_user=admin)
    record(
        session,
        action=AuditAction.usuario_removido,
        actor=admin,
        target=f"usuario:{user_id}",
        details={"username": username, "via": "web"},
    )
    return redirect(request, "/app/usuarios", message=f"Usuário '{username}' removido.")
