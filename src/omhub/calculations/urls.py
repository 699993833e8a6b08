from django.urls import path  # noqa: F401 - the pages of sentence records and calculations add their paths here

app_name = "calculations"

urlpatterns = [
]

from django.urls import re_path  # noqa: E402

from omhub.calculations import check_views, what_if_views  # noqa: E402

urlpatterns += [
    path("what-if/", what_if_views.index, name="what-if"),
    path("what-if/<int:run_id>/", what_if_views.run, name="what-if-run"),
    path("what-if/<int:run_id>/progress/", what_if_views.progress, name="what-if-progress"),
    path("what-if/<int:run_id>/people.xlsx", what_if_views.download, name="what-if-download"),
]

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

from omhub.calculations import record_views  # noqa: E402 - sentence records

urlpatterns += [
    path("people/<int:person_id>/booking/", record_views.booking, name="booking"),
    path("people/<int:person_id>/booking/export/", record_views.export, name="booking-export"),
    path("people/<int:person_id>/booking/import/", record_views.import_booking, name="booking-import"),
    path("people/<int:person_id>/booking/details/", record_views.details, name="booking-details"),
    path("people/<int:person_id>/booking/court-cases/new/", record_views.court_case_new, name="court-case-new"),
    path("people/<int:person_id>/booking/court-cases/<int:court_case_id>/", record_views.court_case_change,
         name="court-case-change"),
    path("people/<int:person_id>/booking/court-cases/<int:court_case_id>/remove/", record_views.court_case_remove,
         name="court-case-remove"),
    path("people/<int:person_id>/booking/sentences/new/", record_views.sentence_new, name="sentence-new"),
    path("people/<int:person_id>/booking/sentences/<int:line>/", record_views.sentence_change,
         name="sentence-change"),
    path("people/<int:person_id>/booking/sentences/<int:line>/remove/", record_views.sentence_remove,
         name="sentence-remove"),
    path("people/<int:person_id>/booking/adjustments/new/", record_views.adjustment_new, name="adjustment-new"),
    path("people/<int:person_id>/booking/adjustments/<int:adjustment_id>/", record_views.adjustment_change,
         name="adjustment-change"),
    path("people/<int:person_id>/booking/adjustments/<int:adjustment_id>/remove/", record_views.adjustment_remove,
         name="adjustment-remove"),
]
