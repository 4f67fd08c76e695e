"""The caller: who they are and the roles they hold."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from driehoek.accounts import access
from driehoek.api.schemas import MeOut, RoleOut, UserOut

router = Router(tags=["me"])


@router.get("", response=MeOut, url_name="me")
def me(request: HttpRequest) -> MeOut:
    """Your account and every role you hold, staff roles first."""
    user = request.user
    return MeOut(
        user=UserOut.from_orm(user),
        roles=[
            RoleOut(
                kind=str(role.kind),
                school_id=role.school_id,
                school_name=role.school_name,
                key=role.key,
            )
            for role in access.roles_of(user)
        ],
    )
