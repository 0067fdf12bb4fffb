"""Compose: templates and their contexts turned into story markup (Jinja2, sandboxed and autoescaping).

Jinja is loaded here, once, with ``tempfile`` standing in (``first_use``):
``jinja2.bccache`` imports it for a default cache folder and its own writes,
which handouts' kept templates (``environment.KeptTemplates``) ask for only
when a template was compiled afresh; on a warm start it was 1.3 % of a cold
sheet's instructions (with ``shutil`` and the compression modules), measured.
"""

from handouts.first_use import module_on_first_use

with module_on_first_use("tempfile"):
    import jinja2  # noqa: F401
