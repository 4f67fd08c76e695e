"""The mentor starts a thread for every household or for one (separated parents), and
sees on the thread and in the list which households take part. The other household gets
404 for the thread, its attachments and its API record."""

from __future__ import annotations

from django.urls import reverse

from driehoek.messaging.models import Thread
from driehoek.roster.models import Household
from tests.messaging.conftest import PDF, upload
from tests.messaging.test_pages import new_thread, new_url, student_url, thread_url


def households(personas) -> dict[str, Household]:  # type: ignore[no-untyped-def]
    return {h.name: h for h in Household.objects.filter(links__student=personas.student)}


def test_the_mentor_is_offered_each_household_of_the_child(personas, client_for):
    html = client_for(personas.mentor).get(student_url(personas.student)).content.decode()
    assert 'name="for_household"' in html
    for household in households(personas).values():
        assert f'value="{household.pk}"' in html
    # A parent chooses "only my household" instead; they never see the other household.
    html = client_for(personas.guardian).get(student_url(personas.student)).content.decode()
    assert 'name="for_household"' not in html and 'name="household_only"' in html


def test_the_mentor_starts_a_thread_for_every_household(personas, client_for):
    response = client_for(personas.mentor).post(
        new_url(personas.student), new_thread(for_household="")
    )
    thread = Thread.objects.get()
    assert response.status_code == 302 and thread.household is None
    assert thread.messages.get().side == "school"
    for parent in (personas.guardian, personas.other_household_guardian):
        assert client_for(parent).get(thread_url(thread)).status_code == 200


def test_the_mentor_starts_a_thread_for_one_household_only(personas, client_for):
    chosen = households(personas)["De Vries"]
    mentor = client_for(personas.mentor)
    data = new_thread(for_household=str(chosen.pk), attachments=upload("verslag.pdf", PDF))
    assert mentor.post(new_url(personas.student), data).status_code == 302
    thread = Thread.objects.get()
    assert thread.household == chosen
    attachment = thread.messages.get().attachments.get()
    api_url = reverse("api:message_thread_detail", kwargs={"thread_id": thread.pk})
    file_url = reverse("messaging:attachment", kwargs={"attachment_id": attachment.pk})

    own = client_for(personas.guardian)
    assert own.get(thread_url(thread)).status_code == 200
    assert own.get(file_url).status_code == 200
    assert own.get(api_url).status_code == 200

    other = client_for(personas.other_household_guardian)
    assert other.get(thread_url(thread)).status_code == 404
    assert other.get(file_url).status_code == 404
    assert other.get(api_url).status_code == 404
    assert "Fijne start" not in other.get(reverse("messaging:inbox")).content.decode()
    listed = other.get(reverse("api:message_thread_list")).json()
    assert thread.pk not in [row["id"] for row in listed]


def test_the_mentor_sees_which_households_are_in_each_thread(personas, client_for):
    found = households(personas)
    mentor = client_for(personas.mentor)
    mentor.post(new_url(personas.student), new_thread(subject="Voor iedereen"))
    mentor.post(
        new_url(personas.student),
        new_thread(subject="Alleen De Vries", for_household=str(found["De Vries"].pk)),
    )
    shared = Thread.objects.get(subject="Voor iedereen")
    private = Thread.objects.get(subject="Alleen De Vries")

    html = mentor.get(thread_url(shared)).content.decode()
    for name in found:
        assert name in html
    assert "Eva de Vries" in html and "Mark Jansen" in html

    html = mentor.get(thread_url(private)).content.decode()
    assert "Eva de Vries" in html and "Mark Jansen" not in html

    listing = mentor.get(student_url(personas.student)).content.decode()
    assert "alle huishoudens" in listing and "alleen huishouden De Vries" in listing


def test_the_mentor_cannot_choose_a_household_of_another_child(personas, client_for):
    foreign = Household.objects.exclude(links__student=personas.student).first()
    assert foreign is not None
    response = client_for(personas.mentor).post(
        new_url(personas.student), new_thread(for_household=str(foreign.pk))
    )
    assert response.status_code == 400 and not Thread.objects.exists()
    # What was typed comes back.
    assert "Fijne start" in response.content.decode()


def test_a_teacher_or_another_classes_mentor_cannot_start_a_thread(personas, client_for):
    for user in (personas.teacher, personas.care, personas.admin):
        response = client_for(user).post(new_url(personas.student), new_thread())
        assert response.status_code == 404
    assert not Thread.objects.exists()
