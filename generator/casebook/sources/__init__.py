"""Reading sources: YAML files parsed with the line and column of every key and value."""
