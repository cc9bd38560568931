"""The instructor's pages and the JSON API of the pieces use case."""
