"""Render: rich for people, JSON Lines for scripts."""
