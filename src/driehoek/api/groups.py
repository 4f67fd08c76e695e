"""Groups (classes and lesson groups) a user may see, and their visible members."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router
from ninja.pagination import paginate

from driehoek.accounts import access
from driehoek.api.pagination import Pages
from driehoek.api.schemas import ErrorOut, GroupDetailOut, GroupOut, StudentOut
from driehoek.roster.models import Group

router = Router(tags=["groups"])


@router.get("", response=list[GroupOut], url_name="group_list")
@paginate(Pages)
def list_groups(request: HttpRequest) -> QuerySet[Group]:
    """The groups you mentor, teach or (as administrator) run."""
    return (
        access.groups_visible_to(request.user)
        .select_related("school_year")
        .order_by("school_year__starts_on", "year_level", "name", "pk")
    )


@router.get("/{group_id}", response={200: GroupDetailOut, 404: ErrorOut}, url_name="group_detail")
def get_group(request: HttpRequest, group_id: int) -> GroupDetailOut:
    """One group with the current members you may see."""
    group = access.get_group_for_user(request.user, group_id)
    students = (
        access.students_in_group_visible_to(request.user, group)
        .select_related("group")
        .order_by("last_name", "first_name", "pk")
    )
    return GroupDetailOut(
        **GroupOut.from_orm(group).model_dump(),
        students=[StudentOut.from_orm(student) for student in students],
    )
