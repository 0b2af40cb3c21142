"""Two processes writing one data directory lose nothing (the write lock, and a fresh read of
the store under it)."""

import subprocess
import sys
from pathlib import Path

from store import open_stores

ROOT = Path(__file__).resolve().parents[2]
WRITER = Path(__file__).with_name("concurrent_writer.py")


def _start(data_dir: Path, name: str, count: int) -> subprocess.Popen:
    process = subprocess.Popen([sys.executable, str(WRITER), str(data_dir), name, str(count)],
                               cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               text=True, env={"PYTHONPATH": str(ROOT), "PATH": ""})
    assert process.stdout.readline().strip() == "ready"
    return process


def test_two_writer_processes_keep_every_release_and_subscription(tmp_path, seed_releases):
    count = 60
    from briefings.model import Extraction
    from tests.conftest import NOW

    open_stores(tmp_path).corpus.ingest([(seed_releases[0], Extraction())], NOW)
    writers = [_start(tmp_path, name, count) for name in ("een", "twee")]
    for writer in writers:
        writer.stdin.write("go\n")
        writer.stdin.flush()
    for writer in writers:
        assert writer.stdout.readline().strip() == "done"
        assert writer.wait(timeout=120) == 0
        writer.stdin.close()
        writer.stdout.close()
    stores = open_stores(tmp_path)
    urls = sorted(a.release.url for a in stores.corpus.all()[1:])
    expected = sorted(f"https://example.org/{name}/{n}" for name in ("een", "twee")
                      for n in range(count))
    assert urls == expected
    ids = [a.id for a in stores.corpus.all()]
    assert len(ids) == len(set(ids))
    assert sorted(s.title for s in stores.subscriptions.all()) == ["een"] * 6 + ["twee"] * 6


def test_a_writer_that_holds_stale_state_rereads_before_writing(tmp_path):
    first, second = open_stores(tmp_path), open_stores(tmp_path / ".." / tmp_path.name)
    from briefings.model import Extraction, Release, Section
    from tests.conftest import NOW

    def release(n):
        return Release(f"Bericht {n}", (Section(None, ("Tekst.",)),), "t",
                       url=f"https://example.org/{n}")

    first.corpus.all()
    second.corpus.all()  # both have the (empty) store cached
    first.corpus.ingest([(release(1), Extraction())], NOW)
    second.corpus.ingest([(release(2), Extraction())], NOW)
    first.corpus.ingest([(release(3), Extraction())], NOW)
    third = open_stores(tmp_path)
    assert sorted(a.release.url for a in third.corpus.all()) == [
        f"https://example.org/{n}" for n in (1, 2, 3)]
