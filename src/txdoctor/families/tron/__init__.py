"""Tron: the TronGrid full-node HTTP API."""
