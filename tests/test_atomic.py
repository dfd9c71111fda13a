"""game/atomic.py writes files as other tools do: the umask's mode for a new file, the old
mode for a replaced one, through a symlink to its target, the folder flushed; a failure names
the path asked for and leaves the old file and no temporary file behind."""
from __future__ import annotations

import os
import stat

import pytest

from game import atomic
from game.atomic import current_umask, write_atomic


def mode(p) -> int:
    return stat.S_IMODE(os.stat(p).st_mode)


@pytest.fixture
def umask():
    old = os.umask(0o022)
    os.umask(old)

    def set_to(m: int) -> None:
        os.umask(m)
    yield set_to
    os.umask(old)


@pytest.mark.parametrize("mask, expected", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_a_new_file_gets_the_mode_the_umask_allows(tmp_path, umask, mask, expected):
    umask(mask)
    assert current_umask() == mask
    p = tmp_path / "games.csv"
    write_atomic(p, "a,b\n")
    assert p.read_text() == "a,b\n" and mode(p) == expected


@pytest.mark.parametrize("old_mode", [0o640, 0o664, 0o600, 0o755])
def test_a_replaced_file_keeps_its_mode(tmp_path, umask, old_mode):
    umask(0o077)                                  # the umask does not apply to a replaced file
    p = tmp_path / "summary.json"
    p.write_text("old")
    os.chmod(p, old_mode)
    write_atomic(p, "new")
    assert p.read_text() == "new" and mode(p) == old_mode


def test_a_symlink_is_written_through_and_stays_a_link(tmp_path, umask):
    umask(0o022)
    real_dir = tmp_path / "real"
    real_dir.mkdir()
    target = real_dir / "debrief.md"
    target.write_text("old")
    os.chmod(target, 0o640)
    link = tmp_path / "latest.md"
    link.symlink_to(os.path.join("real", "debrief.md"))      # a relative link
    write_atomic(link, "new")
    assert link.is_symlink() and os.readlink(link) == os.path.join("real", "debrief.md")
    assert target.read_text() == "new" and mode(target) == 0o640
    assert sorted(p.name for p in real_dir.iterdir()) == ["debrief.md"]     # no temp left
    assert sorted(p.name for p in tmp_path.iterdir()) == ["latest.md", "real"]


def test_a_dangling_symlink_creates_its_target(tmp_path, umask):
    umask(0o022)
    link = tmp_path / "out.json"
    link.symlink_to(tmp_path / "made.json")
    write_atomic(link, "{}")
    assert link.is_symlink() and (tmp_path / "made.json").read_text() == "{}"
    assert mode(tmp_path / "made.json") == 0o644


def test_the_file_and_its_folder_are_flushed(tmp_path, monkeypatch):
    synced: list[tuple[bool, int]] = []
    real_fsync = os.fsync

    def spy(fd: int) -> None:
        st = os.fstat(fd)
        synced.append((stat.S_ISDIR(st.st_mode), st.st_ino))
        real_fsync(fd)
    monkeypatch.setattr(atomic.os, "fsync", spy)
    p = tmp_path / "replay.json"
    write_atomic(p, "{}")
    assert [d for d, _ in synced] == [False, True]          # the data first, then the folder
    assert synced[0][1] == os.stat(p).st_ino                 # the file that was renamed
    assert synced[1][1] == os.stat(tmp_path).st_ino          # its folder


def test_a_failure_names_the_path_not_the_temporary_file(tmp_path, monkeypatch):
    missing = tmp_path / "no" / "such" / "folder" / "games.csv"
    with pytest.raises(OSError) as e:
        write_atomic(missing, "x")
    assert e.value.filename == str(missing) and ".tmp" not in str(e.value)

    p = tmp_path / "keep.csv"
    p.write_text("good")

    def full(src, dst):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(atomic.os, "replace", full)
    with pytest.raises(OSError) as e:
        write_atomic(p, "new")
    assert e.value.filename == str(p) and e.value.strerror == "No space left on device"
    assert p.read_text() == "good"
    assert sorted(x.name for x in tmp_path.iterdir()) == ["keep.csv"]     # no temp left


def test_the_cli_names_the_output_not_the_temporary_file(tmp_path):
    from click.testing import CliRunner

    from conftest import S2019
    from game.cli import cli
    rp = tmp_path / "g.json"
    assert CliRunner().invoke(cli, ["run", str(S2019), "--turns", "1", "--quiet",
                                    "--replay", str(rp)]).exit_code == 0
    out = tmp_path / "gone" / "t.csv"
    r = CliRunner().invoke(cli, ["replay", "export", str(rp), "--out", str(out)])
    assert r.exit_code == 2
    assert f"whales: error: cannot write {out}: No such file or directory" in r.stderr
    assert ".tmp" not in r.stderr
