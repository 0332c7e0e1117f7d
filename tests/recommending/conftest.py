"""Fixtures of the recommender's library tests (shared with tests/test_recommendations.py)."""

from tests.recommending.fixtures import encoder, rec_data

__all__ = ["encoder", "rec_data"]
