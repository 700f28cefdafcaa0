"""The receiving UDP socket: bound, a large receive buffer, and what the kernel dropped.

When datagrams come faster than the receiver takes them, the kernel drops what does not fit in
the socket's receive buffer, silently. Linux counts those drops per socket; with
``SO_RXQ_OVFL`` every datagram carries the count so far in its ancillary data, and
``/proc/net/udp`` shows it for the socket's inode (which also covers drops after the last
datagram read). Elsewhere the count stays 0 and says nothing.
"""

from __future__ import annotations

import os
import select
import socket
import struct
import sys
from pathlib import Path

MAX_DATAGRAM_BYTES = 65_535
#: Asked for; Linux grants at most ``net.core.rmem_max`` (and reports twice what it granted).
RECEIVE_BUFFER_BYTES = 8 * 1024 * 1024
#: ``SO_RXQ_OVFL`` (``asm-generic/socket.h``); Python's socket module does not name it.
SO_RXQ_OVFL = 40
_CMSG_BYTES = socket.CMSG_SPACE(4) if hasattr(socket, "CMSG_SPACE") else 0


class UdpPort:
    """A non-blocking UDP socket bound to ``host:port`` (port 0: any free port)."""

    def __init__(self, host: str, port: int, receive_buffer_bytes: int) -> None:
        if not 0 <= port <= 65_535:
            raise ValueError(f"port: expected 1 to 65535, got {port}")
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        try:
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, receive_buffer_bytes)
            self.counts_drops = _ask_for_drop_counts(self.sock)
            self.sock.bind((host, port))
            self.sock.setblocking(False)
        except BaseException:
            self.sock.close()
            raise
        self.host, self.port = host, int(self.sock.getsockname()[1])
        #: What the kernel granted (Linux reports twice the bytes asked for, for its overhead).
        self.receive_buffer_bytes = int(self.sock.getsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF))
        self.kernel_dropped = 0
        self._inode = os.fstat(self.sock.fileno()).st_ino

    def wait(self, timeout_s: float) -> bool:
        """Is a datagram waiting (within ``timeout_s``)?"""
        ready, _, _ = select.select([self.sock], [], [], timeout_s)
        return bool(ready)

    def receive(self, most: int) -> list[bytes]:
        """Up to ``most`` datagrams that are waiting now (none if none is); never blocks."""
        out: list[bytes] = []
        try:
            if not self.counts_drops:
                for _ in range(most):
                    out.append(self.sock.recv(MAX_DATAGRAM_BYTES))
                return out
            for _ in range(most):
                data, ancillary, _flags, _addr = self.sock.recvmsg(MAX_DATAGRAM_BYTES, _CMSG_BYTES)
                for level, kind, value in ancillary:
                    if level == socket.SOL_SOCKET and kind == SO_RXQ_OVFL and len(value) >= 4:
                        self.kernel_dropped = max(self.kernel_dropped, _u32(value))
                out.append(data)
        except (BlockingIOError, InterruptedError):
            pass
        except OSError:
            if not out:
                raise
        return out  # what came before an error; the error comes again at the next call

    def refresh_drops(self) -> int:
        """The kernel's drop count now (``/proc/net/udp``), which the datagrams may not say yet."""
        dropped = _proc_drops(self._inode)
        if dropped is not None:
            self.kernel_dropped = max(self.kernel_dropped, dropped)
        return self.kernel_dropped

    def close(self) -> None:
        self.sock.close()


def _ask_for_drop_counts(sock: socket.socket) -> bool:
    if not sys.platform.startswith("linux") or not _CMSG_BYTES:
        return False
    try:
        sock.setsockopt(socket.SOL_SOCKET, SO_RXQ_OVFL, 1)
    except OSError:
        return False
    return True


def _u32(value: bytes) -> int:
    return int(struct.unpack("=I", value[:4])[0])


def _proc_drops(inode: int, table: Path = Path("/proc/net/udp")) -> int | None:
    """The ``drops`` column of the socket with this inode, or ``None`` if it is not there."""
    try:
        with table.open(encoding="ascii") as fh:
            next(fh, None)  # the column names
            for line in fh:
                fields = line.split()
                if len(fields) >= 13 and fields[9] == str(inode):
                    return int(fields[12])
    except (OSError, ValueError):
        return None
    return None
