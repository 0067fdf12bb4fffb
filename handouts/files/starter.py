"""``handouts init``: a starter clinic folder.

The folder holds the clinic's own ``clinic.yaml`` and empty ``data/`` and
``templates/`` folders. Anything placed there overrides the shipped defaults
by id (data) or by file name (templates); everything else is inherited.
"""

from __future__ import annotations

from pathlib import Path

from handouts.errors import InputError

CLINIC_YAML = """\
# Your clinic, as printed on every sheet, chart and brochure.
# Run handouts commands inside this folder (or pass --clinic-dir) to use it.

name: My Reflexology Clinic          # required
tagline: Foot massage and reflexology
address:                             # one line per entry
  - 1 High Street
  - Town AB1 2CD
phone: "+44 1234 567890"             # keep the quotes so the + survives
email: hello@example.com
website: example.com
booking_url: https://example.com/book   # the brochure's QR code points here
# logo: logo.png                     # PNG, JPEG or SVG, relative to this folder
colours:
  primary: "#2f5d62"                 # headings, table headers
  accent: "#d9822b"                  # highlighted zones on the foot chart
page_size: a4                        # a4 or letter
language: en
date_order: dmy                      # how 03/04/2026 is read: dmy (3 April), mdy (4 March, US) or ymd
# date_format: d MMMM y              # how dates print (Babel pattern): "MMMM d, y" gives March 14, 2026
"""

DATA_README = """\
Overrides for the shipped catalog. A file here with the same name as a shipped
one (zones.yaml, techniques.yaml, goals.yaml, cautions.yaml, complements.yaml,
aftercare.yaml, faq.yaml, strings.yaml, routine.yaml) is merged with it: an
entry with an existing id changes only the fields you give, a new id is added.

Example zones.yaml that rewords one zone:

- id: solar-plexus
  description: The soft hollow under the ball of the foot; press and breathe out.

Chart geometry goes in charts/<view>.yaml and replaces that view whole.
Translations go in locales/<language>/<file>.yaml (same ids, translated text).
Check your changes with: handouts validate
"""

TEMPLATES_README = """\
Templates placed here replace the shipped template of the same name, e.g.
sheet.xml.j2. Copy the shipped one as a starting point; the story markup it
produces is described in the handouts documentation (docs/story-markup.md).
"""


def write_starter(folder: Path) -> list[Path]:
    """Create the starter files; never overwrite an existing clinic.yaml."""
    target = folder / "clinic.yaml"
    if target.exists():
        raise InputError(f"'{target}' already exists; nothing was changed",
                         hint="choose a new folder or edit the existing clinic.yaml")
    written = []
    for path, text in (
        (target, CLINIC_YAML),
        (folder / "data" / "README.txt", DATA_README),
        (folder / "templates" / "README.txt", TEMPLATES_README),
    ):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
