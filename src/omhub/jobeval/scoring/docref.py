"""Document references of HMPPS job descriptions and group profiles, such as
``OR JES 129 JD B3 : BA : Offender Management Hub v8.0``, ``PS-JES-0032 Probation Officer v8.0`` or
``HMPPS OR T 15 GP Business Administrator v10.0``."""

import re
from dataclasses import dataclass

_REFERENCE = re.compile(
    r"^\s*(?P<org>HMPPS[\s_]+OR[\s_]+T|OR|PS|NPS)[\s_-]*(?:JES)?[\s_-]*(?P<number>\d+)"
    r"(?:[\s_-]*(?P<type>JD|GP))?(?:[\s_-]*B(?P<band>\d+))?"
    r"(?P<rest>.*?)(?:\s+v(?P<version>\d+(?:\.\d+)?))?\s*$",
    re.IGNORECASE,
)


class DocumentReferenceError(ValueError):
    pass


@dataclass(frozen=True)
class DocumentReference:
    raw: str
    organisation: str
    number: int
    document_type: str
    band: str
    group_abbreviation: str
    title: str
    version: str

    @property
    def base(self) -> str:
        """The reference without its version: the same for every version of a job description."""
        return re.sub(r"\s+v\d+(?:\.\d+)?\s*$", "", " ".join(self.raw.split()), flags=re.IGNORECASE)


def parse_document_reference(text: str) -> DocumentReference:
    raw = (text or "").strip()
    match = _REFERENCE.match(raw)
    if not raw or match is None:
        raise DocumentReferenceError(
            f"Cannot read the document reference '{raw}': it should look like "
            f"'OR JES 129 JD B3 : BA : Offender Management Hub v8.0' or 'PS-JES-0032 Probation Officer v8.0'")
    rest = [part.strip() for part in match["rest"].split(":") if part.strip()]
    abbreviation, title = "", ""
    if len(rest) >= 2:
        abbreviation, title = rest[0], " : ".join(rest[1:])
    elif rest:
        title = rest[0]
    return DocumentReference(
        raw=" ".join(raw.split()), organisation=" ".join(match["org"].upper().split()), number=int(match["number"]),
        document_type=(match["type"] or "").upper(), band=match["band"] or "", group_abbreviation=abbreviation,
        title=title, version=match["version"] or "",
    )
