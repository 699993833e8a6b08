from django.urls import path  # noqa: F401 - the pages of sentence records and calculations add their paths here

app_name = "calculations"

urlpatterns = [
]
