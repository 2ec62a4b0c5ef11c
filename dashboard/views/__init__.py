from .areas import area_detail, area_export, area_index, area_preview
from .changes import changes
from .compare import compare_builder, compare_export, compare_page
from .data import data_page, data_sources, dataset_csv, dataset_json, inspections_feed, open_data_doc
from .eras import eras_json, eras_page
from .find import find, find_suggestions
from .framework_standards import framework_standard
from .league import league_csv, league_json, league_table
from .map import provider_map
from .open_data import owner_export, provider_export, standard_export
from .owners import owner_detail
from .pages import favicon, glossary, inspection_detail, methodology, standard_detail
from .probation_service import probation_service_csv, probation_service_json, probation_service_league
from .providers import provider_detail
from .share import compare_preview, embed_help, embed_league, embed_probation_service, provider_badge, provider_preview

__all__ = [
    "area_detail",
    "area_export",
    "area_index",
    "area_preview",
    "changes",
    "compare_builder",
    "compare_export",
    "compare_page",
    "owner_export",
    "provider_export",
    "standard_export",
    "compare_preview",
    "data_page",
    "data_sources",
    "dataset_csv",
    "dataset_json",
    "embed_help",
    "eras_json",
    "eras_page",
    "embed_league",
    "embed_probation_service",
    "inspections_feed",
    "open_data_doc",
    "provider_badge",
    "provider_preview",
    "inspection_detail",
    "league_csv",
    "league_json",
    "league_table",
    "methodology",
    "favicon",
    "find",
    "find_suggestions",
    "glossary",
    "framework_standard",
    "owner_detail",
    "probation_service_csv",
    "probation_service_json",
    "probation_service_league",
    "provider_detail",
    "provider_map",
    "standard_detail",
]
