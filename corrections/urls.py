from django.urls import path

from . import views

app_name = "corrections"

urlpatterns = [
    path("", views.report_mistake, name="report"),
    path("thanks/", views.thanks, name="thanks"),
]
