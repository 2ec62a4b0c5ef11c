"""Slicing rows that an order visits group after group, where each group's size is known."""


def groups_spanned(groups, start, stop):
    """(the groups that rows `start` to `stop` fall in, how many rows come before the first of them).

    `groups`: [(group, rows)] in the order the rows visit them. Sorting only these groups' rows
    and slicing them from `start - before` to `stop - before` gives the same rows as sorting all.
    """
    spanned, before, seen = [], 0, 0
    for group, rows in groups:
        if seen + rows > start and seen < stop:
            if not spanned:
                before = seen
            spanned.append(group)
        seen += rows
    return spanned, before
