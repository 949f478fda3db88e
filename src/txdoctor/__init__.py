"""txdoctor: what happened to a crypto transfer, and what to do next."""

__version__ = "0.2.0"
