"""Tests of sudia.audit."""
