"""Which of a candidate's data is personal (what LGPD anonymisation removes, lgpd/), and the
guard that keeps personal data from being written back onto an anonymised candidate."""

import re
import unicodedata
from typing import Any, Final

from sqlmodel import Session, SQLModel

from talentmatch.candidatos.models import (
    Candidato,
    CandidatoCargoAtual,
    CandidatoInformacoesPessoais,
    CandidatoInfosBasicas,
    InformacoesPessoaisBase,
)
from talentmatch.candidatos.service import SECTION_TABLES
from talentmatch.core.errors import Conflict

PERSONAL_FIELDS: Final[dict[type[SQLModel], tuple[str, ...]]] = {
    CandidatoInformacoesPessoais: tuple(InformacoesPessoaisBase.model_fields),
    CandidatoInfosBasicas: ("nome", "email", "telefone", "telefone_recado"),
    CandidatoCargoAtual: (
        "id_ibrati",
        "email_corporativo",
        "nome_superior_imediato",
        "email_superior_imediato",
    ),
}
# Words that make a key personal (accents and case ignored; matched as whole words)...
PERSONAL_TOKENS: Final = frozenset(
    {
        "cpf", "rg", "cnh", "pis", "ctps", "cep", "passaporte", "documento",
        "nome", "name", "sobrenome", "email", "mail", "telefone", "celular", "fone", "phone",
        "whatsapp", "endereco", "address", "nascimento", "birth", "skype", "linkedin",
        "facebook", "instagram", "twitter", "github", "url", "site", "foto", "photo",
    }
)  # fmt: skip
# ...and stems that make it personal anywhere in the key ("emailcorporativo", "nomeMae").
PERSONAL_STEMS: Final = ("cpf", "email", "telefone", "celular", "endereco", "nascimento", "nome")


# Words that make an unknown key professional (kept by anonymisation) when it has no
# personal word as well; any other unknown key is blanked.
PROFESSIONAL_TOKENS: Final = frozenset(
    {
        "cargo", "nivel", "area", "areas", "atuacao", "tipo", "idioma", "idiomas", "ingles",
        "espanhol", "frances", "formacao", "academico", "academica", "curso", "cursos",
        "instituicao", "conclusao", "certificacao", "certificacoes", "conhecimento",
        "conhecimentos", "tecnicos", "habilidades", "skills", "competencias", "experiencia",
        "experiencias", "empresa", "segmento", "titulo", "profissional", "qualificacoes",
        "setor", "senioridade", "modalidade", "remoto", "local", "cidade", "estado", "pais",
        "disponibilidade", "atualizacao", "criacao", "codigo", "situacao", "status",
        "categoria", "contratacao", "regime", "vaga", "vagas", "ano", "inicio", "fim",
    }
)  # fmt: skip


def is_professional_key(key: str) -> bool:
    """True when an unknown key's name says it holds a professional attribute (and no
    personal one): what anonymisation keeps."""
    plain = unicodedata.normalize("NFKD", key).encode("ascii", "ignore").decode().lower()
    words = set(re.split(r"[^a-z0-9]+", plain))
    return bool(words & PROFESSIONAL_TOKENS) and not is_personal_key(key)


def is_personal_key(key: str) -> bool:
    """True when an unknown key's name says it holds personal data."""
    plain = unicodedata.normalize("NFKD", key).encode("ascii", "ignore").decode().lower()
    words = set(re.split(r"[^a-z0-9]+", plain))
    return bool(words & PERSONAL_TOKENS) or any(stem in plain for stem in PERSONAL_STEMS)


def _blank(value: Any) -> Any:
    if isinstance(value, str):
        return ""
    if isinstance(value, list):
        return []
    if isinstance(value, dict):
        return {}
    return None


def scrub(data: dict[str, Any], *, everything: bool = False) -> tuple[dict[str, Any], int]:
    """`data` with personal data blanked, and how many values changed: every value of a
    personal key (all keys if `everything`); inside objects and lists, each key judged on
    its own; any other text or number kept only under a professional key (allow-list)."""
    cleaned: dict[str, Any] = {}
    changed = 0
    for key, value in data.items():
        cleaned[key], count = _scrub_value(value, key, everything=everything)
        changed += count
    return cleaned, changed


def _scrub_value(value: Any, key: str, *, everything: bool) -> tuple[Any, int]:
    if everything or is_personal_key(key):
        blank = _blank(value)
        return blank, int(blank != value)
    if isinstance(value, dict):
        return scrub(value)
    if isinstance(value, list):
        items = [_scrub_value(item, key, everything=False) for item in value]
        return [item for item, _ in items], sum(count for _, count in items)
    if value in (None, "") or isinstance(value, bool) or is_professional_key(key):
        return value, 0
    return _blank(value), 1


def carries_personal_data(candidato_in: Any) -> bool:
    """Whether an input record holds personal data: a personal field, a résumé, or an
    unknown key that anonymisation would blank."""
    if any(getattr(candidato_in, name, None) for name in ("cv_pt", "cv_en")):
        return True
    for name, table in SECTION_TABLES.items():
        section = getattr(candidato_in, name, None)
        if section is None:
            continue
        everything = table is CandidatoInformacoesPessoais
        if any(getattr(section, f, None) for f in PERSONAL_FIELDS.get(table, ())):
            return True
        if section.model_extra and scrub(section.model_extra, everything=everything)[1]:
            return True
    return bool(candidato_in.model_extra) and scrub(candidato_in.model_extra)[1] > 0


def refuse_reidentification(*, session: Session, candidato_in: Any) -> None:
    """Conflict when the record writes personal data onto an anonymised candidate."""
    code = candidato_in.infos_basicas.codigo_profissional
    root = session.get(Candidato, code) if code is not None else None
    if root is not None and root.anonimizado_em is not None and carries_personal_data(candidato_in):
        raise Conflict(
            f"O candidato {code} foi anonimizado: dados pessoais não podem ser gravados nele "
            "de novo (cadastre a pessoa com um novo código, com o consentimento dela)."
        )
