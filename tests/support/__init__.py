"""Local-chain test harness: real anvil nodes, compiled test contracts, real EVM scenarios.

Import as ``support.*`` (``tests/`` is on ``pythonpath``):

* ``support.anvil``      - ``find_anvil``, ``AnvilNode`` (start/stop/rpc/rpc_raw)
* ``support.solidity``   - ``find_solcjs``, ``compile_contracts``, ``deploy``, ``calldata``
* ``support.scenarios``  - functions that create each transaction case for real
"""
