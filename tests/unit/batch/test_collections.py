"""While a batch runs, the young garbage collection runs rarely; afterwards as before."""

from __future__ import annotations

import gc

import pytest

from txdoctor.commands.batch.command import YOUNG_COLLECTION_THRESHOLD, _rare_young_collections


def test_the_threshold_is_raised_while_rows_run_and_put_back_even_after_an_error() -> None:
    before = gc.get_threshold()
    with _rare_young_collections():
        assert gc.get_threshold() == (YOUNG_COLLECTION_THRESHOLD, *before[1:])
    assert gc.get_threshold() == before
    with pytest.raises(KeyError), _rare_young_collections():
        raise KeyError("a row's error")
    assert gc.get_threshold() == before
