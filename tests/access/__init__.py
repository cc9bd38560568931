"""Tests of sudia.access (the collection access policy)."""
