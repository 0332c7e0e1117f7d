"""The current user and role checks, as `Annotated` dependency aliases."""

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends
from fastapi.security import OAuth2PasswordBearer

from talentmatch.core.dependencies import SettingsDep
from talentmatch.core.errors import NotAuthenticated, PermissionDenied
from talentmatch.core.security import decode_access_token
from talentmatch.db.dependencies import AuthSessionDep
from talentmatch.usuarios.models import Perfil, Usuario

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/api/v1/usuarios/login", auto_error=False)


def get_current_user(
    session: AuthSessionDep,
    settings: SettingsDep,
    token: Annotated[str | None, Depends(oauth2_scheme)],
) -> Usuario:
    """The active user the bearer token names; 401 otherwise."""
    if not token:
        raise NotAuthenticated("Não autenticado: envie um token Bearer.")
    subject = decode_access_token(
        token, secret=settings.jwt_secret, algorithm=settings.jwt_algorithm
    )
    user = session.get(Usuario, int(subject)) if subject.isdigit() else None
    if user is None or not user.is_active:
        raise NotAuthenticated("Usuário do token não existe ou está inativo.")
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
AdminUser = Annotated[Usuario, Depends(require_perfil(Perfil.admin))]
