"""Errors of the model registry; each maps to an HTTP status via its domain base."""

from talentmatch.core.errors import Conflict, DomainError, InvalidInput, NotFound


class RegistryError(DomainError):
    """The registry failed in a way the client cannot fix (e.g. a corrupted artifact)."""

    status_code = 500


# The specific errors list their HTTP base first so that its status code wins in the MRO,
# while `except RegistryError` still catches every error this package raises.


class ModelNotFound(NotFound, RegistryError):
    """No such model kind or version is published."""


class InvalidModelReference(InvalidInput, RegistryError):
    """A kind, version or file name that is not safe to use as a key or a path."""


class ChecksumMismatch(RegistryError):
    """A file's sha256 differs from the one its manifest recorded: it is not loaded."""


class VersionNotServable(Conflict, RegistryError):
    """A published version that cannot be loaded (damaged file, unreadable artifact): a reload
    to it is refused and neither CURRENT nor the version in service changes."""
