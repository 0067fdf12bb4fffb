"""handouts: printable take-home sheets, foot charts and brochures for reflexology clinics."""

__version__ = "0.1.0"
