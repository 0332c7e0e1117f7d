"""The current user and role checks, as `Annotated` dependency aliases."""

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import OAuth2PasswordBearer

from talentmatch.core.dependencies import SettingsDep
from talentmatch.core.errors import NotAuthenticated, PermissionDenied
from talentmatch.core.security import decode_access_token, user_id_of
from talentmatch.db.dependencies import AuthSessionDep
from talentmatch.db.types import MAX_CODE
from talentmatch.usuarios.models import Perfil, Usuario

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/api/v1/usuarios/login", auto_error=False)


def get_current_user(
    request: Request,
    session: AuthSessionDep,
    settings: SettingsDep,
    token: Annotated[str | None, Depends(oauth2_scheme)],
) -> Usuario:
    """The active user the bearer token names, at the user's current token version; 401
    otherwise (a logout, a change of password, role or state revokes older tokens)."""
    if not token:
        raise NotAuthenticated("Não autenticado: envie um token Bearer.")
    claims = decode_access_token(
        token, secret=settings.jwt_secret, algorithm=settings.jwt_algorithm
    )
    user_id = user_id_of(claims.subject, MAX_CODE)
    user = session.get(Usuario, user_id) if user_id is not None else None
    if user is None or not user.is_active or claims.version != user.token_version:
        raise NotAuthenticated("Token revogado, ou usuário inexistente ou inativo.")
    # What the answer's data minimisation goes by (candidatos.masking).
    request.state.perfil_rank = user.perfil.rank
    return user


CurrentUser = Annotated[Usuario, Depends(get_current_user)]


def require_perfil(minimum: Perfil) -> Callable[[Usuario], Usuario]:
    """A dependency that admits users whose role is at least `minimum`."""

    def check(user: CurrentUser) -> Usuario:
        if user.perfil.rank < minimum.rank:
            raise PermissionDenied(f"Esta operação exige o perfil '{minimum.value}' ou superior.")
        return user

    return check


LeitorUser = Annotated[Usuario, Depends(require_perfil(Perfil.leitor))]
RecrutadorUser = Annotated[Usuario, Depends(require_perfil(Perfil.recrutador))]
require_admin = require_perfil(Perfil.admin)
AdminUser = Annotated[Usuario, Depends(require_admin)]
