"""The clinic chosen once: a small user config file in the platform's config folder.

``handouts init DIR`` records ``DIR`` here, so that every later command, run
from any folder, prints that clinic's branding rather than the demo clinic's.
The file is YAML with one key (``clinic: /absolute/path``) so that a person can
read and edit it. Its folder is ``platformdirs.user_config_dir("handouts")``
(``~/.config/handouts`` on Linux, ``~/Library/Application Support/handouts``
on macOS, ``%LOCALAPPDATA%\\handouts`` on Windows); ``HANDOUTS_CONFIG_DIR``
moves it (tests, portable installs).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from handouts.errors import InputError

CONFIG_NAME = "config.yaml"


def config_file() -> Path:
    """Where the user config lives on this computer."""
    override = os.environ.get("HANDOUTS_CONFIG_DIR")
    if override:
        return Path(override) / CONFIG_NAME
    from platformdirs import user_config_dir

    return Path(user_config_dir("handouts", appauthor=False)) / CONFIG_NAME


# A path YAML reads as the same plain text: from the root, no quotes, colons, hashes, tabs or other YAML marks.
_PLAIN_PATH = re.compile(r"/(?:[^\W_]|[ ._/+=,~@-])*(?<! )")
_FIELD = "clinic: "


def plain_clinic_line(text: str) -> str | None:
    """The folder of a config file as ``remember_clinic`` writes it (comments, then ``clinic: /a/path``), else None.

    Every sheet of a set-up clinic reads this file; loading PyYAML for it was
    about a twentieth of the sheet (measured). Only text that YAML reads the
    same way is taken here: whole-line comments and blank lines, one
    ``clinic:`` line whose value is a plain absolute path (``_PLAIN_PATH``),
    no carriage returns or byte-order mark. Anything else is None, and
    YAML reads the file as before (so does a long path with spaces, which
    ``yaml.safe_dump`` folds onto a second line).
    """
    if "\r" in text or "\ufeff" in text:
        return None
    found = None
    for line in text.split("\n"):
        if not line or line.startswith("#"):
            continue
        if found is not None or not line.startswith(_FIELD) or not _PLAIN_PATH.fullmatch(line[len(_FIELD):]):
            return None
        found = line[len(_FIELD):]
    return found


def configured_clinic() -> Path | None:
    """The clinic folder recorded by ``handouts init``, or None when there is none (or the file is unreadable)."""
    path = config_file()
    if not path.is_file():  # the usual case before 'handouts init': no need to load a YAML parser
        return None
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    plain = plain_clinic_line(text)
    if plain is not None:
        return Path(plain)
    import yaml  # loaded when asked, not with the command line (``handouts --help`` needs no YAML)

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return None
    folder = data.get("clinic") if isinstance(data, dict) else None
    return Path(folder) if isinstance(folder, str) and folder else None


def remember_clinic(folder: Path) -> Path:
    """Record ``folder`` as this user's clinic; return the config file written."""
    import yaml

    path = config_file()
    text = ("# handouts: the clinic used when no --clinic-dir or HANDOUTS_CLINIC is given.\n"
            "# Written by 'handouts init'; edit or delete freely.\n"
            + yaml.safe_dump({"clinic": str(folder.resolve())}, allow_unicode=True))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot record the clinic in the user config ({exc.strerror})", file=str(path),
                         hint="set HANDOUTS_CLINIC instead, or pass --clinic-dir") from None
    return path
