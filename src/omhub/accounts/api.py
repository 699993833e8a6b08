from ninja import Router, Schema

from omhub.accounts.models import Unit
from omhub.accounts.permissions import capabilities_of, is_national, visible_unit_ids
from omhub.api.schemas import ERROR_RESPONSES

router = Router(tags=["accounts"])


class UnitOut(Schema):
    code: str
    name: str
    kind: str


class MeOut(Schema):
    username: str
    name: str
    roles: list[str]
    capabilities: list[str]
    national: bool
    units: list[UnitOut]


@router.get("/me", response={200: MeOut, **ERROR_RESPONSES}, summary="Who the token belongs to")
def me(request):
    user = request.user
    allowed = visible_unit_ids(user)
    units = Unit.objects.all() if allowed is None else Unit.objects.filter(id__in=allowed)
    return {"username": user.username, "name": user.get_full_name(),
            "roles": list(user.roles.values_list("code", flat=True)),
            "capabilities": sorted(capabilities_of(user)), "national": is_national(user),
            "units": list(units.order_by("code"))}


@router.get("/units", response={200: list[UnitOut], **ERROR_RESPONSES}, summary="Every active unit and its code")
def units(request):
    return list(Unit.objects.filter(is_active=True).order_by("code"))
