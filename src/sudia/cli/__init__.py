"""Command line: thin commands that parse input, call the library and render."""
