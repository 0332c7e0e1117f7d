"""Errors raised by the object store; each maps to an HTTP status via its domain base."""

from talentmatch.core.errors import (
    DomainError,
    InvalidInput,
    NotFound,
    PayloadTooLarge,
    PermissionDenied,
    ServiceUnavailable,
)


class StorageError(DomainError):
    """The object store failed in a way the client cannot fix (e.g. access denied)."""

    status_code = 500


# The specific errors list their HTTP base first so that its status code wins in the MRO,
# while `except StorageError` still catches every error this package raises.


class ObjectNotFound(NotFound, StorageError):
    """No object is stored under the key."""


class InvalidKey(InvalidInput, StorageError):
    """The key is not a safe, relative key inside the configured store."""


class ObjectTooLarge(PayloadTooLarge, StorageError):
    """The object is larger than the caller allows."""


class StorageUnavailable(ServiceUnavailable, StorageError):
    """The object store cannot be reached or is not serving right now."""


class ReservedKey(PermissionDenied, StorageError):
    """The key is under a prefix only the service itself writes (models, drift reports)."""
