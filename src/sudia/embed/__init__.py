"""Text embedding models behind one small interface; one file per backend."""
