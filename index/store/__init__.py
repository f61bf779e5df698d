"""The corpus and its storage: SQLite documents, Chroma vectors, BM25 and the vector mirror, ingest."""
