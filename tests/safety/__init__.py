"""Tests of sudia.safety."""
