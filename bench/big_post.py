"""Measure what a large anonymous POST costs the server before it is refused.

    .venv/bin/python bench/big_post.py URL [--megabytes 300] [--watch DIR]

Posts a multipart file of the given size to URL (http or https, the certificate not checked),
as an anonymous client would, sending the body as fast as the server takes it and stopping as
soon as an answer comes. Prints the answer's status, the seconds until it came, how much of
the body had been sent by then, and, with --watch, the largest the folder's files grew to
meanwhile: start the server with TMPDIR=DIR, where Django writes uploads it holds on disk.
"""

import argparse
import contextlib
import os
import select
import socket
import ssl
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

CHUNK = 256 * 1024
BOUNDARY = "bench-big-post-boundary"
# Any client may send a CSRF cookie of its own making: Django then reads the form to compare
# its token, where without the cookie it would refuse the POST unread.
ANY_CSRF_COOKIE = "a" * 32


def folder_bytes(folder: Path) -> int:
    total = 0
    for path in folder.rglob("*"):
        with contextlib.suppress(FileNotFoundError):  # removed between the listing and the stat
            total += path.stat().st_size
    return total


class FolderWatch(threading.Thread):
    def __init__(self, folder: Path):
        super().__init__(daemon=True)
        self.folder, self.peak, self.stopped = folder, 0, threading.Event()

    def run(self):
        while not self.stopped.is_set():
            self.peak = max(self.peak, folder_bytes(self.folder))
            time.sleep(0.01)


def connect(url) -> socket.socket:
    port = url.port or (443 if url.scheme == "https" else 80)
    sock = socket.create_connection((url.hostname, port), timeout=120)
    if url.scheme == "https":
        context = ssl.create_default_context()
        context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
        # TLS 1.3 servers send session tickets after the handshake, which would look like an
        # early answer to the select() below.
        context.maximum_version = ssl.TLSVersion.TLSv1_2
        sock = context.wrap_socket(sock, server_hostname=url.hostname)
    return sock


def post(url: str, size: int) -> tuple[str, float, int]:
    """The status line, the seconds until it came, and the bytes of the body sent by then."""
    parts = urlsplit(url)
    head = (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    ).encode()
    tail = f"\r\n--{BOUNDARY}--\r\n".encode()
    length = len(head) + size + len(tail)
    request = (
        f"POST {parts.path or '/'} HTTP/1.1\r\nHost: {parts.netloc}\r\n"
        f"Content-Type: multipart/form-data; boundary={BOUNDARY}\r\nContent-Length: {length}\r\n"
        f"Cookie: csrftoken={ANY_CSRF_COOKIE}\r\nConnection: close\r\n\r\n"
    ).encode()
    sock = connect(parts)
    started = time.monotonic()
    sock.sendall(request + head)
    sent, chunk = 0, b"x" * CHUNK
    try:
        while sent < size:
            readable, _, _ = select.select([sock], [], [], 0)
            if readable:
                break
            piece = chunk[: size - sent]
            sock.sendall(piece)
            sent += len(piece)
        else:
            sock.sendall(tail)
    except (BrokenPipeError, ConnectionResetError, ssl.SSLError):
        pass  # the server answered and closed while the body was still coming
    answer = b""
    try:
        while b"\r\n" not in answer:
            data = sock.recv(4096)
            if not data:
                break
            answer += data
    except (ConnectionResetError, ssl.SSLError):
        pass
    elapsed = time.monotonic() - started
    sock.close()
    return answer.split(b"\r\n", 1)[0].decode(errors="replace") or "(no answer)", elapsed, sent


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("url")
    parser.add_argument("--megabytes", type=float, default=300)
    parser.add_argument("--watch", type=Path, help="the server's TMPDIR")
    args = parser.parse_args()
    watch = FolderWatch(args.watch) if args.watch else None
    if watch:
        watch.start()
    status, elapsed, sent = post(args.url, int(args.megabytes * 1024 * 1024))
    if watch:
        time.sleep(0.2)
        watch.stopped.set()
        watch.join()
    print(f"{status}: after {elapsed:.2f} s, {sent / 1024 / 1024:.1f} MB of the body sent", end="")
    print(f", the server's temp folder grew to {watch.peak / 1024 / 1024:.1f} MB" if watch else "")


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    main()
