"""Leakage and prompt-injection defences: reversible PII redaction, passage sanitising and flagging."""
