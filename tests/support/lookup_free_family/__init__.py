"""A chain family whose addresses txdoctor recognises but cannot look up yet: no ``fetch``
module (the state of a family whose input parsing has landed before its fetcher). Tests point
a family's registry line here to see what a user is told then (``ADDRESS_NOT_SUPPORTED``)."""
