"""Knowledge gains disaggregated by sex, as shared/stats.md defines them."""
