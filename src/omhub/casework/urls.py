from django.urls import path

from omhub.casework import case_type_views, export_views, views

app_name = "casework"

urlpatterns = [
    path("", views.work_list, name="list"),
    path("new/", views.open_item, name="open"),
    path("allocate/", views.allocate, name="allocate"),
    path("case-types/", views.case_types, name="case-types"),
    path("diary/", views.diary_page, name="diary"),
    path("people/<int:person_id>/key-dates/", views.key_dates, name="key-dates"),
    path("export/", export_views.export_list, name="export"),
    path("logs/", export_views.logs, name="logs"),
    path("logs/<slug:code>/", export_views.log_download, name="log-download"),
    path("case-types/<slug:code>/", case_type_views.detail, name="case-type"),
    path("case-types/<slug:code>/recompute/", case_type_views.recompute_open_items, name="case-type-recompute"),
    path("case-types/<slug:code>/edit/<slug:part>/", case_type_views.edit, name="case-type-edit"),
    path("<str:reference>/", views.detail, name="detail"),
    path("<str:reference>/details/", views.edit_details, name="details"),
    path("<str:reference>/action/", views.take_action, name="action"),
    path("<str:reference>/action/<str:action>/", views.action_page, name="action-page"),
    path("<str:reference>/pause/", views.pause, name="pause"),
    path("<str:reference>/resume/", views.resume, name="resume"),
    path("<str:reference>/extend/", views.extend, name="extend"),
    path("<str:reference>/recompute/", views.recompute, name="recompute"),
]

from omhub.casework import attachment_views  # noqa: E402

urlpatterns += [
    path("<str:reference>/attachments/", attachment_views.upload, name="attachment-upload"),
    path("<str:reference>/attachments/<int:attachment_id>/", attachment_views.download, name="attachment-download"),
    path("<str:reference>/attachments/<int:attachment_id>/remove/", attachment_views.remove,
         name="attachment-remove"),
    path("<str:reference>/documents/", attachment_views.generate, name="document-generate"),
]
