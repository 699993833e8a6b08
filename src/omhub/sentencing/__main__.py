"""``python -m omhub.sentencing ...`` runs the ``omhub calc`` command line."""

from .cli import run

run()
