"""
The order of a provider's inspections, when some have no recorded date.

A dated inspection stands at its publication date. One whose date no source gives
stands at the start of its programme (round), and inspections at the same point
follow their place in the unit's sequence (first, second): never an invented date,
and always the same order. For the CRC era, where every inspection is dated, this is
the order of publication.
"""

import datetime

EARLIEST = datetime.date.min


def chronological_key(published_on, round_started_on, sequence_in_unit, inspection_id):
    """Sort key of one inspection among its provider's, oldest first."""
    anchor = published_on or round_started_on or EARLIEST
    return (anchor, sequence_in_unit or 0, published_on is None, inspection_id)


def inspection_key(inspection):
    """`chronological_key` of an Inspection instance (its round selected or prefetched)."""
    inspection_round = inspection.inspection_round
    return chronological_key(
        inspection.published_on,
        inspection_round.started_on if inspection_round else None,
        inspection.sequence_in_unit,
        inspection.id,
    )
