from django.urls import path, register_converter

from . import converters, views

register_converter(converters.DownloadFormat, "fmt")
register_converter(converters.StandardCode, "standard_code")

app_name = "dashboard"

urlpatterns = [
    path("", views.league_table, name="league"),
    path("league.csv", views.league_csv, name="league-csv"),
    path("league.json", views.league_json, name="league-json"),
    path("probation-service/", views.probation_service_league, name="probation-service"),
    path("probation-service.csv", views.probation_service_csv, name="probation-service-csv"),
    path("probation-service.json", views.probation_service_json, name="probation-service-json"),
    path("providers/<slug:slug>/", views.provider_detail, name="provider"),
    path("standards/<standard_code:code>/", views.standard_detail, name="standard"),
    path("standards/<slug:framework>/<slug:standard>/", views.framework_standard, name="framework-standard"),
    path("owners/<slug:slug>/", views.owner_detail, name="owner"),
    path("inspections/<int:pk>/", views.inspection_detail, name="inspection"),
    path("methodology/", views.methodology, name="methodology"),
    path("eras/", views.eras_page, name="eras"),
    path("eras.json", views.eras_json, name="eras-json"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("changes/", views.changes, name="changes"),
    path("glossary/", views.glossary, name="glossary"),
    path("map/", views.provider_map, name="map"),
    # Places: a council's probation history across both eras, with its data twin and preview image.
    path("areas/", views.area_index, name="areas"),
    path("areas/<slug:slug>/", views.area_detail, name="area"),
    path("areas/<slug:slug>.<fmt:fmt>", views.area_export, name="area-export"),
    path("areas/<slug:slug>/preview.png", views.area_preview, name="area-preview"),
    # The search: a postcode, outward code or name (answered, never kept), and names suggested as one types.
    path("find/", views.find, name="find"),
    path("find/suggest.json", views.find_suggestions, name="find-suggestions"),
    # Comparisons and the data twins of pages: the page's address, its trailing slash replaced by .csv or .json.
    path("compare/", views.compare_builder, name="compare-builder"),
    path("compare/<str:slugs>/", views.compare_page, name="compare"),
    path("compare/<str:slugs>.<fmt:fmt>", views.compare_export, name="compare-export"),
    path("providers/<slug:slug>.<fmt:fmt>", views.provider_export, name="provider-export"),
    path("standards/<standard_code:code>.<fmt:fmt>", views.standard_export, name="standard-export"),
    path("owners/<slug:slug>.<fmt:fmt>", views.owner_export, name="owner-export"),
    # Social previews, badges and embeds.
    path("providers/<slug:slug>/preview.png", views.provider_preview, name="provider-preview"),
    path("providers/<slug:slug>/badge.svg", views.provider_badge, name="provider-badge"),
    path("compare/<str:slugs>/preview.png", views.compare_preview, name="compare-preview"),
    path("embed/", views.embed_help, name="embed-help"),
    path("embed/league/", views.embed_league, name="embed-league"),
    path("embed/probation-service/", views.embed_probation_service, name="embed-probation-service"),
    # Open data: the whole dataset, its sources and shapes, and the feed of inspections.
    path("data/", views.data_page, name="data"),
    path("data/probation-league.json", views.dataset_json, name="dataset-json"),
    path("data/<slug:name>.csv", views.dataset_csv, name="dataset-csv"),
    path("data/SOURCES.md", views.data_sources, name="data-sources"),
    path("data/open-data.md", views.open_data_doc, name="open-data-doc"),
    path("feeds/inspections.atom", views.inspections_feed, name="feed"),
]
