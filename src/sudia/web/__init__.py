"""Web interface (server-rendered French pages) and APIs (JSON and OpenAI-compatible)."""
