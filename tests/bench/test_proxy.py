"""bench/proxy.py, the stand-in for a database gone silent: it forwards both ways, and while paused it passes
nothing on (for connections open before and opened during the pause) and delivers what it held on resume."""

import importlib.util
import socket
import threading
from pathlib import Path

import pytest

spec = importlib.util.spec_from_file_location("bench_proxy", Path(__file__).resolve().parents[2] / "bench" / "proxy.py")
proxy_module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(proxy_module)

QUIET = 0.3  # how long a test listens to be sure nothing comes through (a pause delivers nothing, ever)


@pytest.fixture
def echo():
    """A server on a free loopback port that sends back whatever it reads."""
    server = socket.create_server(("127.0.0.1", 0))

    def serve():
        while True:
            try:
                connection, _ = server.accept()
            except OSError:
                return
            threading.Thread(target=answer, args=(connection,), daemon=True).start()

    def answer(connection):
        with connection:
            while data := connection.recv(1024):
                connection.sendall(data)

    threading.Thread(target=serve, daemon=True).start()
    yield server.getsockname()
    server.close()


@pytest.fixture
def proxy(echo):
    running = proxy_module.Proxy(echo).start()
    yield running
    running.close()


def _connect(proxy) -> socket.socket:
    return socket.create_connection(("127.0.0.1", proxy.port), timeout=5)


def _nothing_arrives(sock) -> bool:
    """True when the socket stays silent (neither data nor an end) for QUIET seconds."""
    sock.settimeout(QUIET)
    try:
        sock.recv(1024)
    except TimeoutError:
        return True
    finally:
        sock.settimeout(5)
    return False


def test_it_forwards_both_ways(proxy):
    with _connect(proxy) as sock:
        sock.sendall(b"SELECT 1")
        assert sock.recv(1024) == b"SELECT 1"


def test_paused_it_holds_what_an_open_connection_sends_and_delivers_it_on_resume(proxy):
    with _connect(proxy) as sock:
        sock.sendall(b"before")
        assert sock.recv(1024) == b"before"
        proxy.pause()
        sock.sendall(b"during")
        assert _nothing_arrives(sock)
        proxy.resume()
        assert sock.recv(1024) == b"during"


def test_a_connection_opened_while_paused_is_accepted_but_answered_only_on_resume(proxy):
    proxy.pause()
    with _connect(proxy) as sock:
        sock.sendall(b"hello")
        assert _nothing_arrives(sock)
        proxy.resume()
        assert sock.recv(1024) == b"hello"


def test_closing_it_ends_the_connections_it_carries(proxy):
    with _connect(proxy) as sock:
        sock.sendall(b"ping")
        assert sock.recv(1024) == b"ping"
        proxy.close()
        assert sock.recv(1024) == b""
