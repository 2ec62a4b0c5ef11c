from .changes import changes
from .compare import compare_builder, compare_export, compare_page
from .data import data_page, data_sources, dataset_csv, dataset_json, inspections_feed, open_data_doc
from .league import league_csv, league_json, league_table
from .map import provider_map
from .open_data import owner_export, provider_export, standard_export
from .owners import owner_detail
from .pages import favicon, inspection_detail, methodology, standard_detail
from .providers import provider_detail
from .share import compare_preview, embed_help, embed_league, provider_badge, provider_preview

__all__ = [
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
    "embed_league",
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
    "owner_detail",
    "provider_detail",
    "provider_map",
    "standard_detail",
]
