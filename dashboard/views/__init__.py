from .league import league_csv, league_json, league_table
from .pages import inspection_detail, methodology, owner_detail, standard_detail
from .providers import provider_detail

__all__ = [
    "inspection_detail",
    "league_csv",
    "league_json",
    "league_table",
    "methodology",
    "owner_detail",
    "provider_detail",
    "standard_detail",
]
