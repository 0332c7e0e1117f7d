"""Local-only behaviour: temp files, folders, and paths that would escape the root."""

import os
from pathlib import Path

import pytest

from talentmatch.storage import InvalidKey, LocalObjectStore


def all_files(root: Path) -> list[str]:
    """Every file under root, hidden ones included, as relative posix paths."""
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def test_construction_creates_nothing(tmp_path: Path) -> None:
    store = LocalObjectStore(tmp_path / "not-yet")

    assert not (tmp_path / "not-yet").exists()
    assert store.list() == []
    assert not store.exists("a.json")
    assert store.url == (tmp_path / "not-yet").as_uri()


def test_writes_leave_no_temp_files(local_store: LocalObjectStore) -> None:
    local_store.write_bytes("a/b/c.json", b"1")
    with pytest.raises(RuntimeError), local_store.write_stream("a/b/d.json") as f:
        f.write(b"partial")
        raise RuntimeError("abort")

    assert all_files(local_store.root) == ["a/b/c.json"]


def test_temp_file_is_a_hidden_sibling_while_writing(local_store: LocalObjectStore) -> None:
    with local_store.write_stream("a/b.json") as f:
        f.write(b"1")
        f.flush()
        [temp] = all_files(local_store.root)
        assert temp.startswith("a/.b.json.tmp-")
        assert local_store.list() == []

    assert all_files(local_store.root) == ["a/b.json"]


def test_list_skips_stray_temp_files(local_store: LocalObjectStore) -> None:
    local_store.write_bytes("x.json", b"1")
    (local_store.root / ".x.json.tmp-0123456789abcdef0123456789abcdef").write_bytes(b"junk")

    assert [info.key for info in local_store.list()] == ["x.json"]


def test_file_mode_follows_umask(local_store: LocalObjectStore) -> None:
    local_store.write_bytes("a.json", b"1")
    umask = os.umask(0)
    os.umask(umask)

    assert (local_store.root / "a.json").stat().st_mode & 0o777 == 0o666 & ~umask


def test_key_under_an_object_is_rejected(local_store: LocalObjectStore) -> None:
    local_store.write_bytes("a", b"1")

    with pytest.raises(InvalidKey, match="already an object"):
        local_store.write_bytes("a/b", b"2")


def test_key_over_a_folder_is_rejected(local_store: LocalObjectStore) -> None:
    local_store.write_bytes("a/b", b"1")

    with pytest.raises(InvalidKey, match="other objects"):
        local_store.write_bytes("a", b"2")
    assert local_store.read_bytes("a/b") == b"1"


def test_symlink_out_of_the_root_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_bytes(b"secret")
    root = tmp_path / "root"
    root.mkdir()
    (root / "link").symlink_to(outside, target_is_directory=True)
    store = LocalObjectStore(root)

    with pytest.raises(InvalidKey, match="outside"):
        store.read_bytes("link/secret.txt")
    with pytest.raises(InvalidKey, match="outside"):
        store.write_bytes("link/new.txt", b"x")
    assert not (outside / "new.txt").exists()
