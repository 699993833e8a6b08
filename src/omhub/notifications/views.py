from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from omhub.notifications import selectors, services
from omhub.notifications.forms import EmailPreferencesForm
from omhub.notifications.models import Notification

PAGE_SIZE = 25


def notification_list(request):
    """Everyone signed in has notifications of their own, and sees only those."""
    unread_only = request.GET.get("show") == "unread"
    notifications = selectors.notifications_for(request.user, unread_only=unread_only)
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {
        "page": page, "unread_only": unread_only, "unread_count": selectors.unread_count(request.user),
    })


@require_POST
def mark_read(request, notification_id: int):
    try:
        notification = selectors.get_notification(request.user, notification_id)
    except Notification.DoesNotExist as error:
        raise Http404("You have no notification with this number") from error
    services.mark_read(actor=request.user, notifications=[notification])
    messages.success(request, f"Marked as read: {notification.title}.")
    return redirect("notifications:list")


@require_POST
def mark_all_read(request):
    count = services.mark_all_read(actor=request.user)
    messages.success(request, f"{count} notification{'s' if count != 1 else ''} marked as read.")
    return redirect("notifications:list")


@require_http_methods(["GET", "POST"])
def preferences(request):
    choices = selectors.email_choices(request.user)
    form = EmailPreferencesForm(request.POST if request.method == "POST" else None,
                                initial={"kinds": [kind for kind, on in choices.items() if on]})
    if request.method == "POST" and form.is_valid():
        services.set_email_preferences(actor=request.user, user=request.user, enabled=form.enabled())
        messages.success(request, "Your email choices have been saved.")
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form, "email": request.user.email})
