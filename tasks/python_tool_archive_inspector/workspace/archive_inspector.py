"""Inspect zip / tar / tar.gz archives and extract them safely.

Library functions: detect_format, list_entries, find_problems, summarize,
extract_safe.  Command line: ``python3 archive_inspector.py COMMAND ...``
(list, check, summary, extract); every command prints one JSON document.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass

__all__ = [
    "ArchiveError",
    "UnsafeArchiveError",
    "ArchiveTooLargeError",
    "Entry",
    "Problem",
    "detect_format",
    "list_entries",
    "find_problems",
    "summarize",
    "extract_safe",
    "main",
]


class ArchiveError(Exception):
    """The archive cannot be read, or an operation on it is refused."""


class UnsafeArchiveError(ArchiveError):
    """extract_safe refused an archive that has unsafe members."""

    def __init__(self, problems: list["Problem"]) -> None:
        super().__init__(f"archive has {len(problems)} unsafe member problem(s)")
        self.problems = list(problems)


class ArchiveTooLargeError(ArchiveError):
    """The total uncompressed size is above the allowed maximum."""


@dataclass(frozen=True)
class Entry:
    name: str
    type: str  # "file" | "dir" | "symlink" | "hardlink" | "other"
    size: int
    compressed_size: int | None
    link_target: str | None


@dataclass(frozen=True)
class Problem:
    name: str
    code: str


def detect_format(path: str | os.PathLike) -> str:
    """Return "zip", "tar" or "tar.gz", judged by content, not by file name."""
    raise NotImplementedError


def list_entries(path: str | os.PathLike) -> list[Entry]:
    """All members of the archive, in archive order."""
    raise NotImplementedError


def find_problems(path: str | os.PathLike) -> list[Problem]:
    """Every unsafe aspect of every member, in archive order then rule order."""
    raise NotImplementedError


def summarize(path: str | os.PathLike) -> dict:
    raise NotImplementedError


def extract_safe(path: str | os.PathLike, dest: str | os.PathLike, *,
                 max_total_size: int | None = None) -> list[str]:
    """Extract every member below *dest*; refuse the whole archive if any member is unsafe."""
    raise NotImplementedError


def main(argv: list[str] | None = None) -> int:
    raise NotImplementedError


if __name__ == "__main__":
    sys.exit(main())
