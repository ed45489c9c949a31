"""A build runs with the cycle collector paused, and leaves it as it found it."""

from __future__ import annotations

import gc

import pytest

from flashcards.support.collector import collector_paused


@collector_paused
def report_collector(fail: bool = False) -> bool:
    if fail:
        raise ValueError("boom")
    return gc.isenabled()


@pytest.fixture
def collector_on():
    gc.enable()
    yield
    gc.enable()


def test_the_collector_is_off_inside_and_back_on_after(collector_on):
    assert report_collector() is False
    assert gc.isenabled()


def test_the_collector_comes_back_after_an_error(collector_on):
    with pytest.raises(ValueError, match="boom"):
        report_collector(fail=True)
    assert gc.isenabled()


def test_a_collector_already_off_stays_off(collector_on):
    gc.disable()
    assert report_collector() is False
    assert not gc.isenabled()
