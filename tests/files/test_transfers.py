"""Transfers: hardlinks where possible, a loud copy where not, never a partial file in place."""

from __future__ import annotations

import os
from pathlib import Path

from reelarr.files import TransferMode, place_file, replaced_name


def test_a_hardlink_on_one_file_system_shares_the_inode(tmp_path: Path) -> None:
    source = tmp_path / "download" / "movie.mkv"
    source.parent.mkdir()
    source.write_bytes(b"x" * 1000)

    outcome = place_file(source, tmp_path / "library" / "Movie (2020).mkv", TransferMode.HARDLINK_OR_COPY)

    assert outcome.linked and outcome.hardlink_failure is None
    assert os.stat(outcome.destination).st_ino == os.stat(source).st_ino


def test_a_file_at_the_destination_is_kept_beside_it_until_the_caller_finishes(tmp_path: Path) -> None:
    source = tmp_path / "new.mkv"
    source.write_bytes(b"new")
    destination = tmp_path / "library" / "Movie (2020).mkv"
    destination.parent.mkdir()
    destination.write_bytes(b"old")

    place_file(source, destination, TransferMode.COPY)

    assert destination.read_bytes() == b"new"
    assert replaced_name(destination).read_bytes() == b"old"
    assert sorted(p.name for p in destination.parent.iterdir()) == [
        ".reelarr-replaced.Movie (2020).mkv",
        "Movie (2020).mkv",
    ]
