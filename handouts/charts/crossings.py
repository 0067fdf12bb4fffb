"""Straight-line tests for leaders: do two leaders cross, does a leader enter a box, do two boxes overlap.

The label layout asks these for every pair of a column's leaders; the tests
and ``bench/leaders.py`` ask them of finished charts. Pure geometry.
"""

from __future__ import annotations

Box = tuple[float, float, float, float]  # x0, y0, x1, y1
Point = tuple[float, float]


def segments_cross(a: Point, b: Point, c: Point, d: Point) -> bool:
    """Do segments ab and cd cross or touch (a shared end point does not count)?

    Written out in full (no helper per orientation): the layout asks this for
    every pair of a column's leaders after each swap.
    """
    if a in (c, d) or b in (c, d):
        return False
    ax, ay = a
    bx, by = b
    cx, cy = c
    dx, dy = d
    d1 = (dx - cx) * (ay - cy) - (dy - cy) * (ax - cx)  # where a and b lie from cd, c and d from ab
    d2 = (dx - cx) * (by - cy) - (dy - cy) * (bx - cx)
    d3 = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax)
    d4 = (bx - ax) * (dy - ay) - (by - ay) * (dx - ax)
    if d1 * d2 < 0 and d3 * d4 < 0:
        return True
    eps = 1e-9
    return (abs(d1) < eps and _on_segment(c, d, a)) or (abs(d2) < eps and _on_segment(c, d, b)) or \
        (abs(d3) < eps and _on_segment(a, b, c)) or (abs(d4) < eps and _on_segment(a, b, d))


def _on_segment(p: Point, q: Point, r: Point) -> bool:
    return min(p[0], q[0]) - 1e-9 <= r[0] <= max(p[0], q[0]) + 1e-9 and \
        min(p[1], q[1]) - 1e-9 <= r[1] <= max(p[1], q[1]) + 1e-9


def segment_hits_box(a: Point, b: Point, box: Box) -> bool:
    """Does segment ab enter the box (Liang-Barsky clipping)?"""
    x0, y0, x1, y1 = box
    t0, t1 = 0.0, 1.0
    dx, dy = b[0] - a[0], b[1] - a[1]
    for p, q in ((-dx, a[0] - x0), (dx, x1 - a[0]), (-dy, a[1] - y0), (dy, y1 - a[1])):
        if p == 0:
            if q < 0:
                return False
            continue
        t = q / p
        if p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return False
    return True



def overlaps(a: Box, b: Box) -> bool:
    """Do two boxes overlap (touching edges do not count)?"""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
