"""The base layer: small types and helpers every other layer may use; it imports none of them."""
