"""The 25 case types of docs/case-types.md, with their default rules. Loaded by ``omhub seed``: a new
type is created; an existing one is left as the hub has edited it (``--reset-case-types`` restores these),
except that one with no document template yet is given its default (default_documents.py).

Deadline rules use the timescales engine's vocabulary (see docs/timescales.md): a unit and amount,
counted after (or before) an anchor, which is the time the work was received or one of the person's
key dates; working-day rules may have a daily cut-off after which receipt counts from the next day.
"""

from django.db import transaction

from omhub.casework.default_documents import DEFAULT_DOCUMENT_TEMPLATES

BA = "business-administrator"
HM = "hub-manager"


def working_days(amount, *, anchor="received"):
    """Working days after receipt (with the hub's 15:00 cut-off) or after a key date."""
    rule = {"unit": "working_days", "amount": amount, "direction": "after", "anchor": anchor}
    if anchor == "received":
        rule["cut_off"] = "15:00"
    return rule


def calendar_days(amount, *, anchor="received", direction="after"):
    return {"unit": "calendar_days", "amount": amount, "direction": direction, "anchor": anchor}


def weeks(amount, *, anchor, direction="before"):
    return {"unit": "weeks", "amount": amount, "direction": direction, "anchor": anchor}


def months(amount, *, anchor="received", direction="after"):
    return {"unit": "months", "amount": amount, "direction": direction, "anchor": anchor}


def before_key_date(amount, unit, anchor):
    return {"unit": unit, "amount": amount, "direction": "before", "anchor": anchor}


STANDARD_REMINDERS = [
    {"when": "due-soon", "working_days_before": 2},
    {"when": "due-today"},
    {"when": "overdue", "escalate_to": HM},
]


def field(name, label, kind, *, required=False, choices=None):
    spec = {"name": name, "label": label, "kind": kind, "required": required}
    if choices:
        spec["choices"] = choices
    return spec


def check(code, label):
    return {"code": code, "label": label}


CASE_TYPES = [
    dict(number=1, code="pre-discharge", short_name="DIS", name="Discharge / pre-discharge report",
         trigger="Release date (CRD, ARD, PRRD) approaching",
         deadline_rule=before_key_date(2, "working_days", "RELEASE"),
         open_rule=weeks(4, anchor="RELEASE"),
         fields=[field("release_date", "Release date", "date", required=True),
                 field("release_address", "Release address", "text"),
                 field("community_offender_manager", "Community offender manager", "stakeholder")],
         checklist=[check("licence-conditions", "Licence conditions confirmed with the COM"),
                    check("address", "Release address confirmed"),
                    check("discharge-desk", "Reception and discharge desk told")],
         onward=["Probation (community offender manager)", "Prisoner", "Reception / discharge desk"],
         evidence="E: licence services (opens 4 weeks before release; due 2 working days before)"),
    dict(number=2, code="bail-application", short_name="BAIL", name="Bail application",
         trigger="Court or solicitor request", deadline_rule=working_days(2),
         fields=[field("court", "Court", "stakeholder", required=True),
                 field("hearing_date", "Hearing date", "date"),
                 field("solicitor", "Solicitor", "stakeholder")],
         checklist=[check("court-papers", "Court papers received"), check("address", "Bail address checked")],
         onward=["Court", "Solicitor"], evidence="G: due by the court's hearing date, else 2 working days"),
    dict(number=3, code="rotl", short_name="ROTL", name="Release on Temporary Licence (ROTL)",
         trigger="Application", deadline_rule=working_days(10),
         fields=[field("rotl_type", "Type of ROTL", "choice", required=True,
                       choices=["Resettlement day release", "Resettlement overnight release",
                                "Childcare resettlement licence", "Special purpose licence"]),
                 field("proposed_date", "Proposed date", "date")],
         checklist=[check("eligibility", "Eligibility date checked"), check("risk", "Risk assessment completed"),
                    check("police", "Police checks requested")],
         onward=["Governor / ROTL board", "Community offender manager", "Police"],
         evidence="E: eligibility rules; G: board decision in 10 working days"),
    dict(number=4, code="hdc", short_name="HDC", name="Home Detention Curfew (HDC)",
         trigger="HDCED approaching", deadline_rule=working_days(10),
         open_rule=weeks(14, anchor="HDCED"),
         fields=[field("hdced", "HDC eligibility date", "date", required=True),
                 field("proposed_address", "Proposed curfew address", "text"),
                 field("community_offender_manager", "Community offender manager", "stakeholder")],
         checklist=[check("eligibility", "Eligibility and exclusions checked"),
                    check("address-checks", "Address checks requested from the COM"),
                    check("crd-gap", "At least 4 weeks to CRD confirmed"),
                    check("risk", "Risk management information gathered")],
         onward=["Decision maker", "Community offender manager", "Electronic monitoring supplier"],
         evidence="E: opens 14 weeks before HDCED; COM address checks 10 working days, 15:00 cut-off"),
    dict(number=5, code="oasys", short_name="OAS", name="OASys assessment",
         trigger="Sentence, review, handover, parole",
         deadline_rule=months(2), fields=[field("assessment_type", "Assessment type", "choice",
                                                choices=["Initial", "Review", "Termination"])],
         checklist=[check("previous", "Previous assessment reviewed")], onward=["Probation record"],
         evidence="E: due in 2 months of trigger"),
    dict(number=6, code="mappa", short_name="MAPPA", name="MAPPA", trigger="MAPPA-eligible person sentenced or "
         "approaching release", deadline_rule=calendar_days(20), open_rule=months(6, anchor="RELEASE",
                                                                                  direction="before"),
         open_only_if=["mappa", "in-custody"],
         fields=[field("mappa_level", "MAPPA level", "choice", choices=["1", "2", "3"]),
                 field("coordinator", "MAPPA coordinator", "stakeholder")],
         checklist=[check("category", "MAPPA category confirmed"), check("police", "Police informed")],
         onward=["MAPPA coordinator", "Police"],
         evidence="G: level set 6 months before release; E: data requests 20 days"),
    dict(number=7, code="recategorisation", short_name="CAT", name="Re-categorisation",
         trigger="Review date, recall, risk change", deadline_rule=working_days(10),
         open_rule=weeks(2, anchor="RECAT"),
         fields=[field("review_type", "Review type", "choice", required=True,
                       choices=["Initial", "Review", "Recall", "Risk change"]),
                 field("current_category", "Current category", "text")],
         checklist=[check("security", "Security information requested"),
                    check("sentence-plan", "Sentence plan progress reviewed")],
         onward=["Supervisor", "Population management"],
         evidence="E: initial sentence + 10 working days; reviews 6/12 months"),
    dict(number=8, code="sentence-calculation", short_name="CALC", name="Sentence calculation (initial checks)",
         trigger="New sentence, court result, adjustment, recall", deadline_rule=working_days(2),
         fields=[field("reason", "Reason for calculation", "choice", required=True,
                       choices=["Initial calculation", "Transfer check", "Further sentences", "ADA", "RADA",
                                "Appeal decision", "Recall", "14-day check",
                                "Recheck after a change in the engine or the law", "Other"])],
         checklist=[check("warrants", "Warrants and court results checked"),
                    check("adjustments", "Remand, tagged bail and adjustments checked")],
         onward=["Hub Manager (second check)", "Key dates"], evidence="G: 2 working days; E: second check"),
    dict(number=9, code="appeal", short_name="APP", name="Appeal",
         trigger="Conviction, sentence or adjudication finding",
         deadline_rule=calendar_days(28), fields=[field("decision_date", "Date of decision appealed", "date",
                                                       required=True), field("court", "Court", "stakeholder")],
         checklist=[check("forms", "Appeal forms complete")], onward=["Court", "Prisoner"],
         evidence="G: 28 days from decision"),
    dict(number=10, code="visor", short_name="VIS", name="ViSOR", trigger="Registration, MAPPA nominal, release",
         deadline_rule=working_days(3), fields=[field("police_force", "Police force", "stakeholder")],
         checklist=[check("nominal", "ViSOR nominal record updated")], onward=["Police", "ViSOR administrator"],
         evidence="G: 3 working days"),
    dict(number=11, code="marap", short_name="MARAP", name="MARAP", trigger="Risk meeting referral",
         deadline_rule=working_days(5), fields=[field("meeting_date", "Meeting date", "date")],
         checklist=[check("referral", "Referral form complete")], onward=["Multi-agency panel"],
         evidence="G: 5 working days"),
    dict(number=12, code="adjudication", short_name="ADJ", name="Adjudication", trigger="Charge laid",
         deadline_rule={"unit": "hours", "amount": 48, "direction": "after", "anchor": "received"},
         fields=[field("charge", "Charge", "text", required=True),
                 field("independent_adjudicator", "Referred to independent adjudicator", "choice",
                       choices=["No", "Yes"]),
                 field("additional_days", "Additional days awarded", "text")],
         checklist=[check("notice", "Notice of charge given to the prisoner"),
                    check("evidence", "Evidence gathered")],
         onward=["Governor", "Independent adjudicator", "Sentence calculation (ADAs)"],
         evidence="E: notice within 48 hours of discovery; independent adjudicator hearing within 28 days"),
    dict(number=13, code="indeterminate", short_name="ISP", name="Indeterminate sentence prisoner",
         trigger="Tariff expiry approaching", deadline_rule=working_days(10),
         open_rule=months(12, anchor="TARIFF", direction="before"),
         fields=[field("tariff_expiry", "Tariff expiry date", "date", required=True)],
         checklist=[check("handover", "Handover to the COM arranged"), check("sift", "Parole sift date noted")],
         onward=["Public Protection Casework Section", "Parole Board"],
         evidence="E: handover tariff - 12 months; parole sift 3 years before tariff"),
    dict(number=14, code="parole", short_name="PAR", name="Parole application", trigger="PED or tariff approaching",
         deadline_rule=working_days(10), open_rule=weeks(26, anchor="PED"),
         fields=[field("ped", "Parole eligibility date", "date", required=True),
                 field("dossier_due", "Dossier due to PPCS", "date")],
         checklist=[check("reports", "Reports commissioned"), check("dossier", "Dossier compiled"),
                    check("disclosure", "Disclosure to the prisoner")],
         onward=["Public Protection Casework Section", "Parole Board"], evidence="G: dossier 26 weeks before PED"),
    dict(number=15, code="legal-correspondence", short_name="LEG", name="Legal correspondence",
         trigger="Rule 39 mail or legal request", deadline_rule=working_days(5),
         fields=[field("solicitor", "Solicitor", "stakeholder"), field("rule_39", "Rule 39 mail", "choice",
                                                                        choices=["Yes", "No"])],
         checklist=[check("logged", "Logged the same working day")], onward=["Solicitor", "Prisoner"],
         evidence="G: same working day log, answer in 5 working days"),
    dict(number=16, code="licence", short_name="LIC", name="Licence application", trigger="Release approaching",
         deadline_rule=before_key_date(2, "working_days", "RELEASE"), open_rule=weeks(4, anchor="RELEASE"),
         fields=[field("release_date", "Release date", "date", required=True)],
         checklist=[check("conditions", "Licence conditions agreed"), check("signed", "Licence signed")],
         onward=["Community offender manager", "Decision maker"],
         evidence="E: 4 weeks before release; hard stop 2 working days before"),
    dict(number=17, code="resettlement-overnight", short_name="ROR", name="Resettlement overnight release",
         trigger="Application", deadline_rule=working_days(10),
         fields=[field("proposed_date", "Proposed date", "date")],
         checklist=[check("category", "Not Category B (not eligible)"), check("address", "Address approved")],
         onward=["Governor", "Community offender manager"], evidence="E: as ROTL; Category B not eligible"),
    dict(number=18, code="fines", short_name="FIN", name="Prisoner fines",
         trigger="Fine or default term imposed, payment",
         deadline_rule=working_days(5), fields=[field("amount", "Amount outstanding (£)", "text"),
                                                field("court", "Court fines office", "stakeholder")],
         checklist=[check("payment", "Payment or default term recorded"),
                    check("recalculate", "Sentence recalculation requested if part paid")],
         onward=["Court fines office", "Prisoner finance"],
         evidence="G: 5 working days; E: part payment triggers recalculation"),
    dict(number=19, code="foreign-national", short_name="FN", name="Foreign nationals / deportation / immigration",
         trigger="Sentence of a foreign national", deadline_rule=working_days(10, anchor="SENTENCE"),
         open_rule={"unit": "calendar_days", "amount": 0, "direction": "after", "anchor": "SENTENCE"},
         open_only_if=["foreign-national", "in-custody"],
         fields=[field("nationality", "Nationality", "text"), field("home_office_reference", "Home Office reference",
                                                                     "text")],
         checklist=[check("referral", "Referral sent to Home Office immigration enforcement"),
                    check("ers", "Early removal scheme eligibility noted")],
         onward=["Home Office immigration enforcement"],
         evidence="E: refer within 10 working days of sentence; ERS from ERSED"),
    dict(number=20, code="safeguarding", short_name="SAFE", name="Risk to children / safeguarding",
         trigger="New information, public protection flag", deadline_rule=working_days(0),
         fields=[field("concern", "Concern", "text", required=True)],
         checklist=[check("children-services", "Children's services contacted")],
         onward=["Children's services", "Safeguarding lead"], evidence="G: same working day"),
    dict(number=21, code="harassment-order", short_name="HRO", name="Harassment / restraining order",
         trigger="Order imposed or notified", deadline_rule=working_days(2),
         fields=[field("order_expiry", "Order expiry date", "date")],
         checklist=[check("restrictions", "Contact restrictions set up")], onward=["Police", "Victim liaison"],
         evidence="G: 2 working days"),
    dict(number=22, code="category-a", short_name="CATA", name="Category A administration",
         trigger="Provisional or confirmed Category A, review due", deadline_rule=working_days(10),
         open_rule=weeks(8, anchor="CAT_A_REVIEW"),
         fields=[field("review_date", "Review date", "date")], checklist=[check("report", "Review report complete")],
         onward=["Category A team"], evidence="G: annual review, report 8 weeks before"),
    dict(number=23, code="recall", short_name="REC", name="Recall paperwork",
         trigger="Return to custody of a recalled person",
         deadline_rule={"unit": "hours", "amount": 24, "direction": "after", "anchor": "received"},
         fields=[field("recall_type", "Recall type", "choice", required=True,
                       choices=["Standard", "Fixed term (14 days)", "Fixed term (28 days)", "Fixed term (56 days)"]),
                 field("return_to_custody", "Return to custody date", "date", required=True)],
         checklist=[check("served", "Recall notice served"), check("logged", "Recall logged"),
                    check("dossier", "Dossier sent to PPCS")],
         onward=["Public Protection Casework Section", "Probation"],
         evidence="E: served and logged within 24 hours; dossier next working day"),
    dict(number=24, code="public-protection", short_name="PP", name="Public protection",
         trigger="Risk change, MAPPA, alerts", deadline_rule=working_days(2),
         fields=[field("alert", "Alert or change", "text", required=True)],
         checklist=[check("lead", "Public protection lead informed")],
         onward=["Public protection lead", "MAPPA"], evidence="G: 2 working days"),
    dict(number=25, code="monitoring-return", short_name="MON", name="Monitoring return", trigger="A period ends",
         deadline_rule=working_days(5), fields=[field("period", "Period", "text", required=True)],
         checklist=[check("figures", "Figures checked")], onward=["Regional / national performance team"],
         evidence="G: 5 working days after period end"),
]

for _spec in CASE_TYPES:  # each type's default document, kept in its own module for reading
    _spec.setdefault("document_template", DEFAULT_DOCUMENT_TEMPLATES[_spec["code"]])


@transaction.atomic
def load_case_types(*, reset: bool = False) -> dict:
    """Create missing case types; with ``reset``, put the defaults back on existing ones too (each
    change audited, and the rules version raised so open items keep their own rules)."""
    from omhub.audit import services as audit
    from omhub.casework.models import CaseType

    created = updated = 0
    for spec in CASE_TYPES:
        values = {
            "number": spec["number"], "name": spec["name"], "short_name": spec["short_name"],
            "description": spec.get("description", ""), "trigger": spec["trigger"], "fields": spec["fields"],
            "checklist": spec["checklist"], "deadline_rule": spec["deadline_rule"],
            "open_rule": spec.get("open_rule"), "open_only_if": spec.get("open_only_if", ["in-custody"]),
            "reminder_steps": spec.get("reminders", STANDARD_REMINDERS),
            "onward_recipients": spec["onward"], "preparer_roles": spec.get("preparers", [BA, HM]),
            "checker_roles": spec.get("checkers", [HM]), "evidence": spec["evidence"],
            "document_template": spec["document_template"],
        }
        case_type = CaseType.objects.filter(code=spec["code"]).first()
        if case_type is None:
            case_type = CaseType.objects.create(code=spec["code"], **values)
            audit.record(actor=None, action=audit.Action.CREATE, instance=case_type,
                         after={"code": case_type.code, **values})
            created += 1
        elif reset:
            before = audit.snapshot(case_type, list(values))
            for key, value in values.items():
                setattr(case_type, key, value)
            after = audit.snapshot(case_type, list(values))
            if before != after:
                case_type.rules_version += 1
                case_type.save()
                audit.record_change(actor=None, instance=case_type, before=before, after=after)
                updated += 1
        elif not case_type.document_template:
            # Installed before case types had documents: give it the default, as nobody has written one.
            case_type.document_template = values["document_template"]
            case_type.version += 1
            case_type.save(update_fields=["document_template", "version", "updated_at"])
            audit.record_change(actor=None, instance=case_type, before={"document_template": {}},
                                after={"document_template": case_type.document_template})
    return {"created": created, "updated": updated, "total": len(CASE_TYPES)}
