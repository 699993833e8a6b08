from django.urls import path

from omhub.jobeval import views

app_name = "jobeval"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("job-descriptions/new/", views.create_job_description, name="create-job-description"),
    path("job-descriptions/<int:pk>/", views.job_description, name="job-description"),
    path("job-descriptions/<int:pk>/revise/", views.revise_job_description, name="revise-job-description"),
    path("job-descriptions/<int:pk>/changes/", views.job_description_diff, name="job-description-diff"),
    path("job-descriptions/<int:pk>/versions/<int:version_pk>/", views.job_description_version,
         name="job-description-version"),
    path("job-descriptions/<int:pk>/evaluate/", views.start_evaluation, name="start-evaluation"),
    path("evaluations/<int:pk>/", views.evaluation, name="evaluation"),
    path("evaluations/<int:pk>/panel/", views.evaluation_panel, name="evaluation-panel"),
    path("evaluations/<int:pk>/factors/", views.evaluation_factors, name="evaluation-factors"),
    path("evaluations/<int:pk>/sign-off/", views.evaluation_sign_off, name="evaluation-sign-off"),
    path("profiles/<int:pk>/", views.profile, name="profile"),
    path("profiles/<int:pk>/consistency/", views.profile_consistency, name="profile-consistency"),
    path("profiles/<int:pk>/profile.docx", views.profile_docx, name="profile-docx"),
    path("profiles/<int:pk>/profile.pdf", views.profile_pdf, name="profile-pdf"),
    path("bands/", views.bands, name="bands"),
    path("bands/<int:pk>/local/", views.local_bands, name="local-bands"),
]
