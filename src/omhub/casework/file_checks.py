"""What an uploaded file really is. A name can say anything, so a file is accepted only when its name
has an allowed type AND its bytes are that type: a program renamed "letter.docx", or a ZIP archive
renamed "dossier.pdf", is refused with a message naming the file and the rule it broke.

Plain Python with no Django, so the rules can be read and tested on their own.
"""

import io
import re
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Microsoft's compound file: .doc, .xls, .msg
ZIP_SIGNATURE = b"PK\x03\x04"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
JPEG_SIGNATURE = b"\xff\xd8\xff"
PROGRAM_SIGNATURES = {
    b"\x7fELF": "a Linux program",
    b"\xfe\xed\xfa\xce": "a macOS program",
    b"\xfe\xed\xfa\xcf": "a macOS program",
    b"\xce\xfa\xed\xfe": "a macOS program",
    b"\xcf\xfa\xed\xfe": "a macOS program",
    b"\xca\xfe\xba\xbe": "a program",
}
OOXML_MAIN_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
}
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
# How much of a ZIP's table of contents or an email's headers is worth reading to decide what it is.
MAX_MANIFEST_BYTES = 1_000_000
EMAIL_HEADERS = {"from", "to", "subject", "date", "received", "message-id", "mime-version", "return-path",
                 "delivered-to", "cc", "reply-to", "sender"}
# Characters that text has no business holding (tab, line ends, form feed and Ctrl-Z are fine).
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0e-\x19\x1b-\x1f]")


class RefusedFile(ValueError):
    """The file may not be attached; the message says which file and why, in a hub's words."""


@dataclass(frozen=True)
class FileType:
    name: str
    content_type: str
    matches: Callable[[bytes], bool]


def _ole_with_stream(*stream_names: str) -> Callable[[bytes], bool]:
    """A compound file holding one of the named streams (its directory stores names in UTF-16)."""
    encoded = [name.encode("utf-16-le") for name in stream_names]
    return lambda data: data.startswith(OLE_SIGNATURE) and any(name in data for name in encoded)


def _zip_names(data: bytes) -> zipfile.ZipFile | None:
    if not data.startswith(ZIP_SIGNATURE):
        return None
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        return None


def _read_member(archive: zipfile.ZipFile, name: str) -> bytes | None:
    try:
        info = archive.getinfo(name)
        if info.file_size > MAX_MANIFEST_BYTES:
            return None
        return archive.read(info)
    except (KeyError, zipfile.BadZipFile, ValueError, OSError, NotImplementedError, RuntimeError):
        return None


def _ooxml(kind: str) -> Callable[[bytes], bool]:
    def matches(data: bytes) -> bool:
        archive = _zip_names(data)
        if archive is None:
            return False
        manifest = _read_member(archive, "[Content_Types].xml")
        return manifest is not None and OOXML_MAIN_TYPES[kind].encode() in manifest

    return matches


def _odt(data: bytes) -> bool:
    archive = _zip_names(data)
    return archive is not None and (_read_member(archive, "mimetype") or b"").strip() == ODT_MIMETYPE


def _text(data: bytes) -> str | None:
    """The file as text, or None when it is not text: no NUL bytes or stray control characters."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    elif b"\x00" in data:
        return None
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                return None
    return None if CONTROL_CHARACTERS.search(text) else text


def _is_text(data: bytes) -> bool:
    return _text(data) is not None


def _is_email(data: bytes) -> bool:
    """An email saved as a file (RFC 5322): text that starts with header lines, among them at least one
    an email always has."""
    text = _text(data[:MAX_MANIFEST_BYTES])
    if text is None:
        return False
    names = set()
    for line in text.lstrip().splitlines():
        if not line.strip():
            break
        if line[0] in " \t":
            continue
        match = re.match(r"([!-9;-~]+):", line)
        if not match:
            return False
        names.add(match.group(1).lower())
    return bool(names & EMAIL_HEADERS)


ALLOWED = {
    "pdf": FileType("PDF", "application/pdf", lambda data: b"%PDF-" in data[:1024]),
    "docx": FileType("Word document (DOCX)", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                     _ooxml("docx")),
    "doc": FileType("Word 97-2003 document (DOC)", "application/msword", _ole_with_stream("WordDocument")),
    "xlsx": FileType("Excel workbook (XLSX)", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                     _ooxml("xlsx")),
    "xls": FileType("Excel 97-2003 workbook (XLS)", "application/vnd.ms-excel", _ole_with_stream("Workbook", "Book")),
    "odt": FileType("OpenDocument text (ODT)", "application/vnd.oasis.opendocument.text", _odt),
    "rtf": FileType("rich text (RTF)", "application/rtf", lambda data: data.lstrip()[:5] == b"{\\rtf"),
    "txt": FileType("text file (TXT)", "text/plain", _is_text),
    "csv": FileType("CSV file", "text/csv", _is_text),
    "eml": FileType("email (EML)", "message/rfc822", _is_email),
    "msg": FileType("Outlook email (MSG)", "application/vnd.ms-outlook", _ole_with_stream("__substg1.0_")),
    "jpg": FileType("JPEG image", "image/jpeg", lambda data: data.startswith(JPEG_SIGNATURE)),
    "jpeg": FileType("JPEG image", "image/jpeg", lambda data: data.startswith(JPEG_SIGNATURE)),
    "png": FileType("PNG image", "image/png", lambda data: data.startswith(PNG_SIGNATURE)),
}
ALLOWED_SUMMARY = "PDF, Word (DOCX, DOC), Excel (XLSX, XLS), ODT, RTF, TXT, CSV, email (EML, MSG), JPEG or PNG"


def extension(filename: str) -> str:
    stem, dot, ext = filename.rpartition(".")
    return ext.lower() if dot and stem.strip() else ""


def describe(data: bytes) -> str:
    """What the bytes look like, for a message: 'a ZIP archive', 'a Windows program'..."""
    program = program_kind(data)
    if program:
        return program
    for code, file_type in ALLOWED.items():
        if code not in ("txt", "csv", "eml", "jpeg") and file_type.matches(data):
            return _a(file_type.name)
    if data.startswith(ZIP_SIGNATURE):
        return "a ZIP archive"
    if data.startswith(OLE_SIGNATURE):
        return "a Microsoft Office file of another kind"
    if data.startswith(b"GIF8"):
        return "a GIF image"
    if _is_text(data):
        return "plain text"
    return "a file of an unknown kind"


def _a(name: str) -> str:
    return f"an {name}" if name[0].upper() in "AEIOU" else f"a {name}"


def program_kind(data: bytes) -> str:
    if data.startswith(b"MZ") and b"\x00" in data[:64]:
        return "a Windows program"
    if re.match(rb"#![ \t]*/", data):
        return "a script"
    for signature, kind in PROGRAM_SIGNATURES.items():
        if data.startswith(signature):
            return kind
    return ""


def has_macros(data: bytes) -> bool:
    """Office files with macros (VBA) can run code when opened."""
    if data.startswith(OLE_SIGNATURE):
        return "_VBA_PROJECT".encode("utf-16-le") in data
    archive = _zip_names(data)
    if archive is None:
        return False
    if any(name.lower().endswith("vbaproject.bin") for name in archive.namelist()):
        return True
    manifest = _read_member(archive, "[Content_Types].xml") or b""
    return b"macroEnabled" in manifest


def check_size(filename: str, size: int, *, max_bytes: int) -> None:
    """Over-size files are refused before they are read into memory."""
    if size > max_bytes:
        raise RefusedFile(f"“{filename}” is {megabytes(size)}: a file must be {megabytes(max_bytes)} or smaller")


def check(filename: str, data: bytes, *, max_bytes: int) -> FileType:
    """The file's type when it may be attached; otherwise RefusedFile naming the file and the rule."""
    shown = f"“{filename}”"
    ext = extension(filename)
    check_size(filename, len(data), max_bytes=max_bytes)
    if not data:
        raise RefusedFile(f"{shown} is empty: choose the file again, or another file")
    program = program_kind(data)
    if program:
        raise RefusedFile(f"{shown} is {program}, not a document: programs and scripts cannot be attached")
    if not ext:
        raise RefusedFile(f"{shown} has no file type at the end of its name: attach a {ALLOWED_SUMMARY} file")
    file_type = ALLOWED.get(ext)
    if file_type is None:
        raise RefusedFile(f"{shown} is a .{ext} file, which cannot be attached: attach a {ALLOWED_SUMMARY} file")
    if not file_type.matches(data):
        raise RefusedFile(f"{shown} is named as {_a(file_type.name)} but its content is {describe(data)}: "
                          f"attach the file in its real format, with the right name")
    if has_macros(data):
        raise RefusedFile(f"{shown} contains macros, which can run code: save it without macros and attach it again")
    return file_type


def megabytes(size: int) -> str:
    value = size / 1024 / 1024
    return f"{value:.0f} MB" if value >= 10 or value == int(value) else f"{value:.1f} MB"


def display_name(raw: str) -> str:
    """The name as a person would recognise it, without folders or characters that could mislead."""
    name = unicodedata.normalize("NFC", raw or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip().strip(".")
    if len(name) > 150:
        stem, dot, ext = name.rpartition(".")
        name = f"{stem[:140]}.{ext[:9]}" if dot and len(ext) < 10 else name[:150]
    return name or "file"


def storage_safe_name(raw: str) -> str:
    """The name as it is stored: ASCII letters, digits, dots, dashes and underscores only."""
    name = unicodedata.normalize("NFKD", display_name(raw)).encode("ascii", "ignore").decode()
    stem, dot, ext = name.rpartition(".")
    stem, ext = (stem, ext) if dot else (name, "")
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-_")[:80] or "file"
    ext = re.sub(r"[^A-Za-z0-9]+", "", ext)[:10].lower()
    return f"{stem}.{ext}" if ext else stem
