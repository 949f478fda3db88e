"""Solana: JSON-RPC."""
