"""Recommendations both ways: sentence embeddings + TF-IDF over one document per vaga and per
candidate, exact nearest-neighbour search, re-ranking by the match model, offline evaluation
against the generator's truth, versioned in the model registry (kind `recommender`)."""

from talentmatch.recommending.pipeline import (
    KIND,
    load_current,
    load_recommender,
    train_and_publish,
)

__all__ = ["KIND", "load_current", "load_recommender", "train_and_publish"]
