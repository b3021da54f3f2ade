"""The app's icon: a film reel on a rounded square, as SVG and drawn into PNG and ICO here.

No image library is needed: each pixel's coverage of the shapes is worked out from its distance
to their edges (so the edges are smooth), and the PNG is written with zlib.
"""

from __future__ import annotations

import functools
import math
import struct
import zlib

BACKGROUND = (38, 86, 179)
REEL = (245, 247, 250)
# The reel's holes: distance from the centre, radius, and the hub's radius, on a 0..1 square.
REEL_RADIUS, HOLE_DISTANCE, HOLE_RADIUS, HUB_RADIUS, CORNER = 0.34, 0.19, 0.075, 0.04, 0.2
HOLES = tuple(
    (
        0.5 + HOLE_DISTANCE * math.cos(math.radians(-90 + 72 * n)),
        0.5 + HOLE_DISTANCE * math.sin(math.radians(-90 + 72 * n)),
    )
    for n in range(5)
)


def icon_svg() -> str:
    holes = "".join(
        f'<circle cx="{x * 100:.2f}" cy="{y * 100:.2f}" r="{HOLE_RADIUS * 100:.2f}"/>' for x, y in HOLES
    )
    background = "#{:02x}{:02x}{:02x}".format(*BACKGROUND)
    reel = "#{:02x}{:02x}{:02x}".format(*REEL)
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">'
        f'<rect width="100" height="100" rx="{CORNER * 100:.0f}" fill="{background}"/>'
        f'<circle cx="50" cy="50" r="{REEL_RADIUS * 100:.0f}" fill="{reel}"/>'
        f'<g fill="{background}">{holes}<circle cx="50" cy="50" r="{HUB_RADIUS * 100:.0f}"/></g></svg>'
    )


def _coverage(distance: float, pixel: float) -> float:
    """How much of a pixel lies inside a shape whose signed edge distance is ``distance``."""
    return min(max(0.5 - distance / pixel, 0.0), 1.0)


def _rounded_square_distance(x: float, y: float) -> float:
    qx = abs(x - 0.5) - (0.5 - CORNER)
    qy = abs(y - 0.5) - (0.5 - CORNER)
    outside = math.hypot(max(qx, 0.0), max(qy, 0.0))
    return outside + min(max(qx, qy), 0.0) - CORNER


def _pixel(x: float, y: float, pixel: float) -> tuple[int, int, int, int]:
    alpha = _coverage(_rounded_square_distance(x, y), pixel)
    reel = _coverage(math.hypot(x - 0.5, y - 0.5) - REEL_RADIUS, pixel)
    if reel == 0.0:
        return (*BACKGROUND, round(alpha * 255))
    hole = max(
        _coverage(math.hypot(x - 0.5, y - 0.5) - HUB_RADIUS, pixel),
        *(_coverage(math.hypot(x - hx, y - hy) - HOLE_RADIUS, pixel) for hx, hy in HOLES),
    )
    white = reel * (1 - hole)
    red, green, blue = (round(b + (r - b) * white) for b, r in zip(BACKGROUND, REEL, strict=True))
    return red, green, blue, round(alpha * 255)


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


@functools.cache
def icon_png(size: int) -> bytes:
    """The icon as a ``size`` by ``size`` RGBA PNG."""
    pixel = 1 / size
    rows = bytearray()
    for row in range(size):
        rows.append(0)  # filter type: none
        for column in range(size):
            rows.extend(_pixel((column + 0.5) * pixel, (row + 0.5) * pixel, pixel))
    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(bytes(rows), 9))
        + _chunk(b"IEND", b"")
    )


@functools.cache
def icon_ico() -> bytes:
    """``favicon.ico``: one 32 by 32 PNG inside an ICO directory, which every browser reads."""
    image = icon_png(32)
    directory = struct.pack("<HHH", 0, 1, 1)
    entry = struct.pack("<BBBBHHII", 32, 32, 0, 0, 1, 32, len(image), 6 + 16)
    return directory + entry + image
