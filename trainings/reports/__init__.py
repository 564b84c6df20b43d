"""Knowledge gains disaggregated by sex, as docs/statistics.md defines them."""
