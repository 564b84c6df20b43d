"""Personal data (law 09-08): the notice participants are given, its versions, and the legal
basis recorded for each person."""
