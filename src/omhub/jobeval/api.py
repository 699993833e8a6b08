"""Job evaluation in the API: the schemes, the role profiles, and scoring a set of factor levels."""

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404
from ninja import Field, Path, Router, Schema

from omhub.api.schemas import ERROR_RESPONSES, MAX_ID, CleanStr, ErrorOut
from omhub.jobeval import selectors, services
from omhub.jobeval.scoring import ScoringError, score
from omhub.jobeval.scoring.schemes import SchemeError, scheme_data

router = Router(tags=["job evaluation"])


class LevelOut(Schema):
    level: int
    points: int
    descriptor: str


class FactorOut(Schema):
    code: str
    name: str
    group: str
    levels: list[LevelOut]


class SchemeOut(Schema):
    code: str
    version: str
    name: str
    max_total: int
    factors: list[FactorOut]


class ProfileFactorOut(Schema):
    code: str
    factor: str
    level: str
    rationale: str
    points_min: int | None
    points_max: int | None


class ProfileOut(Schema):
    id: int
    number: int | None
    title: str
    scheme: str
    is_benchmark: bool
    job_statement: list[str]
    total_min: int | None
    total_max: int | None
    band: str
    band_reason: str
    factors: list[ProfileFactorOut]


class ScoreIn(Schema):
    scheme: CleanStr = Field(max_length=20, description="NJC (probation) or AFC (NHS Agenda for Change)")
    factors: dict[CleanStr, CleanStr] = Field(description="Factor name (as in the source document or the "
                                                          "scheme) to level, such as 4, 3-4 or 5(a)(b)")


class ScoredFactorOut(Schema):
    code: str
    factor: str
    level: str
    level_min: int
    level_max: int
    letters: list[str]
    points_min: int
    points_max: int


class ScoreOut(Schema):
    scheme: str
    scheme_version: str
    total_min: int
    total_max: int
    band: str
    band_label: str
    band_certain: bool
    band_reason: str
    factors: list[ScoredFactorOut]


def _scheme_out(model) -> dict:
    engine = model.engine()
    return {"code": engine.code, "version": engine.version, "name": engine.name, "max_total": engine.max_total,
            "factors": [{"code": f.code, "name": f.name, "group": f.group,
                         "levels": [{"level": lv.level, "points": lv.points, "descriptor": lv.descriptor}
                                    for lv in f.levels]} for f in engine.factors]}


@router.get("/schemes", response={200: list[SchemeOut], **ERROR_RESPONSES})
def list_schemes(request):
    return [_scheme_out(item) for item in selectors.schemes(request.user)]


@router.get("/schemes/{code}", response={200: SchemeOut, 404: ErrorOut, **ERROR_RESPONSES})
def get_scheme(request, code: str):
    item = selectors.schemes(request.user).filter(code=code.upper()).first()
    if item is None:
        raise Http404(f"There is no scheme {code}")
    return _scheme_out(item)


def _profile_out(profile) -> dict:
    scored = selectors.profile_score(profile)
    return {"id": profile.pk, "number": profile.number, "title": profile.title, "scheme": profile.scheme.code,
            "is_benchmark": profile.is_benchmark, "job_statement": profile.job_statement_lines,
            "total_min": scored.total_min, "total_max": scored.total_max,
            "band": scored.band.code if scored.band else "", "band_reason": scored.band.reason if scored.band else "",
            "factors": [{"code": row.code, "factor": row.name, "level": row.level, "rationale": row.rationale,
                         "points_min": row.points_min, "points_max": row.points_max} for row in scored.rows]}


@router.get("/profiles", response={200: list[ProfileOut], **ERROR_RESPONSES})
def list_profiles(request):
    return [_profile_out(item) for item in selectors.profiles(request.user)]


@router.get("/profiles/{profile_id}", response={200: ProfileOut, 404: ErrorOut, **ERROR_RESPONSES})
def get_profile(request, profile_id: int = Path(..., ge=1, le=MAX_ID)):
    try:
        return _profile_out(selectors.get_profile(request.user, profile_id))
    except ObjectDoesNotExist as error:
        raise Http404("There is no role profile with this id") from error


@router.post("/score", response={200: ScoreOut, **ERROR_RESPONSES})
def score_levels(request, payload: ScoreIn):
    """Score a level for every factor: total range and band. Nothing is saved."""
    services.require_reader(request.user)
    model = selectors.schemes(request.user).filter(code=payload.scheme.strip().upper()).first()
    if model is None:
        try:
            code = scheme_data(payload.scheme)["code"]
        except SchemeError as error:
            raise ValidationError({"scheme": [str(error)]}) from error
        model = selectors.schemes(request.user).filter(code=code).first()
        if model is None:
            raise ValidationError({"scheme": [f"The {code} scheme is not loaded: run omhub seed"]})
    bands = selectors.band_structures(request.user).filter(scheme_code=model.code).first()
    try:
        result = score(model.engine(), payload.factors, bands=bands.engine() if bands else None)
    except ScoringError as error:
        problems: dict[str, list[str]] = {}
        for name, message in error.problems:
            problems.setdefault(f"factors.{name}", []).append(message)
        raise ValidationError(problems) from error
    return result.as_dict()
