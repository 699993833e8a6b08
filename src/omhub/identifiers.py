"""Validation and normal forms of the identifiers that name a person across justice services.

Pure Python (no Django), so the rules can be property-tested and used by importers and the API alike.
Each ``normalise_*`` function takes what a person typed (any case, stray spaces) and returns the
identifier's canonical form, or raises ``InvalidIdentifier`` with a message a user can act on.
"""

import re

# The check character of PNC and CRO numbers: the serial number modulo 23 indexes this alphabet,
# which leaves out I, O and S so that a check letter is never mistaken for a digit.
CHECK_CHARACTERS = "ZABCDEFGHJKLMNPQRTUVWXY"


class InvalidIdentifier(ValueError):
    pass


def _squash(value: str) -> str:
    return re.sub(r"\s+", "", value or "").upper()


_PRISON_NUMBER = re.compile(r"^[A-Z][0-9]{4}[A-Z]{2}$")


def normalise_prison_number(value: str) -> str:
    """A prison number (NOMIS number) is a letter, four digits and two letters: A1234BC."""
    squashed = _squash(value)
    if not _PRISON_NUMBER.match(squashed):
        raise InvalidIdentifier("Enter a prison number in the format A1234BC: a letter, 4 numbers, then 2 letters")
    return squashed


_CRN = re.compile(r"^[A-Z][0-9]{6}$")


def normalise_crn(value: str) -> str:
    """A probation case reference number (CRN, from nDelius) is a letter and six digits: X123456."""
    squashed = _squash(value)
    if not _CRN.match(squashed):
        raise InvalidIdentifier("Enter a case reference number (CRN) in the format X123456: a letter, then 6 numbers")
    return squashed


_PNC = re.compile(r"^(\d{2}|\d{4})/(\d{1,7})([A-Z])$")


def pnc_check_character(year: str, serial: str) -> str:
    return CHECK_CHARACTERS[int(year[-2:] + serial.zfill(7)) % 23]


def normalise_pnc(value: str) -> str:
    """A Police National Computer number: year, slash, serial, check letter (2012/0052834K or 12/52834K).
    Returned in the long form with a four-digit year and a seven-digit serial."""
    squashed = _squash(value)
    match = _PNC.match(squashed)
    if not match:
        raise InvalidIdentifier("Enter a PNC number in the format 2012/0052834K: year, slash, number, check letter")
    year, serial, check = match.groups()
    if check != pnc_check_character(year, serial):
        raise InvalidIdentifier("Check the PNC number: its check letter does not match the year and number")
    if len(year) == 2:
        # Two-digit years are expanded the way the PNC does: 00-39 are this century, 40-99 the last.
        year = ("20" if int(year) < 40 else "19") + year
    return f"{year}/{serial.zfill(7)}{check}"


_CRO = re.compile(r"^(\d{1,6})/(\d{2})([A-Z])$")
_CRO_SF = re.compile(r"^SF(\d{2})/(\d{1,6})([A-Z])$")


def cro_check_character(serial: str, year: str) -> str:
    return CHECK_CHARACTERS[int(year + serial.zfill(6)) % 23]


def sf_cro_check_character(year: str, serial: str) -> str:
    return CHECK_CHARACTERS[int(year + serial.zfill(5)) % 23]


def normalise_cro(value: str) -> str:
    """A Criminal Records Office number: serial, slash, two-digit year, check letter (123456/08T), or the
    older fingerprint form SF93/123456X."""
    squashed = _squash(value)
    if match := _CRO.match(squashed):
        serial, year, check = match.groups()
        if check != cro_check_character(serial, year):
            raise InvalidIdentifier("Check the CRO number: its check letter does not match the number and year")
        return f"{serial.zfill(6)}/{year}{check}"
    if match := _CRO_SF.match(squashed):
        year, serial, check = match.groups()
        if check != sf_cro_check_character(year, serial):
            raise InvalidIdentifier("Check the CRO number: its check letter does not match the year and number")
        return f"SF{year}/{serial}{check}"
    raise InvalidIdentifier("Enter a CRO number in the format 123456/08T, or SF93/123456X")


_BOOKING = re.compile(r"^[0-9]{5}[A-Z]$|^[A-Z][0-9]{5}$")


def normalise_booking_number(value: str) -> str:
    """A prison booking number is five digits and a letter (12345A), or a letter and five digits."""
    squashed = _squash(value)
    if not _BOOKING.match(squashed):
        raise InvalidIdentifier("Enter a booking number in the format 12345A: 5 numbers, then a letter")
    return squashed


def identify(value: str) -> tuple[str, str] | None:
    """Which kind of identifier a search term is, with its canonical form; None for anything else
    (a name, usually). A malformed check letter is still recognised by shape, so the search can say so."""
    for kind, normalise in (
        ("prison_number", normalise_prison_number),
        ("crn", normalise_crn),
        ("pnc_number", normalise_pnc),
        ("cro_number", normalise_cro),
        ("booking_number", normalise_booking_number),
    ):
        try:
            return kind, normalise(value)
        except InvalidIdentifier:
            continue
    return None
