from .league import league_csv, league_json, league_table
from .pages import inspection_detail, owner_detail, provider_detail

__all__ = ["inspection_detail", "league_csv", "league_json", "league_table", "owner_detail", "provider_detail"]
