from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from omhub.accounts import services
from omhub.accounts.models import ApiToken, User


class Command(BaseCommand):
    help = "API tokens: create one for a user (printed once, as the last word), list them, revoke them."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        create = sub.add_parser("create", help="Create a token for USERNAME and print it")
        create.add_argument("username")
        create.add_argument("--days", type=int, default=None, help="How many days the token lasts (default 30)")
        create.add_argument("--name", default="", help="What the token is for, to recognise it later")
        listing = sub.add_parser("list", help="List a user's tokens (their prefixes, not the secrets)")
        listing.add_argument("username")
        revoke = sub.add_parser("revoke", help="Revoke a token by its prefix, or every token of --user")
        revoke.add_argument("prefix", nargs="?")
        revoke.add_argument("--user", dest="revoke_user", help="Revoke every token of this user")

    def _user(self, username) -> User:
        user = User.objects.filter(username__iexact=username).first()
        if user is None:
            raise CommandError(f"There is no account with the username {username!r}.")
        return user

    def handle(self, *args, action, **options):
        if action == "create":
            user = self._user(options["username"])
            try:
                token, raw = services.create_api_token(user=user, name=options["name"], days=options["days"])
            except ValidationError as error:
                raise CommandError("; ".join(error.messages)) from error
            expires = timezone.localtime(token.expires_at).strftime("%d %B %Y %H:%M")
            self.stdout.write(f"API token for {user.username}, expires {expires}. Keep it secret: it is shown once.")
            self.stdout.write(f"Token: {raw}")
        elif action == "list":
            user = self._user(options["username"])
            for token in user.api_tokens.all():
                state = "revoked" if token.revoked_at else ("expired" if not token.is_usable() else "active")
                self.stdout.write(f"{token.prefix}  {state:<8} expires {token.expires_at:%Y-%m-%d}  {token.name}")
        else:
            if options.get("revoke_user"):
                tokens = list(self._user(options["revoke_user"]).api_tokens.filter(revoked_at__isnull=True))
            elif options.get("prefix"):
                tokens = list(ApiToken.objects.filter(prefix=options["prefix"], revoked_at__isnull=True))
                if not tokens:
                    raise CommandError(f"No active token starts with {options['prefix']!r}.")
            else:
                raise CommandError("Give a token prefix, or --user USERNAME to revoke all of a user's tokens.")
            for token in tokens:
                services.revoke_api_token(token=token)
            self.stdout.write(f"Revoked {len(tokens)} token(s).")
