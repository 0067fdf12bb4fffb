"""Charts: foot views drawn from geometry, with labels placed around them (ReportLab vector art).

``rl_compat`` is loaded first, before any ReportLab module: it lets ReportLab
load without compiling patterns, or loading Pillow or ``tempfile``, that no
sheet uses (see ``rl_compat.patterns_on_first_use``, ``pil_image_on_first_use``
and ``tempfile_on_first_use``).
"""

import handouts.rl_compat  # noqa: F401  (first, on purpose)
