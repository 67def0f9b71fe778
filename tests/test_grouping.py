"""The suite's own setup: under ``make test`` (pytest-xdist, ``--dist loadgroup``) the tests of one
``xdist_group`` run on one worker, in order, as each notebook's cells must (tests/conftest.py)."""

from __future__ import annotations

import os

import pytest

WORKER = os.environ.get("PYTEST_XDIST_WORKER")


@pytest.mark.xdist_group("grouping-check")
@pytest.mark.parametrize("k", range(6))
def test_a_group_runs_on_one_worker_in_order(k, tmp_path_factory):
    if WORKER is None:
        pytest.skip("not run by pytest-xdist")
    log = tmp_path_factory.getbasetemp().parent / "grouping-check.log"  # shared by the workers of one run
    with open(log, "a", encoding="utf-8") as file:
        file.write(f"{WORKER} {k}\n")
    lines = log.read_text(encoding="utf-8").split()
    assert lines[0::2] == [WORKER] * (k + 1), "the group was split across workers"
    assert lines[1::2] == [str(i) for i in range(k + 1)], "the group ran out of order"
