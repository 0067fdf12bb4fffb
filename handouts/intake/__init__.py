"""Intake: where a client's details enter handouts, and where every one of them is checked.

``client`` checks one client's fields (goals, cautions, minutes, dates, page
size, language, lengths, invisible and unprintable characters) into a typed
``Client``; ``client_file`` reads one client's YAML file; ``client_list``
streams a list (CSV in any common encoding, or YAML) row by row. Nothing
after intake needs to check a client field again.
"""

from handouts.intake.client import Client, Condition, clean_text, make_client

__all__ = ["Client", "Condition", "clean_text", "make_client"]
