"""Storage errors are domain errors with the right HTTP status, and all are StorageErrors."""

import pytest

from talentmatch.core.errors import (
    DomainError,
    InvalidInput,
    NotFound,
    PayloadTooLarge,
    ServiceUnavailable,
)
from talentmatch.storage import (
    InvalidKey,
    ObjectNotFound,
    ObjectTooLarge,
    StorageError,
    StorageUnavailable,
)


@pytest.mark.parametrize(
    ("error", "base", "status"),
    [
        (ObjectNotFound, NotFound, 404),
        (InvalidKey, InvalidInput, 400),
        (ObjectTooLarge, PayloadTooLarge, 413),
        (StorageUnavailable, ServiceUnavailable, 503),
        (StorageError, DomainError, 500),
    ],
)
def test_error_hierarchy_and_status(error: type[StorageError], base: type, status: int) -> None:
    raised = error("message")

    assert isinstance(raised, base)
    assert isinstance(raised, StorageError)
    assert raised.status_code == status
    assert raised.message == "message"
