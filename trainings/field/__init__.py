"""The field kit: a session carried to a laptop that runs a workshop without internet, and the
records made there brought back into the central database, nothing lost and nothing doubled."""
