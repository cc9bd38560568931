"""Answers made of retrieved passages: extractive without an LLM, generative with one, both cited."""
