"""Synthetic Decision data: the three files in their exact shape, plus the hidden ground truth."""

from talentmatch.generator.dataset import GenerationSummary, generate_dataset
from talentmatch.generator.ground_truth import GroundTruth, ProspectTruth, load_ground_truth
from talentmatch.generator.latent import CandidateLatent, VagaLatent
from talentmatch.generator.propensity import (
    DEFAULT_WEIGHTS,
    PropensityWeights,
    status_group,
    true_propensity,
)

__all__ = [
    "DEFAULT_WEIGHTS",
    "CandidateLatent",
    "GenerationSummary",
    "GroundTruth",
    "PropensityWeights",
    "ProspectTruth",
    "VagaLatent",
    "generate_dataset",
    "load_ground_truth",
    "status_group",
    "true_propensity",
]
