"""The quarterly progress report: the programme's indicators by sex against their targets."""
