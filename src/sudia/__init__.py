"""Sud IA: sovereign, frugal AI platform of the Région Sud (cited answers, ecosystem observatory)."""

__version__ = "0.1.0"
