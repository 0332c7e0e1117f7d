"""Users: creation, login with throttling, updates."""

from datetime import timedelta

from sqlmodel import Session, col, func, select

from talentmatch.core.errors import (
    Conflict,
    NotAuthenticated,
    NotFound,
    PermissionDenied,
    TooManyRequests,
)
from talentmatch.core.security import hash_password, verify_password
from talentmatch.db.types import utcnow
from talentmatch.usuarios.models import (
    LoginAttempt,
    Perfil,
    Usuario,
    UsuarioCreate,
    UsuarioUpdate,
)

BAD_CREDENTIALS = "Usuário ou senha incorretos."
LOGIN_WINDOW = timedelta(minutes=1)


def get_user(*, session: Session, user_id: int) -> Usuario:
    """The user with `user_id`; raises NotFound."""
    user = session.get(Usuario, user_id)
    if user is None:
        raise NotFound(f"Usuário {user_id} não encontrado.")
    return user


def get_user_by_username(*, session: Session, username: str) -> Usuario | None:
    """The user named `username`, or None."""
    return session.exec(select(Usuario).where(Usuario.username == username)).first()


def create_user(*, session: Session, user_in: UsuarioCreate) -> Usuario:
    """A new user with a hashed password; raises Conflict when the username is taken."""
    if get_user_by_username(session=session, username=user_in.username) is not None:
        raise Conflict(f"O usuário '{user_in.username}' já existe.")
    user = Usuario(
        username=user_in.username,
        perfil=user_in.perfil,
        hashed_password=hash_password(user_in.password),
    )
    session.add(user)
    session.commit()
    session.refresh(user)
    return user


def list_users(*, session: Session, offset: int, limit: int) -> tuple[int, list[Usuario]]:
    """The total number of users and one page of them, by id."""
    total = session.exec(select(func.count()).select_from(Usuario)).one()
    users = session.exec(select(Usuario).order_by(col(Usuario.id)).offset(offset).limit(limit))
    return total, list(users.all())


def check_current_password(*, user: Usuario, password: str | None) -> None:
    """Raise PermissionDenied unless `password` is the user's current password."""
    if password is None or not verify_password(password, user.hashed_password):
        raise PermissionDenied("A senha atual (current_password) está incorreta ou ausente.")


def update_user(*, session: Session, user: Usuario, user_in: UsuarioUpdate) -> Usuario:
    """Apply the fields set in `user_in`; a new password is re-hashed."""
    data = user_in.model_dump(exclude_unset=True, exclude_none=True, exclude={"current_password"})
    new_name = data.get("username", user.username)
    if new_name != user.username and get_user_by_username(session=session, username=new_name):
        raise Conflict(f"O usuário '{new_name}' já existe.")
    if "password" in data:
        user.hashed_password = hash_password(data.pop("password"))
    for field, value in data.items():
        setattr(user, field, value)
    session.add(user)
    session.commit()
    session.refresh(user)
    return user


def delete_user(*, session: Session, user: Usuario, acting_user: Usuario) -> None:
    """Remove `user`; an admin cannot remove itself (the service would lose its admin)."""
    if user.id == acting_user.id:
        raise Conflict("Um administrador não pode remover a si mesmo.")
    session.delete(user)
    session.commit()


def authenticate(
    *,
    session: Session,
    username: str,
    password: str,
    client_ip: str | None,
    max_failures_per_minute: int,
) -> Usuario:
    """The user whose credentials these are; raises the same error for any bad pair.

    Failed tries per username are bounded per minute, counted in the database so that
    every replica sees them.
    """
    since = utcnow() - LOGIN_WINDOW
    recent_failures = session.exec(
        select(func.count())
        .select_from(LoginAttempt)
        .where(
            LoginAttempt.username == username,
            col(LoginAttempt.succeeded).is_(False),
            LoginAttempt.at >= since,
        )
    ).one()
    if recent_failures >= max_failures_per_minute:
        raise TooManyRequests("Muitas tentativas de login; tente novamente em um minuto.")

    user = get_user_by_username(session=session, username=username)
    valid = verify_password(password, user.hashed_password if user else None)
    ok = valid and user is not None and user.is_active
    session.add(LoginAttempt(username=username[:255], client_ip=client_ip, succeeded=ok))
    session.commit()
    if not ok or user is None:
        raise NotAuthenticated(BAD_CREDENTIALS)
    return user


def ensure_admin(*, session: Session, username: str, password: str) -> Usuario | None:
    """Create the admin `username` when no user of that name exists; None if it did."""
    if get_user_by_username(session=session, username=username) is not None:
        return None
    return create_user(
        session=session,
        user_in=UsuarioCreate(username=username, password=password, perfil=Perfil.admin),
    )
