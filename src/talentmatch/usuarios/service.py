"""Users: creation, login with throttling, updates."""

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, select

from talentmatch.core.errors import (
    Conflict,
    NotAuthenticated,
    NotFound,
    PermissionDenied,
    TooManyRequests,
)
from talentmatch.core.security import hash_password, verify_password
from talentmatch.usuarios import throttle
from talentmatch.usuarios.models import (
    Perfil,
    Usuario,
    UsuarioCreate,
    UsuarioUpdate,
    normalize_username,
)

BAD_CREDENTIALS = "Usuário ou senha incorretos."
# Changes that revoke every token the user holds.
REVOKING_FIELDS = {"perfil", "is_active"}


def get_user(*, session: Session, user_id: int) -> Usuario:
    """The user with `user_id`; raises NotFound."""
    user = session.get(Usuario, user_id)
    if user is None:
        raise NotFound(f"Usuário {user_id} não encontrado.")
    return user


def get_user_by_username(*, session: Session, username: str) -> Usuario | None:
    """The user named `username` (compared in its normalised form), or None."""
    canonical = normalize_username(username)
    user = session.exec(select(Usuario).where(Usuario.username == canonical)).first()
    if user is None and canonical != username:  # a row stored before names were normalised
        user = session.exec(select(Usuario).where(Usuario.username == username)).first()
    return user


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
    try:
        session.commit()
    except IntegrityError as exc:  # a concurrent signup of the same name committed first
        session.rollback()
        raise Conflict(f"O usuário '{user_in.username}' já existe.") from exc
    session.refresh(user)
    return user


def list_users(*, session: Session, offset: int, limit: int) -> tuple[int, list[Usuario]]:
    """The total number of users and one page of them, by id."""
    total = session.exec(select(func.count()).select_from(Usuario)).one()
    users = session.exec(select(Usuario).order_by(col(Usuario.id)).offset(offset).limit(limit))
    return total, list(users.all())


def check_current_password(
    *,
    session: Session,
    user: Usuario,
    password: str | None,
    client_ip: str | None,
    policy: throttle.ThrottlePolicy,
) -> None:
    """Raise PermissionDenied unless `password` is the user's current password.

    Throttled as logins are (same counters), so a stolen token cannot guess it quickly.
    """
    if password is None:
        raise PermissionDenied("A senha atual (current_password) está incorreta ou ausente.")
    attempt = throttle.admit(session, username=user.username, client_ip=client_ip, policy=policy)
    try:
        valid = verify_password(password, user.hashed_password)
    except TooManyRequests:
        throttle.forget(session, attempt)
        raise
    throttle.settle(session, attempt, succeeded=valid)
    if not valid:
        raise PermissionDenied("A senha atual (current_password) está incorreta ou ausente.")


def _other_active_admins(session: Session, user: Usuario) -> int:
    query = select(func.count()).select_from(Usuario)
    return session.exec(
        query.where(
            Usuario.perfil == Perfil.admin,
            col(Usuario.is_active).is_(True),
            Usuario.id != user.id,
        )
    ).one()


def _keep_an_admin(session: Session, user: Usuario, *, leaves: bool) -> None:
    """Conflict when `user` is the last active admin and the change takes that away."""
    last = leaves and user.perfil == Perfil.admin and user.is_active
    if last and _other_active_admins(session, user) == 0:
        raise Conflict("O serviço precisa de ao menos um administrador ativo.")


def update_user(*, session: Session, user: Usuario, user_in: UsuarioUpdate) -> Usuario:
    """Apply the fields set in `user_in`; a new password is re-hashed.

    A change of password, role, state or name revokes the user's tokens; the last active
    admin cannot be demoted or deactivated.
    """
    data = user_in.model_dump(exclude_unset=True, exclude_none=True, exclude={"current_password"})
    new_name = data.get("username", user.username)
    if new_name != user.username and get_user_by_username(session=session, username=new_name):
        raise Conflict(f"O usuário '{new_name}' já existe.")
    leaves = data.get("perfil", Perfil.admin) != Perfil.admin or data.get("is_active") is False
    _keep_an_admin(session, user, leaves=leaves)
    if "password" in data:
        user.hashed_password = hash_password(data.pop("password"))
        user.token_version += 1
    changed = {f for f, value in data.items() if getattr(user, f) != value}
    if changed & REVOKING_FIELDS:
        user.token_version += 1
    for field, value in data.items():
        setattr(user, field, value)
    session.add(user)
    try:
        session.commit()
    except IntegrityError as exc:  # a concurrent change took the same name first
        session.rollback()
        raise Conflict(f"O usuário '{new_name}' já existe.") from exc
    session.refresh(user)
    return user


def delete_user(*, session: Session, user: Usuario, acting_user: Usuario) -> None:
    """Remove `user`; an admin cannot remove itself (the service would lose its admin)."""
    if user.id == acting_user.id:
        raise Conflict("Um administrador não pode remover a si mesmo.")
    _keep_an_admin(session, user, leaves=True)
    session.delete(user)
    session.commit()


def logout(*, session: Session, user: Usuario) -> None:
    """Revoke every token `user` holds (its token version moves on)."""
    user.token_version += 1
    session.add(user)
    session.commit()


def authenticate(
    *,
    session: Session,
    username: str,
    password: str,
    client_ip: str | None,
    policy: throttle.ThrottlePolicy,
) -> Usuario:
    """The user whose credentials these are; raises the same error for any bad pair.

    Tries are throttled by username and client address (`throttle`), counted atomically
    in the database so that every replica sees them.
    """
    attempt = throttle.admit(
        session, username=normalize_username(username), client_ip=client_ip, policy=policy
    )
    user = get_user_by_username(session=session, username=username)
    try:
        valid = verify_password(password, user.hashed_password if user else None)
    except TooManyRequests:
        throttle.forget(session, attempt)  # not checked: no failure to count
        raise
    ok = valid and user is not None and user.is_active
    throttle.settle(session, attempt, succeeded=ok)
    if not ok or user is None:
        raise NotAuthenticated(BAD_CREDENTIALS)
    return user


def ensure_admin(*, session: Session, username: str, password: str) -> Usuario | None:
    """Create the admin `username` when no user of that name exists; None if it did.

    Safe when several processes start at once (replicas, or workers of one server): the
    unique username lets one of them create it, the others find it taken and carry on.
    """
    if get_user_by_username(session=session, username=username) is not None:
        return None
    try:
        return create_user(
            session=session,
            user_in=UsuarioCreate(username=username, password=password, perfil=Perfil.admin),
        )
    except Conflict:  # another process created it between the check and the insert
        return None
