"""Planning sessions of a training and their half-days; the session list and calendar."""
