"""One open store: its paths, a light DB-API reader and, on first write, the SQLModel engine."""

import contextlib
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from relief_desktop.paths import AppPaths
from relief_desktop.storage import chain, keyring
from relief_desktop.storage.connection import connect
from relief_desktop.storage.files import clean_workdirs
from relief_desktop.storage.lock import StoreLock, hold_shared
from relief_desktop.storage.migrations import migrate
from relief_desktop.storage.sqldb import dbapi

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlmodel import Session

    from relief_desktop.storage.actor import Actor


class Store:
    def __init__(self, paths: AppPaths) -> None:
        self.paths = paths
        self._engine: Engine | None = None
        self._readers = threading.local()
        self._all_readers: list[dbapi.Connection] = []
        self._guard = threading.Lock()
        self._lock: StoreLock | None = None

    @classmethod
    def open(cls, paths: AppPaths) -> "Store":
        """Create or upgrade the store (a dated copy is made before any upgrade).

        Holds the store lock (shared) until close(): a restore in another window waits for it.
        """
        paths.ensure()
        clean_workdirs(paths.data_dir)  # unencrypted leftovers of a run that was killed
        lock = hold_shared(paths.database)
        try:
            keyring.prepare(paths)  # a new store gets its data key; an encrypted one needs it
            migrate(paths.database, paths.backups)
        except BaseException:
            lock.release()
            raise
        paths.make_store_private()  # a new store (and its -wal) was just created 0644
        from relief_desktop import faults

        faults.note_store(paths.database)
        store = cls(paths)
        store._lock = lock
        return store

    def reader(self) -> dbapi.Connection:
        """A plain connection for queries, one per thread, without SQLModel's import cost."""
        conn: dbapi.Connection | None = getattr(self._readers, "conn", None)
        if conn is None or conn not in self._all_readers:  # none yet, or closed by close()
            conn = connect(self.paths.database)
            self._readers.conn = conn
            with self._guard:
                self._all_readers.append(conn)
        return conn

    @property
    def engine(self) -> "Engine":
        if self._engine is None:
            from relief_desktop.storage.db import open_engine

            self._engine = open_engine(self.paths.database)
        return self._engine

    @contextmanager
    def write(self, actor: "Actor") -> Iterator["Session"]:
        """One user action: everything in the block commits together with its change log."""
        from relief_desktop.storage.db import unit_of_work

        with unit_of_work(self.engine, actor) as session:
            yield session

    @contextmanager
    def set_aside(self) -> Iterator[None]:
        """Close every connection and let go of the lock for the block (the file is replaced
        in it: encryption of an older store); then hold the lock again, connections reopen."""
        self.close()
        try:
            yield
        finally:
            self._lock = hold_shared(self.paths.database)

    def close(self) -> None:
        """Close every connection (of every thread) and let go of the store lock."""
        conn = getattr(self._readers, "conn", None)
        if conn is not None:
            with contextlib.suppress(dbapi.Error):
                chain.record_head(conn, self.paths.config_dir)
                conn.execute("PRAGMA optimize")
            self._readers.conn = None
        with self._guard:
            readers, self._all_readers = self._all_readers, []
        for reader in readers:
            with contextlib.suppress(dbapi.Error):
                reader.close()
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None
        if self._lock is not None:
            self._lock.release()
            self._lock = None
