"""Demo content (fictional documents written for Sud IA) ingested on first start."""
