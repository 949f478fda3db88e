"""Polkadot: Polkadot Asset Hub and the relay chain, through the Subscan API."""
