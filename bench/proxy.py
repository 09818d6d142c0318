"""A TCP proxy on loopback that can go silent: the database neither down nor answering.

A stopped or partitioned database server refuses nothing: connections open, queries are sent, and no answer
comes. Killing PostgreSQL does not show that (the client learns at once), so bench/reliability.py puts this
between the app and PostgreSQL and pauses it. While paused it accepts connections and reads what either side
sends but passes nothing on; on resume it delivers what it holds, as a network that heals does.
"""

import contextlib
import socket
import threading

CHUNK = 64 * 1024


class Proxy:
    """Forwards 127.0.0.1:port to upstream (host, port), one pair of threads per connection."""

    def __init__(self, upstream: tuple[str, int]):
        self.upstream = upstream
        self.flowing = threading.Event()
        self.flowing.set()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.open: set[socket.socket] = set()
        self.lock = threading.Lock()
        self.closed = False

    def start(self) -> "Proxy":
        threading.Thread(target=self._accept, daemon=True, name="proxy-accept").start()
        return self

    def pause(self) -> None:
        self.flowing.clear()

    def resume(self) -> None:
        self.flowing.set()

    def close(self) -> None:
        self.closed = True
        self.flowing.set()
        self.listener.close()
        with self.lock:
            for sock in list(self.open):
                _close(sock)

    def _accept(self) -> None:
        while not self.closed:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            try:
                server = socket.create_connection(self.upstream, timeout=5)
                server.settimeout(None)
            except OSError:
                _close(client)
                continue
            with self.lock:
                self.open.update((client, server))
            for source, target in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(source, target), daemon=True, name="proxy-pump").start()

    def _pump(self, source: socket.socket, target: socket.socket) -> None:
        """One direction of one connection. Either side closing closes both, as a real connection would end."""
        try:
            while data := source.recv(CHUNK):
                self.flowing.wait()  # paused: hold what was read, read nothing more
                target.sendall(data)
        except OSError:
            pass
        finally:
            with self.lock:
                self.open.difference_update((source, target))
            _close(source)
            _close(target)


def _close(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    sock.close()
