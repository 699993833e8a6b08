import pytest

from omhub.notifications import services
from omhub.notifications.models import Kind
from tests.mail_server import running_smtp_server, use_smtp


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on a free local port, with Django's SMTP backend pointed at it."""
    with running_smtp_server() as server:
        use_smtp(settings, server.port)
        yield server


@pytest.fixture
def make_notification():
    def make(recipient, kind=Kind.DUE_TODAY, title="HDC-000001 is due today", body="Home Detention Curfew (HDC) "
             "work at HMP Leeds.", url="/casework/HDC-000001/"):
        return services.create_notifications([services.Draft(recipient=recipient, kind=kind, title=title, body=body,
                                                             url=url)])[0]

    return make
