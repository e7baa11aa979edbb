#!/usr/bin/python3
"""Independent reader of the self-describing metadata of SpAtten Studio exports (tests only).

Usage: read_export_metadata.py FILE  ->  prints one JSON object:
  PNG: {"width", "height", "text": {keyword: value}} from IHDR and the tEXt/zTXt/iTXt chunks
       (parsed with struct + zlib, CRCs checked);
  SVG: {"title", "desc"} (xml.etree);
  PDF: {"Title", "Creator"} (literal strings of the info dictionary, UTF-16BE with BOM);
  CSV: {"comments": [...], "header": [...], "rows": N, "widths": [distinct row lengths]}
       (the "# " lines, then the csv module).
"""
import csv
import io
import json
import re
import struct
import sys
import xml.etree.ElementTree as ET
import zlib


def png(data):
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG signature"
    pos, out = 8, {"text": {}}
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind = data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])
        assert zlib.crc32(kind + body) & 0xFFFFFFFF == crc, "bad CRC in " + kind.decode()
        if kind == b"IHDR":
            out["width"], out["height"] = struct.unpack(">II", body[:8])
        elif kind == b"tEXt":
            key, value = body.split(b"\0", 1)
            out["text"][key.decode("latin-1")] = value.decode("latin-1")
        elif kind == b"zTXt":
            key, rest = body.split(b"\0", 1)
            out["text"][key.decode("latin-1")] = zlib.decompress(rest[1:]).decode("latin-1")
        elif kind == b"iTXt":
            key, rest = body.split(b"\0", 1)
            compressed, rest = rest[0], rest[2:]
            _lang, rest = rest.split(b"\0", 1)
            _translated, text = rest.split(b"\0", 1)
            out["text"][key.decode("latin-1")] = (
                zlib.decompress(text) if compressed else text).decode("utf-8")
        pos += 12 + length
    return out


def pdf_string(data, key):
    m = re.search(rb"/" + key + rb" \(", data)
    if not m:
        return None
    i, raw = m.end(), bytearray()
    while data[i:i + 1] != b")":
        if data[i:i + 1] == b"\\":
            i += 1
            esc = data[i:i + 1]
            raw += {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}.get(esc, esc)
        else:
            raw += data[i:i + 1]
        i += 1
    raw = bytes(raw)
    return raw[2:].decode("utf-16-be") if raw.startswith(b"\xfe\xff") else raw.decode("latin-1")


def main(path):
    data = open(path, "rb").read()
    if path.endswith(".png"):
        return png(data)
    if path.endswith(".svg"):
        root = ET.fromstring(data)
        ns = "{http://www.w3.org/2000/svg}"
        return {"title": root.find(ns + "title").text, "desc": root.find(ns + "desc").text}
    if path.endswith(".pdf"):
        return {"Title": pdf_string(data, b"Title"), "Creator": pdf_string(data, b"Creator")}
    if path.endswith(".csv"):
        text = data.decode("utf-8")
        lines = text.splitlines(keepends=True)
        comments = [l[2:].rstrip("\n") for l in lines if l.startswith("# ")]
        rows = list(csv.reader(io.StringIO("".join(l for l in lines if not l.startswith("#")))))
        return {"comments": comments, "header": rows[0], "rows": len(rows) - 1,
                "widths": sorted({len(r) for r in rows})}
    raise SystemExit("unknown file type: " + path)


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1])))
