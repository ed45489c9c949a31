"""docs/cli.md is every command's --help, generated with cog: it must match the commands as they are."""

from __future__ import annotations

import contextlib
import io

from cogapp import Cog
from helpers import ROOT


def test_cli_reference_matches_the_commands_help():
    output = io.StringIO()
    with contextlib.redirect_stdout(output), contextlib.redirect_stderr(output):
        status = Cog().main(["cog", "--check", str(ROOT / "docs" / "cli.md")])
    assert status == 0, f"{output.getvalue()}docs/cli.md is out of date: run `cog -r docs/cli.md`"
