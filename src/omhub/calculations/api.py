"""Sentence records, calculations and what-if runs through /api/v1, with the same rules as the pages."""

from ninja import Router

router = Router(tags=["calculations"])

from omhub.calculations.check_api import router as check_router  # noqa: E402

router.add_router("", check_router)

from omhub.calculations.record_api import router as record_router  # noqa: E402 - sentence records

router.add_router("", record_router)

from omhub.calculations.what_if_api import router as what_if_router  # noqa: E402 - what-if runs

router.add_router("", what_if_router)
