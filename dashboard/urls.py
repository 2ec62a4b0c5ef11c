from django.urls import path

from . import views

app_name = "dashboard"

urlpatterns = [
    path("", views.league_table, name="league"),
    path("league.csv", views.league_csv, name="league-csv"),
    path("league.json", views.league_json, name="league-json"),
    path("providers/<slug:slug>/", views.provider_detail, name="provider"),
    path("standards/<str:code>/", views.standard_detail, name="standard"),
    path("owners/<slug:slug>/", views.owner_detail, name="owner"),
    path("inspections/<int:pk>/", views.inspection_detail, name="inspection"),
    path("methodology/", views.methodology, name="methodology"),
]
