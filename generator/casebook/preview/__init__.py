"""The trainer's live preview: ``casebook serve``, its error page and its incremental rebuilds."""
