"""One door for access: every rule of who may see which school, group and student.

Views, API endpoints, templates, menus and exports ask this module; nothing else filters
by family, class or school on its own. Each rule is one line, and each is tested in
tests/accounts/test_access.py and by the authorisation matrix.

Forbidden objects answer 404 (`get_*_for_user`), never 403, so their existence is not
revealed. Nothing crosses schools: every staff rule goes through a StaffMember row, which
belongs to exactly one school.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from driehoek.roster.models import (
    Group,
    GroupMembership,
    MentorAssignment,
    School,
    StaffMember,
    StaffRole,
    StaffRoleKind,
    Student,
    StudentGuardian,
    TeachingAssignment,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from driehoek.accounts.models import User

    AnyUser = User | AnonymousUser


class Relation(StrEnum):
    """How a user stands to one student. A user may have several at once."""

    GUARDIAN = "guardian"
    SELF = "self"
    MENTOR = "mentor"
    TEACHER = "teacher"
    CARE = "care"
    ADMIN = "admin"


#: Relations that make a read of the child's file a staff read, which is audited.
STAFF_RELATIONS = frozenset({Relation.MENTOR, Relation.TEACHER, Relation.CARE, Relation.ADMIN})


def _is_user(user: AnyUser | None) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


# --- Schools ---------------------------------------------------------------------


def schools_administered_by(user: AnyUser | None) -> QuerySet[School]:
    if not _is_user(user):
        return School.objects.none()
    admin_roles = StaffRole.objects.filter(
        role=StaffRoleKind.ADMINISTRATOR, staff_member__user=user
    )
    return School.objects.filter(pk__in=admin_roles.values("school_id"))


def get_school_for_admin(user: AnyUser | None, school_id: int) -> School:
    try:
        return schools_administered_by(user).get(pk=school_id)
    except School.DoesNotExist:
        raise Http404 from None


# --- Students -------------------------------------------------------------------


def _mentored_student_ids(user: AnyUser) -> QuerySet[Student]:
    by_group = Student.objects.filter(
        group__mentor_assignments__staff_member__user=user, left_on__isnull=True
    )
    by_student = MentorAssignment.objects.filter(staff_member__user=user, student__isnull=False)
    return Student.objects.filter(
        Q(pk__in=by_group.values("pk")) | Q(pk__in=by_student.values("student_id"))
    ).values("pk")


def _taught_student_ids(user: AnyUser) -> QuerySet[GroupMembership]:
    taught_groups = TeachingAssignment.objects.filter(staff_member__user=user).values("group_id")
    return GroupMembership.objects.filter(group_id__in=taught_groups, ended_on__isnull=True).values(
        "student_id"
    )


def _student_rules(user: AnyUser) -> dict[Relation, Q]:
    """Each relation as a filter on Student. One rule a line."""
    return {
        # A guardian sees their own children, only where they have the right to information.
        Relation.GUARDIAN: Q(
            pk__in=StudentGuardian.objects.filter(
                guardian__user=user, has_right_to_information=True
            ).values("student_id")
        ),
        # A student sees themself.
        Relation.SELF: Q(user=user),
        # A mentor sees the students of the groups they mentor and their single mentees.
        Relation.MENTOR: Q(pk__in=_mentored_student_ids(user)),
        # A subject teacher sees the students currently in the groups they teach.
        Relation.TEACHER: Q(pk__in=_taught_student_ids(user)),
        # A care coordinator sees the students with a care case at their school.
        Relation.CARE: Q(pk__in=_care_student_ids(user)),
        # A school administrator sees the roster of their own school.
        Relation.ADMIN: Q(school_id__in=schools_administered_by(user).values("pk")),
    }


def students_visible_to(user: AnyUser | None) -> QuerySet[Student]:
    if not _is_user(user):
        return Student.objects.none()
    combined = Q(pk__in=[])
    for rule in _student_rules(user).values():
        combined |= rule
    return Student.objects.filter(combined)


def students_by_relation(user: AnyUser | None, relation: Relation) -> QuerySet[Student]:
    """The students this user stands to in one way: a parent's children, a mentor's mentees."""
    if not _is_user(user):
        return Student.objects.none()
    return Student.objects.filter(_student_rules(user)[relation])


def relations_to_student(user: AnyUser | None, student: Student) -> frozenset[Relation]:
    if not _is_user(user):
        return frozenset()
    # One query for all relations (the student page asks once per feature panel).
    rules = _student_rules(user)
    found = Student.objects.filter(pk=student.pk).aggregate(
        **{f"r_{relation.value}": Count("pk", filter=rule) for relation, rule in rules.items()}
    )
    return frozenset(relation for relation in rules if found[f"r_{relation.value}"])


def can_view_student(user: AnyUser | None, student: Student) -> bool:
    return students_visible_to(user).filter(pk=student.pk).exists()


def get_student_for_user(user: AnyUser | None, student_id: int) -> Student:
    """The student, if this user may see them; otherwise 404 (existence is not revealed)."""
    try:
        return students_visible_to(user).select_related("school", "group").get(pk=student_id)
    except (Student.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def can_view_guardian_contacts(user: AnyUser | None, student: Student) -> bool:
    """Names and contact details of a child's guardians: the mentor, administrator, and
    the guardians themselves (so a parent sees who else the school informs)."""
    allowed = {Relation.GUARDIAN, Relation.MENTOR, Relation.ADMIN, Relation.CARE}
    return bool(relations_to_student(user, student) & allowed)


def can_view_access_log(user: AnyUser | None, student: Student) -> bool:
    """Who at school looked at the child's file: the guardians and the administrator."""
    return bool(relations_to_student(user, student) & {Relation.GUARDIAN, Relation.ADMIN})


def audited_read_basis(user: AnyUser | None, student: Student) -> Relation | None:
    """The staff relation a read is made in, when the read must be audited: a read as
    staff, not as the child's own guardian or the student. None when not audited."""
    relations = relations_to_student(user, student)
    if relations & {Relation.GUARDIAN, Relation.SELF}:
        return None
    for relation in (Relation.MENTOR, Relation.CARE, Relation.TEACHER, Relation.ADMIN):
        if relation in relations:
            return relation
    return None


def is_audited_read(user: AnyUser | None, student: Student) -> bool:
    return audited_read_basis(user, student) is not None


# --- Groups ---------------------------------------------------------------------


def groups_visible_to(user: AnyUser | None) -> QuerySet[Group]:
    if not _is_user(user):
        return Group.objects.none()
    return Group.objects.filter(
        # Mentors see the groups they mentor.
        Q(pk__in=MentorAssignment.objects.filter(staff_member__user=user).values("group_id"))
        # Subject teachers see the groups they teach.
        | Q(pk__in=TeachingAssignment.objects.filter(staff_member__user=user).values("group_id"))
        # Administrators see every group of their own school.
        | Q(school_id__in=schools_administered_by(user).values("pk"))
    )


def groups_mentored_by(user: AnyUser | None) -> QuerySet[Group]:
    if not _is_user(user):
        return Group.objects.none()
    return Group.objects.filter(
        pk__in=MentorAssignment.objects.filter(staff_member__user=user).values("group_id")
    )


def groups_taught_by(user: AnyUser | None) -> QuerySet[Group]:
    if not _is_user(user):
        return Group.objects.none()
    return Group.objects.filter(
        pk__in=TeachingAssignment.objects.filter(staff_member__user=user).values("group_id")
    )


def get_group_for_user(user: AnyUser | None, group_id: int) -> Group:
    try:
        return groups_visible_to(user).select_related("school", "school_year").get(pk=group_id)
    except (Group.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def students_in_group_visible_to(user: AnyUser | None, group: Group) -> QuerySet[Student]:
    """The current members of a group, as far as this user may see them."""
    members = GroupMembership.objects.filter(group=group, ended_on__isnull=True)
    return students_visible_to(user).filter(pk__in=members.values("student_id"))


# --- Roles ------------------------------------------------------------------------


class RoleKind(StrEnum):
    ADMIN = "admin"
    MENTOR = "mentor"
    TEACHER = "teacher"
    CARE = "care"
    GUARDIAN = "guardian"
    STUDENT = "student"


# Staff roles first: a teacher who is also a parent lands on their work page by default.
_ROLE_ORDER = [
    RoleKind.ADMIN,
    RoleKind.MENTOR,
    RoleKind.CARE,
    RoleKind.TEACHER,
    RoleKind.GUARDIAN,
    RoleKind.STUDENT,
]


@dataclass(frozen=True)
class Role:
    kind: RoleKind
    school_id: int
    school_name: str

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.school_id}"


def roles_of(user: AnyUser | None) -> list[Role]:
    """Every role this user holds, at every school, staff roles first."""
    if not _is_user(user):
        return []
    found: set[Role] = set()
    staff_roles = StaffRole.objects.filter(staff_member__user=user).select_related("school")
    staff_kind = {
        StaffRoleKind.ADMINISTRATOR: RoleKind.ADMIN,
        StaffRoleKind.MENTOR: RoleKind.MENTOR,
        StaffRoleKind.TEACHER: RoleKind.TEACHER,
        StaffRoleKind.CARE_COORDINATOR: RoleKind.CARE,
    }
    for staff_role in staff_roles:
        found.add(
            Role(
                staff_kind[StaffRoleKind(staff_role.role)],
                staff_role.school_id,
                staff_role.school.name,
            )
        )
    links = StudentGuardian.objects.filter(guardian__user=user).select_related("school")
    for link in links:
        found.add(Role(RoleKind.GUARDIAN, link.school_id, link.school.name))
    student = Student.objects.filter(user=user).select_related("school").first()
    if student is not None:
        found.add(Role(RoleKind.STUDENT, student.school_id, student.school.name))
    return sorted(found, key=lambda role: (_ROLE_ORDER.index(role.kind), role.school_name))


def is_school_staff(user: AnyUser | None) -> bool:
    """Staff must use two-factor authentication; so must anyone who may use the admin site."""
    if not _is_user(user):
        return False
    return bool(user.is_staff or StaffMember.objects.filter(user=user).exists())


# --- Profiles and messaging ---------------------------------------------------------
# The child profile ("what works for my child") and the messages about a child. Imports
# are local: these apps' models import the roster, not this module.

if TYPE_CHECKING:
    from driehoek.messaging.models import Attachment, Thread
    from driehoek.profiles.models import FollowUpProposal, ProfileSection
    from driehoek.roster.models import Household


def _profile_section_rules(relations: frozenset[Relation]) -> Q:
    """Which sections of one child's profile a user reads, by their relations to the child.
    (An empty Q() would vanish in `|`, so "every section" is written pk__isnull=False.)"""
    rules = Q(pk__in=[])
    # Guardians (with the right to information) read every section, of every household.
    if Relation.GUARDIAN in relations:
        rules |= Q(pk__isnull=False)
    # The student reads what is shared about them, except what a parent marked
    # adults-only (always with a reason).
    if Relation.SELF in relations:
        rules |= Q(adults_only=False)
    # The mentor reads every section: every visibility includes the mentor.
    if Relation.MENTOR in relations:
        rules |= Q(pk__isnull=False)
    # A subject teacher reads what is shared with all teachers.
    if Relation.TEACHER in relations:
        rules |= Q(visibility="teachers")
    # The care coordinator (of an escalated child) reads what is for care or all teachers.
    if Relation.CARE in relations:
        rules |= Q(visibility__in=["care", "teachers"])
    # The administrator sees the roster only, never the profile: no rule.
    return rules


def profile_sections_visible_to(user: AnyUser | None, student: Student) -> QuerySet[ProfileSection]:
    """The sections of this child's profile the user may read."""
    from driehoek.profiles.models import ProfileSection

    relations = relations_to_student(user, student)
    return ProfileSection.objects.filter(_profile_section_rules(relations), student=student)


def can_view_profile_section(user: AnyUser | None, section: ProfileSection) -> bool:
    """Whether the user may read this section (the rules of `_profile_section_rules`)."""
    return profile_sections_visible_to(user, section.student).filter(pk=section.pk).exists()


def get_profile_section_for_user(user: AnyUser | None, section_id: int) -> ProfileSection:
    """The section, if this user may read it; otherwise 404."""
    from driehoek.profiles.models import ProfileSection

    try:
        section = ProfileSection.objects.select_related("student__school").get(pk=section_id)
    except (ProfileSection.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if not can_view_profile_section(user, section):
        raise Http404
    return section


def household_of_guardian(user: AnyUser | None, student: Student) -> Household | None:
    """The household through which this user is a guardian (with the right to information)
    of the child; None when they are not, or no household is recorded."""
    if not _is_user(user):
        return None
    link = (
        StudentGuardian.objects.filter(
            student=student, guardian__user=user, has_right_to_information=True
        )
        .select_related("household")
        .first()
    )
    return link.household if link else None


def can_write_profile(user: AnyUser | None, student: Student) -> bool:
    """Guardians write the profile for their household; at secondary school, the student too."""
    relations = relations_to_student(user, student)
    return Relation.GUARDIAN in relations or (
        Relation.SELF in relations and student.school.kind == "secondary"
    )


def can_edit_profile_section(user: AnyUser | None, section: ProfileSection) -> bool:
    """A section is edited by its own side: the household that wrote it, or the student."""
    relations = relations_to_student(user, section.student)
    if section.author_kind == "student":
        return Relation.SELF in relations and section.student.school.kind == "secondary"
    if Relation.GUARDIAN not in relations:
        return False
    if section.household_id is None:
        return section.created_by_id == user.pk  # type: ignore[union-attr]
    return StudentGuardian.objects.filter(
        student=section.student_id,
        guardian__user=user,
        household=section.household_id,
        has_right_to_information=True,
    ).exists()


def can_decide_follow_up(user: AnyUser | None, proposal: FollowUpProposal) -> bool:
    """The child's mentor accepts, adapts or dismisses a follow-up after a change at home."""
    return Relation.MENTOR in relations_to_student(user, proposal.student)


def follow_ups_for_mentor(user: AnyUser | None) -> QuerySet[FollowUpProposal]:
    """Open follow-up proposals about the children this user mentors."""
    from driehoek.profiles.models import FollowUpProposal, ProposalStatus

    mentees = students_by_relation(user, Relation.MENTOR)
    return FollowUpProposal.objects.filter(student__in=mentees, status=ProposalStatus.PROPOSED)


def threads_visible_to(user: AnyUser | None) -> QuerySet[Thread]:
    """Every message thread this user takes part in."""
    from django.db.models import Exists, OuterRef

    from driehoek.messaging.models import Thread, ThreadStaff

    if not _is_user(user):
        return Thread.objects.none()
    own_household = StudentGuardian.objects.filter(
        student=OuterRef("student"),
        household=OuterRef("household"),
        guardian__user=user,
        has_right_to_information=True,
    )
    staff_students = (
        students_by_relation(user, Relation.TEACHER)
        | students_by_relation(user, Relation.CARE)
        | students_by_relation(user, Relation.MENTOR)
    )
    return Thread.objects.filter(
        # A guardian reads the threads about their child meant for every household ...
        Q(household__isnull=True, student__in=students_by_relation(user, Relation.GUARDIAN))
        # ... and those meant for their own household only (separated parents).
        | Q(Exists(own_household))
        # The child's mentor reads every thread about the child (and sees its households).
        | Q(student__in=students_by_relation(user, Relation.MENTOR))
        # A teacher the mentor added reads that thread while they still teach the child.
        | Q(
            pk__in=ThreadStaff.objects.filter(user=user).values("thread_id"),
            student__in=staff_students.values("pk"),
        )
    )


def get_thread_for_user(user: AnyUser | None, thread_id: int) -> Thread:
    """The thread, if this user takes part in it; otherwise 404."""
    from django.core.exceptions import ObjectDoesNotExist

    try:
        return (
            threads_visible_to(user)
            .select_related("student__school", "household")
            .get(pk=thread_id)
        )
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404 from None


def can_view_thread(user: AnyUser | None, thread: Thread) -> bool:
    """Whether the user takes part in this thread."""
    return threads_visible_to(user).filter(pk=thread.pk).exists()


def can_start_thread(user: AnyUser | None, student: Student) -> bool:
    """A guardian (with the right to information) and the mentor start threads about a child."""
    return bool(relations_to_student(user, student) & {Relation.GUARDIAN, Relation.MENTOR})


def can_add_staff_to_thread(user: AnyUser | None, thread: Thread) -> bool:
    """Only the child's mentor adds teachers to a thread."""
    return Relation.MENTOR in relations_to_student(user, thread.student)


def staff_addable_to_thread(thread: Thread) -> QuerySet[StaffMember]:
    """The teachers who may be added to a thread: those who teach the child now."""
    taught = GroupMembership.objects.filter(
        student=thread.student_id, ended_on__isnull=True
    ).values("group_id")
    return StaffMember.objects.filter(
        school=thread.school_id, user__isnull=False, teaching_assignments__group_id__in=taught
    ).distinct()


def get_attachment_for_user(user: AnyUser | None, attachment_id: int) -> Attachment:
    """An attachment, if the user takes part in its thread; otherwise 404."""
    from driehoek.messaging.models import Attachment

    try:
        return Attachment.objects.select_related("message__thread").get(
            pk=attachment_id, message__thread__in=threads_visible_to(user)
        )
    except (Attachment.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def can_view_class_balance(user: AnyUser | None, group: Group) -> bool:
    """The balance of giving and receiving of a class's relations: for its mentor only."""
    return groups_mentored_by(user).filter(pk=group.pk).exists()


# --- Conversations ------------------------------------------------------------------
# Conversations, their preparation and record, agreements and parent evenings. Imports
# are local: the conversations app imports the roster, not this module. Administrators
# manage parent evenings but never read what was said: no conversation rule names them.

if TYPE_CHECKING:
    from driehoek.conversations.models import Agreement, Conversation, ParentEvening, Preparation


def conversations_visible_to(user: AnyUser | None) -> QuerySet[Conversation]:
    """The conversations a user may read, one rule a line."""
    from driehoek.conversations.models import Conversation

    if not _is_user(user):
        return Conversation.objects.none()
    return Conversation.objects.filter(
        # A guardian: their child's conversations, where they have the right to information.
        Q(student__in=students_by_relation(user, Relation.GUARDIAN).values("pk"))
        # The mentor: the conversations of their mentees.
        | Q(student__in=students_by_relation(user, Relation.MENTOR).values("pk"))
        # A staff member who takes part (a subject teacher at a parent evening).
        | Q(
            pk__in=Conversation.staff.through.objects.filter(staffmember__user=user).values(
                "conversation_id"
            )
        )
        # The student: the conversations they take part in.
        | Q(student__user=user, with_student=True)
    )


def get_conversation_for_user(user: AnyUser | None, conversation_id: int) -> Conversation:
    """The conversation, if this user may read it; otherwise 404."""
    from driehoek.conversations.models import Conversation

    try:
        return (
            conversations_visible_to(user)
            .select_related("student__school", "student__group")
            .get(pk=conversation_id)
        )
    except (Conversation.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def can_lead_conversation(user: AnyUser | None, conversation: Conversation) -> bool:
    """Phases, record and agreements are written by the child's mentor or a staff member
    who takes part."""
    if not _is_user(user):
        return False
    return (
        students_by_relation(user, Relation.MENTOR).filter(pk=conversation.student_id).exists()
        or conversation.staff.filter(user=user).exists()
    )


def conversation_side(user: AnyUser | None, conversation: Conversation) -> str | None:
    """Which side of the conversation this user prepares for: home, school or student."""
    if not _is_user(user):
        return None
    relations = relations_to_student(user, conversation.student)
    if Relation.GUARDIAN in relations:
        return "home"
    if can_lead_conversation(user, conversation):
        return "school"
    if Relation.SELF in relations and conversation.with_student:
        return "student"
    return None


def can_confirm_conversation_record(user: AnyUser | None, conversation: Conversation) -> bool:
    """The written record is confirmed by a guardian with the right to information."""
    return Relation.GUARDIAN in relations_to_student(user, conversation.student)


def preparations_visible_to(
    user: AnyUser | None, conversation: Conversation
) -> QuerySet[Preparation]:
    """A party's own preparation, and the others' once shared; unshared stays private."""
    from driehoek.conversations.models import Preparation

    if not _is_user(user):
        return Preparation.objects.none()
    return Preparation.objects.filter(conversation=conversation).filter(
        Q(author=user) | Q(shared=True)
    )


def agreements_visible_to(user: AnyUser | None) -> QuerySet[Agreement]:
    """Agreements about a child: for its guardians (with the right to information), its
    mentor, and the student themself."""
    from driehoek.conversations.models import Agreement

    if not _is_user(user):
        return Agreement.objects.none()
    return Agreement.objects.filter(
        Q(student__in=students_by_relation(user, Relation.GUARDIAN).values("pk"))
        | Q(student__in=students_by_relation(user, Relation.MENTOR).values("pk"))
        | Q(student__user=user)
    )


def get_agreement_for_user(user: AnyUser | None, agreement_id: int) -> Agreement:
    """The agreement, if this user may read it; otherwise 404."""
    from driehoek.conversations.models import Agreement

    try:
        return agreements_visible_to(user).select_related("student").get(pk=agreement_id)
    except (Agreement.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def can_manage_agreement(user: AnyUser | None, agreement: Agreement) -> bool:
    """The mentor keeps the agreements of their mentees up to date."""
    return students_by_relation(user, Relation.MENTOR).filter(pk=agreement.student_id).exists()


def evenings_managed_by(user: AnyUser | None) -> QuerySet[ParentEvening]:
    """An administrator manages the parent evenings of their own school."""
    from driehoek.conversations.models import ParentEvening

    return ParentEvening.objects.filter(school__in=schools_administered_by(user).values("pk"))


def evenings_visible_to(user: AnyUser | None) -> QuerySet[ParentEvening]:
    """Parent evenings a user sees, one rule a line."""
    from driehoek.conversations.models import EveningStatus, EveningTeacher, ParentEvening

    if not _is_user(user):
        return ParentEvening.objects.none()
    children = students_by_relation(user, Relation.GUARDIAN)
    return ParentEvening.objects.filter(
        # The administrators of the school.
        Q(school__in=schools_administered_by(user).values("pk"))
        # A guardian: published evenings of their children's school.
        | (Q(school__in=children.values("school_id")) & ~Q(status=EveningStatus.DRAFT))
        # A teacher who takes part.
        | Q(pk__in=EveningTeacher.objects.filter(staff_member__user=user).values("evening_id"))
    )


def get_evening_for_user(user: AnyUser | None, evening_id: int) -> ParentEvening:
    """The evening, if this user sees it; otherwise 404."""
    from driehoek.conversations.models import ParentEvening

    try:
        return evenings_visible_to(user).select_related("school").get(pk=evening_id)
    except (ParentEvening.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def can_manage_evening(user: AnyUser | None, evening: ParentEvening) -> bool:
    """Setting up and scheduling an evening: its school's administrators."""
    return evenings_managed_by(user).filter(pk=evening.pk).exists()


def evening_children_of(user: AnyUser | None, evening: ParentEvening) -> QuerySet[Student]:
    """The children a guardian may make requests or bookings for on this evening."""
    return students_by_relation(user, Relation.GUARDIAN).filter(school_id=evening.school_id)


# --- Triangle -----------------------------------------------------------------------

if TYPE_CHECKING:
    from driehoek.triangle.models import Response as TriangleResponse
    from driehoek.triangle.models import Round as TriangleRound

#: The relations in which someone answers the triangle check for a child, in the order
#: used when a user has several (a teacher who is also the child's parent answers as parent).
TRIANGLE_RESPONDENT_RELATIONS = (Relation.GUARDIAN, Relation.SELF, Relation.MENTOR)


def can_open_triangle_round_for_group(user: AnyUser | None, group: Group) -> bool:
    """A class's mentor, or an administrator of its school, may open a round for it."""
    return (
        groups_mentored_by(user).filter(pk=group.pk).exists()
        or schools_administered_by(user).filter(pk=group.school_id).exists()
    )


def can_open_triangle_round_for_school(user: AnyUser | None, school: School) -> bool:
    """Only an administrator opens a round for the whole school."""
    return schools_administered_by(user).filter(pk=school.pk).exists()


def triangle_rounds_managed_by(user: AnyUser | None) -> QuerySet[TriangleRound]:
    """Rounds a user follows as staff: of the classes they mentor (and school-wide rounds
    of those classes' schools), or of a school they administer."""
    from driehoek.triangle.models import Round

    if not _is_user(user):
        return Round.objects.none()
    mentored = groups_mentored_by(user)
    return Round.objects.filter(
        Q(group__in=mentored.values("pk"))
        | Q(group__isnull=True, school__in=mentored.values("school_id"))
        | Q(school__in=schools_administered_by(user).values("pk"))
    )


def get_triangle_round_to_manage(user: AnyUser | None, round_id: int) -> TriangleRound:
    """A round this user follows as staff; otherwise 404."""
    from driehoek.triangle.models import Round

    try:
        return triangle_rounds_managed_by(user).select_related("school", "group").get(pk=round_id)
    except (Round.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def triangle_respondent_relation(user: AnyUser | None, student: Student) -> Relation | None:
    """The relation in which this user answers the check about this child: a guardian
    with the right to information, the student themself, or their mentor. None: may not."""
    relations = relations_to_student(user, student)
    return next((r for r in TRIANGLE_RESPONDENT_RELATIONS if r in relations), None)


def can_view_triangle(user: AnyUser | None, student: Student) -> bool:
    """A child's triangle (sides, shape, explanation): its guardians with the right to
    information, the student, the mentor. Not teachers, care or administrators."""
    return bool(relations_to_student(user, student) & set(TRIANGLE_RESPONDENT_RELATIONS))


def triangle_students_visible_to(user: AnyUser | None) -> QuerySet[Student]:
    """The children whose triangle this user may see (same rule as can_view_triangle)."""
    if not _is_user(user):
        return Student.objects.none()
    return Student.objects.filter(
        Q(pk__in=students_by_relation(user, Relation.GUARDIAN).values("pk"))
        | Q(pk__in=students_by_relation(user, Relation.SELF).values("pk"))
        | Q(pk__in=students_by_relation(user, Relation.MENTOR).values("pk"))
    )


def triangle_responses_of(user: AnyUser | None) -> QuerySet[TriangleResponse]:
    """Raw answers are private to the one who gave them: a user sees only their own."""
    from driehoek.triangle.models import Response

    if not _is_user(user):
        return Response.objects.none()
    return Response.objects.filter(respondent=user)


# --- Involvement --------------------------------------------------------------------

if TYPE_CHECKING:
    from driehoek.involvement.models import Scan as InvolvementScan


def can_fill_involvement_scan(user: AnyUser | None, student: Student) -> bool:
    """A guardian with the right to information reflects on their own support of the child."""
    return Relation.GUARDIAN in relations_to_student(user, student)


def involvement_scans_visible_to(user: AnyUser | None) -> QuerySet[InvolvementScan]:
    """A scan is private to the guardian who filled it in (about their own child); the
    child's mentor sees it once that guardian shares it. Nobody else: not the other
    household, not teachers, care or administrators."""
    from driehoek.involvement.models import Scan

    if not _is_user(user):
        return Scan.objects.none()
    own_children = students_by_relation(user, Relation.GUARDIAN).values("pk")
    mentees = students_by_relation(user, Relation.MENTOR).values("pk")
    return Scan.objects.filter(
        # The guardian who filled it in, while they keep the right to information.
        Q(guardian=user, student__in=own_children)
        # The child's mentor, only what the guardian chose to share.
        | Q(shared_with_mentor=True, student__in=mentees)
    )


def get_involvement_scan_for_user(user: AnyUser | None, scan_id: int) -> InvolvementScan:
    """A scan this user may read; otherwise 404."""
    from driehoek.involvement.models import Scan

    try:
        return (
            involvement_scans_visible_to(user)
            .select_related("student", "student__school", "guardian")
            .get(pk=scan_id)
        )
    except (Scan.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_own_involvement_scan(user: AnyUser | None, scan_id: int) -> InvolvementScan:
    """A scan this user filled in and may change (answer, share, unshare); otherwise 404."""
    scan = get_involvement_scan_for_user(user, scan_id)
    if scan.guardian_id != getattr(user, "pk", None):
        raise Http404
    return scan


def can_use_parents_guide(user: AnyUser | None) -> bool:
    """The parents' guide and the "who leads?" helper: parents and school staff."""
    return any(role.kind != RoleKind.STUDENT for role in roles_of(user))


# --- Roster import ---

if TYPE_CHECKING:
    from driehoek.roster_import.models import ImportJob


def import_jobs_visible_to(user: AnyUser | None) -> QuerySet[ImportJob]:
    """Roster uploads and their reports: the administrators of the upload's school."""
    from driehoek.roster_import.models import ImportJob

    if not _is_user(user):
        return ImportJob.objects.none()
    return ImportJob.objects.filter(school_id__in=schools_administered_by(user).values("pk"))


def get_import_job_for_admin(user: AnyUser | None, job_id: int) -> ImportJob:
    """One roster upload of a school this user administers; otherwise 404."""
    from driehoek.roster_import.models import ImportJob

    try:
        return import_jobs_visible_to(user).select_related("school").get(pk=job_id)
    except (ImportJob.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


# --- Conversations: cancelling bookings -------------------------------------------------

if TYPE_CHECKING:
    import datetime as _datetime

    from driehoek.conversations.models import Booking


def bookings_visible_to(user: AnyUser | None) -> QuerySet[Booking]:
    """A family's own parent-evening bookings, and every booking of the evenings an
    administrator manages."""
    from driehoek.conversations.models import Booking

    if not _is_user(user):
        return Booking.objects.none()
    return Booking.objects.filter(Q(family=user) | Q(evening__in=evenings_managed_by(user)))


def get_booking_for_user(user: AnyUser | None, booking_id: int) -> Booking:
    """The booking, for its family or the administrators of its school; otherwise 404."""
    from driehoek.conversations.models import Booking

    try:
        return (
            bookings_visible_to(user).select_related("evening", "conversation").get(pk=booking_id)
        )
    except (Booking.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def can_cancel_booking(user: AnyUser | None, booking: Booking, *, now: _datetime.datetime) -> bool:
    """An administrator of the evening's school cancels any booking; the family its own,
    until the cut-off before the conversation (`conversations.cancelling`)."""
    from driehoek.conversations.cancelling import family_may_cancel

    if evenings_managed_by(user).filter(pk=booking.evening_id).exists():
        return True
    return booking.family_id == getattr(user, "pk", None) and family_may_cancel(
        starts_at=booking.conversation.starts_at, now=now
    )


# --- Signals ------------------------------------------------------------------------
# Reasons for a conversation drawn from imported school data (grades, attendance,
# homework). Imports are local: the signals app imports the roster, not this module.
# Administrators import the data and see school aggregates, never a child's signals.

if TYPE_CHECKING:
    from driehoek.signals.models import DataImportJob
    from driehoek.signals.models import Signal as SchoolSignal


def _signal_rules(user: AnyUser) -> Q:
    from django.db.models import Exists, OuterRef

    taught = TeachingAssignment.objects.filter(
        staff_member__user=user,
        group__memberships__student=OuterRef("student"),
        group__memberships__ended_on__isnull=True,
    ).filter(
        Q(subject__code__iexact=OuterRef("subject"))
        | Q(subject__name__iexact=OuterRef("subject"))
        | Q(subject__isnull=True, group__subject__code__iexact=OuterRef("subject"))
    )
    return (
        # The mentor: every signal of their mentees.
        Q(student__in=students_by_relation(user, Relation.MENTOR).values("pk"))
        # The care coordinator: every signal of the students escalated to them.
        | Q(student__in=students_by_relation(user, Relation.CARE).values("pk"))
        # A subject teacher: only signals about a subject they teach this student (never
        # the follow-up of a change at home, which the parents may have told the mentor only).
        | (Q(Exists(taught)) & ~Q(subject="") & ~Q(kind="life_event_follow_up"))
        # A guardian with the right to information: their own child's, where the school
        # shares signals with parents, and never the dismissed ones.
        | (
            Q(student__in=students_by_relation(user, Relation.GUARDIAN).values("pk"))
            & Q(school__signal_settings__share_with_guardians=True)
            & ~Q(status="dismissed")
        )
    )


def signals_visible_to(user: AnyUser | None) -> QuerySet[SchoolSignal]:
    from driehoek.signals.models import Signal

    if not _is_user(user):
        return Signal.objects.none()
    return Signal.objects.filter(_signal_rules(user))


def get_signal_for_user(user: AnyUser | None, signal_id: int) -> SchoolSignal:
    from driehoek.signals.models import Signal

    try:
        return (
            signals_visible_to(user)
            .select_related("student__school", "student__group")
            .get(pk=signal_id)
        )
    except (Signal.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def can_view_signals_of(user: AnyUser | None, student: Student) -> bool:
    """The signals page of a child: mentor, care, a subject teacher (filtered to their
    subjects), and guardians where the school shares signals. Never the student."""
    relations = relations_to_student(user, student)
    if relations & {Relation.MENTOR, Relation.TEACHER, Relation.CARE}:
        return True
    from driehoek.signals.models import SchoolSignalSettings

    return (
        Relation.GUARDIAN in relations
        and SchoolSignalSettings.objects.filter(
            school_id=student.school_id, share_with_guardians=True
        ).exists()
    )


def can_act_on_signal(user: AnyUser | None, signal: SchoolSignal) -> bool:
    """Dismissing, snoozing or turning a signal into a conversation: the child's mentor."""
    return students_by_relation(user, Relation.MENTOR).filter(pk=signal.student_id).exists()


def can_view_class_signals(user: AnyUser | None, group: Group) -> bool:
    """The class overview (signals, agreements, triangles, contacts): its mentor."""
    return groups_mentored_by(user).filter(pk=group.pk).exists()


def data_imports_visible_to(user: AnyUser | None) -> QuerySet[DataImportJob]:
    from driehoek.signals.models import DataImportJob

    return DataImportJob.objects.filter(school__in=schools_administered_by(user).values("pk"))


def get_data_import_for_admin(user: AnyUser | None, job_id: int) -> DataImportJob:
    from driehoek.signals.models import DataImportJob

    try:
        return data_imports_visible_to(user).select_related("school").get(pk=job_id)
    except (DataImportJob.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


# --- Care -----------------------------------------------------------------------------
# Care cases (escalations to the care coordinator), consent to share outside the school,
# the care team with external experts (guest accounts), the plan. Imports are local: the
# care app imports the roster, not this module. After closure only the care coordinator
# and the guardians see a case. A case withheld from the parents for child safety (the
# meldcode) is hidden from the guardians; its reason is for the care coordinator only.

if TYPE_CHECKING:
    from driehoek.care.models import CareCase, ConsentRequest


class CareView(StrEnum):
    """In which capacity a user reads a care case (the first that applies)."""

    COORDINATOR = "coordinator"
    MENTOR = "mentor"
    TEAM = "team"
    GUARDIAN = "guardian"
    GUEST = "guest"
    STUDENT = "student"


def _care_coordinator_school_ids(user: AnyUser) -> QuerySet[StaffRole]:
    return StaffRole.objects.filter(
        role=StaffRoleKind.CARE_COORDINATOR, staff_member__user=user
    ).values("school_id")


def _care_student_ids(user: AnyUser) -> QuerySet[Student]:
    """The students with a care case at a school where this user is care coordinator."""
    from driehoek.care.models import CareCase

    return CareCase.objects.filter(school_id__in=_care_coordinator_school_ids(user)).values(
        "student_id"
    )


def guest_case_ids(user: AnyUser | None) -> list[int]:
    """Open cases an external expert reads now: their access has not ended, and consent
    for their recipient holds at this moment (checked on every request)."""
    from django.utils import timezone

    from driehoek.care.consent_rules import guest_may_read
    from driehoek.care.models import MemberKind, TeamMember
    from driehoek.care.selectors import recipient_has_consent

    if not _is_user(user):
        return []
    today = timezone.localdate()
    members = TeamMember.objects.filter(
        user=user, kind=MemberKind.EXPERT, case__status="open"
    ).select_related("recipient")
    return [
        member.case_id
        for member in members
        if guest_may_read(
            access_ends_on=member.access_ends_on,  # type: ignore[arg-type]
            access_ended_early=member.ended_at is not None,
            today=today,
            consent_allows=recipient_has_consent(member.recipient),  # type: ignore[arg-type]
        )
    ]


def _care_rules(user: AnyUser) -> dict[CareView, Q]:
    """Each capacity as a filter on CareCase. One rule a line."""
    from driehoek.care.models import MemberKind, TeamMember

    team = TeamMember.objects.filter(user=user, ended_at__isnull=True).exclude(
        kind=MemberKind.EXPERT
    )
    return {
        # The care coordinator sees every case of their school, open or closed.
        CareView.COORDINATOR: Q(school_id__in=_care_coordinator_school_ids(user)),
        # The mentor sees open cases of their mentees and the cases they raised.
        CareView.MENTOR: Q(status="open")
        & (
            Q(student__in=students_by_relation(user, Relation.MENTOR).values("pk"))
            | Q(raised_by=user)
        ),
        # A staff member in the care team sees that open case.
        CareView.TEAM: Q(status="open", pk__in=team.values("case_id")),
        # Guardians with the right to information, unless withheld for child safety.
        CareView.GUARDIAN: Q(
            withheld_for_safety=False,
            student__in=students_by_relation(user, Relation.GUARDIAN).values("pk"),
        ),
        # An external expert: only their case, until access ends, while consent holds.
        CareView.GUEST: Q(pk__in=guest_case_ids(user)),
        # The student: the plan of an open case, when the coordinator shared it with them.
        CareView.STUDENT: Q(
            status="open",
            withheld_for_safety=False,
            student__user=user,
            plan__shared_with_student=True,
        ),
    }


def care_cases_visible_to(user: AnyUser | None) -> QuerySet[CareCase]:
    from driehoek.care.models import CareCase

    if not _is_user(user):
        return CareCase.objects.none()
    combined = Q(pk__in=[])
    for rule in _care_rules(user).values():
        combined |= rule
    return CareCase.objects.filter(combined)


def care_cases_by_view(user: AnyUser | None, view: CareView) -> QuerySet[CareCase]:
    from driehoek.care.models import CareCase

    if not _is_user(user):
        return CareCase.objects.none()
    return CareCase.objects.filter(_care_rules(user)[view])


def care_case_view(user: AnyUser | None, case: CareCase) -> CareView | None:
    """The capacity in which this user reads the case; None: not at all."""
    if not _is_user(user):
        return None
    from driehoek.care.models import CareCase

    for view, rule in _care_rules(user).items():
        if CareCase.objects.filter(rule, pk=case.pk).exists():
            return view
    return None


def get_care_case_for_user(user: AnyUser | None, case_id: int) -> CareCase:
    """The case, if this user may read it; otherwise 404."""
    from driehoek.care.models import CareCase

    try:
        return (
            care_cases_visible_to(user)
            .select_related("student__school", "student__group")
            .get(pk=case_id)
        )
    except (CareCase.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def can_escalate_to_care(user: AnyUser | None, student: Student) -> bool:
    """The mentor raises a care question about a mentee."""
    return Relation.MENTOR in relations_to_student(user, student)


def can_manage_care_case(user: AnyUser | None, case: CareCase) -> bool:
    """Team, consent requests, shares, meetings, plan, closure: the care coordinator of
    the school, while the case is open."""
    return case.is_open and care_case_view(user, case) == CareView.COORDINATOR


def can_record_parents_informed(user: AnyUser | None, case: CareCase) -> bool:
    """The mentor (or the coordinator) records when and how the parents were told."""
    return case.is_open and care_case_view(user, case) in (CareView.COORDINATOR, CareView.MENTOR)


def can_read_safety_records(user: AnyUser | None, case: CareCase) -> bool:
    """The child-safety reason (meldcode): the care coordinator only."""
    return care_case_view(user, case) == CareView.COORDINATOR


def consent_party_of(user: AnyUser | None, request: ConsentRequest) -> str | None:
    """The party in whose name this user answers a consent request: a guardian with the
    right to information ("guardian:<id>"), or the student themself ("student")."""
    if not _is_user(user):
        return None
    case = request.case
    if care_case_view(user, case) == CareView.GUARDIAN:
        link = StudentGuardian.objects.filter(
            student=case.student_id, guardian__user=user, has_right_to_information=True
        ).first()
        return f"guardian:{link.guardian_id}" if link else None
    own = case.student.user_id == user.pk  # type: ignore[union-attr]
    if own and case.is_open and not case.withheld_for_safety:
        from django.utils import timezone

        from driehoek.care.selectors import required_parties

        required = required_parties(case, on=timezone.localdate())
        if any(party.key == "student" for party in required):
            return "student"
    return None


def consent_requests_for_party(user: AnyUser | None) -> QuerySet[ConsentRequest]:
    """The consent requests a guardian or student may answer (the student's only count
    where the rules ask them; the page says so)."""
    from driehoek.care.models import ConsentRequest

    if not _is_user(user):
        return ConsentRequest.objects.none()
    return ConsentRequest.objects.filter(
        Q(case__in=care_cases_by_view(user, CareView.GUARDIAN).values("pk"))
        | Q(
            case__student__user=user,
            case__status="open",
            case__withheld_for_safety=False,
        )
    )


def get_consent_request_for_party(user: AnyUser | None, request_id: int) -> ConsentRequest:
    """A consent request this user answers; otherwise 404."""
    from driehoek.care.models import ConsentRequest

    try:
        request = (
            consent_requests_for_party(user)
            .select_related("case__student__school", "recipient")
            .get(pk=request_id)
        )
    except (ConsentRequest.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if consent_party_of(user, request) is None:
        raise Http404
    return request


def can_read_care_guides(user: AnyUser | None) -> bool:
    """The guides for care situations: parents and school staff."""
    return any(role.kind != RoleKind.STUDENT for role in roles_of(user))


# --- Privacy ----------------------------------------------------------------------------
# The download of "everything Driehoek holds about me and my child" (driehoek.privacy).
# The walk over the models is generic (privacy/collect.py): a row about a child must be
# about one of the requester's own children, and a row of a household or guardian record
# must be their own. The rules below narrow further what is private to someone else,
# following the rules above. Erasure, retention periods and the audit-log export are for
# the school's administrators (`get_school_for_admin`).

#: From this age a student exercises their own privacy rights (UAVG art. 5: 16 years);
#: from then on their own download includes who at school read their file.
PRIVACY_OWN_RIGHTS_AGE = 16


def privacy_export_students(user: AnyUser | None) -> QuerySet[Student]:
    """Whose data a user takes home: their children (with the right to information), and
    themself when they have an own student account."""
    if not _is_user(user):
        return Student.objects.none()
    rules = _student_rules(user)
    return Student.objects.filter(rules[Relation.GUARDIAN] | rules[Relation.SELF])


def privacy_export_rules(user: AnyUser, *, born_on_or_before: object) -> dict[str, Q]:
    """Per model ("app.Model"), which found rows a user's download may hold. One rule a
    line. `born_on_or_before`: the latest birth date of a student with own rights."""
    from driehoek.profiles.models import ProfileSection

    children = students_by_relation(user, Relation.GUARDIAN).values("pk")
    sections = Q(student__in=children) | Q(student__user=user, adults_only=False)
    nothing = Q(pk__in=[])
    return {
        # Guardians see only their own link to a child (not the other parent's restriction).
        "roster.StudentGuardian": Q(guardian__user=user),
        # Invitations and tokens: one's own only (never the ones one sent to others).
        "accounts.Invitation": Q(user=user),
        "accounts.ApiToken": Q(user=user),
        # Who read the child's file: the guardians; the student themself from 16.
        "audit.AuditEvent": Q(student__in=children)
        | Q(student__user=user, student__date_of_birth__lte=born_on_or_before)
        | Q(actor=user),
        # Threads the user takes part in: not the other household's own threads.
        "messaging.Thread": Q(pk__in=threads_visible_to(user).values("pk")),
        # Drafts and pending e-mails are private to their owner.
        "messaging.Draft": Q(user=user),
        "messaging.PendingNotification": Q(user=user),
        "profiles.SectionDraft": Q(user=user),
        # Profile sections as the app shows them (the student: not what is adults-only).
        "profiles.ProfileSection": sections,
        "profiles.FollowUpProposal": Q(
            section__in=ProfileSection.objects.filter(sections).values("pk")
        ),
        # An involvement scan is private to the parent who filled it in.
        "involvement.Scan": Q(guardian=user),
        # Raw triangle answers are private to the one who gave them.
        "triangle.Response": Q(respondent=user),
        # Conversations as the app shows them; preparations: one's own, and shared ones.
        "conversations.Conversation": Q(pk__in=conversations_visible_to(user).values("pk")),
        "conversations.Preparation": Q(author=user) | Q(shared=True),
        # Parent-evening wishes and bookings: the family's own (not the other household's).
        "conversations.EveningRequest": Q(family=user),
        "conversations.FamilyWindow": Q(family=user),
        "conversations.Booking": Q(family=user),
        # Signals as the app shows them (where the school shares them with parents).
        "signals.Signal": Q(pk__in=signals_visible_to(user).values("pk")),
        # Care cases the guardians see (never one withheld for child safety) ...
        "care.CareCase": Q(pk__in=care_cases_by_view(user, CareView.GUARDIAN).values("pk")),
        # ... and never the child-safety records or a guest's invitation.
        "care.SafetyRecord": nothing,
        "care.GuestInvitation": nothing,
    }


def can_download_own_data(user: AnyUser | None) -> bool:
    """Everyone with an account takes home what Driehoek holds about them."""
    return _is_user(user)


def erasable_students_of(user: AnyUser | None, school: School) -> QuerySet[Student]:
    """Students an administrator of the school may erase: those who left it."""
    if not schools_administered_by(user).filter(pk=school.pk).exists():
        return Student.objects.none()
    return Student.objects.filter(school=school, left_on__isnull=False)


def get_erasable_student_for_admin(
    user: AnyUser | None, school: School, student_id: int
) -> Student:
    """A departed student of a school this user administers; otherwise 404."""
    try:
        return erasable_students_of(user, school).get(pk=student_id)
    except (Student.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
