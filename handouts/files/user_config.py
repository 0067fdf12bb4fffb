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


def configured_clinic() -> Path | None:
    """The clinic folder recorded by ``handouts init``, or None when there is none (or the file is unreadable)."""
    path = config_file()
    if not path.is_file():  # the usual case before 'handouts init': no need to load a YAML parser
        return None
    import yaml  # loaded when asked, not with the command line (``handouts --help`` needs no YAML)

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
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
