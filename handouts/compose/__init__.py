"""Compose: templates and their contexts turned into story markup (Jinja2, sandboxed and autoescaping).

Jinja is loaded here, once, with ``tempfile`` and ``json`` standing in
(``first_use``): ``jinja2.bccache`` imports ``tempfile`` for a default cache
folder and its own writes, which handouts' kept templates
(``environment.KeptTemplates``) ask for only when a template was compiled
afresh, and ``jinja2.utils`` imports ``json`` for the ``tojson`` filter, which
handouts' templates do not use. On a warm start they were 1.3 % and 0.5 % of
a cold sheet's instructions (``tempfile`` with ``shutil`` and the compression
modules), measured.
"""

from handouts.first_use import module_on_first_use

with module_on_first_use("tempfile"), module_on_first_use("json"):
    import jinja2  # noqa: F401
