"""The library: models, per-file validation, cross-file checks, privacy, the question bank and the loader."""
