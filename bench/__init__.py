"""`make bench`: the app under load next to its cheapest request (see bench/run.py)."""
