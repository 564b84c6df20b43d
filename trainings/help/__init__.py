"""The documentation that ships with the project (docs/*.md), served to staff as pages."""
