#!/usr/bin/env python3
"""Draws pages/notes/minitel.png, the picture of the bundled sample notes:
a Minitel terminal seen from the front (beige case, dark screen with a few
lines of text, the keyboard folded down). Written for this project; run it
again to regenerate the file (python3, standard library only)."""
import struct
import sys
import zlib

W, H = 160, 120


def png(path, pixels):
    def chunk(kind, data):
        c = struct.pack(">I", len(data)) + kind + data
        return c + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + bytes(row) for row in pixels)
    data = (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", W, H, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9))
            + chunk(b"IEND", b""))
    with open(path, "wb") as f:
        f.write(data)


def main(path):
    img = [[0] * (W * 3) for _ in range(H)]

    def rect(x0, y0, x1, y1, rgb):
        for y in range(max(0, y0), min(H, y1)):
            for x in range(max(0, x0), min(W, x1)):
                img[y][3 * x:3 * x + 3] = rgb

    rect(0, 0, W, H, (40, 60, 110))          # wall: dark blue
    rect(28, 8, 132, 88, (200, 190, 160))    # the case
    rect(38, 16, 122, 72, (20, 20, 20))      # the screen
    for i, width in enumerate((60, 44, 52, 30)):
        rect(44, 22 + 11 * i, 44 + width, 26 + 11 * i, (120, 230, 120))
    rect(36, 76, 124, 82, (150, 140, 120))   # the chin under the screen
    rect(18, 90, 142, 112, (170, 160, 135))  # keyboard, folded down
    for row in range(3):
        for k in range(10):
            x = 24 + 12 * k
            y = 93 + 6 * row
            rect(x, y, x + 9, y + 4, (60, 55, 50))
    png(path, img)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "pages/notes/minitel.png")
