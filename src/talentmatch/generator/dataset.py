"""generate_dataset: the three Decision files plus ground_truth.json, from one seed."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from talentmatch.generator.applicants import Identity, applicant_record, make_identity
from talentmatch.generator.ground_truth import (
    GENERATOR_VERSION,
    GROUND_TRUTH_FILE,
    GroundTruth,
    write_ground_truth,
)
from talentmatch.generator.latent import CandidateLatent, VagaLatent, sample_candidate, sample_vaga
from talentmatch.generator.pools import Pools, build_pools, random_moment
from talentmatch.generator.propensity import DEFAULT_WEIGHTS
from talentmatch.generator.prospects import VagaInfo, build_prospects
from talentmatch.generator.vagas import tipo_contratacao, vaga_record, vaga_title
from talentmatch.generator.writer import write_json_object

# Codes missing from their own file but named by prospects.json (the real files have such rows).
ORPHAN_CANDIDATE_SHARE = 0.005
ORPHAN_VAGA_SHARE = 0.01


@dataclass(frozen=True, slots=True)
class GenerationSummary:
    """What generate_dataset wrote."""

    seed: int
    applicants_path: Path
    vagas_path: Path
    prospects_path: Path
    ground_truth_path: Path
    candidates: int
    vagas: int
    prospect_keys: int
    prospect_rows: int
    empty_prospect_keys: int
    orphan_candidate_rows: int
    orphan_vaga_keys: int


def _codes(rng: random.Random, count: int, orphans: int, start: int) -> list[tuple[str, bool]]:
    """Increasing numeric codes with gaps; `orphans` of them flagged as missing from the file."""
    total = count + orphans
    numbers = sorted(rng.sample(range(start, start + int(total * 1.35) + 10), total))
    missing = set(rng.sample(range(total), orphans))
    return [(str(number), i not in missing) for i, number in enumerate(numbers)]


def _days(rng: random.Random, count: int, start: date, end: date) -> list[date]:
    """Sorted random days, so that higher codes are more recent as in the real files."""
    span = (end - start).days
    return sorted(start + timedelta(days=rng.randint(0, span)) for _ in range(count))


def _applicant_entries(
    seed: int, pools: Pools, latents: list[CandidateLatent], identities: dict[str, Identity]
) -> Iterator[tuple[str, dict[str, Any]]]:
    rng = random.Random(f"{seed}:applicants")
    for latent in latents:
        if latent.in_applicants:
            yield latent.codigo, applicant_record(rng, pools, latent, identities[latent.codigo])


def _vaga_entries(
    seed: int,
    pools: Pools,
    latents: list[VagaLatent],
    infos: dict[str, VagaInfo],
    tipos: dict[str, str],
) -> Iterator[tuple[str, dict[str, Any]]]:
    rng = random.Random(f"{seed}:vagas")
    for latent in latents:
        if latent.in_vagas:
            info = infos[latent.codigo]
            record = vaga_record(
                rng,
                pools,
                latent,
                requested=info.requested,
                title=info.titulo,
                tipo=tipos[latent.codigo],
            )
            yield latent.codigo, record


def generate_dataset(
    out_dir: Path,
    *,
    candidates: int = 42482,
    vagas: int = 14081,
    prospects: int = 53759,
    seed: int = 42,
) -> GenerationSummary:
    """Write applicants.json, vagas.json, prospects.json and ground_truth.json into out_dir."""
    if candidates < 1 or vagas < 1 or prospects < 0:
        raise ValueError("need at least one candidate and one vaga, and prospects >= 0")
    out_dir.mkdir(parents=True, exist_ok=True)
    pools = build_pools(seed)
    # One stream per stage: changing how one file is built leaves the others unchanged.
    rng = random.Random(f"{seed}:latent")
    orphan_c = max(1, round(candidates * ORPHAN_CANDIDATE_SHARE)) if prospects else 0
    cand_latents = [
        sample_candidate(rng, code, in_applicants=present)
        for code, present in _codes(rng, candidates, orphan_c, start=1)
    ]
    orphan_v = max(1, round(vagas * ORPHAN_VAGA_SHARE)) if prospects else 0
    vaga_latents = [
        sample_vaga(rng, code, in_vagas=present)
        for code, present in _codes(rng, vagas, orphan_v, start=1000)
    ]

    rng = random.Random(f"{seed}:identities")
    created = _days(rng, len(cand_latents), date(2012, 1, 1), date(2024, 12, 31))
    identities = {
        latent.codigo: make_identity(rng, pools, latent, random_moment(rng, day))
        for latent, day in zip(cand_latents, created, strict=True)
    }
    requested = _days(rng, len(vaga_latents), date(2019, 1, 1), date(2024, 12, 31))
    infos: dict[str, VagaInfo] = {}
    tipos: dict[str, str] = {}
    for latent, day in zip(vaga_latents, requested, strict=True):
        tipo = tipo_contratacao(rng)
        modalidade = tipo.split(", ")[0] if rng.random() < 0.5 else ""
        infos[latent.codigo] = VagaInfo(vaga_title(rng, latent), modalidade, day)
        tipos[latent.codigo] = tipo

    paths = {name: out_dir / f"{name}.json" for name in ("applicants", "vagas", "prospects")}
    n_cand = write_json_object(
        paths["applicants"], _applicant_entries(seed, pools, cand_latents, identities)
    )
    n_vagas = write_json_object(
        paths["vagas"], _vaga_entries(seed, pools, vaga_latents, infos, tipos)
    )
    document, truth = build_prospects(
        random.Random(f"{seed}:prospects"),
        pools,
        vagas=vaga_latents,
        infos=infos,
        candidates=[c for c in cand_latents if c.in_applicants],
        orphans=[c for c in cand_latents if not c.in_applicants],
        identities=identities,
        rows=prospects,
    )
    write_json_object(paths["prospects"], document.items())

    ground_truth_path = out_dir / GROUND_TRUTH_FILE
    write_ground_truth(
        ground_truth_path,
        GroundTruth(
            version=GENERATOR_VERSION,
            seed=seed,
            params={"candidates": candidates, "vagas": vagas, "prospects": prospects},
            weights=DEFAULT_WEIGHTS,
            candidates={c.codigo: c for c in cand_latents},
            vagas={v.codigo: v for v in vaga_latents},
            prospects=tuple(truth),
        ),
    )
    orphan_codes = {c.codigo for c in cand_latents if not c.in_applicants}
    return GenerationSummary(
        seed=seed,
        applicants_path=paths["applicants"],
        vagas_path=paths["vagas"],
        prospects_path=paths["prospects"],
        ground_truth_path=ground_truth_path,
        candidates=n_cand,
        vagas=n_vagas,
        prospect_keys=len(document),
        prospect_rows=len(truth),
        empty_prospect_keys=sum(not entry["prospects"] for entry in document.values()),
        orphan_candidate_rows=sum(row.codigo in orphan_codes for row in truth),
        orphan_vaga_keys=sum(not v.in_vagas for v in vaga_latents),
    )


__all__ = ["GenerationSummary", "generate_dataset"]
