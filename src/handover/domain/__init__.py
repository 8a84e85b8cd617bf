"""domain: see README, How the code is laid out."""
