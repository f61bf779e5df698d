"""The command line's own behaviour: progress without a terminal."""

from __future__ import annotations

import pytest

from index import cli


def test_a_long_ingest_prints_progress_lines_when_stderr_is_not_a_terminal(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli, "PROGRESS_LINE_SECONDS", 0.0)
    bar, update = cli._progress("embedding", True)
    assert bar is None and update is not None
    for done in (0, 1024, 2048, 3000):
        update(done, 3000)
    update(3, 3)  # a short job stays quiet
    assert capsys.readouterr().err.splitlines() == [
        "embedding: 0/3000 chunks", "embedding: 1024/3000 chunks", "embedding: 2048/3000 chunks",
        "embedding: 3000/3000 chunks",
    ]
    assert cli._progress("embedding", False) == (None, None)  # --json: nothing
