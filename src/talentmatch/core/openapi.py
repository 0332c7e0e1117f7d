"""The OpenAPI schema, with the error answers every operation can give documented once.

Routes document their own successes and special errors (`responses=`); the errors that come
from shared machinery (authentication, roles, the body limit, a database that is down, a
record that is not there) are added here to every operation they apply to, so that the schema
lists every status the API answers (checked by tests/test_fuzz.py).
"""

from typing import Any

ERROR_SCHEMA = "ErrorMessage"
_ERROR_REF = {"$ref": f"#/components/schemas/{ERROR_SCHEMA}"}
_VALIDATION_REF = {"$ref": "#/components/schemas/HTTPValidationError"}
_METHODS = ("get", "post", "put", "patch", "delete")

_DESCRIPTIONS = {
    "400": "Dados inválidos, campo obrigatório ausente ou código inválido",
    "401": "Token ausente, inválido ou expirado (ou usuário e senha incorretos)",
    "403": "Perfil sem permissão para esta operação",
    "404": "Registro não encontrado",
    "409": "Conflito com o estado atual (registro já existe)",
    "413": "Corpo da requisição maior que MAX_BODY_BYTES",
    "429": "Tentativas demais; aguarde",
    "503": "Banco de dados ou modelo indisponível no momento",
}


def _error_statuses(path: str, method: str, operation: dict[str, Any]) -> list[str]:
    statuses: list[str] = []
    has_body = "requestBody" in operation
    has_path_params = any(p.get("in") == "path" for p in operation.get("parameters", []))
    if has_body:
        statuses += ["400", "413"]
    if path.startswith("/api/v1"):
        statuses.append("503")
        if operation.get("security"):
            statuses += ["401", "403"]
        if path.endswith("/login"):
            statuses += ["401", "429"]
        if has_path_params or (has_body and method in ("post", "put")):
            statuses.append("404")
        if has_body and method in ("post", "put"):
            statuses.append("409")
    return statuses


def add_error_responses(schema: dict[str, Any]) -> dict[str, Any]:
    """`schema` with the shared error answers added where an operation does not list them."""
    schemas = schema.setdefault("components", {}).setdefault("schemas", {})
    schemas[ERROR_SCHEMA] = {
        "title": ERROR_SCHEMA,
        "type": "object",
        "properties": {"detail": {"title": "Detail", "type": "string"}},
        "required": ["detail"],
    }
    for path, item in schema.get("paths", {}).items():
        for method in _METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            responses = operation.setdefault("responses", {})
            # Request validation answers 400 (the seed's contract), not FastAPI's 422: FastAPI's
            # detail list, or a domain error's message (a string) for invalid input.
            validation = responses.pop("422", None)
            if validation is not None or "400" in responses or "requestBody" in operation:
                documented = responses.setdefault("400", validation or {})
                documented["description"] = _DESCRIPTIONS["400"]
                content = documented.setdefault("content", {})
                media = content.setdefault("application/json", {})
                media["schema"] = {"anyOf": [_VALIDATION_REF, _ERROR_REF]}
            for status in _error_statuses(path, method, operation):
                documented = responses.setdefault(status, {"description": _DESCRIPTIONS[status]})
                documented.setdefault("content", {"application/json": {"schema": _ERROR_REF}})
    return schema
