"""The balance pages: each party sees their own side; the mentor an overview of the
class; the SVG picture; e-mail and quiet-hour settings."""

from __future__ import annotations

import datetime

from django.urls import reverse

from driehoek.messaging import services
from driehoek.messaging.models import EmailMode, MessageKind, MessagingSettings
from tests.messaging.conftest import start


def test_a_parent_sees_only_their_own_side(personas, client_for):
    thread = start(personas)  # Eva: appreciation
    services.post_message(
        thread=thread, author=personas.guardian, body="Vraag", kind=MessageKind.QUESTION
    )
    for _ in range(3):
        services.post_message(
            thread=thread, author=personas.mentor, body="Vraag", kind=MessageKind.REQUEST
        )
    html = client_for(personas.guardian).get(reverse("messaging:balance")).content.decode()
    assert "1 contact gaf iets" in html and "1 contact vroeg iets" in html
    assert "<svg" in html and 'class="gives"' in html
    assert "Het Baken" in html
    mentor_html = client_for(personas.mentor).get(reverse("messaging:balance")).content.decode()
    assert "3 contacten vroegen iets" in mentor_html
    assert "0 contacten gaven iets" in mentor_html


def test_the_svg_uses_dots_for_decimals_in_dutch(personas, client_for):
    start(personas)
    html = client_for(personas.guardian).get(reverse("messaging:balance")).content.decode()
    svg = html.split('<svg class="balance-chart"', 1)[1].split("</svg>", 1)[0]
    assert 'width="24.0"' in svg  # 240 px over six months: bars of 24.0, not "24,0"
    rects = [part.split("/>")[0] for part in svg.split("<rect")[1:]]
    assert rects and all("," not in rect for rect in rects)


def test_the_mentor_sees_the_class_overview_with_each_household(personas, client_for):
    start(personas)
    start(personas, personas.other_household_guardian, household_only=True, kind="concern")
    url = reverse("messaging:class_balance", kwargs={"group_id": personas.klass.pk})
    response = client_for(personas.mentor).get(url)
    assert response.status_code == 200
    rows = response.context["rows"]
    by_parent = {row.guardian_name: row for row in rows}
    assert (by_parent["Eva de Vries"].home_gives, by_parent["Eva de Vries"].home_asks) == (1, 0)
    assert (by_parent["Mark Jansen"].home_gives, by_parent["Mark Jansen"].home_asks) == (0, 1)
    assert "Femke Bakker" in by_parent  # a classmate's parent without messages yet


def test_the_class_overview_is_for_its_mentor_only(personas, client_for):
    url = reverse("messaging:class_balance", kwargs={"group_id": personas.klass.pk})
    for user in (personas.teacher, personas.admin, personas.guardian):
        assert client_for(user).get(url).status_code == 404


def test_a_user_chooses_the_daily_digest(personas, client_for):
    client = client_for(personas.guardian)
    url = reverse("messaging:preferences")
    assert client.get(url).status_code == 200
    assert client.post(url, {"email_mode": "digest"}).status_code == 302
    assert services.email_mode_of(personas.guardian) == EmailMode.DIGEST
    assert client.post(url, {"email_mode": "hourly"}).status_code == 400


def test_the_administrator_sets_the_quiet_hours(personas, client_for):
    url = reverse("messaging:school_settings", kwargs={"school_id": personas.school.pk})
    client = client_for(personas.admin)
    assert client.get(url).status_code == 200
    data = {"quiet_from": "19:00", "quiet_until": "07:00", "quiet_weekends": "on"}
    assert client.post(url, data).status_code == 302
    row = MessagingSettings.objects.get(school=personas.school)
    assert (row.quiet_from, row.quiet_until) == (datetime.time(19, 0), datetime.time(7, 0))
    assert client.post(url, {"quiet_from": "07:00", "quiet_until": "07:00"}).status_code == 400
    assert client_for(personas.mentor).post(url, data).status_code == 404
