"""Charts: foot views drawn from geometry, with labels placed around them (ReportLab vector art).

``rl_compat`` is loaded first, before any ReportLab module: it lets ReportLab
load without compiling a pattern no sheet uses (see
``rl_compat.uri_pattern_on_first_use``).
"""

import handouts.rl_compat  # noqa: F401  (first, on purpose)
