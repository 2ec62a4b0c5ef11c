"""The `?round=` choice shared by the comparison and standard pages (the league and map read it in their forms)."""

from inspections.models import InspectionRound

# The choice of no round: each provider's latest rated inspection, whichever round it came from.
LATEST_LABEL = "Each provider's latest rating"
# The query parameter of the pages that take a round, for their cache keys (dashboard/cache.py).
ROUND_QUERY = {"round": str}


def all_rounds():
    return list(InspectionRound.objects.order_by("started_on", "slug"))


def round_from_query(query, rounds=None):
    """(round or None, message or None) from `?round=`; blank or absent means each provider's latest rating."""
    slug = query.get("round", "")
    if not slug:
        return None, None
    rounds = all_rounds() if rounds is None else rounds
    for inspection_round in rounds:
        if inspection_round.slug == slug:
            return inspection_round, None
    choices = " or ".join(f"'{item.slug}'" for item in rounds)
    return (
        None,
        f"There is no inspection round '{slug[:60]}'. Choose {choices}, or leave it out for the latest ratings.",
    )
