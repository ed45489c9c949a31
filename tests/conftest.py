from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import pytest

TESTS = Path(__file__).parent
# Test modules in the sub-folders import the helper modules of this one (helpers, pages, builds, ...).
sys.path.insert(0, str(TESTS))


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory, monkeypatch):
    """Tests never touch the user's home."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    # Nor the machine's $TMPDIR: whatever a test leaves there (genanki's write_to_file leaves its
    # database; a build killed with kill -9, its folder) goes with the test's own folders.
    temporary = tmp_path_factory.mktemp("tmp")
    monkeypatch.setenv("TMPDIR", str(temporary))
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
