"""A minimal news server (NNTP with yEnc articles) and the NZB that points at its articles.

Just enough of RFC 3977 for NZBGet to fetch a post for real: GROUP, ARTICLE, BODY, HEAD,
STAT, AUTHINFO, MODE READER and QUIT. Each file is served as yEnc parts of ``PART_SIZE``
bytes; a message id that is not posted answers 430, which makes NZBGet fail the download.
"""

from __future__ import annotations

import socketserver
import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

PART_SIZE = 64 * 1024
LINE_LENGTH = 128
GROUP = "alt.binaries.reelarr"
CRITICAL = {0x00, 0x0A, 0x0D, 0x3D}


def yenc_lines(data: bytes) -> list[bytes]:
    """yEnc-encode ``data`` into lines, escaping what NNTP and yEnc reserve."""
    lines: list[bytes] = []
    line = bytearray()
    for byte in data:
        encoded = (byte + 42) % 256
        at_edge = not line or len(line) >= LINE_LENGTH - 1
        if encoded in CRITICAL or (encoded in (0x09, 0x20, 0x2E) and at_edge):
            line += bytes((0x3D, (encoded + 64) % 256))
        else:
            line.append(encoded)
        if len(line) >= LINE_LENGTH:
            lines.append(bytes(line))
            line = bytearray()
    if line:
        lines.append(bytes(line))
    return lines


@dataclass
class Post:
    name: str
    data: bytes
    message_ids: list[str] = field(default_factory=list)


@dataclass
class NewsServer:
    """The articles on offer, by message id; ``port`` once started."""

    articles: dict[str, bytes] = field(default_factory=dict)
    port: int = 0

    def post(self, name: str, data: bytes, *, missing_parts: int = 0) -> Post:
        """Post ``data`` as yEnc parts; the last ``missing_parts`` are listed in the NZB but never served."""
        post = Post(name, data)
        parts = [data[i : i + PART_SIZE] for i in range(0, len(data), PART_SIZE)] or [b""]
        for number, chunk in enumerate(parts, start=1):
            message_id = f"{name}.part{number}.{zlib.crc32(data):08x}@reelarr.test"
            post.message_ids.append(message_id)
            if number > len(parts) - missing_parts:
                continue
            begin = (number - 1) * PART_SIZE + 1
            header = (
                f"=ybegin part={number} total={len(parts)} line={LINE_LENGTH} size={len(data)} name={name}"
            )
            body = [
                header.encode(),
                f"=ypart begin={begin} end={begin + len(chunk) - 1}".encode(),
                *yenc_lines(chunk),
                f"=yend size={len(chunk)} part={number} pcrc32={zlib.crc32(chunk):08x}".encode(),
            ]
            self.articles[message_id] = b"\r\n".join(body)
        return post

    def nzb(self, post: Post) -> bytes:
        parts = len(post.message_ids)
        segments = "".join(
            f'<segment bytes="{PART_SIZE}" number="{n}">{escape(mid)}</segment>'
            for n, mid in enumerate(post.message_ids, start=1)
        )
        subject = quoteattr(f'"{post.name}" yEnc (1/{parts})')
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<nzb xmlns="http://www.newzbin.com/DTD/2003/nzb">'
            f'<file poster="tests@reelarr.test" date="1700000000" subject={subject}>'
            f"<groups><group>{GROUP}</group></groups><segments>{segments}</segments></file></nzb>"
        ).encode()


class _Session(socketserver.StreamRequestHandler):
    server: _Server

    def send(self, *lines: bytes) -> None:
        self.wfile.write(b"".join(line + b"\r\n" for line in lines))

    def handle(self) -> None:
        self.send(b"200 reelarr test news server ready")
        for raw in self.rfile:
            words = raw.decode("latin-1").strip().split()
            if not words:
                continue
            verb = words[0].upper()
            argument = words[1] if len(words) > 1 else ""
            if verb == "QUIT":
                self.send(b"205 bye")
                return
            self.answer(verb, argument)

    def answer(self, verb: str, argument: str) -> None:
        articles = self.server.news.articles
        if verb == "AUTHINFO":
            self.send(b"281 welcome")
        elif verb == "MODE":
            self.send(b"200 reader")
        elif verb == "GROUP":
            self.send(f"211 {len(articles)} 1 {max(len(articles), 1)} {argument}".encode())
        elif verb in ("ARTICLE", "BODY", "HEAD", "STAT"):
            message_id = argument.strip("<>")
            body = articles.get(message_id)
            if body is None:
                self.send(b"430 no such article")
                return
            headers = [f"Message-ID: <{message_id}>".encode(), f"Newsgroups: {GROUP}".encode()]
            code = {"ARTICLE": 220, "BODY": 222, "HEAD": 221, "STAT": 223}[verb]
            self.send(f"{code} 0 <{message_id}>".encode())
            if verb == "STAT":
                return
            lines = headers if verb == "HEAD" else ([*headers, b""] if verb == "ARTICLE" else [])
            if verb != "HEAD":
                lines += [b"." + line if line.startswith(b".") else line for line in body.split(b"\r\n")]
            self.send(*lines, b".")
        else:
            self.send(b"500 what?")


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    news: NewsServer


@contextmanager
def running_news_server() -> Iterator[NewsServer]:
    news = NewsServer()
    server = _Server(("127.0.0.1", 0), _Session)
    server.news = news
    news.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield news
    finally:
        server.shutdown()
        server.server_close()
