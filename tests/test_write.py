"""The writer touches only its own folder, only what changed, and nothing when data is bad."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import FIXTURE_DATA
from generator.build import build
from generator.errors import DataError, WriteError
from generator.write import write_tree


def test_writes_only_what_changed_and_removes_what_is_gone(tmp_path: Path) -> None:
    root = tmp_path / "out"
    first = write_tree({"a.md": "A", "sub/b.md": "B", "old.md": "old"}, root)
    assert first.written == ["a.md", "old.md", "sub/b.md"]
    os.utime(root / "a.md", (1_000_000, 1_000_000))

    second = write_tree({"a.md": "A", "sub/b.md": "B2"}, root)
    assert second.written == ["sub/b.md"]
    assert second.unchanged == 1
    assert second.removed == ["old.md"]
    assert (root / "a.md").stat().st_mtime == 1_000_000
    assert (root / "sub" / "b.md").read_text(encoding="utf-8") == "B2"
    assert not (root / "old.md").exists()


def test_a_page_changed_by_hand_is_written_again(tmp_path: Path) -> None:
    # The writer remembers what it wrote; a file changed since then must not be trusted,
    # even when the change keeps its size.
    root = tmp_path / "generated"
    write_tree({"a.md": "alpha\n", "b.md": "beta\n"}, root)
    (root / "a.md").write_text("ALPHA\n", encoding="utf-8")
    again = write_tree({"a.md": "alpha\n", "b.md": "beta\n"}, root)
    assert again.written == ["a.md"] and again.unchanged == 1
    assert (root / "a.md").read_text(encoding="utf-8") == "alpha\n"


def test_empty_folders_are_removed(tmp_path: Path) -> None:
    root = tmp_path / "out"
    write_tree({"gone/x.md": "x", "kept.md": "k"}, root)
    write_tree({"kept.md": "k"}, root)
    assert not (root / "gone").exists()


@pytest.mark.parametrize("path", ["../escape.md", "/etc/passwd", "a/../../b.md", ".hidden"])
def test_refuses_paths_outside_its_folder(tmp_path: Path, path: str) -> None:
    with pytest.raises(WriteError):
        write_tree({path: "x"}, tmp_path / "out")
    assert not (tmp_path / "escape.md").exists()


def test_refuses_a_folder_it_did_not_create(tmp_path: Path) -> None:
    root = tmp_path / "someone-elses"
    root.mkdir()
    (root / "precious.md").write_text("keep me", encoding="utf-8")
    with pytest.raises(WriteError, match="holds files the generator did not write"):
        write_tree({"a.md": "A"}, root)
    assert (root / "precious.md").read_text(encoding="utf-8") == "keep me"


def test_failed_build_leaves_previous_output_intact(tmp_path: Path, data_copy: Path) -> None:
    content = tmp_path / "content"
    build(data_copy, content)
    before = {p: p.read_bytes() for p in (content / "learning").rglob("*") if p.is_file()}
    assert len(before) > 5

    review = data_copy / "reviews" / "child-a.yml"
    review.write_text(review.read_text(encoding="utf-8").replace("type: cspr", "type: oops"),
                      encoding="utf-8")
    (data_copy / "reviews" / "child-b.yml").unlink()
    with pytest.raises(DataError):
        build(data_copy, content)
    after = {p: p.read_bytes() for p in (content / "learning").rglob("*") if p.is_file()}
    assert after == before


def test_two_builds_write_identical_bytes(tmp_path: Path) -> None:
    first = build(FIXTURE_DATA, tmp_path / "one")
    build(FIXTURE_DATA, tmp_path / "two")
    for page in (tmp_path / "one").rglob("*.md"):
        twin = tmp_path / "two" / page.relative_to(tmp_path / "one")
        assert page.read_bytes() == twin.read_bytes()
    again = build(FIXTURE_DATA, tmp_path / "one")
    assert again.written.written == []
    assert again.written.unchanged == first.pages
