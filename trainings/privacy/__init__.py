"""A person's rights over their data (law 09-08): access and portability, erasure by
anonymisation, and the retention limit."""
