"""A Typst peer of the routine sheet, for measuring handouts against the tool a clinic might pick instead.

    python bench/typst_sheet.py                # write output/typst-sheet.pdf and output/handouts-sheet.pdf
    python bench/typst_sheet.py --check        # build one sheet with each tool; print pages, fonts, text length

The Typst sheet is built from handouts' own data for the same client: catalog,
plan and sheet context (the same words), and the chart geometry of the
catalog (the same outlines, zone shapes, guides and highlight set), emitted as
Typst ``curve`` elements. Fonts are the bundled Open Sans files, passed as
font paths with system fonts ignored, so Typst embeds the same faces.

What is the same: two A4 (or Letter) pages; header with clinic name, tagline
and contact on page 1 and a running head with the client's name after it;
the client line; goals with intros in two columns; the cautions box; "Where to
work" with both feet drawn from the same Bézier data (left foot mirrored as in
handouts), quiet zones in the same system tints, highlighted zones in the
clinic's accent with a darker edge, guide lines dashed, zone-name labels in
columns beside the feet with leader lines, "Left foot"/"Right foot" captions
and the chart caption; the routine lines and table (header repeated on page 2,
zebra rows); technique how-tos as numbered lists in two columns; complements
and aftercare side by side; the client's notes; a footer with the
not-medical note and "Page x of y". Extracted text is within a few per cent
of handouts' (``--check`` prints both lengths).

Checked on the first 70 clients of bench/sheets.py (2026-11-26): same page
count for 66 (56 two-page, 10 one-page sheets without a routine); for 2 of the
others handouts needs 3 pages where Typst fits 2, and for 2 both need 3.
Non-space extracted text, Typst/handouts: median 1.000, range 0.974-1.124
(the high end is where handouts' compact layout keeps fewer complements).
Files: median 70.6 KB handouts, 80.2 KB Typst. The demo client (``--check``):
2 and 2 pages, 3424 and 3391 characters, Open Sans regular, bold and italic
embedded in both; rendered side by side the pages match in content and
order; Typst fits all 11 table rows on page 1 (handouts 8, its rows are
taller), so page 2 starts at the how-tos.

Differences, stated honestly:

* Typst does the whole layout itself (line breaking, page breaking, table
  splitting); handouts' keep-together rules and its "compact" fallback for a
  sheet that would run to three pages are not copied, so a long sheet may
  break in a different place (both stay two pages for the benchmark's
  clients; ``--check`` reports both page counts).
* The chart's zones are not clipped to the foot outline (Typst can clip only
  to a box), and labels are placed by a simple sweep down each column, not
  handouts' obstacle-avoiding placement with its fallback to numbers. Numbers
  never appear; the extra views a highlight needs (medial, lateral, dorsal)
  are drawn like handouts' "auto" views.
* Typst subsets fonts as CID (Type 0) fonts with Identity-H encoding; handouts
  embeds subset TrueType fonts with WinAnsi. Both embed only Open Sans.
* Typst writes tagged PDF (structure tree) and an XMP packet; handouts writes
  neither, so Typst files are larger for the same content.
* The first page's top margin is used on every page (handouts uses a shorter
  header on later pages); large-print clients are not handled (the benchmark
  has none).
* The Python side (plan, context, Typst source) is inside the Typst timing too:
  a Typst user would also have to turn the client into a document.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SKIN, OUTLINE, DETAIL, GUIDE = "#fcf3ea", "#8a6f58", "#c9b29c", "#a99682"
INK, MUTED, RULE = "#2b2b2b", "#6b6b6b", "#d8d2c8"
QUIET, NESTED = 0.45, 0.3
MM = 72 / 25.4
PAGE_COUNT = re.compile(rb"/Type\s*/Pages\s*/Count\s+(\d+)")


def handouts_api() -> dict[str, Any]:
    """Every handouts import in one place: these module paths are moving in a refactor."""
    from handouts.build import sheet_pdf as build_sheet
    from handouts.catalog.loader import load_catalog
    from handouts.charts.paint import SYSTEM_COLOURS, zone_on_side
    from handouts.compose.context import sheet_context
    from handouts.compose.environment import minutes_label
    from handouts.files.search_path import find_workspace
    from handouts.intake import make_client
    from handouts.plan.planner import make_plan
    from handouts.style import PAGE_POINTS as PAGE_SIZES

    systems = {k: "#{:02x}{:02x}{:02x}".format(*(round(c * 255) for c in (v.red, v.green, v.blue)))
               for k, v in SYSTEM_COLOURS.items()}
    return {"load_catalog": load_catalog, "sheet_context": sheet_context, "make_plan": make_plan,
            "minutes_label": minutes_label, "make_client": make_client, "build_sheet": build_sheet,
            "find_workspace": find_workspace, "zone_on_side": zone_on_side, "systems": systems,
            "page_sizes": PAGE_SIZES}


def font_dir() -> str:
    return str(ROOT / "handouts" / "fonts")


def q(text: Any) -> str:
    """A Typst string literal: client text stays data, never markup."""
    s = str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "").replace("\t", " ")
    return f'"{s}"'


def mix(a: str, b: str, amount: float) -> str:
    """``amount`` of colour ``a`` over ``b`` (hex strings), as handouts' theme mixes tints."""
    ca = [int(a[i:i + 2], 16) for i in (1, 3, 5)]
    cb = [int(b[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x * amount + y * (1 - amount)):02x}" for x, y in zip(ca, cb, strict=True))


def rgb(colour: str) -> str:
    return f'rgb("{colour}")'


# -- the chart ------------------------------------------------------------------------------------------------
class Box:
    """One foot's frame on the chart: frame (0..1, y up) to chart points (y down), mirrored or not."""

    def __init__(self, x: float, top: float, w: float, h: float, mirror: bool) -> None:
        self.x, self.top, self.w, self.h, self.mirror = x, top, w, h, mirror

    def map(self, pt: tuple[float, float]) -> tuple[float, float]:
        fx = 1.0 - pt[0] if self.mirror else pt[0]
        return self.x + fx * self.w, self.top + (1.0 - pt[1]) * self.h


def pt(p: tuple[float, float]) -> str:
    return f"({p[0]:.2f}pt, {p[1]:.2f}pt)"


def curve(parts: Any, box: Box, closed: bool, fill: str | None, stroke: str | None) -> str:
    """Béziers as one Typst ``curve``: each part a sub-path."""
    items = []
    for segments in parts:
        for i, (p0, c1, c2, p3) in enumerate(segments):
            if i == 0:
                items.append(f"curve.move({pt(box.map(p0))})")
            items.append(f"curve.cubic({pt(box.map(c1))}, {pt(box.map(c2))}, {pt(box.map(p3))})")
        if closed:
            items.append("curve.close()")
    style = f"fill: {fill or 'none'}, stroke: {stroke or 'none'}"
    return f"place(curve({style}, {', '.join(items)}))"


def zone_curves(view: Any, zone_id: str, box: Box, colour: str, edge: str) -> list[str]:
    """A zone's fills with a thin edge, and its strokes as a band with a darker casing."""
    out = []
    length = max(box.w, box.h)
    for shape in view.zones[zone_id].shapes:
        if shape.kind == "fill":
            out.append(curve([shape.segments], box, True, rgb(colour), f"0.5pt + {rgb(edge)}"))
        else:
            width = shape.width * length
            out.append(curve([shape.segments], box, False, None, f"{width + 1:.2f}pt + {rgb(edge)}"))
            out.append(curve([shape.segments], box, False, None, f"{width:.2f}pt + {rgb(colour)}"))
    return out


def foot(api: dict[str, Any], catalog: Any, view: Any, side: str, box: Box, lit: list[str], accent: str) -> list[str]:
    """Outline, quiet zones, details, guides and highlighted zones of one foot."""
    length = max(box.w, box.h)
    edge = f"(paint: {rgb(OUTLINE)}, thickness: {max(0.8, length * 0.006) * 2:.2f}pt, join: \"round\", cap: \"round\")"
    out = [curve(view.outline, box, True, None, edge),
           curve(view.outline, box, True, rgb(SKIN), None)]
    zones = catalog.zones
    mine = sorted((z for z in view.zones if z in zones and api["zone_on_side"](zones[z], side)),
                  key=lambda z: -view.zones[z].area)
    drawn: list[str] = []
    for zone_id in mine:
        system = api["systems"][zones[zone_id].system]
        inset = any(zones[z].system == zones[zone_id].system and view.zones[z].covers(view.zones[zone_id].anchor)
                    for z in drawn)
        out += zone_curves(view, zone_id, box, mix(system, SKIN, QUIET + (NESTED if inset else 0.0)),
                           mix(system, OUTLINE, 0.55))
        drawn.append(zone_id)
    out += [curve([d], box, False, None, f"{max(0.4, length * 0.0025):.2f}pt + {rgb(DETAIL)}") for d in view.details]
    for guide in view.guides:
        pts = ", ".join(f"curve.line({pt(box.map(p))})" for p in guide.points[1:])
        out.append(f"place(curve(stroke: (paint: {rgb(GUIDE)}, thickness: 0.5pt, dash: (2pt, 2pt)), "
                   f"curve.move({pt(box.map(guide.points[0]))}), {pts}))")
    for zone_id in sorted(lit, key=lambda z: -view.zones[z].area):
        out += zone_curves(view, zone_id, box, accent, mix(accent, "#000000", 0.7))
    return out


def labels(catalog: Any, view: Any, box: Box, lit: list[str], column: tuple[float, float], side: str,
           accent: str) -> list[str]:
    """Zone names in the column beside the foot, swept top to bottom, each with a leader to its zone."""
    size, gap = 8.0, 11.0
    marks = sorted(((box.map(view.zones[z].anchor), z) for z in lit), key=lambda m: m[0][1])
    out, floor = [], -1e9
    x0, x1 = column
    for (ax, ay), zone_id in marks:
        y = max(ay, floor + gap)
        floor = y
        name = catalog.zones[zone_id].name
        edge = x1 if side == "left" else x0
        align = "right" if side == "left" else "left"
        out.append(f"place(dx: {x0:.2f}pt, dy: {y - size * 0.7:.2f}pt, box(width: {x1 - x0:.2f}pt, "
                   f"align({align}, text(size: {size}pt, weight: \"bold\", fill: {rgb(mix(accent, '#000000', 0.7))}, "
                   f"{q(name)}))))")
        start = edge + (2 if side == "left" else -2)
        out.append(f"place(curve(stroke: 0.5pt + {rgb(MUTED)}, curve.move({pt((start, y))}), "
                   f"curve.line({pt((ax, ay))})))")
    return out


def chart_views(catalog: Any, highlight: dict[str, set[str]]) -> list[str]:
    """Plantar, plus the first view of any highlighted zone the sole does not show (as handouts' "auto")."""
    views = ["plantar"]
    for zone in highlight:
        where = catalog.charts.views_of(zone)
        if where and "plantar" not in where and where[0] not in views:
            views.append(where[0])
    return views


def chart(api: dict[str, Any], catalog: Any, plan: Any, width: float, accent: str, compact: bool) -> str:
    """Both feet in every view the highlight needs, as a fixed-size box of placed curves and labels."""
    highlight = {z: set(f) for z, f in plan.highlight.items()}
    views = chart_views(catalog, highlight)
    height = (66 if compact else 80) * MM * (1 + 0.3 * (len(views) - 1))
    t = catalog.strings
    caption_h, gap_rows, label_w, between = 11.0, 5 * MM, 0.2 * width, max(6 * MM, width * 0.04)
    weights = [1.0 if catalog.charts.views[v].aspect < 1 else 0.55 for v in views]
    usable = height - gap_rows * (len(views) - 1) - caption_h * len(views)
    items, top = [], 0.0
    for name, weight in zip(views, weights, strict=True):
        view = catalog.charts.views[name]
        row_h = usable * weight / sum(weights)
        foot_h, foot_w = row_h, row_h * view.aspect
        if 2 * foot_w + between + 2 * label_w > width:
            foot_w = (width - between - 2 * label_w) / 2
            foot_h = foot_w / view.aspect
        y = top + (row_h - foot_h) / 2
        cx = width / 2
        boxes = {"left": Box(cx - between / 2 - foot_w, y, foot_w, foot_h, view.mirrored("left")),
                 "right": Box(cx + between / 2, y, foot_w, foot_h, view.mirrored("right"))}
        for side, box in boxes.items():
            lit = [z for z, feet in highlight.items() if side in feet and z in view.zones]
            items += foot(api, catalog, view, side, box, lit, accent)
            if side not in plan.feet and plan.has_routine:
                items.append(f"place(dx: {box.x:.2f}pt, dy: {box.top:.2f}pt, rect(width: {box.w:.2f}pt, "
                             f"height: {box.h:.2f}pt, fill: white.transparentize(40%)))")
            column = (0.0, box.x - 3 * MM) if side == "left" else (box.x + box.w + 3 * MM, width)
            items += labels(catalog, view, box, lit, column, side, accent)
            caption = t.get(f"{side}_foot", side)
            if name != "plantar" and t.get(f"view_{name}"):
                caption = f"{caption}, {t[f'view_{name}']}"
            if side not in plan.feet and plan.has_routine:
                caption = f"{caption} ({t.get('rest_foot', 'rest')})"
            items.append(f"place(dx: {box.x:.2f}pt, dy: {y + foot_h + 3:.2f}pt, box(width: {box.w:.2f}pt, "
                         f"align(center, text(size: 8pt, weight: \"bold\", fill: {rgb(MUTED)}, {q(caption)}))))")
        top += row_h + caption_h + gap_rows
    body = "\n  ".join(items)
    return f"#box(width: {width:.2f}pt, height: {height:.2f}pt, {{\n  {body}\n}})\n"


# -- the document ---------------------------------------------------------------------------------------------
def preamble(catalog: Any, ctx: dict[str, Any], page: str) -> str:
    """Page, fonts, heading styles, letterhead, running head and footer."""
    clinic, t = ctx["clinic"], ctx["t"]
    colours = catalog.clinic.colours
    contact = [", ".join(clinic["address"])] if clinic["address"] else []
    contact.append(" \u00b7 ".join(x for x in (clinic["phone"], clinic["email"]) if x))
    if clinic["website"]:
        contact.append(clinic["website"])
    lines = " + linebreak() + ".join(q(c) for c in contact if c)
    page_of = q(t.get("page_of", "Page {page} of {pages}"))
    return f"""#let primary = {rgb(colours.primary)}
#let accent = {rgb(colours.accent)}
#set document(title: {q(t["sheet_title"] + " - " + ctx["client"]["name"])})
#set page(paper: "{page}", margin: (x: 18mm, top: 36mm, bottom: 22mm),
  header-ascent: 18%, footer-descent: 30%,
  header: context {{
    if here().page() == 1 {{
      grid(columns: (1fr, auto),
        [#text(size: 14pt, weight: "bold", fill: primary, {q(clinic["name"])}) \\
         #text(size: 8.5pt, style: "italic", fill: {rgb(MUTED)}, {q(clinic["tagline"])})],
        align(right, text(size: 8pt, fill: {rgb(INK)}, {lines})))
      v(-2pt)
      line(length: 100%, stroke: 0.8pt + accent)
    }} else {{
      grid(columns: (1fr, auto),
        text(size: 9pt, weight: "bold", fill: primary, {q(clinic["name"])}),
        text(size: 9pt, fill: {rgb(MUTED)}, {q(ctx["client"]["name"])}))
      v(-4pt)
      line(length: 100%, stroke: 0.5pt + accent)
    }}
  }},
  footer: context {{
    line(length: 100%, stroke: 0.5pt + {rgb(RULE)})
    v(-6pt)
    grid(columns: (1fr, auto), column-gutter: 4mm,
      text(size: 8pt, style: "italic", fill: {rgb(MUTED)}, {q(t.get("not_medical", ""))}),
      text(size: 8pt, fill: {rgb(MUTED)}, {page_of}.replace("{{page}}", str(here().page()))
        .replace("{{pages}}", str(counter(page).final().first()))))
  }})
#set text(font: "Open Sans", size: 9.5pt, fill: {rgb(INK)}, lang: "en")
#set par(leading: 0.5em, spacing: 0.75em)
#show heading: set text(fill: primary, weight: "bold")
#show heading.where(level: 1): set text(size: 20pt)
#show heading.where(level: 2): set text(size: 12.5pt)
#show heading.where(level: 2): set block(above: 1.3em, below: 0.7em)
#show heading.where(level: 3): set text(size: 10.5pt, fill: {rgb(INK)})
#set table(stroke: none)
"""


def side_note(side: str) -> str:
    return f" ({side})" if side else ""


def goals_and_cautions(ctx: dict[str, Any]) -> str:
    t, c = ctx["t"], ctx["client"]
    dot = "#h(6pt)·#h(6pt)"
    line = f"#strong({q(t['prepared_for'] + ':')}) #{q(c['name'])}{dot}#strong({q(t['date'] + ':')}) #{q(c['date'])}"
    if c["therapist"]:
        line += f"{dot}#strong({q(t['therapist'] + ':')}) #{q(c['therapist'])}"
    out = [f"#heading(level: 1, {q(t['sheet_title'])})", f"#text(size: 10.6pt, [{line}])",
           f"#heading(level: 2, {q(t['your_goals'])})"]
    if ctx["has_routine"]:
        cells = ", ".join(f"[#heading(level: 3, {q(g['name'])}) #{q(g['intro'])}]" for g in ctx["goals"])
        out.append(f"#grid(columns: (1fr, 1fr), column-gutter: 14pt, row-gutter: 8pt, {cells})")
    else:
        out.append("#list(" + ", ".join(q(g["name"]) for g in ctx["goals"]) + ")")
        out.append(f"#{q(t['no_routine_goals'])}")
    if ctx["cautions"] and ctx["has_routine"]:
        paras = [f"#strong({q(x['name'] + side_note(x['side']) + '.')}) #{q(x['message'])}" for x in ctx["cautions"]]
        if ctx["avoided_zones"]:
            paras.append("#" + q(t["avoided_zones"].replace("{zones}", ", ".join(ctx["avoided_zones"]))))
        if ctx["work_foot"]:
            paras.append("#" + q(t["avoided_foot"].replace("{foot}", t["word_" + ctx["work_foot"]])))
        if ctx["pressure_capped"]:
            paras.append("#" + q(t["pressure_capped"].replace("{pressure}", ctx["pressure"])))
        body = "\n\n".join(paras)
        out.append("#block(width: 100%, inset: 8pt, radius: 2pt, fill: accent.lighten(86%), "
                   "stroke: (left: 2.5pt + accent))"
                   f"[#text(weight: \"bold\", fill: accent.darken(30%), {q(t['cautions'])})\n\n{body}]")
    return "\n\n".join(out) + "\n\n"


def routine(api: dict[str, Any], ctx: dict[str, Any]) -> str:
    """The routine lines, the table (header repeated on a new page, zebra rows) and the how-tos."""
    t = ctx["t"]
    out = [f"#heading(level: 2, {q(t['routine'])})"] + [f"#{q(line)}" for line in ctx["routine_lines"]]
    head = ", ".join(f"text(fill: white, weight: \"bold\", {q(t[k])})"
                     for k in ("step", "foot", "area", "technique", "time", "pressure"))
    rows = ",\n  ".join(", ".join(q(v) for v in (s["number"], s["foot"], s["zone"], s["technique"],
                                                  f"{api['minutes_label'](s['minutes'])}\u00a0{t['minutes_short']}",
                                                  s["pressure"])) for s in ctx["steps"])
    out.append(f"#table(columns: (7%, 15%, 30%, 26%, 10%, 12%), inset: (x: 5pt, y: 5pt),\n"
               f"  fill: (_, y) => if y == 0 {{ primary }} else if calc.even(y) {{ primary.lighten(90%) }},\n"
               f"  stroke: (_, y) => (bottom: 0.4pt + {rgb(RULE)}),\n"
               f"  table.header({head}),\n  {rows})")
    out.append(f"#heading(level: 2, {q(t['how_to'])})")
    cells = []
    for tech in ctx["techniques"]:
        if ctx["compact"]:
            steps = " ".join(f"{i}.\u00a0{line}" for i, line in enumerate(tech["steps"], 1))
            cells.append(f"[#strong({q(tech['name'] + '.')}) #{q(steps)}]")
        else:
            items = ", ".join(q(line) for line in tech["steps"])
            cells.append(f"[#heading(level: 3, {q(tech['name'])}) #enum({items})]")
    out.append(f"#grid(columns: (1fr, 1fr), column-gutter: 14pt, row-gutter: 8pt, {', '.join(cells)})")
    return "\n\n".join(out) + "\n\n"


def no_routine(ctx: dict[str, Any]) -> str:
    """The stop box of a sheet without a routine: why, what to do instead, whom to call."""
    t, nr = ctx["t"], ctx["no_routine"]
    paras = []
    for c in nr["stops"]:
        paras.append(f"#strong({q(c['name'] + '.')}) #{q(c['message'])}")
        if c["instead"]:
            paras.append("#" + q(c["instead"]))
    paras += ["#" + q(nr[k]) for k in ("both_feet_rest", "noted", "call") if nr[k]]
    body = "\n\n".join(paras)
    return ("#block(width: 100%, inset: 8pt, radius: 2pt, fill: rgb(\"#fbeaea\"), "
            "stroke: (left: 2.5pt + rgb(\"#b03a2e\")))"
            f"[#text(weight: \"bold\", fill: rgb(\"#b03a2e\"), {q(t['no_routine_title'])})\n\n{body}]\n\n")


def closing(ctx: dict[str, Any]) -> str:
    """Complements and aftercare side by side, then the client's notes."""
    t, cells = ctx["t"], []
    for key, entries, title, text in (("complements", ctx["complements"], "name", "text"),
                                      ("aftercare", ctx["aftercare"], "title", "text")):
        if entries:
            items = ", ".join(f"[#strong({q(e[title] + '.')}) #{q(e[text])}]" for e in entries)
            cells.append(f"[#heading(level: 2, {q(t[key])}) #list({items})]")
    columns = "(1fr, 1fr)" if len(cells) == 2 else "(1fr,)"
    out = f"#grid(columns: {columns}, column-gutter: 14pt, {', '.join(cells)})\n\n"
    if ctx["client"]["notes"]:
        out += f"#heading(level: 2, {q(t['notes'])})\n\n" + "\n\n".join(f"#{q(p)}" for p in ctx["client"]["notes"])
    return out


def typst_source(api: dict[str, Any], catalog: Any, client: Any, compact: bool = False) -> str:
    """The whole Typst document for one client, from handouts' plan and sheet context."""
    plan = api["make_plan"](catalog, client)
    ctx = api["sheet_context"](catalog, plan, compact=compact)
    size = api["page_sizes"][client.page_size]
    page = "us-letter" if client.page_size == "letter" else client.page_size
    parts = [preamble(catalog, ctx, page), goals_and_cautions(ctx)]
    if ctx["has_routine"]:
        width = size[0] - 36 * MM
        parts.append(f"#block(breakable: false, above: 1.3em)[#heading(level: 2, {q(ctx['t']['your_chart'])})\n\n"
                     + chart(api, catalog, plan, width, catalog.clinic.colours.accent, ctx["compact"])
                     + f"\n#text(size: 8pt, style: \"italic\", fill: {rgb(MUTED)}, "
                     f"{q(ctx['t']['chart_caption'])})]\n\n")
        parts.append(routine(api, ctx))
    else:
        parts.append(no_routine(ctx))
    parts.append(closing(ctx))
    return "".join(parts)


class TypstSheets:
    """One reused ``typst.Compiler`` (fonts loaded once, memoised work kept) turning clients into PDF bytes.

    The source goes in as bytes. Writing it to a file the compiler watches,
    with each foot's unchanging layers in included files of their own, was
    tried and measured no faster on this machine (40-41 ms against 39-42 ms
    a sheet), so the simple way stays.
    """

    def __init__(self, api: dict[str, Any], catalog: Any) -> None:
        import typst

        self.api, self.catalog = api, catalog
        self.compiler = typst.Compiler(font_paths=[font_dir()], ignore_system_fonts=True)

    def compile(self, client: Any, compact: bool) -> bytes:
        return self.compiler.compile(input=typst_source(self.api, self.catalog, client, compact).encode())

    def build(self, client: Any) -> bytes:
        """The sheet; like handouts, the compact layout when the regular one runs past two pages."""
        pdf = self.compile(client, compact=False)
        count = PAGE_COUNT.search(pdf)
        if count is not None and int(count.group(1)) > 2:
            pdf = self.compile(client, compact=True)
        return pdf


def demo_client(api: dict[str, Any], catalog: Any) -> Any:
    return api["make_client"]({"name": "Ana Lima", "goals": ["sleep", "stress"], "therapist": "Maria Costa",
                               "notes": "Keep the routine slow and even."}, catalog)


def describe(label: str, pdf: bytes) -> dict[str, Any]:
    """Pages, embedded font names and extracted text length of one PDF (pypdf)."""
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    fonts = set()
    for page in reader.pages:
        for font in (page.get("/Resources", {}).get("/Font") or {}).values():
            obj = font.get_object()
            desc = obj.get("/FontDescriptor") or (obj["/DescendantFonts"][0].get_object().get("/FontDescriptor")
                                                  if "/DescendantFonts" in obj else None)
            files = ("/FontFile", "/FontFile2", "/FontFile3")
            embedded = desc is not None and any(k in desc.get_object() for k in files)
            fonts.add(f"{str(obj['/BaseFont']).split('+')[-1]}{'' if embedded else ' (NOT embedded)'}")
    text = "".join(p.extract_text() for p in reader.pages)
    info = {"pages": len(reader.pages), "fonts": sorted(fonts), "chars": len("".join(text.split())), "bytes": len(pdf)}
    print(f"{label:9} {info['pages']} pages, {info['bytes'] / 1024:.0f} KiB, {info['chars']} non-space characters, "
          f"fonts: {', '.join(info['fonts'])}")
    return info


def main() -> None:
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1767225600")
    api = handouts_api()
    workspace = api["find_workspace"]()
    catalog = api["load_catalog"](workspace)
    client = demo_client(api, catalog)
    mine = api["build_sheet"](workspace, client)
    theirs = TypstSheets(api, catalog).build(client)
    if "--check" in sys.argv:
        a, b = describe("handouts", mine), describe("typst", theirs)
        print(f"text length typst/handouts: {b['chars'] / a['chars']:.3f}; same pages: {a['pages'] == b['pages']}")
        return
    out = ROOT / "output"
    out.mkdir(exist_ok=True)
    (out / "handouts-sheet.pdf").write_bytes(mine)
    (out / "typst-sheet.pdf").write_bytes(theirs)
    (out / "typst-sheet.typ").write_text(typst_source(api, catalog, client), encoding="utf-8")
    print(f"wrote {out / 'handouts-sheet.pdf'} and {out / 'typst-sheet.pdf'}")


if __name__ == "__main__":
    main()
