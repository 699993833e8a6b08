"""Small files of each kind, made the way real ones are made (python-docx, zipfile, the formats' own
signatures), for the attachment tests."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

PDF = (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
       b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
       b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
WINDOWS_PROGRAM = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00"
LINUX_PROGRAM = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 56
SCRIPT = b"#!/bin/sh\nrm -rf /\n"
RTF = b"{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 Arial;}} Address check reply\\par}"
TEXT = b"Called the COM on 20 November: address suitable.\n"
CSV = b"prison_number,name,hdced\r\nA1234BC,John Smith,2027-03-01\r\n"
EMAIL = (b"From: com@probation.example\r\nTo: hub@leeds.example\r\nSubject: HDC address check\r\n"
         b"Date: Fri, 20 Nov 2026 10:00:00 +0000\r\n\r\nThe address is suitable.\r\n")


def docx() -> bytes:
    from docx import Document

    document = Document()
    document.add_paragraph("COM reply: the proposed address is suitable.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _zip(members: dict[str, bytes], *, stored_first: str | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if stored_first:
            archive.writestr(zipfile.ZipInfo(stored_first), members.pop(stored_first), zipfile.ZIP_STORED)
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def xlsx() -> bytes:
    return _zip({
        "[Content_Types].xml": b'<?xml version="1.0"?><Types><Override PartName="/xl/workbook.xml" ContentType="'
                               b'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>',
        "xl/workbook.xml": b"<workbook/>",
    })


def odt() -> bytes:
    return _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<office:document/>"},
                stored_first="mimetype")


def docx_with_macros() -> bytes:
    source = zipfile.ZipFile(io.BytesIO(docx()))
    members = {name: source.read(name) for name in source.namelist()}
    members["word/vbaProject.bin"] = b"\xd0\xcf\x11\xe0 macro"
    return _zip(members)


def plain_zip() -> bytes:
    return _zip({"dossier.txt": b"not a PDF"})


def ole(*stream_names: str) -> bytes:
    """A compound file (the container of .doc, .xls and .msg) whose directory names these streams."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    return header + b"".join(name.encode("utf-16-le").ljust(64, b"\x00") for name in stream_names) + b"\x00" * 512


DOC = ole("Root Entry", "WordDocument", "1Table")
XLS = ole("Root Entry", "Workbook")
MSG = ole("Root Entry", "__substg1.0_0037001F", "__properties_version1.0")


def upload(name: str, data: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)
