"""The triangle through the API: rounds, your own responses, a child's results.

Same rules as the pages, through driehoek.accounts.access: rounds you follow as staff or
that ask about your children (or you); your own answers only; a child's results for its
guardians with the right to information, the student and the mentor. 404 otherwise.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import ValidationError as PydanticValidationError

from driehoek.accounts import access
from driehoek.api.pagination import Pages
from driehoek.api.schemas import ErrorOut
from driehoek.roster.models import Group, GroupKind, School, Student
from driehoek.triangle import selectors, services
from driehoek.triangle.models import Response, Result, Round

router = Router(tags=["triangle"])


class RoundOut(Schema):
    id: int
    school_id: int
    group_id: int | None = Field(description="Null for a round for the whole school")
    title: str
    opens_on: datetime.date
    closes_on: datetime.date
    is_open: bool
    questionnaire_version: str

    @staticmethod
    def resolve_is_open(round: Round) -> bool:
        return round.is_open()


class ResponseOut(Schema):
    id: int
    round_id: int
    student_id: int
    role: str = Field(description="guardian, student or mentor")
    questionnaire: str
    submitted_at: datetime.datetime | None
    answers: dict[str, int] = Field(description="Your own answers, by item key (1-5)")

    @staticmethod
    def resolve_questionnaire(response: Response) -> str:
        return response.kind

    @staticmethod
    def resolve_answers(response: Response) -> dict[str, int]:
        return selectors.answers_of(response=response)


class ResultOut(Schema):
    round_id: int
    round_title: str
    shape: str
    growth_space: float | None = Field(description="0-1; 1 is an equilateral triangle")
    level: float | None = Field(description="Mean of the three pair scores, 1-5")
    scores: dict[str, float | None] = Field(description="Pair scores hs, hc, sc (1-5)")
    sides: dict[str, float] | None = Field(description="Side lengths: 7 - pair score")
    pattern: str
    loyalty_conflict: bool
    voices: list[str]

    @staticmethod
    def resolve_round_title(result: Result) -> str:
        return result.round.title

    @staticmethod
    def resolve_scores(result: Result) -> dict[str, float | None]:
        return {"hs": result.score_hs, "hc": result.score_hc, "sc": result.score_sc}


class AnswersIn(Schema):
    answers: dict[str, int] = Field(default_factory=dict, description="Item key to 1-5")
    submit: bool = Field(default=False, description="Hand the response in")
    as_child: bool = Field(
        default=False, description="A guardian entering the answers of a child without account"
    )


class RoundIn(Schema):
    title: str = Field(default="", max_length=120, description="Empty: 'Triangle check <month>'")
    opens_on: datetime.date | None = Field(default=None, description="Empty: today")
    closes_on: datetime.date | None = Field(default=None, description="Empty: 14 days later")


class RemindersOut(Schema):
    sent: int = Field(
        description="E-mails sent; 0 when everyone answered, the round is "
        "not open, or reminders already went out today"
    )


def _body(request: HttpRequest, schema: type[Schema]) -> Schema:
    """The optional JSON body, read after the access check (outsiders get 404 first)."""
    is_json = request.content_type == "application/json"
    return schema.model_validate_json(request.body if is_json and request.body else b"{}")


def _open(request: HttpRequest, *, school: School, group: Group | None) -> tuple[int, object]:
    try:
        payload = _body(request, RoundIn)
    except PydanticValidationError as error:
        return Status(400, {"detail": str(error.errors()[0].get("msg", "invalid body"))})
    opens_on = payload.opens_on or timezone.localdate()  # type: ignore[attr-defined]
    closes_on = payload.closes_on or opens_on + datetime.timedelta(days=14)  # type: ignore[attr-defined]
    try:
        round = services.open_round(
            opened_by=request.user,  # type: ignore[arg-type]
            school=school,
            group=group,
            title=payload.title.strip()  # type: ignore[attr-defined]
            or _("Triangle check %(month)s") % {"month": date_format(opens_on, "F Y")},
            opens_on=opens_on,
            closes_on=closes_on,
        )
    except ValidationError as error:
        return Status(400, {"detail": " ".join(error.messages)})
    return Status(201, round)


_ROUND_BODY = {
    "requestBody": {
        "content": {"application/json": {"schema": RoundIn.model_json_schema()}},
        "required": False,
    }
}


@router.post(
    "/groups/{group_id}/rounds",
    response={201: RoundOut, 400: ErrorOut, 404: ErrorOut},
    url_name="triangle_open_group_round",
    openapi_extra=_ROUND_BODY,
)
def open_group_round(request: HttpRequest, group_id: int) -> tuple[int, object]:
    """Open a round for a class (its mentor or a school administrator). Everyone asked
    gets an e-mail once the round is open. Optional JSON body: RoundIn."""
    group = access.get_group_for_user(request.user, group_id)
    if group.kind != GroupKind.CLASS or not access.can_open_triangle_round_for_group(
        request.user, group
    ):
        raise Http404
    return _open(request, school=group.school, group=group)


@router.post(
    "/schools/{school_id}/rounds",
    response={201: RoundOut, 400: ErrorOut, 404: ErrorOut},
    url_name="triangle_open_school_round",
    openapi_extra=_ROUND_BODY,
)
def open_school_round(request: HttpRequest, school_id: int) -> tuple[int, object]:
    """Open a round for every class of the school (administrators only)."""
    school = access.get_school_for_admin(request.user, school_id)
    if not access.can_open_triangle_round_for_school(request.user, school):
        raise Http404
    return _open(request, school=school, group=None)


@router.post(
    "/rounds/{round_id}/close",
    response={200: RoundOut, 404: ErrorOut},
    url_name="triangle_round_close",
)
def close_round(request: HttpRequest, round_id: int) -> Round:
    """Close a round now (its mentor or a school administrator); answers are then final."""
    round = access.get_triangle_round_to_manage(request.user, round_id)
    services.close_round(round=round)
    return round


@router.post(
    "/rounds/{round_id}/remind",
    response={200: RemindersOut, 404: ErrorOut},
    url_name="triangle_round_remind",
)
def remind_round(request: HttpRequest, round_id: int) -> dict[str, int]:
    """Remind everyone who has not handed in yet (at most once a day)."""
    round = access.get_triangle_round_to_manage(request.user, round_id)
    return {"sent": services.send_reminders(round=round)}


def _rounds_visible(request: HttpRequest) -> QuerySet[Round]:
    students = access.triangle_students_visible_to(request.user)
    managed = access.triangle_rounds_managed_by(request.user)
    return Round.objects.filter(
        Q(pk__in=managed.values("pk"))
        | Q(pk__in=selectors.rounds_covering(students=students).values("pk"))
    )


@router.get("/rounds", response=list[RoundOut], url_name="triangle_round_list")
@paginate(Pages)
def list_rounds(request: HttpRequest) -> QuerySet[Round]:
    """Rounds you follow as staff, and rounds that ask about your children or you."""
    return _rounds_visible(request).order_by("-opens_on", "-pk")


@router.get(
    "/rounds/{round_id}", response={200: RoundOut, 404: ErrorOut}, url_name="triangle_round"
)
def get_round(request: HttpRequest, round_id: int) -> Round:
    try:
        return _rounds_visible(request).get(pk=round_id)
    except Round.DoesNotExist:
        raise Http404 from None


@router.get("/responses", response=list[ResponseOut], url_name="triangle_my_responses")
@paginate(Pages)
def my_responses(request: HttpRequest) -> QuerySet[Response]:
    """Your own responses with your answers. Nobody else's answers are ever shown."""
    return access.triangle_responses_of(request.user).order_by("-round__opens_on", "pk")


@router.post(
    "/rounds/{round_id}/students/{student_id}/answers",
    response={200: ResponseOut, 400: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    url_name="triangle_answer",
    openapi_extra={
        "requestBody": {
            "content": {"application/json": {"schema": AnswersIn.model_json_schema()}},
            "required": False,
        }
    },
)
def answer(request: HttpRequest, round_id: int, student_id: int) -> tuple[int, object]:
    """Save answers (any number; each replaces an earlier answer to the same item) and,
    with `submit`, hand the response in. The body is optional JSON (AnswersIn); it is
    read after the access check, so an outsider gets 404 whatever they send."""
    student = access.get_student_for_user(request.user, student_id)
    if access.triangle_respondent_relation(request.user, student) is None:
        raise Http404
    round = Round.objects.filter(pk=round_id, school_id=student.school_id).first()
    if round is None or not selectors.round_covers(round=round, student=student):
        raise Http404
    try:
        is_json = request.content_type == "application/json"
        payload = AnswersIn.model_validate_json(request.body if is_json and request.body else b"{}")
    except PydanticValidationError as error:
        return Status(400, {"detail": str(error.errors()[0].get("msg", "invalid body"))})
    try:
        response = services.start_response(
            round=round,
            student=student,
            user=request.user,  # type: ignore[arg-type]
            as_child=payload.as_child,
        )
        for item, value in payload.answers.items():
            services.save_answer(response=response, item=item, value=value)
        if payload.submit:
            services.submit_response(response=response)
    except services.RoundClosed:
        return Status(409, {"detail": "This round is closed."})
    except PermissionError:
        raise Http404 from None
    except KeyError as error:
        return Status(400, {"detail": f"Unknown item: {error.args[0]}"})
    except ValidationError as error:
        return Status(400, {"detail": " ".join(error.messages)})
    response.refresh_from_db()
    return Status(200, response)


@router.get(
    "/students/{student_id}/results",
    response={200: list[ResultOut], 404: ErrorOut},
    url_name="triangle_student_results",
)
def student_results(request: HttpRequest, student_id: int) -> list[Result]:
    """A child's triangles, oldest round first: sides and shape, never anyone's answers."""
    student: Student = access.get_student_for_user(request.user, student_id)
    if not access.can_view_triangle(request.user, student):
        raise Http404
    return list(selectors.results_of(student=student))
