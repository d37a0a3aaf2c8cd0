"""Write small PDFs with a text layer for the tests, without a PDF library.

Each page is a list of lines, drawn top to bottom. Latin lines use the standard Helvetica font;
a line holding Chinese characters uses a Type0 font (Identity-H) whose ToUnicode map sends each
two-byte code to the same Unicode code point, so a text extractor reads back exactly what was
written (no glyphs are embedded: viewers show boxes, extractors do not care).
"""

from __future__ import annotations

_TO_UNICODE = "\n".join([
    "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
    "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
    "/CMapName /Adobe-Identity-UCS def", "/CMapType 2 def",
    "1 begincodespacerange", "<0000> <FFFF>", "endcodespacerange",
    "100 beginbfrange",
    *[f"<{h:02X}00> <{h:02X}FF> <{h:02X}00>" for h in range(0x00, 0x64)],
    "endbfrange", "100 beginbfrange",
    *[f"<{h:02X}00> <{h:02X}FF> <{h:02X}00>" for h in range(0x64, 0xC8)],
    "endbfrange", f"{0x100 - 0xC8} beginbfrange",
    *[f"<{h:02X}00> <{h:02X}FF> <{h:02X}00>" for h in range(0xC8, 0x100)],
    "endbfrange", "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end",
])


def _literal(s: str) -> str:
    return "(" + s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"


def _show(line: str) -> str:
    if all(ord(c) < 128 for c in line):
        return f"/F1 11 Tf {_literal(line)} Tj"
    return "/F2 11 Tf <" + "".join(f"{ord(c):04X}" for c in line) + "> Tj"


def make_pdf(pages: list[list[str]], text_layer: bool = True) -> bytes:
    """A PDF whose page ``i`` shows the lines ``pages[i]`` (none when ``text_layer`` is False:
    the page only holds a drawn rectangle, like a scan without OCR)."""
    objects: list[bytes] = []

    def add(body: str | bytes) -> int:
        objects.append(body.encode("latin-1") if isinstance(body, str) else body)
        return len(objects)

    catalog = add("")  # placeholders, filled in below
    pages_obj = add("")
    helv = add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    cmap = _TO_UNICODE.encode("latin-1")
    tounicode = add(b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream")
    descriptor = add("<< /Type /FontDescriptor /FontName /ZKSans /Flags 4 /FontBBox [0 -200 1000 "
                     "900] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>")
    cid = add(f"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /ZKSans /CIDSystemInfo "
              f"<< /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor "
              f"{descriptor} 0 R /DW 1000 /CIDToGIDMap /Identity >>")
    cjk = add(f"<< /Type /Font /Subtype /Type0 /BaseFont /ZKSans /Encoding /Identity-H "
              f"/DescendantFonts [{cid} 0 R] /ToUnicode {tounicode} 0 R >>")
    kids = []
    for lines in pages:
        if text_layer:
            ops = ["BT", "14 TL", "50 800 Td"]
            for line in lines:
                ops += [_show(line), "T*"]
            ops.append("ET")
        else:
            ops = ["0.5 g", "50 50 400 700 re f"]
        content = "\n".join(ops).encode("latin-1")
        stream = add(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        kids.append(add(f"<< /Type /Page /Parent {pages_obj} 0 R /MediaBox [0 0 595 842] "
                        f"/Resources << /Font << /F1 {helv} 0 R /F2 {cjk} 0 R >> >> "
                        f"/Contents {stream} 0 R >>"))
    objects[catalog - 1] = f"<< /Type /Catalog /Pages {pages_obj} 0 R >>".encode("latin-1")
    objects[pages_obj - 1] = (f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] "
                              f"/Count {len(kids)} >>").encode("latin-1")
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, catalog, xref)
    return bytes(out)
