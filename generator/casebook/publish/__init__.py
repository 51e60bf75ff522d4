"""Publishing: what happens to a built site and the question bank (offline bundle, exports)."""
