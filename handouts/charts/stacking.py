"""Standing a column's labels one above the other, each as near the height it wants as the others allow.

Two ways, and ``labels`` keeps whichever gives the cheaper leaders: pushed
down from the first (the labels above keep their places), or moved apart
about the middle of what a crowded group wants (least squares), so a label
pushed by its neighbours lands no further from its zone than it must. Pure
arithmetic on heights, no geometry.
"""

from __future__ import annotations


def stack_down(heights: list[float], wanted: list[float], low: float, high: float, gap: float
               ) -> list[float] | None:
    """Top edges for boxes in order top to bottom: each as near its ``wanted`` centre as the boxes above allow
    (pushed down only), then pushed back up from the bottom if the stack ran out of the column."""
    tops: list[float] = []
    for h, want in zip(heights, wanted, strict=True):
        top = min(want + h / 2, high)
        if tops:
            top = min(top, tops[-1] - heights[len(tops) - 1] - gap)
        tops.append(top)
    # push back up from the bottom if the stack ran out of the column
    floor = low
    for i in range(len(tops) - 1, -1, -1):
        if tops[i] - heights[i] < floor:
            tops[i] = floor + heights[i]
        floor = tops[i] + gap
    if tops and tops[0] > high + 1e-6:
        return None
    return tops


def stack_centred(heights: list[float], wanted: list[float], low: float, high: float, gap: float
                  ) -> list[float] | None:
    """Top edges for boxes in order top to bottom, as near ``wanted`` (their centres) as possible.

    Boxes that would overlap move apart as a group, about the middle of what
    they want (least squares), not all downwards from the first: a label
    pushed by its neighbours above lands no further from its zone than it
    must. Pool-adjacent-violators: with ``offset`` the room the boxes above
    take, ``top + offset`` must not increase down the stack, and the closest
    such sequence to ``want + offset`` is found by merging neighbours that
    disagree into blocks at their mean. Then the stack is held inside the column.
    """
    offsets, room = [], 0.0
    for h in heights:
        offsets.append(room)
        room += h + gap
    targets = [want + h / 2 + off for want, h, off in zip(wanted, heights, offsets, strict=True)]
    blocks: list[list[float]] = []  # [sum, count]
    for value in targets:
        blocks.append([value, 1.0])
        while len(blocks) > 1 and blocks[-1][0] / blocks[-1][1] > blocks[-2][0] / blocks[-2][1]:
            total, count = blocks.pop()
            blocks[-1][0] += total
            blocks[-1][1] += count
    level = [total / count for total, count in blocks for _ in range(int(count))]
    bottom = low + heights[-1] + offsets[-1] if heights else low  # the last box's bottom stays above ``low``
    if bottom > high + 1e-6:
        return None
    return [min(max(u, bottom), high) - off for u, off in zip(level, offsets, strict=True)]
