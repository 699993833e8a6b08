"""The document each case type generates by default: a title and a body of paragraphs (separated by a
blank line) with {{ placeholders }} (see omhub.casework.documents.PLACEHOLDERS). Written in the hub's
plain style, to be edited by each hub on the case type administration page. reference_data puts each
one on its case type as "document_template"."""


def template(title: str, *paragraphs: str) -> dict:
    return {"title": title, "body": "\n\n".join(paragraphs)}


PERSON_LINE = ("Name: {{ person.full_name }}\nPrison number: {{ person.prison_number }}\n"
               "Date of birth: {{ person.date_of_birth }}\nPNC number: {{ person.pnc_number }}")
PERSON_LINE_WITH_CRN = PERSON_LINE + "\nCRN: {{ person.crn }}"
SIGN_OFF = "{{ prepared_by }}\nOffender Management Hub, {{ unit.name }}"
QUOTE_REFERENCE = "Please quote our reference {{ item.reference }} in any reply."

DEFAULT_DOCUMENT_TEMPLATES = {
    "pre-discharge": template(
        "Pre-discharge report: {{ person.full_name }}",
        PERSON_LINE_WITH_CRN,
        "{{ person.full_name }} is due to be released from {{ person.establishment }} on {{ field.release_date }} "
        "(conditional release date {{ key_dates.CRD }}).",
        "Release address:\n{{ field.release_address }}",
        "Community offender manager: {{ field.community_offender_manager }}",
        "The licence conditions have been confirmed with the community offender manager and the reception and "
        "discharge desk has been told. Any change to the release date or address will be sent to you at once.",
        QUOTE_REFERENCE, SIGN_OFF),
    "bail-application": template(
        "Bail application: {{ person.full_name }}",
        "To: {{ field.court }}\nSolicitor: {{ field.solicitor }}",
        PERSON_LINE,
        "We enclose the papers for the bail application of {{ person.full_name }}, who is held at "
        "{{ person.establishment }}. The hearing is listed for {{ field.hearing_date }}.",
        "The proposed bail address has been checked. Please tell us the outcome of the hearing so that our "
        "records can be updated the same day.",
        QUOTE_REFERENCE, SIGN_OFF),
    "rotl": template(
        "Release on temporary licence: application for {{ person.full_name }}",
        "To: the Governor / ROTL board",
        PERSON_LINE,
        "Type of licence applied for: {{ field.rotl_type }}\nProposed date: {{ field.proposed_date }}",
        "The eligibility date has been checked, the risk assessment is complete and police checks have been "
        "requested. The community offender manager has been consulted.",
        "The board is asked to decide the application by {{ item.due_date }}.",
        SIGN_OFF),
    "hdc": template(
        "Home detention curfew: address checks requested for {{ person.full_name }}",
        "To: {{ field.community_offender_manager }}, community offender manager",
        PERSON_LINE_WITH_CRN,
        "{{ person.full_name }} is eligible to be considered for home detention curfew (HDC). The HDC "
        "eligibility date is {{ field.hdced }} and the conditional release date is {{ key_dates.CRD }}.",
        "Proposed curfew address:\n{{ field.proposed_address }}",
        "Please carry out the address checks and send us your assessment of the address and the risk "
        "management information by {{ item.due_date }}. Requests received after 15:00 count from the next "
        "working day.",
        QUOTE_REFERENCE, SIGN_OFF),
    "oasys": template(
        "OASys assessment: {{ person.full_name }}",
        PERSON_LINE_WITH_CRN,
        "An OASys assessment ({{ field.assessment_type }}) is due for {{ person.full_name }} by "
        "{{ item.due_date }}. The previous assessment has been reviewed.",
        "Please complete the assessment and record it in the probation record.",
        SIGN_OFF),
    "mappa": template(
        "MAPPA referral: {{ person.full_name }}",
        "To: {{ field.coordinator }}, MAPPA coordinator",
        PERSON_LINE_WITH_CRN,
        "{{ person.full_name }} is managed under MAPPA and is due for release on {{ key_dates.RELEASE }}. "
        "The proposed MAPPA level is {{ field.mappa_level }}.",
        "The MAPPA category has been confirmed and the police have been informed. Please confirm the level of "
        "management and the date of any meeting by {{ item.due_date }}.",
        QUOTE_REFERENCE, SIGN_OFF),
    "recategorisation": template(
        "Re-categorisation review: {{ person.full_name }}",
        "To: the supervising officer",
        PERSON_LINE,
        "Review type: {{ field.review_type }}\nCurrent category: {{ field.current_category }}\n"
        "Review date: {{ key_dates.RECAT }}",
        "Security information has been requested and progress against the sentence plan has been reviewed. "
        "The papers are ready for a decision by {{ item.due_date }}.",
        SIGN_OFF),
    "sentence-calculation": template(
        "Sentence calculation for second check: {{ person.full_name }}",
        "To: the Hub Manager",
        PERSON_LINE,
        "Reason for the calculation: {{ field.reason }}",
        "The warrants and court results have been checked, and remand, tagged bail and other adjustments have "
        "been applied. Please carry out the second check by {{ item.due_date }} before the dates are confirmed.",
        "Sentence date: {{ key_dates.SENTENCE }}\nConditional release date: {{ key_dates.CRD }}\n"
        "HDC eligibility date: {{ key_dates.HDCED }}",
        SIGN_OFF),
    "appeal": template(
        "Appeal: {{ person.full_name }}",
        "To: {{ field.court }}",
        PERSON_LINE,
        "{{ person.full_name }} wishes to appeal against the decision of {{ field.decision_date }}. The appeal "
        "forms are enclosed and complete.",
        "Please tell us the outcome, so that any change to the sentence can be applied at once.",
        QUOTE_REFERENCE, SIGN_OFF),
    "visor": template(
        "ViSOR update: {{ person.full_name }}",
        "To: {{ field.police_force }}, ViSOR administrator",
        PERSON_LINE_WITH_CRN,
        "The ViSOR nominal record of {{ person.full_name }}, held at {{ person.establishment }}, has been "
        "updated. Release date: {{ key_dates.RELEASE }}.",
        QUOTE_REFERENCE, SIGN_OFF),
    "marap": template(
        "MARAP referral: {{ person.full_name }}",
        "To: the multi-agency risk panel",
        PERSON_LINE_WITH_CRN,
        "We refer {{ person.full_name }} to the panel meeting on {{ field.meeting_date }}. The referral form "
        "is enclosed.",
        SIGN_OFF),
    "adjudication": template(
        "Notice of adjudication: {{ person.full_name }}",
        PERSON_LINE,
        "Charge: {{ field.charge }}",
        "Referred to the independent adjudicator: {{ field.independent_adjudicator }}\n"
        "Additional days awarded: {{ field.additional_days }}",
        "The notice of the charge was given to the prisoner and the evidence has been gathered. Any additional "
        "days awarded are passed to the hub for the sentence to be recalculated.",
        SIGN_OFF),
    "indeterminate": template(
        "Indeterminate sentence: tariff expiry approaching for {{ person.full_name }}",
        "To: the Public Protection Casework Section",
        PERSON_LINE_WITH_CRN,
        "The tariff of {{ person.full_name }} expires on {{ field.tariff_expiry }}. Handover to the community "
        "offender manager has been arranged and the parole sift date has been noted.",
        QUOTE_REFERENCE, SIGN_OFF),
    "parole": template(
        "Parole dossier cover sheet: {{ person.full_name }}",
        "To: the Public Protection Casework Section, for the Parole Board",
        PERSON_LINE_WITH_CRN,
        "Parole eligibility date: {{ field.ped }}\nDossier due: {{ field.dossier_due }}",
        "The reports have been commissioned, the dossier has been compiled and it has been disclosed to "
        "{{ person.full_name }}. The dossier is enclosed.",
        QUOTE_REFERENCE, SIGN_OFF),
    "legal-correspondence": template(
        "Legal correspondence: {{ person.full_name }}",
        "To: {{ field.solicitor }}",
        PERSON_LINE,
        "Rule 39 mail: {{ field.rule_39 }}",
        "Your correspondence about {{ person.full_name }} was received on {{ item.received_on }} and logged "
        "the same working day. This is our reply.",
        QUOTE_REFERENCE, SIGN_OFF),
    "licence": template(
        "Licence: {{ person.full_name }}",
        "To: the community offender manager and the decision maker",
        PERSON_LINE_WITH_CRN,
        "{{ person.full_name }} is due for release on {{ field.release_date }}. The licence conditions have "
        "been agreed and the signed licence is enclosed.",
        QUOTE_REFERENCE, SIGN_OFF),
    "resettlement-overnight": template(
        "Resettlement overnight release: {{ person.full_name }}",
        "To: the Governor",
        PERSON_LINE,
        "Proposed date: {{ field.proposed_date }}",
        "{{ person.full_name }} is not Category B and the release address has been approved by the community "
        "offender manager. The application is ready for a decision.",
        SIGN_OFF),
    "fines": template(
        "Prisoner fines: {{ person.full_name }}",
        "To: {{ field.court }}",
        PERSON_LINE,
        "Amount outstanding: £{{ field.amount }}",
        "The payment or default term has been recorded. Where a part payment was made, the sentence has been "
        "sent for recalculation.",
        QUOTE_REFERENCE, SIGN_OFF),
    "foreign-national": template(
        "Referral to Home Office Immigration Enforcement: {{ person.full_name }}",
        "To: Home Office Immigration Enforcement",
        PERSON_LINE,
        "Nationality: {{ field.nationality }}\nHome Office reference: {{ field.home_office_reference }}",
        "{{ person.full_name }}, a foreign national, was sentenced on {{ key_dates.SENTENCE }} and is held at "
        "{{ person.establishment }}. We refer them for consideration of deportation.",
        "Conditional release date: {{ key_dates.CRD }}\nEarly removal scheme eligibility date: "
        "{{ key_dates.ERSED }}",
        QUOTE_REFERENCE, SIGN_OFF),
    "safeguarding": template(
        "Safeguarding referral: {{ person.full_name }}",
        "To: children's services and the safeguarding lead",
        PERSON_LINE_WITH_CRN,
        "Concern:\n{{ field.concern }}",
        "This referral is made on the day the information was received. Please tell us what action you take.",
        QUOTE_REFERENCE, SIGN_OFF),
    "harassment-order": template(
        "Harassment or restraining order: {{ person.full_name }}",
        "To: the police and victim liaison",
        PERSON_LINE,
        "An order is in force against {{ person.full_name }} until {{ field.order_expiry }}. Contact "
        "restrictions have been set up at {{ person.establishment }}.",
        QUOTE_REFERENCE, SIGN_OFF),
    "category-a": template(
        "Category A review report: {{ person.full_name }}",
        "To: the Category A team",
        PERSON_LINE,
        "Review date: {{ field.review_date }}",
        "The review report on {{ person.full_name }} is enclosed.",
        QUOTE_REFERENCE, SIGN_OFF),
    "recall": template(
        "Recall notice: {{ person.full_name }}",
        "To: the Public Protection Casework Section and probation",
        PERSON_LINE_WITH_CRN,
        "Recall type: {{ field.recall_type }}\nReturned to custody: {{ field.return_to_custody }}",
        "{{ person.full_name }} has been returned to custody at {{ person.establishment }}. The recall notice "
        "has been served and the recall logged. The dossier follows by the next working day.",
        QUOTE_REFERENCE, SIGN_OFF),
    "public-protection": template(
        "Public protection: {{ person.full_name }}",
        "To: the public protection lead",
        PERSON_LINE_WITH_CRN,
        "Alert or change:\n{{ field.alert }}",
        "Please consider whether this changes how {{ person.full_name }} is managed, including under MAPPA.",
        QUOTE_REFERENCE, SIGN_OFF),
    "monitoring-return": template(
        "Monitoring return: {{ unit.name }}, {{ field.period }}",
        "To: the regional and national performance team",
        "The monitoring return of {{ unit.name }} for {{ field.period }} is enclosed. The figures have been "
        "checked.",
        QUOTE_REFERENCE, SIGN_OFF),
}
