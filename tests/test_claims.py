"""claim: a notebook's one-line check prints the fact it proved, or stops with it."""

import numpy as np
import pytest

from sgd_lib.claims import ClaimFailed, claim


def test_a_claim_that_holds_prints_its_fact(capsys):
    claim(np.all(np.diff([3.0, 2.0, 1.0]) < 0), "the loss falls at every step (3 to 1)")
    assert capsys.readouterr().out == "✓ the loss falls at every step (3 to 1)\n"


def test_a_claim_that_fails_stops_with_its_fact(capsys):
    with pytest.raises(ClaimFailed, match=r"^not so: the loss falls at every step$") as caught:
        claim(bool(np.all(np.diff([1.0, 2.0]) < 0)), "the loss falls at every step")
    assert isinstance(caught.value, AssertionError) and capsys.readouterr().out == ""


@pytest.mark.parametrize("holds", [np.array([True, False]), 1, "yes", None])
def test_only_a_bool_is_a_test(holds):
    with pytest.raises(TypeError, match="holds must be a bool"):
        claim(holds, "a fact")


@pytest.mark.parametrize("fact", ["", "  ", None, 3])
def test_a_claim_names_its_fact(fact):
    with pytest.raises(TypeError, match="fact must be a non-empty string"):
        claim(True, fact)
