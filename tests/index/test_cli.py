"""The command line's own behaviour: progress without a terminal, a pipe closed early."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from index import cli

ROOT = Path(__file__).resolve().parents[2]


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


def test_a_reader_that_stops_early_gets_no_traceback(tmp_path: Path) -> None:
    # `newsbot stats | head -1`, with the reader gone before anything is written
    (tmp_path / "corpora" / "default").mkdir(parents=True)  # an empty index, there to read
    env = {**os.environ, "NEWSBOT_DATA_DIR": str(tmp_path)}
    p = subprocess.Popen([sys.executable, "-m", "index.cli", "stats"], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, env=env, cwd=ROOT)
    assert p.stdout is not None and p.stderr is not None
    p.stdout.close()
    err = p.stderr.read().decode()
    assert p.wait(timeout=120) == 141
    assert "Traceback" not in err and "BrokenPipe" not in err, err


def test_reading_an_index_that_is_not_there_says_so_and_makes_none(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for command in (["ask", "--corpus", "defualt", "what did Kallas say?"], ["stats", "--corpus", "defualt"],
                    ["search", "--corpus", "defualt", "drones"], ["digest", "--corpus", "defualt"]):
        assert cli.main(["--data-dir", str(tmp_path), *command]) == 2
        err = capsys.readouterr().err
        assert "no index named 'defualt'" in err and "newsbot ingest --corpus defualt" in err
    assert not (tmp_path / "corpora" / "defualt").exists()  # a typo makes no new, empty index
