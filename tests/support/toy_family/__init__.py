"""A toy chain family for tests: the smallest package that plugs into every layer.

Its fetcher answers from a loopback HTTP server through the shared transport; its rules, texts
and rows are its own. ``tests/unit/test_family_plugin.py`` points a family's registry line at
this package and checks that every layer uses it. docs/families.md walks through the same
modules for a real family.
"""
