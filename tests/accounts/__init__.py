"""Tests of sudia.accounts."""
