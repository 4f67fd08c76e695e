from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from driehoek.accounts.access import get_school_for_admin


@login_required
def school_overview(request: HttpRequest, school_id: int) -> HttpResponse:
    school = get_school_for_admin(request.user, school_id)
    return render(request, "roster/school.html", {"school": school})
