"""What the API shows of each object: explicit fields only, never hashes or tokens.

Fields are listed one by one (no `fields = "__all__"`), so a new model column is not
published by accident. Schemas are built from model objects (`from_orm`); detail views
add their extra parts explicitly, so no schema decides what a user may see.
"""

from __future__ import annotations

import datetime

from ninja import Field, Schema

from driehoek.audit.models import AuditEvent


class RoleOut(Schema):
    kind: str = Field(description="admin, mentor, teacher, care, guardian or student")
    school_id: int
    school_name: str
    key: str = Field(description="Stable key of the role, e.g. 'guardian:3'")


class UserOut(Schema):
    id: int
    email: str
    display_name: str
    language: str


class MeOut(Schema):
    user: UserOut
    roles: list[RoleOut]


class GroupRef(Schema):
    id: int
    name: str


class StudentOut(Schema):
    id: int
    school_id: int
    student_number: str
    first_name: str
    infix: str
    last_name: str
    full_name: str
    group: GroupRef | None = Field(description="The student's current class")


class GuardianOut(Schema):
    id: int
    first_name: str
    infix: str
    last_name: str
    full_name: str
    relation: str
    email: str
    phone: str


class StudentDetailOut(StudentOut):
    date_of_birth: datetime.date | None  # real exports often omit it
    left_on: datetime.date | None
    guardians: list[GuardianOut] | None = Field(
        description="The child's guardians; null when you may not see their contact details"
    )


class SchoolYearRef(Schema):
    id: int
    name: str = Field(description="e.g. 2026-2027")


class GroupOut(Schema):
    id: int
    school_id: int
    name: str
    kind: str
    year_level: int | None
    year_level_to: int | None
    track: str
    school_year: SchoolYearRef


class GroupDetailOut(GroupOut):
    students: list[StudentOut] = Field(description="Current members you may see")


class AccessLogEntryOut(Schema):
    at: datetime.datetime
    actor: str = Field(description="Who read the record, as they were named when they read it")
    actor_role: str = Field(description="In what role: mentor, teacher, care or admin")
    action: str
    action_label: str

    @staticmethod
    def resolve_actor(event: AuditEvent) -> str:
        return event.actor_label

    @staticmethod
    def resolve_action_label(event: AuditEvent) -> str:
        return str(event.get_action_display())


class ErrorOut(Schema):
    detail: str
