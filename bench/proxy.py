"""A tiny TCP proxy for the load bench (:mod:`bench.load`, ``--processus K``): K ``streamlit run``
servers behind one address, each new connection handed to the next server in turn (round robin,
per connection). A bench device, NOT a component of the product: a deployment puts a real reverse
proxy in front of its Streamlit processes (README « Serving more users »), with sticky sessions
by cookie.

Per-connection round robin is enough for the bench: a Streamlit session is one websocket, a
websocket is one TCP connection, so a session stays on the server it reached first (the sticky
session a real proxy keeps with a cookie). What it does not do, and a real proxy must: send a
browser's later HTTP requests of the same session (``/media/…`` files a run produced, uploads)
to that same server — the bench's websocket client makes none.

Usage: ``python bench/proxy.py --ecoute 8621 127.0.0.1:8622 127.0.0.1:8623`` (until stopped)."""
from __future__ import annotations

import argparse
import asyncio
import collections
import itertools
from collections.abc import Sequence

CHUNK = 1 << 16


class RoundRobin:
    """The backends in turn: each call of :meth:`next` the following one."""

    def __init__(self, backends: Sequence[tuple[str, int]]) -> None:
        if not backends:
            raise ValueError("au moins un serveur")
        self.backends = list(backends)
        self._turn = itertools.count()

    def next(self) -> tuple[str, int]:
        return self.backends[next(self._turn) % len(self.backends)]


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """Copy ``reader`` to ``writer`` until the end of the stream; then half-close ``writer`` (the
    other direction may still be answering)."""
    try:
        while True:
            data = await reader.read(CHUNK)
            if not data:
                break
            writer.write(data)
            await writer.drain()
        if writer.can_write_eof():
            writer.write_eof()
    except (ConnectionError, OSError):
        pass


class Proxy:
    """Listens on ``host:port`` (0: a free port, :attr:`port` once started) and relays each
    connection, whole, to one backend chosen by :class:`RoundRobin`. :attr:`connections`: the
    connections each backend received."""

    def __init__(self, backends: Sequence[tuple[str, int]], host: str = "127.0.0.1",
                 port: int = 0) -> None:
        self.rr = RoundRobin(backends)
        self.host, self.port = host, port
        self.connections: collections.Counter[tuple[str, int]] = collections.Counter()
        self._server: asyncio.base_events.Server | None = None

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._handle, self.host, self.port)
        self.port = self._server.sockets[0].getsockname()[1]

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        backend = self.rr.next()
        try:
            b_reader, b_writer = await asyncio.open_connection(*backend)
        except OSError:  # that server is not up (yet): the client sees a closed connection
            writer.close()
            return
        self.connections[backend] += 1
        try:
            await asyncio.gather(_pipe(reader, b_writer), _pipe(b_reader, writer))
        finally:
            for w in (b_writer, writer):
                w.close()


def backend(text: str) -> tuple[str, int]:
    """« 127.0.0.1:8622 » or « 8622 » → (host, port)."""
    host, _, port = text.rpartition(":")
    return host or "127.0.0.1", int(port)


async def serve(port: int, backends: Sequence[tuple[str, int]]) -> None:
    p = Proxy(backends, port=port)
    await p.start()
    print(f"proxy 127.0.0.1:{p.port} → {', '.join(f'{h}:{q}' for h, q in backends)}", flush=True)
    await asyncio.Event().wait()  # until the process is stopped


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ecoute", type=int, required=True, help="port d'écoute (127.0.0.1)")
    ap.add_argument("serveurs", nargs="+", type=backend, help="hôte:port de chaque serveur")
    args = ap.parse_args()
    try:
        asyncio.run(serve(args.ecoute, args.serveurs))
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
