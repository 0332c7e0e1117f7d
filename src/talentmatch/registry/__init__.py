"""Model registry: versioned artifacts with manifests in the object store, cached locally."""

from talentmatch.registry.errors import (
    ChecksumMismatch,
    InvalidModelReference,
    ModelNotFound,
    RegistryError,
    VersionNotServable,
)
from talentmatch.registry.registry import (
    CURRENT,
    MAIN_ARTIFACT,
    MANIFEST,
    LoadedVersion,
    ModelRegistry,
    library_versions,
    sha256_file,
)

__all__ = [
    "CURRENT",
    "MAIN_ARTIFACT",
    "MANIFEST",
    "ChecksumMismatch",
    "InvalidModelReference",
    "LoadedVersion",
    "ModelNotFound",
    "ModelRegistry",
    "RegistryError",
    "VersionNotServable",
    "library_versions",
    "sha256_file",
]
