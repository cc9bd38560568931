"""Use cases compose stages; they never import one another."""
