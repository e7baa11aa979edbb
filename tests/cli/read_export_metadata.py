#!/usr/bin/python3
"""Independent reader of the self-describing metadata of SpAtten Studio exports (tests only).

Usage: read_export_metadata.py FILE  ->  prints one JSON object:
  PNG: {"width", "height", "text": {keyword: value}} from IHDR and the tEXt/zTXt/iTXt chunks
       (parsed with struct + zlib, CRCs checked);
  SVG: {"title", "desc", "families": [distinct font-family values]} (xml.etree);
  PDF: {"Title", "Creator"} (literal strings of the info dictionary, UTF-16BE with BOM);
  CSV: {"comments": [...], "header": [...], "rows": N, "widths": [distinct row lengths]}
       (the "# " lines, then the csv module);
  HTML: {"title", "meta": {first cell: second cell of the first table}, "images": [{"alt",
        "svg_title"}], "csv": [{"name", "rows"}], "tables": [[[cell, ...], ...], ...] (the tables
        after the first), "external": [every src/href that is not data: or #]}
        (html.parser; each data: URI base64-decoded, SVGs parsed with xml.etree, CSVs with csv).
"""
import base64
import csv
import html.parser
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


class Report(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.title, self.tables, self.images, self.csv, self.external = "", [], [], [], []
        self.stack, self.cell = [], None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.stack.append(tag)
        for key in ("src", "href"):
            v = a.get(key)
            if v is not None and not v.startswith("data:") and not v.startswith("#"):
                self.external.append(v)
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self.cell = ""
        elif tag == "img":
            head, payload = a["src"].split(",", 1)
            assert head == "data:image/svg+xml;base64", head
            root = ET.fromstring(base64.b64decode(payload))
            title = root.find("{http://www.w3.org/2000/svg}title").text
            self.images.append({"alt": a["alt"], "svg_title": title})
        elif tag == "a" and a.get("href", "").startswith("data:text/csv"):
            payload = base64.b64decode(a["href"].split(",", 1)[1]).decode("utf-8")
            body = "".join(l for l in payload.splitlines(keepends=True) if not l.startswith("#"))
            self.csv.append({"name": a["download"], "rows": len(list(csv.reader(io.StringIO(body)))) - 1})

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        self.stack.pop()

    def handle_endtag(self, tag):
        while self.stack and self.stack.pop() != tag:
            pass
        if tag in ("td", "th") and self.cell is not None:
            self.tables[-1][-1].append(self.cell)
            self.cell = None

    def handle_data(self, data):
        if self.stack and self.stack[-1] == "title":
            self.title += data
        if self.cell is not None:
            self.cell += data


def report(data):
    r = Report()
    r.feed(data.decode("utf-8"))
    r.close()
    meta = {row[0]: row[1] for row in r.tables[0]} if r.tables else {}
    return {"title": r.title, "meta": meta, "images": r.images, "csv": r.csv,
            "tables": r.tables[1:], "external": r.external}


def main(path):
    data = open(path, "rb").read()
    if path.endswith(".png"):
        return png(data)
    if path.endswith(".svg"):
        root = ET.fromstring(data)
        ns = "{http://www.w3.org/2000/svg}"
        families = sorted({e.get("font-family") for e in root.iter() if e.get("font-family")})
        return {"title": root.find(ns + "title").text, "desc": root.find(ns + "desc").text,
                "families": families}
    if path.endswith(".pdf"):
        return {"Title": pdf_string(data, b"Title"), "Creator": pdf_string(data, b"Creator")}
    if path.endswith(".csv"):
        text = data.decode("utf-8")
        lines = text.splitlines(keepends=True)
        comments = [l[2:].rstrip("\n") for l in lines if l.startswith("# ")]
        rows = list(csv.reader(io.StringIO("".join(l for l in lines if not l.startswith("#")))))
        return {"comments": comments, "header": rows[0], "rows": len(rows) - 1,
                "widths": sorted({len(r) for r in rows})}
    if path.endswith(".html"):
        return report(data)
    raise SystemExit("unknown file type: " + path)


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1])))
