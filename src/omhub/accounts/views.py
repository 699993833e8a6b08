from django.contrib import messages
from django.contrib.auth import login, logout
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_http_methods, require_POST

from omhub.accounts import selectors, services
from omhub.accounts.forms import EditAccountForm, NewAccountForm, SignInForm
from omhub.accounts.models import User
from omhub.accounts.permissions import CAPABILITY_DESCRIPTIONS, Capability, require
from omhub.core.forms import apply_service_errors
from omhub.jobeval import selectors as jobeval_selectors


@never_cache
@csrf_protect
@require_http_methods(["GET", "POST"])
def sign_in(request):
    if request.user.is_authenticated:
        return redirect("home")
    form = SignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.sign_in(request, form.cleaned_data["username"], form.cleaned_data["password"])
        except services.SignInRefused as refused:
            form.add_error(None, refused.message)
        else:
            login(request, user, backend="omhub.accounts.backends.StaffBackend")
            next_url = request.POST.get("next") or request.GET.get("next") or ""
            if url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()},
                                               require_https=request.is_secure()):
                return redirect(next_url)
            return redirect("home")
    return render(request, "accounts/sign_in.html", {"form": form, "next": request.GET.get("next", "")})


@require_POST
def sign_out(request):
    services.record_sign_out(request.user)
    logout(request)
    messages.success(request, "You have signed out.")
    return redirect("accounts:sign-in")


def users(request):
    require(request.user, Capability.MANAGE_ACCOUNTS)
    return render(request, "accounts/users.html", {"accounts": selectors.staff_accounts()})


@require_http_methods(["GET", "POST"])
def create_user(request):
    require(request.user, Capability.MANAGE_ACCOUNTS)
    form = NewAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            account = services.create_user(actor=request.user, **{
                key: form.cleaned_data[key] for key in ("username", "first_name", "last_name", "email", "password")
            }, roles=list(form.cleaned_data["roles"]), units=list(form.cleaned_data["units"]))
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"The account {account.username} has been created.")
            return redirect("accounts:users")
    return render(request, "accounts/user_form.html", {"form": form, "title": "Add a staff account"})


@require_http_methods(["GET", "POST"])
def edit_user(request, user_id: int):
    require(request.user, Capability.MANAGE_ACCOUNTS)
    account = get_object_or_404(User, pk=user_id)
    initial = {"first_name": account.first_name, "last_name": account.last_name, "email": account.email,
               "is_active": account.is_active, "roles": account.roles.all(), "units": account.units.all()}
    form = EditAccountForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_user(actor=request.user, user=account, **{
                key: form.cleaned_data[key] for key in ("first_name", "last_name", "email", "is_active")
            }, roles=list(form.cleaned_data["roles"]), units=list(form.cleaned_data["units"]))
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"The account {account.username} has been updated.")
            return redirect("accounts:users")
    return render(request, "accounts/user_form.html", {"form": form, "account": account,
                                                       "title": f"Change {account.username}"})


@require_POST
def unlock_user(request, user_id: int):
    require(request.user, Capability.MANAGE_ACCOUNTS)
    account = get_object_or_404(User, pk=user_id)
    services.unlock_user(actor=request.user, user=account)
    messages.success(request, f"The account {account.username} has been unlocked.")
    return redirect("accounts:users")


def roles(request):
    require(request.user, Capability.VIEW_ROLES)
    return render(request, "accounts/roles.html", {
        "roles": selectors.roles_with_capabilities(),
        "rules": jobeval_selectors.rules_by_role_code(),
        "descriptions": {str(key): value for key, value in CAPABILITY_DESCRIPTIONS.items()},
    })
