"""``python -m handouts`` runs the command line."""

from handouts.cli import run

run()
