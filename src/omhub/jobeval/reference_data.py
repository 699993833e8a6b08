"""Job evaluation reference data, loaded by ``omhub seed``: the schemes, the band structures, the
Business Administrator job description and the benchmark profiles 54 and 55 with the rules their roles
give. Idempotent: loading again changes nothing unless the shipped data changed, and every change is
audited (by omhub, not a person)."""

from django.db import transaction

from omhub.accounts.models import Role
from omhub.audit import services as audit
from omhub.jobeval import seed_documents as seed
from omhub.jobeval.models import (
    BandStructure,
    JobDescription,
    JobDescriptionVersion,
    ProfileFactor,
    RoleProfile,
    RoleRule,
    SchemeVersion,
)
from omhub.jobeval.scoring.bands import band_structures_data
from omhub.jobeval.scoring.docref import parse_document_reference
from omhub.jobeval.scoring.schemes import scheme_data, scheme_from_dict, shipped_scheme_codes

PROFILE_FIELDS = ["title", "job_statement", "is_benchmark", "source", "published_band", "scheme",
                  "band_structure"]
RULE_FIELDS = ["profile", "job_description", "max_rosh", "may_prepare", "may_check", "basis"]


def _upsert(model, lookup: dict, wanted: dict, fields: list[str]):
    instance = model.objects.filter(**lookup).first()
    if instance is None:
        instance = model.objects.create(**lookup, **wanted)
        audit.record(actor=None, action=audit.Action.CREATE, instance=instance,
                     after=audit.snapshot(instance, list(lookup) + fields))
        return instance
    before = audit.snapshot(instance, fields)
    for key, value in wanted.items():
        setattr(instance, key, value)
    after = audit.snapshot(instance, fields)
    if before != after:
        instance.save()
        audit.record_change(actor=None, instance=instance, before=before, after=after)
    return instance


def load_schemes() -> dict[str, SchemeVersion]:
    schemes = {}
    for code in shipped_scheme_codes():
        data = scheme_data(code)
        scheme_from_dict(data)  # refuses data that contradicts itself
        schemes[code] = _upsert(SchemeVersion, {"code": data["code"], "version": data["version"]},
                                {"name": data["name"], "data": data}, ["name", "data"])
    return schemes


def load_band_structures() -> dict[str, BandStructure]:
    structures = {}
    for data in band_structures_data():
        structures[data["scheme"]] = _upsert(
            BandStructure, {"code": data["code"]},
            {"scheme_code": data["scheme"], "name": data["name"], "data": data, "provenance": data["provenance"],
             "confidence": data["confidence"]},
            ["scheme_code", "name", "data", "provenance", "confidence"])
    return structures


def load_ba_job_description() -> JobDescription:
    spec = dict(seed.BA_JOB_DESCRIPTION)
    reference = parse_document_reference(spec["document_ref"])
    job = _upsert(JobDescription, {"reference": reference.base}, {"title": spec["job_title"]}, ["title"])
    fields = [key for key in spec if key != "version"]
    _upsert(JobDescriptionVersion, {"job_description": job, "version": spec["version"]},
            {key: spec[key] for key in fields}, fields)
    return job


def load_profile(spec: dict, scheme: SchemeVersion, bands: BandStructure) -> RoleProfile:
    engine = scheme.engine()
    profile = _upsert(RoleProfile, {"number": spec["number"]}, {
        "title": spec["title"], "job_statement": "\n".join(spec["job_statement"]), "is_benchmark": True,
        "source": seed.BENCHMARK_SOURCE, "published_band": spec["published_band"], "scheme": scheme,
        "band_structure": bands,
    }, PROFILE_FIELDS)
    for order, (name, level, rationale) in enumerate(spec["factors"], start=1):
        factor = engine.factor(name)
        _upsert(ProfileFactor, {"profile": profile, "factor_code": factor.code},
                {"order": order, "level": level, "rationale": rationale}, ["order", "level", "rationale"])
    return profile


@transaction.atomic
def load_reference_data() -> dict:
    schemes = load_schemes()
    structures = load_band_structures()
    ba = load_ba_job_description()
    profiles = {spec["number"]: load_profile(spec, schemes["NJC"], structures["NJC"])
                for spec in (seed.PROFILE_54, seed.PROFILE_55)}
    rules = 0
    for spec in seed.RULES:
        role = Role.objects.filter(code=spec["role"]).first()
        if role is None:
            continue
        wanted = {"profile": profiles.get(spec.get("profile")),
                  "job_description": ba if spec.get("job_description") == ba.reference else None,
                  **{key: spec[key] for key in ("max_rosh", "may_prepare", "may_check", "basis")}}
        _upsert(RoleRule, {"role": role}, wanted, RULE_FIELDS)
        rules += 1
    return {"schemes": len(schemes), "band_structures": len(structures), "job_descriptions": 1,
            "profiles": len(profiles), "rules": rules}
