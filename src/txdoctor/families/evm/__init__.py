"""EVM chains (Ethereum, BNB Smart Chain, Polygon, …): JSON-RPC."""
