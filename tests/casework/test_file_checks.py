"""Which files may be attached: judged by name AND by content, each refusal naming the file and the rule."""

import re

import pytest

from omhub.casework import file_checks
from omhub.casework.file_checks import RefusedFile, check
from tests.casework import sample_files as files

MB = 1024 * 1024


@pytest.mark.parametrize(("name", "data", "content_type"), [
    ("decision.pdf", files.PDF, "application/pdf"),
    ("reply.docx", files.docx(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("reply.DOC", files.DOC, "application/msword"),
    ("figures.xlsx", files.xlsx(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("figures.xls", files.XLS, "application/vnd.ms-excel"),
    ("notes.odt", files.odt(), "application/vnd.oasis.opendocument.text"),
    ("letter.rtf", files.RTF, "application/rtf"),
    ("call.txt", files.TEXT, "text/plain"),
    ("list.csv", files.CSV, "text/csv"),
    ("reply.eml", files.EMAIL, "message/rfc822"),
    ("reply.msg", files.MSG, "application/vnd.ms-outlook"),
    ("photo.jpg", files.JPEG, "image/jpeg"),
    ("photo.jpeg", files.JPEG, "image/jpeg"),
    ("scan.png", files.PNG, "image/png"),
])
def test_each_allowed_type_is_accepted_when_its_content_is_that_type(name, data, content_type):
    assert check(name, data, max_bytes=MB).content_type == content_type


def test_a_pdf_that_is_really_a_zip_is_refused_naming_the_file_and_what_it_is():
    with pytest.raises(RefusedFile, match=r"“dossier.pdf” is named as a PDF but its content is a ZIP archive"):
        check("dossier.pdf", files.plain_zip(), max_bytes=MB)


def test_a_program_renamed_docx_is_refused():
    with pytest.raises(RefusedFile, match=r"“reply.docx” is a Windows program, not a document"):
        check("reply.docx", files.WINDOWS_PROGRAM, max_bytes=MB)


@pytest.mark.parametrize(("name", "data", "what"), [
    ("notes.txt", files.SCRIPT, "a script"),
    ("photo.png", files.LINUX_PROGRAM, "a Linux program"),
    ("setup.exe", files.WINDOWS_PROGRAM, "a Windows program"),
])
def test_anything_executable_is_refused_whatever_its_name(name, data, what):
    with pytest.raises(RefusedFile, match=f"“{name}” is {what}, not a document"):
        check(name, data, max_bytes=MB)


def test_a_file_over_the_size_limit_is_refused_with_both_sizes():
    with pytest.raises(RefusedFile, match=r"“big.pdf” is 1.5 MB: a file must be 1 MB or smaller"):
        check("big.pdf", files.PDF + b" " * (MB + MB // 2 - len(files.PDF)), max_bytes=MB)


@pytest.mark.parametrize(("name", "message"), [
    ("archive.zip", "“archive.zip” is a .zip file, which cannot be attached: attach a PDF, Word"),
    ("page.html", "“page.html” is a .html file, which cannot be attached"),
    ("README", "“README” has no file type at the end of its name"),
    (".pdf", "“.pdf” has no file type at the end of its name"),
])
def test_types_outside_the_allow_list_are_refused(name, message):
    with pytest.raises(RefusedFile, match=message):
        check(name, files.TEXT, max_bytes=MB)


@pytest.mark.parametrize(("name", "data", "looks_like"), [
    ("photo.jpg", files.PNG, "a PNG image"),
    ("figures.xlsx", files.docx(), "a Word document (DOCX)"),
    ("reply.docx", files.xlsx(), "an Excel workbook (XLSX)"),
    ("reply.doc", files.XLS, "an Excel 97-2003 workbook (XLS)"),
    ("reply.msg", files.DOC, "a Word 97-2003 document (DOC)"),
    ("notes.txt", files.PNG, "a PNG image"),
    ("reply.eml", files.TEXT, "plain text"),
    ("letter.rtf", files.PDF, "a PDF"),
])
def test_a_file_whose_content_does_not_match_its_name_is_refused(name, data, looks_like):
    with pytest.raises(RefusedFile, match=f"“{re.escape(name)}” is named as an? .* but its content is "
                                          f"{re.escape(looks_like)}:"):
        check(name, data, max_bytes=MB)


def test_an_office_file_with_macros_is_refused():
    with pytest.raises(RefusedFile, match="“reply.docx” contains macros, which can run code"):
        check("reply.docx", files.docx_with_macros(), max_bytes=MB)


def test_an_empty_file_is_refused():
    with pytest.raises(RefusedFile, match="“blank.txt” is empty"):
        check("blank.txt", b"", max_bytes=MB)


def test_text_may_be_utf8_windows_1252_or_utf16_but_not_binary():
    assert check("a.txt", "Café £5".encode("cp1252"), max_bytes=MB).name == "text file (TXT)"
    assert check("a.txt", "\ufeffCafé".encode("utf-16"), max_bytes=MB).name == "text file (TXT)"
    with pytest.raises(RefusedFile):
        check("a.txt", b"abc\x00def", max_bytes=MB)
    with pytest.raises(RefusedFile):
        check("a.csv", b"abc\x07def", max_bytes=MB)


def test_names_lose_folders_and_invisible_characters_and_are_stored_in_plain_letters():
    assert file_checks.display_name("C:\\Users\\ba\\Desktop\\reply.pdf") == "reply.pdf"
    assert file_checks.display_name("../../etc/passwd.txt") == "passwd.txt"
    assert file_checks.display_name("invoice\u202efdp.exe") == "invoicefdp.exe"
    assert file_checks.display_name("") == "file"
    assert file_checks.storage_safe_name("Réponse du COM (final).PDF") == "Reponse-du-COM-final.pdf"
    assert file_checks.storage_safe_name("../../secret") == "secret"
    long_name = "a" * 300 + ".docx"
    assert len(file_checks.display_name(long_name)) <= 150 and file_checks.display_name(long_name).endswith(".docx")
