"""handover: what an account team knows about each customer, kept in a git-versioned folder."""

__version__ = "0.1.0"
