"""Golden Thread: the platform that runs a LEAD site."""
