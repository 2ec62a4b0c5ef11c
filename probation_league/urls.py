from django.contrib import admin
from django.urls import include, path

from .health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    # Readers' reports of mistakes: a form that posts, outside the read-only dashboard.
    path("report-a-mistake/", include("corrections.urls")),
    path("", include("dashboard.urls")),
]
