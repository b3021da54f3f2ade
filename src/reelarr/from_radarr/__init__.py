"""Moving from Radarr: read a Radarr data folder or backup into Reelarr, and say what came across.

The stages, in the order data moves: ``source`` (Radarr's SQLite database, read-only, and its
``config.xml``), ``mapping`` (Radarr's rows and enums into Reelarr's values, pure), ``writing``
(Reelarr's tables, keyed by natural keys so a second run updates instead of duplicating) and
``report`` (what was imported, mapped, skipped and what needs a human). Radarr is never written
to and media files are never touched.
"""
