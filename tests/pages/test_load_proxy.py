"""The load bench's proxy (:mod:`bench.proxy`, ``bench/load.py --processus K``): each new
connection goes to the next server in turn, and everything a connection carries — a websocket,
i.e. a Streamlit session — stays on the server it reached, both ways, until it closes. Two tiny
servers that answer with their own name stand in for the Streamlit processes."""
from __future__ import annotations

import asyncio

import pytest

from bench.proxy import Proxy, RoundRobin, backend

LIMIT = 1 << 20  # a line up to 1 MB (asyncio's readline stops at 64 kB by default)


def test_round_robin_takes_the_servers_in_turn():
    rr = RoundRobin([("h", 1), ("h", 2), ("h", 3)])
    assert [rr.next()[1] for _ in range(7)] == [1, 2, 3, 1, 2, 3, 1]
    with pytest.raises(ValueError):
        RoundRobin([])
    assert backend("127.0.0.1:8622") == ("127.0.0.1", 8622)
    assert backend("8623") == ("127.0.0.1", 8623)


async def _named_server(name: str):
    """Answers every line with « name:line », for as long as the connection lasts."""
    async def handle(reader, writer):
        while line := await reader.readline():
            writer.write(f"{name}:{line.decode()}".encode())
            await writer.drain()
        writer.close()
    server = await asyncio.start_server(handle, "127.0.0.1", 0, limit=LIMIT)
    return server, server.sockets[0].getsockname()[1]


async def _talk(port: int, lines: list[str]) -> list[str]:
    reader, writer = await asyncio.open_connection("127.0.0.1", port, limit=LIMIT)
    got = []
    for x in lines:
        writer.write(f"{x}\n".encode())
        await writer.drain()
        got.append((await reader.readline()).decode().strip())
    writer.close()
    return got


def test_each_connection_stays_on_the_server_it_reached():
    async def scenario():
        (a, pa), (b, pb) = await _named_server("A"), await _named_server("B")
        proxy = Proxy([("127.0.0.1", pa), ("127.0.0.1", pb)])
        await proxy.start()
        try:
            # four sessions at once, each sending several messages while the others do
            sessions = await asyncio.gather(*(_talk(proxy.port, [f"s{i}-{j}" for j in range(5)])
                                              for i in range(4)))
            # a large message crosses whole (several reads of the relay)
            big = "x" * 300_000
            echoed = await _talk(proxy.port, [big])
        finally:
            await proxy.close()
            a.close()
            b.close()
        return sessions, echoed, big, proxy.connections, (pa, pb)

    sessions, echoed, big, connections, (pa, pb) = asyncio.run(asyncio.wait_for(scenario(), 30))
    servers = []
    for i, got in enumerate(sessions):
        names = {g.split(":", 1)[0] for g in got}
        assert len(names) == 1, got  # one session, one server
        assert [g.split(":", 1)[1] for g in got] == [f"s{i}-{j}" for j in range(5)]
        servers.append(names.pop())
    assert sorted(servers) == ["A", "A", "B", "B"]  # the sessions shared out in turn
    assert echoed == [f"A:{big}"]  # the fifth connection: the first server again
    assert connections == {("127.0.0.1", pa): 3, ("127.0.0.1", pb): 2}
