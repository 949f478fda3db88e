"""Aptos: the fullnode REST API (``/v1``)."""
