"""/usuarios: login, the current user, and user management."""

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Request, status
from fastapi.security import OAuth2PasswordRequestForm

from talentmatch.core.dependencies import PageDep, SettingsDep
from talentmatch.core.errors import PermissionDenied
from talentmatch.core.security import create_access_token
from talentmatch.db.dependencies import AuthSessionDep
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

router = APIRouter(prefix="/usuarios", tags=["usuarios"])


@router.post("/login", response_model=Token)
def login(
    request: Request,
    session: AuthSessionDep,
    settings: SettingsDep,
    form: Annotated[OAuth2PasswordRequestForm, Depends()],
) -> Token:
    """Exchange username and password (OAuth2 password form) for a bearer token."""
    user = service.authenticate(
        session=session,
        username=form.username,
        password=form.password,
        client_ip=request.client.host if request.client else None,
        max_failures_per_minute=settings.login_max_failures_per_minute,
    )
    expires_in = timedelta(minutes=settings.access_token_expire_minutes)
    token = create_access_token(
        subject=str(user.id),
        secret=settings.jwt_secret,
        algorithm=settings.jwt_algorithm,
        expires_in=expires_in,
    )
    return Token(access_token=token, expires_in=int(expires_in.total_seconds()))


@router.get("/logado", response_model=UsuarioPublic)
def logged_in_user(user: CurrentUser) -> UsuarioPublic:
    """The user the token belongs to."""
    return UsuarioPublic.model_validate(user, from_attributes=True)


@router.post("/signup", response_model=UsuarioPublic, status_code=status.HTTP_201_CREATED)
def signup(user_in: UsuarioCreate, session: AuthSessionDep, _admin: AdminUser) -> UsuarioPublic:
    """Create a user (admin only); 409 when the username exists."""
    user = service.create_user(session=session, user_in=user_in)
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
    user_id: int, user_in: UsuarioUpdate, session: AuthSessionDep, current: CurrentUser
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
        service.check_current_password(user=current, password=user_in.current_password)
    user = service.get_user(session=session, user_id=user_id)
    user = service.update_user(session=session, user=user, user_in=user_in)
    return UsuarioPublic.model_validate(user, from_attributes=True)


@router.delete("/{user_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_user(user_id: int, session: AuthSessionDep, admin: AdminUser) -> None:
    """Remove a user (admin only)."""
    user = service.get_user(session=session, user_id=user_id)
    service.delete_user(session=session, user=user, acting_user=admin)
