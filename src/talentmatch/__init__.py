"""TalentMatch: recruiting API with machine-learned matching."""

__version__ = "0.1.0"
