"""handouts: printable take-home sheets, foot charts and brochures for reflexology clinics.

Library use goes through ``handouts.build`` (the one path from a client's
details to PDF bytes); its API is re-exported here, loaded on first use so
that ``import handouts`` stays cheap::

    import handouts

    ws = handouts.open_workspace()
    client = handouts.check_client(ws, {"name": "Ana Lima", "goals": ["sleep", "stress"]})
    built = handouts.build_sheet(ws, client)
    Path(f"{built.stem}.pdf").write_bytes(built.pdf)
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

__all__ = [
    "Built",
    "Client",
    "HandoutsError",
    "__version__",
    "build_brochure",
    "build_chart",
    "build_chunk",
    "build_sheet",
    "check_client",
    "open_workspace",
    "print_options",
]


def __getattr__(name: str) -> Any:
    """Load the build API (and the error type) only when a library caller asks for it."""
    if name == "HandoutsError":
        from handouts.errors import HandoutsError

        return HandoutsError
    if name in __all__:
        from handouts import build

        return getattr(build, name)
    raise AttributeError(f"module 'handouts' has no attribute {name!r}")
