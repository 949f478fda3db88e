"""Bitcoin: the Esplora REST API."""
