"""Pre-tests and post-tests from a question bank per training, and the satisfaction
questionnaire at the end of a session."""
