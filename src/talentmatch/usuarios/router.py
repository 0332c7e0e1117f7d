"""/usuarios: login, the current user, and user management."""

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Path, Request, status

from talentmatch.auditoria.models import AuditAction
from talentmatch.auditoria.service import record
from talentmatch.core.dependencies import PageDep, SettingsDep
from talentmatch.core.errors import NotAuthenticated, PermissionDenied
from talentmatch.core.security import create_access_token
from talentmatch.db.dependencies import AuthSessionDep
from talentmatch.db.types import MAX_CODE
from talentmatch.usuarios import service
from talentmatch.usuarios.dependencies import AdminUser, CurrentUser
from talentmatch.usuarios.models import (
    Perfil,
    Token,
    UsuarioCreate,
    UsuarioPublic,
    UsuariosPage,
    UsuarioUpdate,
)
from talentmatch.usuarios.throttle import ThrottlePolicy

router = APIRouter(prefix="/usuarios", tags=["usuarios"])

UserId = Annotated[int, Path(ge=1, le=MAX_CODE)]


class LoginForm:
    """The OAuth2 password form, with the lengths a stored user can have (no hashing of 1 MB)."""

    def __init__(
        self,
        username: Annotated[str, Form(min_length=1, max_length=64)],
        password: Annotated[
            str, Form(min_length=1, max_length=128, json_schema_extra={"format": "password"})
        ],
        grant_type: Annotated[str | None, Form(pattern="^password$")] = None,
        scope: Annotated[str, Form(max_length=1000)] = "",
    ) -> None:
        self.username = username
        self.password = password
        self.scopes = scope.split()


def _policy(settings: SettingsDep) -> ThrottlePolicy:
    return ThrottlePolicy(
        per_client=settings.login_max_failures_per_minute,
        per_username=settings.login_max_failures_per_username_per_minute,
    )


PolicyDep = Annotated[ThrottlePolicy, Depends(_policy)]


def _client_ip(request: Request) -> str | None:
    return request.client.host if request.client else None


@router.post("/login", response_model=Token)
def login(
    request: Request,
    session: AuthSessionDep,
    settings: SettingsDep,
    policy: PolicyDep,
    form: Annotated[LoginForm, Depends()],
) -> Token:
    """Exchange username and password (OAuth2 password form) for a bearer token.

    429 with Retry-After when the throttle or the bound on concurrent password checks
    refuses the try (refused tries are not audited: they cost nothing and leave no row).
    """
    try:
        user = service.authenticate(
            session=session,
            username=form.username,
            password=form.password,
            client_ip=_client_ip(request),
            policy=policy,
        )
    except NotAuthenticated:
        # Audited with the username tried (never the password), then answered as before.
        record(
            session,
            action=AuditAction.login_falhou,
            actor_username=form.username,
            details={"motivo": "credenciais"},
        )
        raise
    record(session, action=AuditAction.login_ok, actor=user, target=f"usuario:{user.id}")
    expires_in = timedelta(minutes=settings.access_token_expire_minutes)
    token = create_access_token(
        subject=str(user.id),
        secret=settings.jwt_secret,
        algorithm=settings.jwt_algorithm,
        expires_in=expires_in,
        version=user.token_version,
    )
    return Token(access_token=token, expires_in=int(expires_in.total_seconds()))


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT)
def logout(session: AuthSessionDep, user: CurrentUser) -> None:
    """Revoke the token (and every other token of the same user) at once."""
    service.logout(session=session, user=user)
    record(session, action=AuditAction.logout, actor=user, target=f"usuario:{user.id}")


@router.get("/logado", response_model=UsuarioPublic)
def logged_in_user(user: CurrentUser) -> UsuarioPublic:
    """The user the token belongs to."""
    return UsuarioPublic.model_validate(user, from_attributes=True)


@router.post("/signup", response_model=UsuarioPublic, status_code=status.HTTP_201_CREATED)
def signup(user_in: UsuarioCreate, session: AuthSessionDep, admin: AdminUser) -> UsuarioPublic:
    """Create a user (admin only); 409 when the username exists."""
    user = service.create_user(session=session, user_in=user_in)
    record(
        session,
        action=AuditAction.usuario_criado,
        actor=admin,
        target=f"usuario:{user.id}",
        details={"username": user.username, "perfil": user.perfil.value},
    )
    return UsuarioPublic.model_validate(user, from_attributes=True)


@router.get("/list", response_model=UsuariosPage)
def list_users(session: AuthSessionDep, page: PageDep, _admin: AdminUser) -> UsuariosPage:
    """Users, paginated (admin only)."""
    total, users = service.list_users(session=session, offset=page.offset, limit=page.limit)
    return UsuariosPage(
        total=total,
        offset=page.offset,
        limit=page.limit,
        data=[UsuarioPublic.model_validate(u, from_attributes=True) for u in users],
    )


@router.put("/{user_id}", response_model=UsuarioPublic)
def update_user(
    user_id: UserId,
    user_in: UsuarioUpdate,
    request: Request,
    session: AuthSessionDep,
    current: CurrentUser,
    policy: PolicyDep,
) -> UsuarioPublic:
    """Partial update: an admin changes anything; a user only its own password.

    A user changing its own password must give the current one (a stolen token alone
    cannot take over the account).
    """
    changes = user_in.model_dump(exclude_unset=True)
    if current.perfil != Perfil.admin and (
        user_id != current.id or set(changes) - {"password", "current_password"}
    ):
        raise PermissionDenied("Apenas um administrador altera outros dados ou usuários.")
    if user_id == current.id and "password" in changes:
        service.check_current_password(
            session=session,
            user=current,
            password=user_in.current_password,
            client_ip=_client_ip(request),
            policy=policy,
        )
    user = service.get_user(session=session, user_id=user_id)
    user = service.update_user(session=session, user=user, user_in=user_in)
    # The names of the fields changed, and the new role; never a password.
    details: dict[str, object] = {"campos": sorted(set(changes) - {"current_password"})}
    if "perfil" in changes:
        details["perfil"] = user.perfil.value
    record(
        session,
        action=AuditAction.usuario_alterado,
        actor=current,
        target=f"usuario:{user_id}",
        details=details,
    )
    return UsuarioPublic.model_validate(user, from_attributes=True)


@router.delete("/{user_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_user(user_id: UserId, session: AuthSessionDep, admin: AdminUser) -> None:
    """Remove a user (admin only)."""
    user = service.get_user(session=session, user_id=user_id)
    username = user.username
    service.delete_user(session=session, user=user, acting_user=admin)
    record(
        session,
        action=AuditAction.usuario_removido,
        actor=admin,
        target=f"usuario:{user_id}",
        details={"username": username},
    )
