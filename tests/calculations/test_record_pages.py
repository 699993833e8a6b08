"""The sentence record pages, used as a hub administrator uses them: the booking page, choosing a type and
then its fields, every mistake shown at once with nothing saved, two people at once, removing with the
lines renumbered, importing and downloading the booking JSON - and public reference cases typed in
through the forms calculating to the reference engine's dates."""

import datetime
import json
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from omhub.audit.models import AuditEvent
from omhub.calculations import booking_json
from omhub.calculations.models import Adjustment, Booking, CourtCase, Sentence
from omhub.sentencing import CORPUS_BANK_HOLIDAYS, calculate
from tests.calculations.record_helpers import (
    NOW,
    add_adjustment,
    add_court_case,
    add_sentence,
    booking_of,
    remand,
    sds,
)
from tests.factories import PersonFactory

CASES = Path(__file__).resolve().parents[1] / "data" / "crd-cases"


@pytest.fixture(autouse=True)
def _clock(time_machine):
    time_machine.move_to(NOW, tick=True)


@pytest.fixture
def ba(staff):
    return staff["business-administrator"]


@pytest.fixture
def client(ba, signed_in):
    return signed_in(ba)


def url(person, rest: str = "") -> str:
    return f"/calculations/people/{person.pk}/booking/{rest}"


def page_version(client, address: str) -> str:
    """The version the form carries, read from the page as a browser would send it back."""
    html = client.get(address).content.decode()
    return re.search(r'name="version" value="(\d+)"', html).group(1)


def date_fields(name: str, value: datetime.date | None) -> dict:
    if value is None:
        return {f"{name}_0": "", f"{name}_1": "", f"{name}_2": ""}
    return {f"{name}_0": str(value.day), f"{name}_1": str(value.month), f"{name}_2": str(value.year)}


def term_fields(name: str, elements: dict | None) -> dict:
    elements = elements or {}
    return {f"{name}_{i}": str(elements.get(unit, "")) for i, unit in enumerate(("YEARS", "MONTHS", "WEEKS", "DAYS"))}


def errors_on(response) -> list[str]:
    """The messages of the page's error summary, in order."""
    html = response.content.decode()
    summary = re.search(r'<ul class="govuk-list govuk-error-summary__list">(.*?)</ul>', html, re.S)
    return [re.sub(r"<[^>]+>", "", item).strip() for item in re.findall(r"<li>(.*?)</li>", summary.group(1), re.S)] \
        if summary else []


def sds_post(court_case, version, **changes) -> dict:
    data = {"version": version, "court_case": court_case.pk, "offence_code": "TH68010",
            "offence_description": "Theft from a shop",
            **date_fields("offence_committed_at", datetime.date(2025, 6, 1)),
            **date_fields("sentenced_at", datetime.date(2026, 3, 2)),
            **term_fields("duration", {"YEARS": 2, "MONTHS": 6}), "consecutive_to": "", "recall_type": "",
            **date_fields("revocation_date", None), **date_fields("return_to_custody_date", None)}
    data.update(changes)
    return data


# -- the booking page ------------------------------------------------------------------------------------


def test_the_person_page_links_to_their_sentences_and_adjustments(person, client, staff, signed_in):
    for reader in (client, signed_in(staff["auditor"]), signed_in(staff["head-of-omd"])):
        page = reader.get(f"/people/{person.pk}/").content.decode()
        assert f'href="/calculations/people/{person.pk}/booking/">Sentences and adjustments' in page


def test_the_booking_page_shows_each_court_case_with_its_sentences_in_words(ba, person, client):
    court_case = add_court_case(ba, person)
    add_sentence(ba, person, sds(court_case))
    add_sentence(ba, person, sds(court_case, duration={"YEARS": 1, "MONTHS": 1, "WEEKS": 1, "DAYS": 1},
                                 consecutive_to=1, is_sds_plus=True, is_sds_plus_eligible=True,
                                 early_release_exclusions=["VIOLENT"]))
    add_adjustment(ba, person, **remand())
    add_adjustment(ba, person, kind="TAGGED_BAIL", days=10, applies_from=datetime.date(2026, 3, 2))
    add_adjustment(ba, person, kind="UNLAWFULLY_AT_LARGE", from_date=datetime.date(2026, 5, 1),
                   to_date=datetime.date(2026, 5, 3), ual_reason="ESCAPE")
    html = client.get(url(person)).content.decode()
    assert "Leeds Crown Court, T20267001, 2 March 2026" in html
    assert "<strong>2 years 6 months</strong>" in html and "<strong>1 year 1 month 1 week 1 day</strong>" in html
    assert "Consecutive to line 1" in html and "Concurrent" in html
    assert ">SDS+</strong>" in html and ">Violent offence (4 years or more)</strong>" in html
    assert "Counts towards the sentences passed on 2 March 2026" in html and "Escape" in html
    totals = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html.split("Totals")[1]))
    assert "Remand 91 days Tagged bail 10 days Unlawfully at large 3 days" in totals
    assert "Days taken off (remand and tagged bail) 101 days" in totals
    assert "Days added (unlawfully at large and additional days, less restored days) 3 days" in totals
    assert f'href="{url(person, "sentences/2/remove/")}"' in html


def test_those_who_only_read_see_the_records_without_ways_to_change_them(ba, person, staff, signed_in):
    add_sentence(ba, person, sds(add_court_case(ba, person)))
    html = signed_in(staff["head-of-omd"]).get(url(person)).content.decode()
    assert "2 years 6 months" in html and "Download the booking JSON" in html
    assert "Change" not in re.sub(r"<[^>]+>", "", html.split("<main")[1]).replace("Last changed", "")
    assert "Import from a booking JSON" not in html and "Add a court case" not in html


def test_an_empty_booking_says_so(person, client, staff, signed_in):
    html = client.get(url(person)).content.decode()
    assert "No court cases or sentences recorded." in html and "No adjustments recorded." in html
    assert "Download the booking JSON" not in html
    assert "No sentence records to download." in signed_in(staff["auditor"]).get(url(person)).content.decode()


# -- court cases and the booking's details ---------------------------------------------------------------


def test_a_court_case_is_added_changed_and_removed_through_its_pages(person, client):
    response = client.post(url(person, "court-cases/new/"), {
        "version": 0, "court_name": "Leeds Crown Court", "case_reference": "T20267001",
        **date_fields("appearance_date", datetime.date(2026, 3, 2))})
    assert response.status_code == 302 and response["Location"] == url(person)
    court_case = CourtCase.objects.get()
    response = client.post(url(person, f"court-cases/{court_case.pk}/"), {
        "version": 1, "court_name": "York Crown Court", "case_reference": "", **date_fields("appearance_date", None)})
    assert response.status_code == 302
    court_case.refresh_from_db()
    assert (court_case.court_name, court_case.case_reference, court_case.appearance_date) == ("York Crown Court", "",
                                                                                              None)
    assert "York Crown Court" in client.get(url(person, f"court-cases/{court_case.pk}/remove/")).content.decode()
    assert client.post(url(person, f"court-cases/{court_case.pk}/remove/"), {"version": 2}).status_code == 302
    assert not CourtCase.objects.exists()


def test_a_court_case_with_mistakes_shows_them_all_and_saves_nothing(person, client):
    response = client.post(url(person, "court-cases/new/"), {
        "version": 0, "court_name": "", "case_reference": "T2026#1", "appearance_date_0": "31",
        "appearance_date_1": "2", "appearance_date_2": "2026"})
    assert errors_on(response) == [
        "Enter the name of the court, like Leeds Crown Court",
        "The case reference can only have letters, numbers, spaces, slashes, dots and dashes, like T20267001",
        "Date of the hearing must be a real date"]
    assert not Booking.objects.exists()


def test_the_booking_details_page_saves_the_active_sex_offender_flag(person, client):
    response = client.post(url(person, "details/"), {"version": 0, "booking_number": "12345a",
                                                     "is_active_sex_offender": "on",
                                                     **date_fields("return_to_custody_date", None)})
    assert response.status_code == 302
    booking = booking_of(person)
    assert (booking.booking_number, booking.is_active_sex_offender, booking.version) == ("12345A", True, 1)
    assert "Yes: no home detention curfew" in client.get(url(person)).content.decode()


# -- sentences -------------------------------------------------------------------------------------------


def test_a_sentence_needs_its_court_case_first(person, client):
    response = client.get(url(person, "sentences/new/"))
    assert response.status_code == 302 and response["Location"] == url(person, "court-cases/new/")


def test_a_sentence_starts_with_its_type_and_the_form_shows_only_that_types_fields(ba, person, client):
    court_case = add_court_case(ba, person)
    chooser = client.get(url(person, f"sentences/new/?court_case={court_case.pk}")).content.decode()
    assert 'method="get"' in chooser and 'value="ExtendedDeterminateSentence"' in chooser
    assert f'name="court_case" value="{court_case.pk}"' in chooser
    assert errors_on(client.get(url(person, "sentences/new/?kind=LifeSentence"))) == ["Choose the type of sentence"]
    fields = {}
    for kind in ("StandardSentence", "ExtendedDeterminateSentence", "SopcSentence", "AFineSentence",
                 "DetentionAndTrainingOrderSentence", "BotusSentence"):
        html = client.get(url(person, f"sentences/new/?kind={kind}&court_case={court_case.pk}")).content.decode()
        fields[kind] = {name for name in re.findall(r'name="([a-z0-9_]+?)(?:_\d)?"', html.split("<main")[1])
                        if name not in ("csrfmiddlewaretoken", "version")}
        assert f'<option value="{court_case.pk}" selected>' in html
    common = {"court_case", "offence_code", "offence_description", "offence_committed_at", "sentenced_at",
              "consecutive_to"}
    recall = {"recall_type", "revocation_date", "return_to_custody_date"}
    assert fields == {
        "StandardSentence": common | recall | {"duration", "is_sds_plus", "is_sds_plus_eligible",
                                               "early_release_exclusions", "is_section_250"},
        "ExtendedDeterminateSentence": common | recall | {"custodial_duration", "extension_duration",
                                                          "automatic_release"},
        "SopcSentence": common | recall | {"custodial_duration", "extension_duration", "sdopcu18"},
        "AFineSentence": common | {"duration", "fine_amount"},
        "DetentionAndTrainingOrderSentence": common | {"duration"},
        "BotusSentence": common | {"duration", "latest_tused_date"},
    }, {kind: sorted(names) for kind, names in fields.items()}
    sopc = client.get(url(person, "sentences/new/?kind=SopcSentence")).content.decode()
    assert 'id="id_extension_duration_0" name="extension_duration_0" type="text" inputmode="numeric" value="1"' in sopc


def test_a_sentence_is_added_through_its_form(ba, person, client):
    court_case = add_court_case(ba, person)
    response = client.post(url(person, "sentences/new/?kind=StandardSentence"), sds_post(
        court_case, 1, is_sds_plus="on", is_sds_plus_eligible="on", early_release_exclusions=["SEXUAL", "TERRORISM"]))
    assert response.status_code == 302
    sentence = Sentence.objects.get()
    assert (sentence.line_number, sentence.kind, sentence.duration) == (1, "StandardSentence", {"YEARS": 2,
                                                                                                  "MONTHS": 6})
    assert sentence.is_sds_plus and sentence.early_release_exclusions == ["SEXUAL", "TERRORISM"]
    follow = client.get(response["Location"]).content.decode()
    assert "The sentence has been added." in follow


def test_a_sentence_form_with_mistakes_shows_every_problem_at_once_and_saves_nothing(ba, person, client):
    court_case = add_court_case(ba, person)
    response = client.post(url(person, "sentences/new/?kind=ExtendedDeterminateSentence"), sds_post(
        court_case, 1, **date_fields("offence_committed_at", datetime.date(2026, 4, 1)),
        **term_fields("custodial_duration", {"YEARS": "x"}), **term_fields("extension_duration", {}),
        offence_code="TH 68010!"))
    assert response.status_code == 200
    assert errors_on(response) == [
        "The offence code must be letters and numbers, like TH68010",
        "The sentence date must be on or after the offence date",
        "Years must be a whole number, like 2",
        "An extended sentence needs a custodial term and an extension period",
    ]
    html = response.content.decode()
    assert "<title>Error: Add a sentence" in html and 'href="#id_custodial_duration_0"' in html
    assert 'value="TH 68010!"' in html
    assert not Sentence.objects.exists() and booking_of(person).version == 1


def test_a_change_from_a_stale_page_is_refused_and_nothing_is_lost(ba, person, client, staff, signed_in):
    court_case = add_court_case(ba, person)
    add_sentence(ba, person, sds(court_case))
    stale = page_version(client, url(person, "sentences/1/"))
    manager = signed_in(staff["hub-manager"])
    assert manager.post(url(person, "sentences/1/"), sds_post(court_case, stale, **term_fields(
        "duration", {"YEARS": 3}))).status_code == 302
    response = client.post(url(person, "sentences/1/"), sds_post(court_case, stale, **term_fields(
        "duration", {"YEARS": 4}))).content.decode()
    assert "Someone else changed John Smith&#x27;s sentence records while you were looking at them." in response
    assert Sentence.objects.get().duration == {"YEARS": 3}


def test_the_type_of_a_sentence_can_be_changed(ba, person, client):
    court_case = add_court_case(ba, person)
    add_sentence(ba, person, sds(court_case))
    chooser = client.get(url(person, "sentences/1/?choose=1")).content.decode()
    assert 'value="StandardSentence" checked' in chooser and f'action="{url(person, "sentences/1/")}"' in chooser
    form = client.get(url(person, "sentences/1/?kind=ExtendedDeterminateSentence")).content.decode()
    assert "custodial_duration_0" in form and 'name="duration_0"' not in form
    response = client.post(url(person, "sentences/1/?kind=ExtendedDeterminateSentence"), {
        **sds_post(court_case, 2), **term_fields("custodial_duration", {"YEARS": 5}),
        **term_fields("extension_duration", {"YEARS": 3})})
    assert response.status_code == 302
    sentence = Sentence.objects.get()
    assert (sentence.kind, sentence.duration, sentence.custodial_duration) == ("ExtendedDeterminateSentence", None,
                                                                               {"YEARS": 5})


def test_removing_a_sentence_asks_first_and_moves_the_lines_after_it_up(ba, person, client):
    court_case = add_court_case(ba, person)
    add_sentence(ba, person, sds(court_case))
    add_sentence(ba, person, sds(court_case, duration={"MONTHS": 3}))
    add_sentence(ba, person, sds(court_case, duration={"MONTHS": 4}, consecutive_to=2))
    question = client.get(url(person, "sentences/2/remove/")).content.decode()
    assert "Line 2: Standard determinate sentence (SDS), 3 months, passed 2 March 2026" in question
    refused = client.post(url(person, "sentences/2/remove/"), {"version": 4})
    assert errors_on(refused) == ["Line 2 cannot be removed while line 3 is consecutive to it: change line 3 first"]
    client.post(url(person, "sentences/3/"), sds_post(court_case, 4, **term_fields("duration", {"MONTHS": 4})))
    assert client.post(url(person, "sentences/2/remove/"), {"version": 5}).status_code == 302
    assert list(Sentence.objects.order_by("line_number").values_list("line_number", "duration")) == [
        (1, {"YEARS": 2, "MONTHS": 6}), (2, {"MONTHS": 4})]
    assert client.get(url(person, "sentences/3/")).status_code == 404


# -- adjustments -----------------------------------------------------------------------------------------


def test_remand_is_added_against_a_sentence_date_with_its_days_counted_for_you(ba, person, client):
    add_sentence(ba, person, sds(add_court_case(ba, person)))
    chooser = client.get(url(person, "adjustments/new/")).content.decode()
    assert 'value="UNLAWFULLY_AT_LARGE"' in chooser and "Restored additional days" in chooser
    form = client.get(url(person, "adjustments/new/?kind=REMAND")).content.decode()
    assert 'value="2026-03-02"' in form and "Sentences passed on 2 March 2026" in form
    post = {"version": 2, "applies_from": "2026-03-02", **date_fields("from_date", datetime.date(2026, 2, 1)),
            **date_fields("to_date", datetime.date(2026, 3, 1)), "days": "30"}
    response = client.post(url(person, "adjustments/new/?kind=REMAND"), post)
    assert errors_on(response) == ["Remand from 1 February to 1 March 2026 is 29 days, not 30"]
    response = client.post(url(person, "adjustments/new/?kind=REMAND"), {**post, "days": ""})
    assert response.status_code == 302
    assert Adjustment.objects.get().days == 29


def test_each_type_of_adjustment_asks_for_what_it_needs(ba, person, client):
    add_sentence(ba, person, sds(add_court_case(ba, person)))
    ual = client.get(url(person, "adjustments/new/?kind=UNLAWFULLY_AT_LARGE")).content.decode()
    assert "Why were they unlawfully at large?" in ual and "applies_from" not in ual
    ada = client.get(url(person, "adjustments/new/?kind=ADDITIONAL_DAYS_AWARDED")).content.decode()
    assert "Date of the adjudication hearing" in ada and "Adjudication reference" in ada and "to_date" not in ada
    response = client.post(url(person, "adjustments/new/?kind=ADDITIONAL_DAYS_AWARDED"), {
        "version": 2, **date_fields("from_date", None), "days": "fourteen", "adjudication_reference": ""})
    assert errors_on(response) == ["Enter the date of the adjudication hearing that awarded the days",
                                   "Enter the adjudication reference, like ADJ-000123",
                                   "Enter the number of days as a whole number, like 14"]
    assert not Adjustment.objects.exists()


def test_an_adjustment_is_changed_and_removed_through_its_pages(ba, person, client):
    add_sentence(ba, person, sds(add_court_case(ba, person)))
    adjustment = add_adjustment(ba, person, kind="TAGGED_BAIL", days=10, applies_from=datetime.date(2026, 3, 2))
    form = client.get(url(person, f"adjustments/{adjustment.pk}/")).content.decode()
    assert 'name="days" type="text" value="10"' in form and 'value="2026-03-02" checked' in form
    response = client.post(url(person, f"adjustments/{adjustment.pk}/"), {
        "version": 3, "applies_from": "2026-03-02", "days": "12", **date_fields("from_date", None),
        **date_fields("to_date", None)})
    assert response.status_code == 302
    adjustment.refresh_from_db()
    assert adjustment.days == 12
    assert "Tagged bail: 12 days" in client.get(url(person, f"adjustments/{adjustment.pk}/remove/")).content.decode()
    assert client.post(url(person, f"adjustments/{adjustment.pk}/remove/"), {"version": 4}).status_code == 302
    assert not Adjustment.objects.exists()


# -- import and download ---------------------------------------------------------------------------------


GOOD_CASE = {"booking": {"offender": {"dateOfBirth": "1985-03-27"}, "sentences": [
    {"identifier": "a", "sentencedAt": "2026-01-10", "offence": {"committedAt": "2025-06-01"},
     "duration": {"durationElements": {"YEARS": 2}}}],
    "adjustments": {"REMAND": [{"appliesToSentencesFrom": "2026-01-10", "numberOfDays": 9, "fromDate": "2026-01-01",
                                "toDate": "2026-01-09"}]}}}


def test_the_import_page_reads_a_file_and_says_what_is_wrong_with_a_bad_one(person, client):
    assert errors_on(client.post(url(person, "import/"), {"pasted": ""})) == [
        "Choose a booking JSON file, or paste the booking JSON"]
    bad_json = SimpleUploadedFile("booking.json", b'{"booking": {"sentences" []}}', content_type="application/json")
    assert errors_on(client.post(url(person, "import/"), {"file": bad_json})) == [
        "This is not valid JSON: expecting &#x27;:&#x27; delimiter on line 1, character 26"]
    text = SimpleUploadedFile("booking.txt", b"{}", content_type="text/plain")
    assert errors_on(client.post(url(person, "import/"), {"file": text})) == ["The file must be a .json file"]
    broken = {"booking": {"offender": {"dateOfBirth": "1985-03-27"}, "sentences": [
        {"sentencedAt": "2026-13-01", "duration": {"durationElements": {"FORTNIGHTS": 2}}}]}}
    upload = SimpleUploadedFile("booking.json", json.dumps(broken).encode(), content_type="application/json")
    assert errors_on(client.post(url(person, "import/"), {"file": upload})) == [
        "Sentence 1, the offence: is missing (booking.sentences[0].offence)",
        "Sentence 1, the sentence date: must be a real date (booking.sentences[0].sentencedAt)",
        "Sentence 1, the term: unknown unit; expected YEARS, MONTHS, WEEKS or DAYS "
        "(booking.sentences[0].duration.durationElements.FORTNIGHTS)",
    ]
    assert not Sentence.objects.exists()
    upload = SimpleUploadedFile("booking.json", json.dumps(GOOD_CASE).encode(), content_type="application/json")
    response = client.post(url(person, "import/"), {"file": upload})
    assert response.status_code == 302
    assert Sentence.objects.get().identifier == "a" and Adjustment.objects.get().days == 9


def test_an_import_over_existing_records_needs_the_replace_box_ticked(ba, person, client):
    add_sentence(ba, person, sds(add_court_case(ba, person)))
    page = client.get(url(person, "import/")).content.decode()
    assert "John Smith already has sentence records." in page
    response = client.post(url(person, "import/"), {"pasted": json.dumps(GOOD_CASE)})
    assert errors_on(response) == ["This person&#x27;s booking already has sentences or adjustments: choose to "
                                   "replace them, or change them one by one"]
    assert 'href="#id_replace"' in response.content.decode()
    assert client.post(url(person, "import/"), {"pasted": json.dumps(GOOD_CASE), "replace": "on"}).status_code == 302
    assert list(Sentence.objects.values_list("identifier", flat=True)) == ["a"]


def test_the_download_is_the_booking_json_and_is_recorded_as_an_export(ba, person, client, staff, signed_in):
    assert client.get(url(person, "export/")).status_code == 404
    court_case = add_court_case(ba, person)
    add_sentence(ba, person, sds(court_case))
    add_adjustment(ba, person, **remand())
    response = signed_in(staff["auditor"]).get(url(person, "export/"))
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == f'attachment; filename="booking-{person.prison_number}.json"'
    assert json.loads(response.content) == booking_json.to_engine_json(booking_of(person))
    event = AuditEvent.objects.get(action="export")
    assert (event.actor, event.person_id, event.object_type) == (staff["auditor"], person.pk, "calculations.booking")
    assert event.after == {"format": "booking JSON", "version": 3, "sentences": 1, "adjustments": 1}


# -- tried as a new user would: public reference cases typed in through the forms -------------------------


REFERENCE_CASES = [
    "custom-examples/crs-1740-ac5-1.json",  # three consecutive SDS, two of them SDS+, with remand
    "custom-examples/crs-871-eds-consec-ac1.json",  # consecutive extended sentences with remand
    "custom-examples/crs-1083-ersed-recalls-ac1.json",  # a standard recall with recall remand and UAL
    "custom-examples/crs-1145-ac2.json",  # a detention and training order beside an SDS, with remand
    "custom-examples/crs-1032-afine-ac2.json",  # a default term for a fine beside a 12-year SDS
    "custom-examples/crs-593-ac1.json",  # additional days awarded and restored
    "custom-examples/crs-790-ftr-ac6.json",  # fixed term recalls with the booking's return to custody date
]


def enter_through_the_pages(client, person, case: dict) -> None:
    """Type a reference case's booking into the forms, as a hub administrator would from its papers."""
    booking = case["booking"]
    offender = booking["offender"]
    if offender.get("isActiveSexOffender") or booking.get("returnToCustodyDate"):
        returned = booking.get("returnToCustodyDate")
        response = client.post(url(person, "details/"), {
            "version": page_version(client, url(person, "details/")), "booking_number": "",
            **({"is_active_sex_offender": "on"} if offender.get("isActiveSexOffender") else {}),
            **date_fields("return_to_custody_date", datetime.date.fromisoformat(returned) if returned else None)})
        assert response.status_code == 302, errors_on(response)
    response = client.post(url(person, "court-cases/new/"), {
        "version": page_version(client, url(person, "court-cases/new/")), "court_name": "Leeds Crown Court",
        "case_reference": "", **date_fields("appearance_date", None)})
    assert response.status_code == 302, errors_on(response)
    court_case = CourtCase.objects.get(booking__person=person)
    lines = {}
    for index, sentence in enumerate(booking["sentences"]):
        kind = sentence.get("type", "StandardSentence")
        arrangements = sentence.get("releaseArrangements") or {}
        recall = sentence.get("recall") or {}
        consecutive = (sentence.get("consecutiveSentenceUUIDs") or [None])[0]
        post = {
            "version": page_version(client, url(person, f"sentences/new/?kind={kind}")), "court_case": court_case.pk,
            "offence_code": sentence["offence"].get("offenceCode", ""), "offence_description": "",
            **date_fields("offence_committed_at", datetime.date.fromisoformat(sentence["offence"]["committedAt"])),
            **date_fields("sentenced_at", datetime.date.fromisoformat(sentence["sentencedAt"])),
            "consecutive_to": lines.get(consecutive, ""), "recall_type": recall.get("recallType", ""),
        }
        for name, key in (("revocation_date", "revocationDate"), ("return_to_custody_date", "returnToCustodyDate")):
            post.update(date_fields(name, datetime.date.fromisoformat(recall[key]) if recall.get(key) else None))
        for name, key in (("duration", "duration"), ("custodial_duration", "custodialDuration"),
                          ("extension_duration", "extensionDuration")):
            if key in sentence:
                post.update(term_fields(name, sentence[key]["durationElements"]))
        for name, key in (("is_sds_plus", "isSDSPlus"), ("is_sds_plus_eligible",
                                                         "isSDSPlusEligibleSentenceTypeLengthAndOffence"),
                          ("is_section_250", "isSection250")):
            if arrangements.get(key):
                post[name] = "on"
        post["early_release_exclusions"] = arrangements.get("sdsEarlyReleaseExclusions", [])
        if "fineAmount" in sentence:
            post["fine_amount"] = str(sentence["fineAmount"])
        if sentence.get("automaticRelease"):
            post["automatic_release"] = "on"
        response = client.post(url(person, f"sentences/new/?kind={kind}"), post)
        assert response.status_code == 302, (index, errors_on(response))
        lines[sentence.get("identifier") or f"#sentence-{index}"] = index + 1
    for kind, entries in booking.get("adjustments", {}).items():
        for entry in entries:
            dates = {name: datetime.date.fromisoformat(entry[key]) if entry.get(key) else None
                     for name, key in (("from_date", "fromDate"), ("to_date", "toDate"))}
            post = {"version": page_version(client, url(person, f"adjustments/new/?kind={kind}")),
                    "days": entry["numberOfDays"], **date_fields("from_date", dates["from_date"])}
            if kind not in ("ADDITIONAL_DAYS_AWARDED", "RESTORATION_OF_ADDITIONAL_DAYS_AWARDED"):
                post.update(date_fields("to_date", dates["to_date"]))
            else:
                post["adjudication_reference"] = "ADJ-000001"
            if kind in ("REMAND", "TAGGED_BAIL", "RECALL_REMAND", "RECALL_TAGGED_BAIL"):
                post["applies_from"] = entry["appliesToSentencesFrom"]
            if kind == "UNLAWFULLY_AT_LARGE":
                post["ual_reason"] = (entry.get("additionalInfo") or {}).get("reason") or "RECALL"
            response = client.post(url(person, f"adjustments/new/?kind={kind}"), post)
            assert response.status_code == 302, (kind, errors_on(response))


def outcome(case: dict) -> dict:
    result = calculate(case, bank_holidays=CORPUS_BANK_HOLIDAYS)
    return {"dates": result.ordered_dates(), "esl": result.effective_sentence_length,
            "validation": list(result.validation), "error": result.error}


@pytest.mark.parametrize("name", REFERENCE_CASES)
def test_a_reference_case_typed_into_the_forms_calculates_to_the_reference_engines_dates(name, client, units):
    case = json.loads((CASES / "overall_calculation" / name).read_text())
    expected = json.loads((CASES / "overall_calculation_response" / name).read_text())
    person = PersonFactory(establishment=units["LEI"],
                           date_of_birth=datetime.date.fromisoformat(case["booking"]["offender"]["dateOfBirth"]))
    enter_through_the_pages(client, person, case)
    exported = client.get(url(person, "export/")).json()
    # The calculation's own settings (legislation profile, user inputs, feature toggles) are not sentence
    # records: the calculation sets them; the booking is what was typed in.
    exported.update({key: case[key] for key in ("params", "userInputs", "featureToggles") if key in case})
    typed, reference = outcome(exported), outcome(case)
    assert typed == reference
    assert typed["dates"] == expected["dates"] and typed["esl"] == expected["effectiveSentenceLength"]
