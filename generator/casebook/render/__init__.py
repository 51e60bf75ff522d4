"""Rendering: a pure function from the validated library to Markdown pages, plus charts and statistics."""
