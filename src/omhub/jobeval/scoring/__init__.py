"""The job evaluation scoring engine: schemes as data, level notations, totals and bands.

Pure Python, no Django (an import-linter contract checks it), so the same engine serves the pages, the
API, the command line and the tests.
"""

from omhub.jobeval.scoring.bands import BandResult, BandStructure, load_band_structure
from omhub.jobeval.scoring.notation import LevelNotation, NotationError, parse_level
from omhub.jobeval.scoring.schemes import Factor, Level, Scheme, SchemeError, load_scheme
from omhub.jobeval.scoring.score import FactorScore, ScoreResult, ScoringError, score

__all__ = [
    "BandResult", "BandStructure", "Factor", "FactorScore", "Level", "LevelNotation", "NotationError", "Scheme",
    "SchemeError", "ScoreResult", "ScoringError", "load_band_structure", "load_scheme", "parse_level", "score",
]
