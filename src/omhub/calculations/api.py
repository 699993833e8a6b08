"""Sentence records, calculations and what-if runs through /api/v1, with the same rules as the pages."""

from ninja import Router

router = Router(tags=["calculations"])
