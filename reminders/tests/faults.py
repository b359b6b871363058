"""Real faults for the fault tests: a Redis server of the test's own that can be restarted or
crashed, and a TCP proxy in front of PostgreSQL that can refuse connections for a while."""

import contextlib
import os
import signal
import socket
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import redis

from outbox.tests.smtp import free_port
from outbox.tests.workers import RedisQueue

# As the deployment's Redis (docker-compose.yml): an append-only file synced every second.
DEPLOYMENT_PERSISTENCE = ["--appendonly", "yes", "--appendfsync", "everysec"]
# A Redis that keeps nothing through a crash (Redis's own default: no append-only file, a
# first snapshot only an hour after the first change), as a managed cache may be configured.
NO_CRASH_PERSISTENCE = ["--save", "3600 1 300 100 60 10000", "--appendonly", "no"]


@dataclass(frozen=True)
class PrivateRedisQueue(RedisQueue):
    """A Redis database on the test's own server (not the machine's shared one on 6379)."""

    port: int = 0

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/{self.db}"

    def client(self) -> redis.Redis:
        return redis.Redis(host="127.0.0.1", port=self.port, db=self.db, socket_connect_timeout=1)


class PrivateRedis:
    """``redis-server`` on a free loopback port, its files in ``directory``."""

    def __init__(self, directory: Path, persistence: list[str] = DEPLOYMENT_PERSISTENCE):
        self.directory = directory
        self.persistence = persistence
        self.port = free_port()
        self.queue = PrivateRedisQueue(db=0, port=self.port)
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.directory),
             "--logfile", str(self.directory / "redis.log"), *self.persistence],
            start_new_session=True,
        )  # fmt: skip
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                if self.queue.client().ping():
                    return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError(f"redis-server did not start:\n{(self.directory / 'redis.log').read_text()}")

    def stop(self, how: signal.Signals = signal.SIGTERM) -> None:
        """SIGTERM: the shutdown of a restart (Redis saves its snapshot first); SIGKILL: a crash."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, how)
            self.process.wait(timeout=30)

    def restart(self, how: signal.Signals) -> None:
        self.stop(how)
        self.start()

    def appended(self, marker: bytes) -> int:
        """How many times ``marker`` is in the append-only files: what a crash of the server
        keeps (the files are written as commands run; only a crash of the machine needs fsync)."""
        return sum(path.read_bytes().count(marker) for path in self.directory.rglob("*.aof"))


class FlakyProxy:
    """A TCP proxy on loopback to ``target_port``: ``refuse()`` cuts every connection and
    closes the port (connections are refused), ``allow()`` opens it again."""

    def __init__(self, target_port: int):
        self.target_port = target_port
        self.port = free_port()
        self.sockets: set[socket.socket] = set()
        self.lock = threading.Lock()
        self.listener: socket.socket | None = None
        self.allow()

    def allow(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self.listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def refuse(self) -> None:
        # Shut down first: a bare close() leaves the thread blocked in accept() still accepting.
        self._close(self.listener)
        with self.lock:
            sockets, self.sockets = self.sockets, set()
        for sock in sockets:
            self._close(sock)

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _address = listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(("127.0.0.1", self.target_port), timeout=5)
            except OSError:
                client.close()
                continue
            upstream.settimeout(None)
            with self.lock:
                self.sockets |= {client, upstream}
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        for sock in (source, sink):
            self._close(sock)

    @staticmethod
    def _close(sock: socket.socket) -> None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
        sock.close()
