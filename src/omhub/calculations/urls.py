from django.urls import path  # noqa: F401 - the pages of sentence records and calculations add their paths here

app_name = "calculations"

urlpatterns = [
]

from django.urls import re_path  # noqa: E402

from omhub.calculations import check_views  # noqa: E402

# A work item's reference (CALC-000123): never a word, so other pages under /calculations/ stay theirs.
ITEM = r"^(?P<reference>[A-Za-z0-9]+-\d+)/"
urlpatterns += [
    path("people/<int:person_id>/release-dates-slip.pdf", check_views.release_dates_slip, name="slip"),
    re_path(ITEM + r"$", check_views.journey, name="journey"),
    re_path(ITEM + r"reason/$", check_views.choose_reason, name="reason"),
    re_path(ITEM + r"check-information/$", check_views.check_information, name="check-information"),
    re_path(ITEM + r"calculate/$", check_views.calculate, name="calculate"),
    re_path(ITEM + r"results/(?P<calculation_id>\d+)/$", check_views.result, name="result"),
    re_path(ITEM + r"manual/$", check_views.manual_dates, name="manual"),
    re_path(ITEM + r"confirm/$", check_views.confirm, name="confirm"),
    re_path(ITEM + r"return/$", check_views.return_to_preparer, name="return"),
]
