"""EOS (Vaulta): the chain API (``/v1/chain``) and Hyperion history (``/v2/history``)."""
