import datetime
from typing import Annotated

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from ninja import Field, Query, Router, Schema

from omhub.api.schemas import ERROR_RESPONSES, MAX_ID, ErrorOut
from omhub.notifications import selectors, services
from omhub.notifications.models import KIND_DESCRIPTIONS, Kind

router = Router(tags=["notifications"])


class NotificationOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    url: str
    created_at: datetime.datetime
    read_at: datetime.datetime | None
    emailed_at: datetime.datetime | None


class NotificationPage(Schema):
    count: int
    unread: int
    page: int
    pages: int
    results: list[NotificationOut]


class ReadIn(Schema):
    ids: list[Annotated[int, Field(ge=1, le=MAX_ID)]] = Field(default_factory=list, max_length=500,
                                                                description="Your notifications to mark read")
    all: bool = Field(False, description="Mark every unread notification of yours read instead")


class ReadOut(Schema):
    marked: int
    unread: int


class EmailChoice(Schema):
    kind: str
    label: str
    description: str
    enabled: bool


class PreferencesOut(Schema):
    email: str | None = Field(description="Where emails go; null when you have no address (a system "
                                           "administrator can add one)")
    kinds: list[EmailChoice]


class PreferencesIn(Schema):
    enabled: dict[str, bool] = Field(description=f"Kind -> whether to email it ({', '.join(Kind.values)}); "
                                                 "kinds left out keep their setting")


def _preferences(user) -> dict:
    choices = selectors.email_choices(user)
    return {"email": user.email or None,
            "kinds": [{"kind": kind.value, "label": kind.label, "description": KIND_DESCRIPTIONS[kind],
                       "enabled": choices[kind.value]} for kind in Kind]}


@router.get("/notifications", response={200: NotificationPage, **ERROR_RESPONSES}, summary="Your notifications")
def list_notifications(request, unread: bool = Query(False, description="Only unread ones"),
                       page: int = Query(1, ge=1, le=100_000), page_size: int = Query(50, ge=1, le=500)):
    paginator = Paginator(selectors.notifications_for(request.user, unread_only=unread), page_size)
    current = paginator.get_page(page)
    return {"count": paginator.count, "unread": selectors.unread_count(request.user), "page": current.number,
            "pages": paginator.num_pages, "results": list(current.object_list)}


@router.post("/notifications/read", response={200: ReadOut, 404: ErrorOut, **ERROR_RESPONSES},
             summary="Mark your notifications read: some by id, or all")
def read_notifications(request, payload: ReadIn):
    if payload.all and payload.ids:
        raise ValidationError({"ids": ["Give the ids to mark read, or all: true, not both"]})
    if payload.all:
        marked = services.mark_all_read(actor=request.user)
    else:
        if not payload.ids:
            raise ValidationError({"ids": ["Give the ids of the notifications to mark read, or all: true"]})
        wanted = set(payload.ids)
        found = list(selectors.notifications_for(request.user).filter(pk__in=wanted))
        if len(found) != len(wanted):
            missing = sorted(wanted - {notification.pk for notification in found})
            raise Http404(f"You have no notification numbered {', '.join(map(str, missing[:20]))}")
        marked = services.mark_read(actor=request.user, notifications=found)
    return {"marked": marked, "unread": selectors.unread_count(request.user)}


@router.get("/notifications/preferences", response={200: PreferencesOut, **ERROR_RESPONSES},
            summary="Which notifications are emailed to you")
def read_preferences(request):
    return _preferences(request.user)


@router.put("/notifications/preferences", response={200: PreferencesOut, **ERROR_RESPONSES},
            summary="Choose which notifications are emailed to you")
def update_preferences(request, payload: PreferencesIn):
    services.set_email_preferences(actor=request.user, user=request.user, enabled=payload.enabled)
    return _preferences(request.user)
