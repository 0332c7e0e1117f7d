"""prospects.json: who gets prospected for each vaga, and how far each process went."""

from __future__ import annotations

import math
import random
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Final

from talentmatch.generator import pools as pl
from talentmatch.generator.applicants import Identity
from talentmatch.generator.ground_truth import ProspectTruth
from talentmatch.generator.latent import CandidateLatent, VagaLatent
from talentmatch.generator.propensity import draw_status, status_group, true_propensity
from talentmatch.generator.vocabulary import COMENTARIOS

# Real file: 2,943 of 14,222 vaga keys have an empty list.
EMPTY_KEY_SHARE: Final[float] = 0.207
# Rows naming a candidate code missing from applicants.json.
ORPHAN_ROW_SHARE: Final[float] = 0.005
# Share of a vaga's prospects found by the recruiter's shortlist; the rest arrive at random
# (applications through job sites, hunting by name).
SHORTLIST_SHARE: Final[float] = 0.7
REGISTRATION_GRACE: Final[timedelta] = timedelta(days=30)


@dataclass(frozen=True, slots=True)
class VagaInfo:
    """What a prospects.json key repeats about its vaga."""

    titulo: str
    modalidade: str
    requested: date


def _row_counts(rng: random.Random, keys: int, rows: int, cap: int) -> list[int]:
    """Rows per key: about a fifth empty, the rest heavy-tailed, summing exactly to `rows`."""
    if rows > keys * cap:
        raise ValueError(f"{rows} prospects cannot fit {keys} vagas x {cap} candidates")
    if rows == 0:
        return [0] * keys
    filled = min(keys, rows, max(1, round(keys * (1 - EMPTY_KEY_SHARE))))
    counts = [0] * keys
    chosen = rng.sample(range(keys), filled)
    weights = [rng.lognormvariate(0.0, 1.0) for _ in chosen]
    for index in chosen:
        counts[index] = 1
    for index in rng.choices(chosen, weights=weights, k=rows - filled):
        counts[index] += 1
    # Spill rows above the cap (tiny data sets only) onto keys with room.
    spill = sum(max(0, c - cap) for c in counts)
    counts = [min(c, cap) for c in counts]
    while spill:
        index = rng.randrange(keys)
        if counts[index] < cap:
            counts[index] += 1
            spill -= 1
    return counts


def _recruiter_score(rng: random.Random, cand: CandidateLatent, vaga: VagaLatent) -> float:
    """What a recruiter sees of a fit (no hidden terms), plus taste: drives the shortlist."""
    have = set(cand.skills)
    coverage = sum(skill in have for skill in vaga.skills) / len(vaga.skills)
    return (
        2.5 * coverage
        - 0.5 * abs(cand.seniority - vaga.seniority)
        + 0.5 * (cand.city == vaga.city)
        - math.log(-math.log(rng.random() or 1e-12))  # Gumbel noise: a random top-k
    )


@dataclass(frozen=True, slots=True)
class _Roster:
    """Candidates in registration order, so that a vaga only sees those registered by then."""

    people: list[CandidateLatent]
    days: list[date]

    def registered_by(self, day: date) -> int:
        return bisect_right(self.days, day)


def _roster(people: Sequence[CandidateLatent], identities: dict[str, Identity]) -> _Roster:
    ordered = sorted(people, key=lambda cand: identities[cand.codigo].created)
    return _Roster(ordered, [identities[cand.codigo].created.date() for cand in ordered])


def _pick(
    rng: random.Random,
    vaga: VagaLatent,
    count: int,
    area: _Roster | None,
    everyone: _Roster,
    day: date,
) -> list[CandidateLatent]:
    """`count` distinct candidates: mostly a shortlist of the vaga's area, some at random."""
    wanted_short = sum(rng.random() < SHORTLIST_SHARE for _ in range(count))
    pool, known = (area.people, area.registered_by(day)) if area else ([], 0)
    looked_at = [pool[i] for i in rng.sample(range(known), min(known, max(20, 3 * wanted_short)))]
    looked_at.sort(key=lambda cand: _recruiter_score(rng, cand, vaga), reverse=True)
    picked: dict[str, CandidateLatent] = {c.codigo: c for c in looked_at[:wanted_short]}
    limit = everyone.registered_by(day)
    if limit < count:  # tiny data sets only: let later registrations in
        limit = len(everyone.people)
    while len(picked) < count:
        cand = everyone.people[rng.randrange(limit)]
        picked.setdefault(cand.codigo, cand)
    chosen = list(picked.values())
    rng.shuffle(chosen)
    return chosen


def _row(
    rng: random.Random,
    pools: pl.Pools,
    info: VagaInfo,
    cand: CandidateLatent,
    who: Identity,
    status: str,
    recruiter: str,
) -> dict[str, str]:
    applied = max(info.requested, who.created.date()) + timedelta(days=rng.randint(0, 45))
    group = status_group(status)
    blank_update = 0.3 if status in ("Prospect", "Inscrito") else 0.03
    updated = (
        ""
        if rng.random() < blank_update
        else pl.day_str(applied + timedelta(days=rng.randint(0, 120)))
    )
    comment_share = 0.25 if group == "in_progress" else 0.55
    return {
        "nome": who.nome,
        "codigo": cand.codigo,
        "situacao_candidado": status,
        "data_candidatura": pl.day_str(applied),
        "ultima_atualizacao": updated,
        # Recruiter comments leak the outcome, as in the real file (why models must drop them).
        "comentario": rng.choice(COMENTARIOS[group]) if rng.random() < comment_share else "",
        "recrutador": recruiter if rng.random() < 0.9 else rng.choice(pools.recruiters),
    }


def build_prospects(
    rng: random.Random,
    pools: pl.Pools,
    *,
    vagas: Sequence[VagaLatent],
    infos: dict[str, VagaInfo],
    candidates: Sequence[CandidateLatent],
    orphans: Sequence[CandidateLatent],
    identities: dict[str, Identity],
    rows: int,
) -> tuple[dict[str, dict[str, Any]], list[ProspectTruth]]:
    """The prospects.json object (keyed by vaga code) and the true probability of each row."""
    counts = _row_counts(rng, len(vagas), rows, len(candidates))
    orphan_rows = Counter(
        rng.choices(range(len(vagas)), weights=counts, k=max(1, round(rows * ORPHAN_ROW_SHARE)))
        if orphans and rows
        else ()
    )
    by_area: dict[str, list[CandidateLatent]] = defaultdict(list)
    for cand in candidates:
        by_area[cand.area].append(cand)
    rosters = {key: _roster(people, identities) for key, people in by_area.items()}
    everyone = _roster(candidates, identities)

    document: dict[str, dict[str, Any]] = {}
    truth: list[ProspectTruth] = []
    for index, vaga in enumerate(vagas):
        info = infos[vaga.codigo]
        n_orphan = min(orphan_rows[index], counts[index], len(orphans))
        # Candidates who register soon after a vaga opens still apply to it.
        day = info.requested + REGISTRATION_GRACE
        wanted = counts[index] - n_orphan
        chosen = _pick(rng, vaga, wanted, rosters.get(vaga.area), everyone, day)
        chosen += rng.sample(list(orphans), n_orphan)
        rng.shuffle(chosen)
        recruiter = rng.choice(pools.recruiters)
        listed = []
        for cand in chosen:
            p_match = true_propensity(cand, vaga)
            status = draw_status(rng, p_match)
            who = identities[cand.codigo]
            listed.append(_row(rng, pools, info, cand, who, status, recruiter))
            truth.append(ProspectTruth(vaga.codigo, cand.codigo, p_match))
        document[vaga.codigo] = {
            "titulo": info.titulo,
            "modalidade": info.modalidade,
            "prospects": listed,
        }
    return document, truth
