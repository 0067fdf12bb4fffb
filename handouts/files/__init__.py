"""Ground floor for everything on disk: where the shipped defaults are, the search path a
command reads (clinic folder, overrides, defaults), safe file names, atomic writes, the
folder lock and the starter clinic folder. No stage logic lives here."""
