"""Errors of the drift report; each maps to an HTTP status via its domain base."""

from talentmatch.core.errors import Conflict, NotFound, ServiceUnavailable


class NoModelInService(ServiceUnavailable):
    """No model version is in service (or configured), so there is nothing to compare."""


class NoReference(Conflict):
    """The model version was published without reference features (before drift existed)."""


class NotEnoughPredictions(Conflict):
    """The window holds too few logged predictions for a meaningful comparison."""


class NoDriftReport(NotFound):
    """No drift report was computed yet."""
