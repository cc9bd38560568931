"""Cantines: meal forecasts and food-waste tracking for the Région's pilot lycées (issue #13)."""
