"""Tried as a new user would: every demo account follows every link it is shown, from its home page, across
the demo establishment (people, work of every case type in every state, the diary, documents), and
nothing answers with a server error. One page of each shape is enough (/casework/HDC-000012/ stands for
every work item page), so the crawl stays short while still reaching every kind of page."""

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.test import Client

from omhub.accounts.models import User
from omhub.casework.reference_data import load_case_types
from omhub.demo.builder import DEMO_ACCOUNTS, build_demo
from omhub.demo.casework import build_demo_casework
from omhub.jobeval.reference_data import load_reference_data

TODAY = datetime.date(2026, 11, 23)
SKIP = ("/accounts/sign-out/", "/static/", "/api/v1/", "/healthz", "mailto:", "http://", "https://", "#")
# Downloads are real files (CSV, XLSX, DOCX, PDF): fetched and checked for success, not parsed for links.
DOWNLOADS = re.compile(r"(/export/|/logs/[a-z-]+/|/download/|\.docx$|\.pdf$)")


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def shape(url: str) -> str:
    """The URL with its identifiers and query values blanked: pages of one shape are one page to crawl."""
    path, _, query = url.partition("?")
    path = re.sub(r"/[A-Z]{2,6}-\d{6}/", "/REF/", path)
    path = re.sub(r"/\d+/", "/N/", path)
    path = re.sub(r"/(case-types|logs)/[a-z0-9-]+/", r"/\1/CODE/", path)
    keys = sorted({part.split("=")[0] for part in query.split("&") if part and not part.startswith("page=")})
    return path + ("?" + "&".join(keys) if keys else "")


@pytest.fixture
def demo(db, time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.UTC), tick=True)
    load_case_types()
    load_reference_data()
    build_demo(people=60, today=TODAY)
    build_demo_casework(today=TODAY)


@pytest.mark.parametrize("username", [account[0] for account in DEMO_ACCOUNTS])
def test_every_link_a_demo_account_is_shown_works(username, demo, settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "attachments": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}}}
    client = Client()
    client.force_login(User.objects.get(username=username), backend="omhub.accounts.backends.StaffBackend")
    queue, seen_shapes, visited, failures = ["/"], set(), 0, []
    while queue and visited < 250:
        url = queue.pop(0)
        if shape(url) in seen_shapes:
            continue
        seen_shapes.add(shape(url))
        response = client.get(url)
        visited += 1
        if response.status_code >= 500 or response.status_code not in (200, 302, 403, 404):
            failures.append(f"{url}: {response.status_code}")
            continue
        if response.status_code != 200 or DOWNLOADS.search(url) or response.streaming or \
                "text/html" not in response.get("Content-Type", ""):
            continue
        parser = Links()
        parser.feed(response.content.decode())
        for href in parser.hrefs:
            if href.startswith("/") and not href.startswith(SKIP) and shape(href) not in seen_shapes:
                queue.append(href)
    assert failures == []
    assert visited > 3
