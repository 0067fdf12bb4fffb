"""The page heads and footers: the clinic's letterhead or running head, the rules, the footer's note.

All of it but "Page x of y" (which ``document`` draws) and a later page's
running title (the client's name, on a sheet) is the same on every such
page of a clinic's sheets, so it is drawn once and then written again
(``rl_compat.draw_kept``): forty-odd canvas calls a page (colours, fonts,
the logo placed and scaled, contact lines measured to stand flush right,
every position formatted) become one lookup and the lines' text encoded
for the document. The key names everything it is drawn from; for the
logo, the file's time and size too, as ``render.logo`` names what it
keeps, so a logo changed on disk is drawn anew.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from reportlab.lib.colors import Color
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from handouts.files.cache import file_stamp
from handouts.render.fonts import BOLD, ITALIC, REGULAR, ellipsize
from handouts.render.head_layout import footer_layout, letterhead_fit
from handouts.render.theme import INK, MUTED, RULE, Theme
from handouts.rl_compat import draw_kept

if TYPE_CHECKING:
    from handouts.render.document import Letterhead, Margins


def draw_heads(canv: Canvas, pagesize: tuple[float, float], theme: Theme, head: Letterhead, margins: Margins,
               first: bool) -> None:
    """Letterhead (first page) or running head (later pages), their rule, and the footer's rule and note;
    no text under ``theme.min_size``. A later page's running title (the client's name, on a sheet) is drawn
    anew every time; the rest is kept (module doc)."""
    width, height = pagesize
    left, right = margins.left, width - margins.right
    top = height - margins.top
    clinic = _clinic_key(pagesize, theme, head, margins)
    if first:
        draw_kept(canv, ("letterhead", *clinic, head.logo, _logo_stamp(head.logo)),
                  partial(_letterhead, canv, theme, head, margins, left, right, top))
        return
    _running_head(canv, theme, head, left, right, top)
    draw_kept(canv, ("later rules", *clinic), partial(_rules, canv, theme, head, margins, left, right,
                                                      top - margins.later_header + 3 * mm))


def _clinic_key(pagesize: tuple[float, float], theme: Theme, head: Letterhead, margins: Margins) -> tuple:
    """All that the kept parts are drawn from, flat, so that it is hashed in one C call (a theme's own hash is
    Python code, its colours' too)."""
    return (*pagesize, theme.min_size, *_colour_key(theme.primary), *_colour_key(theme.accent), head.clinic_name,
            head.tagline, head.contact_lines, head.footer_note, head.page_label, margins.left, margins.right,
            margins.top, margins.bottom, margins.first_header, margins.later_header)


def _colour_key(colour: Color) -> tuple:
    """A plain RGB colour by its components (all its operators depend on), any other kind as itself."""
    if type(colour) is Color:
        return Color, colour.red, colour.green, colour.blue, colour.alpha
    return colour, None, None, None, None


def _logo_stamp(logo: Path | None) -> str | None:
    """The logo file named with its size and time (``files.cache.file_stamp``; None: no logo, or none readable:
    drawing it says why)."""
    if logo is None:
        return None
    try:
        return file_stamp(logo)
    except OSError:
        return None


def _running_head(canv: Canvas, theme: Theme, head: Letterhead, left: float, right: float, top: float) -> None:
    """A later page's head: the clinic's name, and the running title flush right, shortened to fit."""
    fine = theme.min_size
    canv.setFont(BOLD, max(9.0, fine))
    canv.setFillColor(theme.primary)
    canv.drawString(left, top - max(9.0, fine) * 0.9, head.clinic_name)
    if head.running_title:
        canv.setFont(REGULAR, max(8.5, fine))
        canv.setFillColor(MUTED)
        size = max(8.5, fine)
        room = right - left - canv.stringWidth(head.clinic_name, BOLD, max(9.0, fine)) - 8 * mm
        canv.drawRightString(right, top - max(9.0, fine) * 0.9, ellipsize(head.running_title, REGULAR, size, room))


def _rules(canv: Canvas, theme: Theme, head: Letterhead, margins: Margins, left: float, right: float,
           rule_y: float) -> None:
    """The head's rule at ``rule_y``, and the footer."""
    canv.setStrokeColor(theme.accent)
    canv.setLineWidth(1.2)
    canv.line(left, rule_y, right, rule_y)
    _footer(canv, theme, head, margins, left, right)


def _letterhead(canv: Canvas, theme: Theme, head: Letterhead, margins: Margins, left: float, right: float,
                top: float) -> None:
    """The first page's letterhead: logo, name, tagline and contact lines; its rule, and the footer.

    The contact lines and the name never overlap: "phone · e-mail" splits, then the name shrinks (``letterhead_fit``).
    """
    fine = theme.min_size
    text_left = left
    if head.logo is not None:
        from handouts.render.logo import draw_logo

        text_left += draw_logo(canv, head.logo, left, top, 32 * mm, margins.first_header - 6 * mm) + 3 * mm
    contact, name_size = letterhead_fit(head.clinic_name, tuple(head.contact_lines), right - text_left,
                                        max(15.0, fine * 1.5), fine)
    canv.setFillColor(theme.primary)
    canv.setFont(BOLD, name_size)
    canv.drawString(text_left, top - name_size * 0.87, head.clinic_name)
    if head.tagline:
        canv.setFont(ITALIC, max(8.5, fine))
        canv.setFillColor(MUTED)
        canv.drawString(text_left, top - name_size * 0.87 - max(8.5, fine) * 1.4, head.tagline)
    canv.setFont(REGULAR, fine)
    canv.setFillColor(INK)
    y = top - 6
    for line in contact:
        canv.drawRightString(right, y, line)
        y -= fine * 1.2
    _rules(canv, theme, head, margins, left, right, top - margins.first_header + 4 * mm)


def _footer(canv: Canvas, theme: Theme, head: Letterhead, margins: Margins, left: float, right: float) -> None:
    """The footer's rule, and the note that this is not medical advice (wrapped to two lines if it must, beside
    "Page x of y", which ``document.draw_page_number`` draws)."""
    fine = theme.min_size
    _, lines = footer_layout(head.page_label, head.footer_note, fine, right - left)
    foot_y = margins.footer_baseline(fine)
    canv.setStrokeColor(RULE)
    canv.setLineWidth(0.5)
    canv.line(left, foot_y + fine * 1.25, right, foot_y + fine * 1.25)
    if head.footer_note:
        canv.setFont(ITALIC, fine)
        canv.setFillColor(MUTED)
        for n, line in enumerate(lines):
            canv.drawString(left, foot_y - n * fine * 1.2, line)
