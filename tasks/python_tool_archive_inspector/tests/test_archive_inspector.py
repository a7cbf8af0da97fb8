import gzip
import io
import json
import os
import stat
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from archive_inspector import (
    ArchiveError,
    ArchiveTooLargeError,
    Entry,
    Problem,
    UnsafeArchiveError,
    detect_format,
    extract_safe,
    find_problems,
    list_entries,
    summarize,
)

SCRIPT = Path(__file__).resolve().parent.parent / "workspace" / "archive_inspector.py"


# --------------------------------------------------------------------------- helpers


def make_zip(path, members):
    """members: ("file", name, data) | ("dir", name) | ("symlink", name, target)."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for member in members:
            kind, name = member[0], member[1]
            if kind == "file":
                zf.writestr(name, member[2])
            elif kind == "dir":
                info = zipfile.ZipInfo(name)
                info.external_attr = ((stat.S_IFDIR | 0o755) << 16) | 0x10
                zf.writestr(info, b"")
            elif kind == "symlink":
                info = zipfile.ZipInfo(name)
                info.create_system = 3
                info.external_attr = (stat.S_IFLNK | 0o777) << 16
                zf.writestr(info, member[2])
            else:
                raise AssertionError(kind)
    return path


def make_tar(path, members, mode="w"):
    """members: ("file", name, bytes) | ("dir", name) | ("symlink"|"hardlink", name, target) | ("fifo", name)."""
    with tarfile.open(path, mode) as tf:
        for member in members:
            kind, name = member[0], member[1]
            info = tarfile.TarInfo(name)
            info.mtime = 1_700_000_000
            if kind == "file":
                data = member[2]
                info.size = len(data)
                info.mode = 0o644
                tf.addfile(info, io.BytesIO(data))
                continue
            if kind == "dir":
                info.type, info.mode = tarfile.DIRTYPE, 0o755
            elif kind == "symlink":
                info.type, info.linkname = tarfile.SYMTYPE, member[2]
            elif kind == "hardlink":
                info.type, info.linkname = tarfile.LNKTYPE, member[2]
            elif kind == "fifo":
                info.type = tarfile.FIFOTYPE
            else:
                raise AssertionError(kind)
            tf.addfile(info)
    return path


def pairs(problems):
    return [(p.name, p.code) for p in problems]


def tree(root):
    """Every path below root (relative, '/'-separated) -> 'dir' | 'link:<target>' | bytes."""
    result = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            full = Path(dirpath, name)
            rel = full.relative_to(root).as_posix()
            if full.is_symlink():
                result[rel] = "link:" + os.readlink(full)
            elif full.is_dir():
                result[rel] = "dir"
            else:
                result[rel] = full.read_bytes()
    return result


def run_cli(*args, cwd):
    return subprocess.run(
        [sys.executable, str(SCRIPT), *map(str, args)],
        cwd=cwd, capture_output=True, text=True, timeout=60,
    )


# --------------------------------------------------------------------------- library


def test_detect_format_by_content(tmp_path):
    assert detect_format(make_zip(tmp_path / "data.tar", [("file", "a.txt", "x")])) == "zip"
    assert detect_format(make_tar(tmp_path / "x.zip", [("file", "a", b"x")], "w:gz")) == "tar.gz"
    assert detect_format(str(make_tar(tmp_path / "plain.bin", [("file", "a", b"x")]))) == "tar"

    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"this is definitely not an archive\n" * 40)
    empty = tmp_path / "empty.tar"
    empty.write_bytes(b"")
    gz_not_tar = tmp_path / "notes.tar.gz"
    gz_not_tar.write_bytes(gzip.compress(b"hello world, not a tar file\n" * 3))
    for bad in [junk, empty, gz_not_tar, tmp_path / "missing.zip", tmp_path]:
        with pytest.raises(ArchiveError):
            detect_format(bad)
    for fn in (list_entries, find_problems, summarize):
        with pytest.raises(ArchiveError):
            fn(junk)


def test_list_entries_zip(tmp_path):
    text = "hello archive\n" * 50
    path = make_zip(tmp_path / "docs.zip", [
        ("dir", "docs/"),
        ("file", "docs/readme.txt", text),
        ("symlink", "docs/latest", "readme.txt"),
        ("file", "empty.bin", b""),
    ])
    with zipfile.ZipFile(path) as zf:
        csize = {info.filename: info.compress_size for info in zf.infolist()}
    assert csize["docs/readme.txt"] < len(text)
    assert list_entries(path) == [
        Entry("docs/", "dir", 0, csize["docs/"], None),
        Entry("docs/readme.txt", "file", len(text), csize["docs/readme.txt"], None),
        Entry("docs/latest", "symlink", 0, csize["docs/latest"], "readme.txt"),
        Entry("empty.bin", "file", 0, csize["empty.bin"], None),
    ]


def test_list_entries_tar_types(tmp_path):
    members = [
        ("dir", "pkg"),
        ("file", "pkg/data.bin", b"\x00\x01" * 300),
        ("symlink", "pkg/current", "data.bin"),
        ("hardlink", "pkg/copy.bin", "pkg/data.bin"),
        ("fifo", "pkg/pipe"),
    ]
    expected = [
        Entry("pkg", "dir", 0, None, None),
        Entry("pkg/data.bin", "file", 600, None, None),
        Entry("pkg/current", "symlink", 0, None, "data.bin"),
        Entry("pkg/copy.bin", "hardlink", 0, None, "pkg/data.bin"),
        Entry("pkg/pipe", "other", 0, None, None),
    ]
    assert list_entries(make_tar(tmp_path / "a.tar", members)) == expected
    assert list_entries(make_tar(tmp_path / "a.tgz", members, "w:gz")) == expected


def test_problems_absolute_paths_and_traversal(tmp_path):
    path = make_zip(tmp_path / "hostile.zip", [
        ("file", "ok/file.txt", "fine"),
        ("file", "/etc/passwd", "root"),
        ("file", "C:/Windows/evil.dll", "x"),
        ("file", "\\\\server\\share.txt", "x"),
        ("file", "a/../../outside.txt", "x"),
        ("file", "..\\evil.txt", "x"),
        ("file", "a/..b/c.txt", "fine"),
        ("file", "/../x", "x"),
        ("file", "./fine/./x.txt", "fine"),
        ("file", "d:relative.txt", "x"),
    ])
    assert pairs(find_problems(path)) == [
        ("/etc/passwd", "absolute_path"),
        ("C:/Windows/evil.dll", "absolute_path"),
        ("\\\\server\\share.txt", "absolute_path"),
        ("a/../../outside.txt", "path_traversal"),
        ("..\\evil.txt", "path_traversal"),
        ("/../x", "absolute_path"),
        ("/../x", "path_traversal"),
        ("d:relative.txt", "absolute_path"),
    ]
    assert all(isinstance(p, Problem) for p in find_problems(path))


def test_problems_symlinks(tmp_path):
    path = make_tar(tmp_path / "links.tar.gz", [
        ("dir", "a"),
        ("dir", "a/b"),
        ("symlink", "a/b/up", "../../x"),
        ("symlink", "a/esc", "../../x"),
        ("symlink", "root", "/etc/passwd"),
        ("symlink", "a/top", ".."),
        ("symlink", "win", "C:\\Windows"),
        ("symlink", "bs", "..\\..\\x"),
        ("symlink", "self", "."),
        ("file", "self/inner.txt", b"x"),
        ("file", "./a/top/deep.txt", b"x"),
        ("file", "later/x.txt", b"x"),
        ("symlink", "later", "a"),
        ("symlink", "/abs/l", "../../.."),
        ("file", "a/b/up_not_a_prefix.txt", b"x"),
        ("symlink", "dots", "..hidden"),
        ("symlink", "a/dots", "../..hidden/x"),
    ], "w:gz")
    assert pairs(find_problems(path)) == [
        ("a/esc", "symlink_escape"),
        ("root", "symlink_escape"),
        ("win", "symlink_escape"),
        ("bs", "symlink_escape"),
        ("self/inner.txt", "through_symlink"),
        ("./a/top/deep.txt", "through_symlink"),
        ("later/x.txt", "through_symlink"),
        ("/abs/l", "absolute_path"),
        ("/abs/l", "symlink_escape"),
    ]


def test_unsupported_types_are_reported_and_refused(tmp_path):
    path = make_tar(tmp_path / "special.tar", [
        ("file", "data.txt", b"payload"),
        ("hardlink", "again.txt", "data.txt"),
        ("fifo", "pipe"),
    ])
    assert pairs(find_problems(path)) == [
        ("again.txt", "unsupported_type"),
        ("pipe", "unsupported_type"),
    ]
    dest = tmp_path / "out"
    with pytest.raises(UnsafeArchiveError) as info:
        extract_safe(path, dest)
    assert pairs(info.value.problems) == pairs(find_problems(path))
    assert not dest.exists()


def test_extract_safe_files_dirs_and_symlinks(tmp_path):
    tar_path = make_tar(tmp_path / "release.tar.gz", [
        ("dir", "."),
        ("dir", "./pkg"),
        ("file", "./pkg/a.txt", b"alpha\n"),
        ("symlink", "./pkg/link", "a.txt"),
        ("file", "./pkg/sub/deep/b.bin", bytes(range(256))),
        ("dir", "./pkg/empty"),
    ], "w:gz")
    dest = tmp_path / "out" / "nested"
    names = extract_safe(tar_path, dest)
    assert names == ["pkg", "pkg/a.txt", "pkg/link", "pkg/sub/deep/b.bin", "pkg/empty"]
    assert tree(dest) == {
        "pkg": "dir",
        "pkg/a.txt": b"alpha\n",
        "pkg/link": "link:a.txt",
        "pkg/sub": "dir",
        "pkg/sub/deep": "dir",
        "pkg/sub/deep/b.bin": bytes(range(256)),
        "pkg/empty": "dir",
    }
    assert (dest / "pkg" / "link").read_bytes() == b"alpha\n"

    zip_path = make_zip(tmp_path / "site.zip", [
        ("file", "index.html", "<h1>hi</h1>"),
        ("dir", "assets/"),
        ("file", "assets/app.js", "console.log(1)"),
        ("symlink", "home.html", "index.html"),
    ])
    existing_empty = tmp_path / "site"
    existing_empty.mkdir()
    assert extract_safe(str(zip_path), str(existing_empty)) == [
        "index.html", "assets", "assets/app.js", "home.html"]
    assert tree(existing_empty) == {
        "index.html": b"<h1>hi</h1>",
        "assets": "dir",
        "assets/app.js": b"console.log(1)",
        "home.html": "link:index.html",
    }


def test_extract_refuses_unsafe_archives_without_writing(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    zip_path = make_zip(tmp_path / "slip.zip", [
        ("file", "good.txt", "fine"),
        ("file", "../evil.txt", "pwned"),
    ])
    dest = tmp_path / "dest"
    with pytest.raises(UnsafeArchiveError) as info:
        extract_safe(zip_path, dest)
    assert pairs(info.value.problems) == [("../evil.txt", "path_traversal")]
    assert not dest.exists()
    assert not (tmp_path / "evil.txt").exists()

    # classic two-step symlink attack: create a link to the outside, write through it
    tar_path = make_tar(tmp_path / "attack.tar", [
        ("file", "readme.txt", b"hello"),
        ("symlink", "link", str(outside)),
        ("file", "link/pwned.txt", b"pwned"),
    ])
    empty = tmp_path / "empty_dest"
    empty.mkdir()
    with pytest.raises(UnsafeArchiveError) as info:
        extract_safe(tar_path, empty)
    assert pairs(info.value.problems) == [
        ("link", "symlink_escape"), ("link/pwned.txt", "through_symlink")]
    assert list(empty.iterdir()) == []
    assert list(outside.iterdir()) == []


def test_extract_size_limit_and_destination_rules(tmp_path):
    path = make_zip(tmp_path / "sized.zip", [
        ("file", "a.bin", b"a" * 200),
        ("dir", "d/"),
        ("file", "d/b.bin", b"b" * 100),
    ])
    dest = tmp_path / "limited"
    with pytest.raises(ArchiveTooLargeError):
        extract_safe(path, dest, max_total_size=299)
    assert not dest.exists()
    assert extract_safe(path, dest, max_total_size=300) == ["a.bin", "d", "d/b.bin"]

    # a non-empty destination is refused and left untouched
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "keep.txt").write_text("mine")
    with pytest.raises(ArchiveError) as info:
        extract_safe(path, busy)
    assert not isinstance(info.value, (UnsafeArchiveError, ArchiveTooLargeError))
    assert tree(busy) == {"keep.txt": b"mine"}

    a_file = tmp_path / "plain.txt"
    a_file.write_text("x")
    with pytest.raises(ArchiveError):
        extract_safe(path, a_file)
    assert a_file.read_text() == "x"

    # the checks run in order: unsafe before size before destination
    unsafe = make_zip(tmp_path / "unsafe.zip", [("file", "/abs.txt", "x" * 500)])
    with pytest.raises(UnsafeArchiveError):
        extract_safe(unsafe, busy, max_total_size=1)
    with pytest.raises(ArchiveTooLargeError):
        extract_safe(path, busy, max_total_size=10)


def test_summarize(tmp_path):
    big = b"A" * 100_000
    zip_path = make_zip(tmp_path / "mixed.zip", [
        ("dir", "data/"),
        ("file", "data/big.txt", big),
        ("file", "data/small.txt", "12345"),
        ("symlink", "data/escape", "../../etc"),
        ("file", "../up.txt", "x"),
    ])
    with zipfile.ZipFile(zip_path) as zf:
        files_csize = sum(zf.getinfo(n).compress_size
                          for n in ["data/big.txt", "data/small.txt", "../up.txt"])
    archive_size = zip_path.stat().st_size
    summary = summarize(zip_path)
    assert summary == {
        "format": "zip",
        "entries": 5,
        "files": 3,
        "dirs": 1,
        "symlinks": 1,
        "total_size": 100_006,
        "compressed_size": files_csize,
        "archive_size": archive_size,
        "ratio": round(100_006 / archive_size, 2),
        "unsafe": 2,
    }
    assert summary["ratio"] > 10

    tar_path = make_tar(tmp_path / "t.tar", [
        ("dir", "x"),
        ("file", "x/one", b"1" * 10),
        ("file", "/x/two", b"2" * 20),
        ("symlink", "/x/link", "../../../.."),
        ("fifo", "x/fifo"),
    ])
    tar_size = tar_path.stat().st_size
    assert summarize(tar_path) == {
        "format": "tar",
        "entries": 5,
        "files": 2,
        "dirs": 1,
        "symlinks": 1,
        "total_size": 30,
        "compressed_size": None,
        "archive_size": tar_size,
        "ratio": round(30 / tar_size, 2),
        "unsafe": 3,
    }


# --------------------------------------------------------------------------- CLI


def test_cli_list_outputs_json_entries(tmp_path):
    path = make_tar(tmp_path / "cli.tgz", [
        ("dir", "app"),
        ("file", "app/main.py", b"print('hi')\n"),
        ("symlink", "app/run", "main.py"),
    ], "w:gz")
    result = run_cli("list", path, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [
        {"name": "app", "type": "dir", "size": 0, "compressed_size": None, "link_target": None},
        {"name": "app/main.py", "type": "file", "size": 12, "compressed_size": None,
         "link_target": None},
        {"name": "app/run", "type": "symlink", "size": 0, "compressed_size": None,
         "link_target": "main.py"},
    ]

    zpath = make_zip(tmp_path / "one.zip", [("file", "x.txt", "abc")])
    result = run_cli("list", zpath.name, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    [entry] = json.loads(result.stdout)
    assert entry["name"] == "x.txt" and entry["size"] == 3
    assert isinstance(entry["compressed_size"], int)


def test_cli_check_and_summary(tmp_path):
    safe = make_zip(tmp_path / "safe.zip", [("file", "a/b.txt", "ok")])
    result = run_cli("check", safe, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"safe": True, "problems": []}

    unsafe = make_tar(tmp_path / "unsafe.tar", [
        ("file", "ok.txt", b"ok"),
        ("symlink", "s", "/etc/shadow"),
        ("file", "../../x", b"x"),
    ])
    result = run_cli("check", unsafe, cwd=tmp_path)
    assert result.returncode == 1
    assert json.loads(result.stdout) == {"safe": False, "problems": [
        {"name": "s", "code": "symlink_escape"},
        {"name": "../../x", "code": "path_traversal"},
    ]}

    result = run_cli("summary", unsafe, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == summarize(unsafe)


def test_cli_extract(tmp_path):
    good = make_zip(tmp_path / "good.zip", [("dir", "d/"), ("file", "d/f.txt", "data")])
    result = run_cli("extract", good, "out", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"extracted": ["d", "d/f.txt"]}
    assert (tmp_path / "out" / "d" / "f.txt").read_text() == "data"

    bad = make_zip(tmp_path / "bad.zip", [("file", "x/../../y.txt", "y")])
    result = run_cli("extract", bad, "out2", cwd=tmp_path)
    assert result.returncode == 1
    assert json.loads(result.stdout) == {
        "error": "unsafe", "problems": [{"name": "x/../../y.txt", "code": "path_traversal"}]}
    assert not (tmp_path / "out2").exists()
    assert not (tmp_path / "y.txt").exists()

    result = run_cli("extract", good, "out3", "--max-size", "3", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout.strip() == ""
    assert result.stderr.startswith("error: ")
    assert not (tmp_path / "out3").exists()

    result = run_cli("extract", good, "out", cwd=tmp_path)  # "out" is not empty now
    assert result.returncode == 2
    assert result.stdout.strip() == ""
    assert result.stderr.startswith("error: ")


def test_cli_errors(tmp_path):
    junk = tmp_path / "junk.tar"
    junk.write_text("not an archive at all\n" * 30)
    for args in (["list", junk], ["check", junk], ["summary", junk],
                 ["extract", junk, "o"], ["list", tmp_path / "nope.zip"]):
        result = run_cli(*args, cwd=tmp_path)
        assert result.returncode == 2, args
        assert result.stdout.strip() == "", args
        assert result.stderr.startswith("error: "), args
    assert not (tmp_path / "o").exists()

    assert run_cli("frobnicate", junk, cwd=tmp_path).returncode == 2
    assert run_cli("extract", junk, cwd=tmp_path).returncode == 2
