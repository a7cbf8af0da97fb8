"""Inspect zip / tar / tar.gz archives and extract them safely.

Library functions: detect_format, list_entries, find_problems, summarize,
extract_safe.  Command line: ``python3 archive_inspector.py COMMAND ...``
(list, check, summary, extract); every command prints one JSON document.
"""

from __future__ import annotations

import argparse
import json
import os
import posixpath
import re
import shutil
import stat
import sys
import tarfile
import zipfile
from dataclasses import asdict, dataclass
from pathlib import Path

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


_DRIVE = re.compile(r"^[A-Za-z]:")


# --------------------------------------------------------------------------- reading


def detect_format(path: str | os.PathLike) -> str:
    """Return "zip", "tar" or "tar.gz", judged by content, not by file name."""
    path = Path(path)
    try:
        with open(path, "rb") as fh:
            magic = fh.read(2)
    except OSError as exc:
        raise ArchiveError(f"cannot read {path}: {exc}") from None
    if magic == b"\x1f\x8b":
        try:
            with tarfile.open(path, "r:gz"):
                return "tar.gz"
        except (tarfile.TarError, OSError, EOFError) as exc:
            raise ArchiveError(f"{path} is gzip data but not a tar archive: {exc}") from None
    if zipfile.is_zipfile(path):
        return "zip"
    try:
        with tarfile.open(path, "r:"):
            return "tar"
    except (tarfile.TarError, OSError, EOFError):
        raise ArchiveError(f"{path} is not a zip, tar or tar.gz archive") from None


def _zip_entries(path: Path) -> list[Entry]:
    entries = []
    with zipfile.ZipFile(path) as zf:
        for info in zf.infolist():
            mode = info.external_attr >> 16
            if info.is_dir():
                kind, size, target = "dir", 0, None
            elif stat.S_ISLNK(mode):
                kind, size = "symlink", 0
                target = zf.read(info).decode("utf-8", errors="replace")
            else:
                kind, size, target = "file", info.file_size, None
            entries.append(Entry(info.filename, kind, size, info.compress_size, target))
    return entries


def _tar_entries(path: Path, mode: str) -> list[Entry]:
    entries = []
    with tarfile.open(path, mode) as tf:
        for member in tf.getmembers():
            if member.isreg():
                kind, size, target = "file", member.size, None
            elif member.isdir():
                kind, size, target = "dir", 0, None
            elif member.issym():
                kind, size, target = "symlink", 0, member.linkname
            elif member.islnk():
                kind, size, target = "hardlink", 0, member.linkname
            else:
                kind, size, target = "other", 0, None
            entries.append(Entry(member.name, kind, size, None, target))
    return entries


def list_entries(path: str | os.PathLike) -> list[Entry]:
    """All members of the archive, in archive order."""
    path = Path(path)
    fmt = detect_format(path)
    try:
        if fmt == "zip":
            return _zip_entries(path)
        return _tar_entries(path, "r:gz" if fmt == "tar.gz" else "r:")
    except (zipfile.BadZipFile, tarfile.TarError, OSError, EOFError) as exc:
        raise ArchiveError(f"cannot read {path}: {exc}") from None


# --------------------------------------------------------------------------- safety


def _components(name: str) -> list[str]:
    return [part for part in re.split(r"[/\\]", name) if part not in ("", ".")]


def _normalized(name: str) -> str:
    return "/".join(_components(name))


def _is_absolute(name: str) -> bool:
    return name.startswith(("/", "\\")) or bool(_DRIVE.match(name))


def _link_escapes(entry: Entry) -> bool:
    target = entry.link_target or ""
    if _is_absolute(target):
        return True
    parent = "/".join(_components(entry.name)[:-1])
    resolved = posixpath.normpath(posixpath.join(parent, target.replace("\\", "/")))
    return resolved == ".." or resolved.startswith("../")


def _entry_problems(entry: Entry, symlink_names: set[str]) -> list[str]:
    codes = []
    if _is_absolute(entry.name):
        codes.append("absolute_path")
    parts = _components(entry.name)
    if ".." in parts:
        codes.append("path_traversal")
    if entry.type == "symlink" and _link_escapes(entry):
        codes.append("symlink_escape")
    if any("/".join(parts[:i]) in symlink_names for i in range(1, len(parts))):
        codes.append("through_symlink")
    if entry.type in ("hardlink", "other"):
        codes.append("unsupported_type")
    return codes


def _symlink_names(entries: list[Entry]) -> set[str]:
    return {_normalized(e.name) for e in entries if e.type == "symlink"}


def _problems(entries: list[Entry]) -> list[Problem]:
    symlink_names = _symlink_names(entries)
    return [Problem(entry.name, code)
            for entry in entries
            for code in _entry_problems(entry, symlink_names)]


def find_problems(path: str | os.PathLike) -> list[Problem]:
    """Every unsafe aspect of every member, in archive order then rule order."""
    return _problems(list_entries(path))


# --------------------------------------------------------------------------- summary


def summarize(path: str | os.PathLike) -> dict:
    path = Path(path)
    fmt = detect_format(path)
    entries = list_entries(path)
    symlink_names = _symlink_names(entries)
    problems = [_entry_problems(e, symlink_names) for e in entries]
    files = [e for e in entries if e.type == "file"]
    total = sum(e.size for e in files)
    archive_size = path.stat().st_size
    return {
        "format": fmt,
        "entries": len(entries),
        "files": len(files),
        "dirs": sum(1 for e in entries if e.type == "dir"),
        "symlinks": sum(1 for e in entries if e.type == "symlink"),
        "total_size": total,
        "compressed_size": sum(e.compressed_size for e in files) if fmt == "zip" else None,
        "archive_size": archive_size,
        "ratio": round(total / archive_size, 2),
        "unsafe": sum(1 for codes in problems if codes),
    }


# --------------------------------------------------------------------------- extraction


def _prepare_dest(dest: Path) -> None:
    if dest.is_symlink() or (dest.exists() and not dest.is_dir()):
        raise ArchiveError(f"destination {dest} exists and is not a directory")
    if dest.exists() and any(dest.iterdir()):
        raise ArchiveError(f"destination {dest} is not empty")


def _remove_existing(target: Path) -> None:
    if target.is_symlink() or target.is_file():
        target.unlink()


def extract_safe(path: str | os.PathLike, dest: str | os.PathLike, *,
                 max_total_size: int | None = None) -> list[str]:
    """Extract every member below *dest*; refuse the whole archive if any member is unsafe."""
    path, dest = Path(path), Path(dest)
    fmt = detect_format(path)
    entries = list_entries(path)
    problems = _problems(entries)
    if problems:
        raise UnsafeArchiveError(problems)
    total = sum(e.size for e in entries if e.type == "file")
    if max_total_size is not None and total > max_total_size:
        raise ArchiveTooLargeError(
            f"uncompressed size {total} exceeds the maximum of {max_total_size}")
    _prepare_dest(dest)
    dest.mkdir(parents=True, exist_ok=True)

    extracted: list[str] = []
    try:
        if fmt == "zip":
            with zipfile.ZipFile(path) as zf:
                for info, entry in zip(zf.infolist(), entries):
                    _write_entry(dest, entry, lambda info=info: zf.open(info), extracted)
        else:
            with tarfile.open(path, "r:gz" if fmt == "tar.gz" else "r:") as tf:
                for member, entry in zip(tf.getmembers(), entries):
                    _write_entry(dest, entry, lambda member=member: tf.extractfile(member),
                                 extracted)
    except (OSError, zipfile.BadZipFile, tarfile.TarError, EOFError) as exc:
        raise ArchiveError(f"extraction failed: {exc}") from None
    return extracted


def _write_entry(dest: Path, entry: Entry, open_data, extracted: list[str]) -> None:
    name = _normalized(entry.name)
    if not name:
        return
    target = dest.joinpath(*name.split("/"))
    if entry.type == "dir":
        target.mkdir(parents=True, exist_ok=True)
    elif entry.type == "file":
        target.parent.mkdir(parents=True, exist_ok=True)
        _remove_existing(target)
        with open_data() as src, open(target, "wb") as out:
            shutil.copyfileobj(src, out)
    elif entry.type == "symlink":
        target.parent.mkdir(parents=True, exist_ok=True)
        _remove_existing(target)
        os.symlink(entry.link_target, target)
    extracted.append(name)


# --------------------------------------------------------------------------- CLI


def _print_json(obj) -> None:
    print(json.dumps(obj, indent=2))


def _problem_dicts(problems: list[Problem]) -> list[dict]:
    return [asdict(p) for p in problems]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="archive_inspector",
                                     description="Inspect zip/tar archives safely.")
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("list", "check", "summary"):
        sub.add_parser(name).add_argument("archive")
    p_extract = sub.add_parser("extract")
    p_extract.add_argument("archive")
    p_extract.add_argument("dest")
    p_extract.add_argument("--max-size", type=int, default=None)
    args = parser.parse_args(argv)

    try:
        if args.command == "list":
            _print_json([asdict(e) for e in list_entries(args.archive)])
            return 0
        if args.command == "summary":
            _print_json(summarize(args.archive))
            return 0
        if args.command == "check":
            problems = find_problems(args.archive)
            _print_json({"safe": not problems, "problems": _problem_dicts(problems)})
            return 0 if not problems else 1
        try:
            names = extract_safe(args.archive, args.dest, max_total_size=args.max_size)
        except UnsafeArchiveError as exc:
            _print_json({"error": "unsafe", "problems": _problem_dicts(exc.problems)})
            return 1
        _print_json({"extracted": names})
        return 0
    except ArchiveError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
