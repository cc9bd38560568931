"""Quality evaluation on public data sets."""
