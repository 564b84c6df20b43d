"""The read API (/api/v1) that monitoring-and-evaluation tools pull from, with bearer tokens."""
