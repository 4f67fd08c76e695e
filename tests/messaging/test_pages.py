"""Messaging pages: starting a thread (for all households or one), replying, read
receipts, the kind chips and the nudge, adding a teacher, and the trio for each write."""

from __future__ import annotations

from django.urls import reverse

from driehoek.messaging import services
from driehoek.messaging.models import Message, MessageKind, MessageRead, Thread, ThreadStaff
from tests.messaging.conftest import PDF, start, upload


def student_url(student) -> str:  # type: ignore[no-untyped-def]
    return reverse("messaging:student", kwargs={"student_id": student.pk})


def new_url(student) -> str:  # type: ignore[no-untyped-def]
    return reverse("messaging:thread_new", kwargs={"student_id": student.pk})


def thread_url(thread) -> str:  # type: ignore[no-untyped-def]
    return reverse("messaging:thread", kwargs={"thread_id": thread.pk})


def reply_url(thread) -> str:  # type: ignore[no-untyped-def]
    return reverse("messaging:reply", kwargs={"thread_id": thread.pk})


def new_thread(**overrides):  # type: ignore[no-untyped-def]
    data = {
        "subject": "Fijne start",
        "body": "Dank u wel voor de warme ontvangst. Hoe gaat het met Noor in de klas?",
        "kind": "appreciation",
    }
    data.update(overrides)
    return data


def test_a_guardian_starts_a_thread_that_opens_with_appreciation(personas, client_for):
    response = client_for(personas.guardian).post(new_url(personas.student), new_thread())
    thread = Thread.objects.get()
    assert response.status_code == 302 and response["Location"] == thread_url(thread)
    message = thread.messages.get()
    assert (message.kind, message.suggested_kind, message.side) == (
        "appreciation",
        "appreciation",
        "home",
    )
    assert thread.household is None


def test_a_guardian_starts_a_thread_for_their_household_only(personas, client_for):
    client_for(personas.guardian).post(new_url(personas.student), new_thread(household_only="on"))
    thread = Thread.objects.get()
    assert thread.household.name == "De Vries"
    other = client_for(personas.other_household_guardian)
    assert other.get(thread_url(thread)).status_code == 404
    assert "Fijne start" not in other.get(reverse("messaging:inbox")).content.decode()
    # The mentor sees that it is for one household, and who is in it.
    html = client_for(personas.mentor).get(thread_url(thread)).content.decode()
    assert "De Vries" in html and "Eva de Vries" in html and "Mark Jansen" not in html


def test_the_kind_is_never_decided_for_the_writer(personas, client_for):
    data = new_thread()
    del data["kind"]
    response = client_for(personas.guardian).post(new_url(personas.student), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Dank u wel voor de warme ontvangst" in html  # nothing typed is lost
    assert "Fijne start" in html
    assert "checked" not in html.split('id="kind-chips"')[1].split("</fieldset>")[0]
    assert "suggested" in html  # ... but the suggestion is shown
    assert not Thread.objects.exists()


def test_the_suggestion_endpoint_marks_a_kind_and_keeps_the_writers_choice(personas, client_for):
    client = client_for(personas.guardian)
    url = reverse("messaging:suggest")
    html = client.post(url, {"body": "Ik maak me zorgen over de toetsweek"}).content.decode()
    assert 'class="chip kind-concern suggested"' in html and "checked" not in html
    html = client.post(url, {"body": "Ik maak me zorgen", "kind": "question"}).content.decode()
    assert 'value="question" required checked' in html


def test_the_mentor_reads_and_replies_and_the_parent_sees_it_was_seen(personas, client_for):
    thread = start(personas)
    mentor = client_for(personas.mentor)
    assert "Dank voor de fijne start" in mentor.get(thread_url(thread)).content.decode()
    assert MessageRead.objects.filter(user=personas.mentor).count() == 1
    reply = {"body": "Wat fijn om te horen, dank u!", "kind": "appreciation"}
    assert mentor.post(reply_url(thread), reply).status_code == 302
    assert thread.messages.count() == 2 and thread.messages.last().side == "school"
    html = client_for(personas.guardian).get(thread_url(thread)).content.decode()
    assert "Gezien door Sanne Visser" in html
    assert "Wat fijn om te horen" in html


def test_guardians_leave_no_read_receipt(personas, client_for):
    thread = start(personas, personas.mentor)
    client_for(personas.guardian).get(thread_url(thread))
    assert not MessageRead.objects.exists()


def test_the_other_household_reads_and_replies_in_a_shared_thread(personas, client_for):
    thread = start(personas)
    client = client_for(personas.other_household_guardian)
    assert client.get(thread_url(thread)).status_code == 200
    data = {"body": "Ter info: ze is vrijdag bij mij.", "kind": "information"}
    assert client.post(reply_url(thread), data).status_code == 302


def test_the_writer_sees_a_nudge_after_only_asking(personas, client_for):
    thread = start(personas, body="Wanneer is de toets?", kind=MessageKind.QUESTION)
    for _ in range(3):
        services.post_message(
            thread=thread, author=personas.guardian, body="En?", kind=MessageKind.QUESTION
        )
    html = client_for(personas.guardian).get(thread_url(thread)).content.decode()
    assert 'class="nudge"' in html
    # Private to the writer: the mentor and the other parent see no nudge.
    assert (
        'class="nudge"' not in client_for(personas.mentor).get(thread_url(thread)).content.decode()
    )
    other = client_for(personas.other_household_guardian).get(thread_url(thread))
    assert 'class="nudge"' not in other.content.decode()


def test_the_mentor_adds_a_teacher_who_then_reads_the_thread(personas, client_for):
    from driehoek.roster.models import StaffMember

    thread = start(personas)
    teacher = StaffMember.objects.get(user=personas.teacher)
    url = reverse("messaging:add_staff", kwargs={"thread_id": thread.pk})
    assert client_for(personas.mentor).post(url, {"staff_member": teacher.pk}).status_code == 302
    assert ThreadStaff.objects.filter(thread=thread, user=personas.teacher).exists()
    assert client_for(personas.teacher).get(thread_url(thread)).status_code == 200


def test_the_mentor_cannot_add_someone_who_does_not_teach_the_child(personas, client_for):
    from driehoek.roster.models import StaffMember

    thread = start(personas)
    care = StaffMember.objects.get(user=personas.care)
    url = reverse("messaging:add_staff", kwargs={"thread_id": thread.pk})
    client_for(personas.mentor).post(url, {"staff_member": care.pk})
    assert not ThreadStaff.objects.exists()


def test_a_reply_with_a_refused_attachment_keeps_the_text(personas, client_for):
    thread = start(personas)
    data = {
        "body": "Hierbij de brief van de huisarts.",
        "kind": "information",
        "attachments": upload("brief.pdf", b"<html>not a pdf</html>"),
    }
    response = client_for(personas.guardian).post(reply_url(thread), data)
    assert response.status_code == 400
    assert "Hierbij de brief van de huisarts." in response.content.decode()
    assert thread.messages.count() == 1


def test_a_reply_with_a_pdf_attachment(personas, client_for):
    thread = start(personas)
    data = {"body": "Brief", "kind": "information", "attachments": upload("brief.pdf", PDF)}
    assert client_for(personas.guardian).post(reply_url(thread), data).status_code == 302
    message = Message.objects.filter(thread=thread).last()
    assert message.attachments.get().content_type == "application/pdf"


def test_the_inbox_shows_only_ones_own_threads(personas, client_for):
    start(personas)
    start(personas, personas.classmate_guardian, student=personas.classmate)
    html = client_for(personas.guardian).get(reverse("messaging:inbox")).content.decode()
    assert html.count("Start van het jaar") == 1
    mentor_html = client_for(personas.mentor).get(reverse("messaging:inbox")).content.decode()
    assert mentor_html.count("Start van het jaar") == 2


def test_the_student_page_lists_the_open_threads(personas, client_for):
    start(personas)
    page = reverse("roster:student", kwargs={"student_id": personas.student.pk})
    assert "Start van het jaar" in client_for(personas.mentor).get(page).content.decode()
    assert "Start van het jaar" not in client_for(personas.teacher).get(page).content.decode()
    assert "Start van het jaar" not in client_for(personas.student_user).get(page).content.decode()


# --- The trio for each write endpoint


def test_writes_refuse_get(personas, client_for):
    thread = start(personas)
    client = client_for(personas.guardian)
    assert client.get(new_url(personas.student)).status_code == 405
    assert client.get(reply_url(thread)).status_code == 405
    url = reverse("messaging:add_staff", kwargs={"thread_id": thread.pk})
    assert client_for(personas.mentor).get(url).status_code == 405


def test_writes_without_rights_are_not_found(personas, client_for):
    thread = start(personas, household_only=True)
    data = {"body": "Hallo", "kind": "question"}
    other = client_for(personas.other_household_guardian)
    assert other.post(reply_url(thread), data).status_code == 404
    assert client_for(personas.teacher).post(reply_url(thread), data).status_code == 404
    stranger = client_for(personas.classmate_guardian)
    assert stranger.post(new_url(personas.student), new_thread()).status_code == 404
    assert (
        client_for(personas.student_user).post(new_url(personas.student), new_thread()).status_code
        == 404
    )
    url = reverse("messaging:add_staff", kwargs={"thread_id": thread.pk})
    assert client_for(personas.guardian).post(url, {"staff_member": 1}).status_code == 404
    assert thread.messages.count() == 1


def test_writes_need_a_login(personas, client):
    thread = start(personas)
    for url in (new_url(personas.student), reply_url(thread)):
        response = client.post(url, {"body": "x", "kind": "question"})
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_staff_get_the_nudge_too_about_one_family(personas, client_for):
    thread = start(personas)
    for _ in range(4):
        services.post_message(
            thread=thread, author=personas.mentor, body="Graag...", kind=MessageKind.REQUEST
        )
    html = client_for(personas.mentor).get(thread_url(thread)).content.decode()
    assert 'class="nudge"' in html
    # About another child's family the mentor's history starts afresh.
    other = start(personas, personas.classmate_guardian, student=personas.classmate)
    assert (
        'class="nudge"' not in client_for(personas.mentor).get(thread_url(other)).content.decode()
    )


# --- Drafts: saved while typing, restored, gone once sent


def test_a_draft_is_saved_while_typing_and_restored(personas, client_for):
    thread = start(personas)
    client = client_for(personas.other_household_guardian)
    key = f"thread:{thread.pk}"
    response = client.post(reverse("messaging:draft"), {"key": key, "body": "Half af..."})
    assert response.status_code == 200 and "Concept opgeslagen" in response.content.decode()
    html = client.get(thread_url(thread)).content.decode()
    assert "Half af...</textarea>" in html
    # The other parent's draft is theirs alone.
    assert "Half af" not in client_for(personas.guardian).get(thread_url(thread)).content.decode()
    client.post(reply_url(thread), {"body": "Klaar", "kind": "information"})
    assert "Half af" not in client.get(thread_url(thread)).content.decode()


def test_a_draft_for_a_new_thread_is_restored_on_the_childs_page(personas, client_for):
    client = client_for(personas.guardian)
    key = f"student:{personas.student.pk}"
    client.post(reverse("messaging:draft"), {"key": key, "body": "Bedankt voor"})
    assert "Bedankt voor</textarea>" in client.get(student_url(personas.student)).content.decode()


def test_a_draft_about_someone_elses_thread_or_child_is_not_found(personas, client_for):
    thread = start(personas, household_only=True)
    other = client_for(personas.other_household_guardian)
    url = reverse("messaging:draft")
    assert other.post(url, {"key": f"thread:{thread.pk}", "body": "x"}).status_code == 404
    stranger = client_for(personas.classmate_guardian)
    assert (
        stranger.post(url, {"key": f"student:{personas.student.pk}", "body": "x"}).status_code
        == 404
    )
    assert other.post(url, {"key": "profile:1", "body": "x"}).status_code == 400
    assert other.get(url).status_code == 405
