"""The deployment's nginx configuration, run for real on loopback in front of gunicorn.

The same file docker-compose.yml gives the nginx image (deploy/nginx/tracker.conf.template),
with loopback ports, a certificate made here and a static folder collected here. gunicorn runs
the site in production settings behind it (DEBUG off, BEHIND_PROXY on). The pages asked for
read no table: gunicorn's database is an empty SQLite file.
"""

import contextlib
import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import pytest

from outbox.tests.smtp import free_port
from tracker.tests.environment import BASE_DIR, clean_environment
from tracker.tests.proxy import client_max_body_bytes, rendered

HOST = "127.0.0.1"
NGINX = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")
OPENSSL = shutil.which("openssl")
REQUEST_MAX_BYTES = 2_621_440  # the settings' default, which gunicorn's environment leaves as it is

pytestmark = pytest.mark.skipif(
    not (NGINX and OPENSSL),
    reason="needs nginx and openssl (Debian: apt-get install nginx openssl; .ci/run installs nginx)",
)


def wait_listening(port: int, process: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args[0]} exited with {process.returncode}:\n{log.read_text()}")
        try:
            socket.create_connection((HOST, port), 1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on {port} after {timeout} s:\n{log.read_text()}")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def self_signed_certificate(folder: Path) -> None:
    subprocess.run(
        [OPENSSL, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", f"/CN={HOST}",
         "-addext", f"subjectAltName=IP:{HOST}",
         "-keyout", folder / "privkey.pem", "-out", folder / "fullchain.pem"],
        check=True, capture_output=True,
    )  # fmt: skip


def nginx_main_config(folder: Path, site: Path) -> str:
    """What the nginx image's own nginx.conf has around the site's file, here in ``folder``."""
    built_with = subprocess.run([NGINX, "-V"], capture_output=True, text=True).stderr
    mime_types = Path(re.search(r"--conf-path=(\S+)", built_with).group(1)).parent / "mime.types"
    # As root nginx hands requests to an unprivileged user, who could not read the test's folders.
    user = "user root;" if os.geteuid() == 0 else ""
    temp = {name: folder / name for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")}
    for path in temp.values():
        path.mkdir()
    return f"""
{user}
daemon off;
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log info;
events {{ worker_connections 64; }}
http {{
    include {mime_types};
    default_type application/octet-stream;
    access_log {folder}/access.log;
    client_body_temp_path {temp["client_body"]};
    proxy_temp_path {temp["proxy"]};
    fastcgi_temp_path {temp["fastcgi"]};
    uwsgi_temp_path {temp["uwsgi"]};
    scgi_temp_path {temp["scgi"]};
    include {site};
}}
"""


class Stack:
    def __init__(self, folder: Path):
        self.http_port, self.https_port, self.web_port = free_port(), free_port(), free_port()
        self.web_log = folder / "gunicorn-access.log"
        self.tls = ssl.create_default_context(cafile=folder / "certs" / "fullchain.pem")

    def ask(self, method: str, path: str, body: bytes = b"", headers: dict | None = None, *, https=True):
        connection = (
            http.client.HTTPSConnection(HOST, self.https_port, context=self.tls, timeout=30)
            if https
            else http.client.HTTPConnection(HOST, self.http_port, timeout=30)
        )
        connection.request(method, path, body=body or None, headers=headers or {})
        answer = connection.getresponse()
        answer.text = answer.read().decode(errors="replace")
        connection.close()
        return answer

    def web_requests(self) -> str:
        return self.web_log.read_text()


def cookies_set(answer) -> str:
    return "\n".join(answer.headers.get_all("Set-Cookie") or [])


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    folder = tmp_path_factory.mktemp("proxy")
    (folder / "certs").mkdir()
    self_signed_certificate(folder / "certs")
    stack = Stack(folder)
    web_env = clean_environment(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS=HOST,
        SITE_URL=f"https://{HOST}",
        BEHIND_PROXY="true",
        STATIC_ROOT=str(folder / "static"),
        DATABASE_URL=f"sqlite:///{folder / 'empty.sqlite3'}",
        TMPDIR=str(folder),
    )
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=BASE_DIR,
        env=web_env,
        check=True,
    )
    site = folder / "tracker.conf"
    site.write_text(
        rendered(
            {
                "TRACKER_HTTP_PORT": f"{HOST}:{stack.http_port}",
                "TRACKER_HTTPS_PORT": f"{HOST}:{stack.https_port}",
                "TRACKER_WEB": f"{HOST}:{stack.web_port}",
                "TRACKER_TLS_DIR": str(folder / "certs"),
                "TRACKER_STATIC_ROOT": str(folder / "static"),
                "TRACKER_ERRORS_ROOT": str(
                    shutil.copytree(BASE_DIR / "deploy" / "nginx" / "errors", folder / "errors")
                ),
            }
        )
    )
    (folder / "nginx.conf").write_text(nginx_main_config(folder, site))
    gunicorn_log = folder / "gunicorn.log"
    gunicorn = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "tracker.wsgi:application", f"--bind={HOST}:{stack.web_port}",
         "--workers=1", f"--access-logfile={stack.web_log}"],
        cwd=BASE_DIR, env=web_env, stdout=gunicorn_log.open("wb"), stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    nginx_log = folder / "error.log"
    nginx = subprocess.Popen(
        [NGINX, "-e", str(nginx_log), "-p", str(folder), "-c", str(folder / "nginx.conf")],
        stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    try:
        wait_listening(stack.web_port, gunicorn, gunicorn_log)
        wait_listening(stack.https_port, nginx, nginx_log)
        yield stack
    finally:
        stop(nginx)
        stop(gunicorn)


def test_https_pages_come_from_the_site_which_knows_they_came_over_https(stack):
    sign_in = stack.ask("GET", "/accounts/login/")

    # Not sent to https again (SECURE_SSL_REDIRECT): the site read X-Forwarded-Proto.
    assert sign_in.status == 200
    assert "Strict-Transport-Security" in sign_in.headers
    assert "Secure" in cookies_set(sign_in)


def test_a_form_posted_over_https_passes_the_csrf_check(stack):
    sign_in = stack.ask("GET", "/accounts/login/")
    cookie = re.search(r"csrftoken=(\w+)", cookies_set(sign_in)).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="(\w+)"', sign_in.text).group(1)
    origin = f"https://{HOST}:{stack.https_port}"

    changed = stack.ask(
        "POST",
        "/i18n/setlang/",
        urlencode({"csrfmiddlewaretoken": token, "language": "fr", "next": "/accounts/login/"}).encode(),
        {"Cookie": f"csrftoken={cookie}", "Origin": origin, "Referer": origin + "/accounts/login/",
         "Content-Type": "application/x-www-form-urlencoded"},
    )  # fmt: skip

    assert changed.status == 302
    assert changed.headers["Location"] == "/accounts/login/"
    assert "django_language=fr" in cookies_set(changed)


def test_static_files_are_served_by_nginx_alone(stack):
    stylesheet = re.search(
        r'href="(/static/conventions/tracker\.[0-9a-f]{12}\.css)"', stack.ask("GET", "/accounts/login/").text
    ).group(1)

    answer = stack.ask("GET", stylesheet, headers={"Accept-Encoding": "gzip"})

    assert answer.status == 200
    assert answer.headers["Content-Type"] == "text/css"
    assert answer.headers["Content-Encoding"] == "gzip"
    assert "immutable" in answer.headers["Cache-Control"]
    assert stylesheet not in stack.web_requests()


def _declare_and_read(stack, path: str, length: int, timeout: float = 30) -> tuple[str, str]:
    """Declare a body of ``length`` bytes, send none of it, and read what comes back."""
    raw = socket.create_connection((HOST, stack.https_port), timeout)
    with stack.tls.wrap_socket(raw, server_hostname=HOST) as sock:
        sock.sendall(
            f"POST {path} HTTP/1.1\r\nHost: {HOST}\r\nContent-Type: application/octet-stream\r\n"
            f"Content-Length: {length}\r\n\r\n".encode()
        )
        return _status_line_and_body(sock)


def _status_line_and_body(sock) -> tuple[str, str]:
    """Read the answer until the server closes (or drops) the connection."""
    answer = b""
    with contextlib.suppress(ConnectionError, ssl.SSLError):
        while data := sock.recv(65536):
            answer += data
    head, _, body = answer.decode(errors="replace").partition("\r\n\r\n")
    return head.split("\r\n")[0], body


def test_a_body_over_the_largest_allowance_is_refused_by_nginx_unread(stack):
    status, body = _declare_and_read(stack, "/accounts/login/?too-large", client_max_body_bytes() + 1)

    assert status == "HTTP/1.1 413 Request Entity Too Large"
    # nginx's page, in the four languages: it cannot know the reader's.
    assert "<center>nginx</center>" not in body
    for heading in ("Too large to send", "Demasiado grande para enviar", "Grande demais para enviar"):
        assert f"<h1>{heading}</h1>" in body
    assert "too-large" not in stack.web_requests()


def test_an_upload_page_takes_its_allowance_through_nginx(stack):
    # Declared within nginx's bound for the import page: nginx waits for the body (in vain here).
    with pytest.raises(TimeoutError):
        _declare_and_read(stack, "/admin/states/state/import/", client_max_body_bytes(), timeout=2)


def test_a_body_over_the_pages_own_allowance_is_refused_by_the_site(stack):
    answer = stack.ask(
        "POST",
        "/accounts/login/?over-its-allowance",
        b"x" * (REQUEST_MAX_BYTES + 1),
        {"Content-Type": "application/octet-stream", "Accept-Language": "pt"},
    )

    assert answer.status == 413
    assert "Grande demais para enviar" in answer.text
    assert re.search(r'"POST /accounts/login/\?over-its-allowance HTTP/1.0" 413', stack.web_requests())


def _send_chunked(stack, path: str, length: int) -> tuple[str, str]:
    """Send a body of ``length`` bytes in chunks, with no length declared, and read the answer."""
    raw = socket.create_connection((HOST, stack.https_port), 30)
    with stack.tls.wrap_socket(raw, server_hostname=HOST) as sock:
        sock.sendall(
            f"POST {path} HTTP/1.1\r\nHost: {HOST}\r\nContent-Type: application/octet-stream\r\n"
            "Transfer-Encoding: chunked\r\nAccept-Language: es\r\nConnection: close\r\n\r\n".encode()
        )
        chunk = b"%x\r\n%s\r\n" % (65536, b"x" * 65536)
        with contextlib.suppress(ConnectionError, ssl.SSLError):  # refused and closed mid-way
            for _ in range(-(-length // 65536)):
                sock.sendall(chunk)
            sock.sendall(b"0\r\n\r\n")
        return _status_line_and_body(sock)


def test_a_chunked_body_is_counted_by_nginx_as_it_comes(stack):
    status, body = _send_chunked(stack, "/accounts/login/?chunked-too-large", client_max_body_bytes() + 65536)

    assert status == "HTTP/1.1 413 Request Entity Too Large"
    assert "chunked-too-large" not in stack.web_requests()


def test_a_chunked_body_reaches_the_site_with_its_length(stack):
    # nginx takes the whole body in and passes it on with its length, which the site then bounds.
    status, body = _send_chunked(
        stack, "/accounts/login/?chunked-over-its-allowance", REQUEST_MAX_BYTES + 65536
    )

    assert status == "HTTP/1.1 413 Request Entity Too Large"
    assert "Demasiado grande para enviar" in body
    assert 'chunked-over-its-allowance HTTP/1.0" 413' in stack.web_requests()


def test_plain_http_is_sent_to_https(stack):
    answer = stack.ask("GET", "/accounts/login/?next=/dashboard/", https=False)

    assert answer.status == 301
    assert answer.headers["Location"] == f"https://{HOST}/accounts/login/?next=/dashboard/"
