"""Every model that holds personal data says which kind of data it is (retention.py)."""

from __future__ import annotations

from driehoek.privacy import classification, kinds


def test_every_model_with_personal_data_is_classified():
    missing = classification.unclassified_personal_models()
    assert not missing, (
        "These models hold personal data (a foreign-key path to a user, guardian, "
        "household or student) but no retention.py says which kind of data they are. "
        "Add each to RETENTION in <app>/retention.py (see driehoek.privacy.kinds): "
        + ", ".join(missing)
    )


def test_every_rule_names_a_known_kind_and_a_real_date_field():
    for model, rule in classification.rules().items():
        assert rule.kind in kinds.BY_KEY, model
        if rule.date_field:
            model._meta.get_field(rule.date_field)


def test_personal_data_is_found_through_foreign_keys():
    from driehoek.roster.models import School, Subject
    from driehoek.triangle.models import Answer

    assert classification.holds_personal_data(Answer)  # Answer → Response → Student
    assert not classification.holds_personal_data(Subject)
    assert not classification.holds_personal_data(School)


def test_rows_removed_by_age_find_their_school():
    from driehoek.messaging.models import PendingNotification
    from driehoek.profiles.models import ProfileSectionVersion

    assert classification.school_path(ProfileSectionVersion) == "section__school"
    assert classification.school_path(PendingNotification) == "message__thread__school"


def test_the_kinds_are_sane():
    for kind in kinds.KINDS:
        if kind.days is not None:
            assert kind.min_days <= kind.days <= kind.max_days
    assert kinds.default_days(kinds.AUDIT) >= 5 * 365
    assert kinds.clamp_days(kinds.AUDIT, 10) == 365
