"""The release texts' SQLite file: a transaction is all or nothing, even when COMMIT fails."""

import sqlite3

import pytest

from briefings.model import Section
from store.texts import ReleaseTexts, TextDatabase

SECTIONS = (Section("", ("Een alinea.",)),)


def _deferred_violation(database):
    """A real failing COMMIT: a deferred foreign key is only checked at COMMIT, and SQLite
    then keeps the transaction open (as it can after a full disk)."""
    database.connection.execute("PRAGMA foreign_keys = ON")
    database.connection.executescript(
        "CREATE TABLE parent (id INTEGER PRIMARY KEY);"
        "CREATE TABLE child (parent INTEGER REFERENCES parent(id) "
        "DEFERRABLE INITIALLY DEFERRED);")


@pytest.mark.parametrize("in_file", [False, True])
def test_a_failed_commit_is_rolled_back_and_the_next_write_works(tmp_path, in_file):
    database = TextDatabase(tmp_path / "texts.sqlite" if in_file else None)
    _deferred_violation(database)
    texts = ReleaseTexts(database)
    with pytest.raises(sqlite3.IntegrityError):
        with database.transaction() as db:
            texts.put([("lost", SECTIONS)])
            db.execute("INSERT INTO child VALUES (7)")
    assert not database.connection.in_transaction
    assert not texts.has("lost")  # all or nothing
    texts.put([("kept", SECTIONS)])  # BEGIN IMMEDIATE works again
    assert texts.sections("kept") == SECTIONS


def test_a_commit_failing_like_a_full_disk_is_rolled_back(tmp_path):
    database = TextDatabase(tmp_path / "texts.sqlite")
    real = database.connection

    class FullDisk:
        """The connection, except that COMMIT fails the way a full disk makes it fail."""

        in_transaction = property(lambda self: real.in_transaction)

        def execute(self, sql, *args):
            if sql == "COMMIT":
                raise sqlite3.OperationalError("database or disk is full")
            return real.execute(sql, *args)

        def __getattr__(self, name):
            return getattr(real, name)

    database.connection = FullDisk()
    with pytest.raises(sqlite3.OperationalError):
        ReleaseTexts(database).put([("lost", SECTIONS)])
    database.connection = real
    assert not real.in_transaction
    texts = ReleaseTexts(database)
    texts.put([("kept", SECTIONS)])
    assert texts.has("kept") and not texts.has("lost")
