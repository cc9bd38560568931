"""One parser per format; `registry.parser_for` picks one by content and extension."""
