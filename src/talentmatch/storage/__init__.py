"""Object storage: one interface over a local folder or an S3 bucket."""

from talentmatch.storage.base import ObjectInfo, ObjectStore, check_size
from talentmatch.storage.errors import (
    InvalidKey,
    ObjectNotFound,
    ObjectTooLarge,
    StorageError,
    StorageUnavailable,
)
from talentmatch.storage.factory import store_from_url
from talentmatch.storage.keys import validate_key, validate_prefix
from talentmatch.storage.local import LocalObjectStore
from talentmatch.storage.s3 import S3ObjectStore, make_s3_client

__all__ = [
    "InvalidKey",
    "LocalObjectStore",
    "ObjectInfo",
    "ObjectNotFound",
    "ObjectStore",
    "ObjectTooLarge",
    "S3ObjectStore",
    "StorageError",
    "StorageUnavailable",
    "check_size",
    "make_s3_client",
    "store_from_url",
    "validate_key",
    "validate_prefix",
]
