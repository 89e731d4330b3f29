"""The rate-card admin: clone, edit the copy, activate it; frozen cards never change."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib import admin, messages
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from estimator import snapshot
from estimator.models import RateCard

CHANGELIST = "admin:estimator_ratecard_changelist"


@pytest.fixture(autouse=True)
def _forget_parsed_rate_cards(monkeypatch):
    # Card ids are reused once a test's transaction is rolled back, and the loader keeps parsed
    # cards by id for the life of the process.
    monkeypatch.setattr(snapshot, "_rates_by_card", {})


@pytest.fixture
def active_card() -> RateCard:
    return RateCard.objects.get(is_active=True)


@pytest.fixture
def draft_card(active_card) -> RateCard:
    return active_card.clone()


def change_url(card: RateCard) -> str:
    return reverse("admin:estimator_ratecard_change", args=[card.pk])


def run_action(client, action: str, *cards: RateCard, **extra: str):
    data = {"action": action, "_selected_action": [card.pk for card in cards], **extra}
    return client.post(reverse(CHANGELIST), data)


def messages_of(response) -> list[tuple[int, str]]:
    return [(message.level, str(message)) for message in get_messages(response.wsgi_request)]


def submitted_data(page) -> dict[str, str]:
    """The change form of `page` as a browser would post it back, unchanged."""
    forms = [page.context["adminform"].form]
    for inline in page.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    data = {}
    for form in forms:
        for field in form:
            value = field.value()
            if value is True:
                data[field.html_name] = "on"
            elif value is not False:
                data[field.html_name] = "" if value is None else str(value)
    return data


def rate_form(page, key: str):
    """The inline form of the rate `key` on a rate card's change page."""
    for inline in page.context["inline_admin_formsets"]:
        if inline.formset.prefix == "rates":
            for form in inline.formset.forms:
                if form.instance.key == key:
                    return form
    raise LookupError(key)


def post_rate_change(client, card: RateCard, key: str, **values: str):
    page = client.get(change_url(card))
    data = submitted_data(page)
    form = rate_form(page, key)
    data.update({form.add_prefix(name): value for name, value in values.items()})
    return client.post(change_url(card), data)


def history(card: RateCard) -> list[int]:
    content_type = ContentType.objects.get_for_model(RateCard)
    entries = LogEntry.objects.filter(content_type=content_type, object_id=str(card.pk))
    return sorted(entries.values_list("action_flag", flat=True))


# --- Smoke ------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "model_admin",
    admin.site._registry.values(),
    ids=lambda model_admin: model_admin.opts.label_lower,
)
def test_every_changelist_and_add_page_opens(admin_client, rf, admin_user, model_admin):
    info = (model_admin.opts.app_label, model_admin.opts.model_name)
    assert admin_client.get(reverse("admin:{}_{}_changelist".format(*info))).status_code == 200
    request = rf.get("/admin/")
    request.user = admin_user
    # Read-only logs (django-axes' access attempts) refuse adding, by design.
    expected = 200 if model_admin.has_add_permission(request) else 403
    assert admin_client.get(reverse("admin:{}_{}_add".format(*info))).status_code == expected


@pytest.mark.django_db
def test_the_active_card_opens_as_a_read_only_view(admin_client, active_card):
    response = admin_client.get(change_url(active_card))

    assert response.status_code == 200
    assert response.context["has_change_permission"] is False
    assert b'name="_save"' not in response.content
    assert b'name="_continue"' not in response.content
    for inline in response.context["inline_admin_formsets"]:
        assert not inline.has_add_permission
        assert not inline.has_change_permission
        assert not inline.has_delete_permission
    assert [level for level, _text in messages_of(response)] == [messages.INFO]


@pytest.mark.django_db
def test_rows_of_a_frozen_card_cannot_be_added_changed_or_deleted(
    rf, admin_user, active_card, draft_card
):
    # Django already locks inlines under a read-only parent; the inlines refuse on their own too.
    request = rf.get("/")
    request.user = admin_user
    card_admin = admin.site.get_model_admin(RateCard)
    for inline in card_admin.get_inline_instances(request, active_card):
        assert not inline.has_add_permission(request, active_card)
        assert not inline.has_change_permission(request, active_card)
        assert not inline.has_delete_permission(request, active_card)
        assert inline.has_view_permission(request, active_card)
    for inline in card_admin.get_inline_instances(request, draft_card):
        assert inline.has_add_permission(request, draft_card)
        assert inline.has_change_permission(request, draft_card)
        assert inline.has_delete_permission(request, draft_card)


@pytest.mark.django_db
def test_a_draft_card_opens_as_an_editable_form(admin_client, draft_card):
    response = admin_client.get(change_url(draft_card))

    assert response.status_code == 200
    assert b'name="_save"' in response.content
    assert all(inline.has_change_permission for inline in response.context["inline_admin_formsets"])


# --- Acceptance: clone, edit, activate --------------------------------------------------------


@pytest.mark.django_db
def test_an_admin_changes_the_rpm_by_cloning_editing_and_activating(admin_client, active_card):
    old_snapshot = active_card.snapshot

    response = run_action(admin_client, "clone_card", active_card)
    copy = RateCard.objects.get(cloned_from=active_card)
    assert response.status_code == 302
    assert [(level, change_url(copy) in text) for level, text in messages_of(response)] == [
        (messages.SUCCESS, True)
    ]
    assert copy.rates.count() == active_card.rates.count()

    response = post_rate_change(admin_client, copy, "rpm", expected="1.10")
    assert response.status_code == 302, response.context["errors"]
    admin_client.get(response.url)  # the browser follows, and shows "changed successfully"

    response = run_action(admin_client, "activate_card", copy)
    assert [level for level, _text in messages_of(response)] == [messages.SUCCESS]

    assert snapshot.load_active_rates().rates["rpm"].expected == Decimal("1.10")
    copy.refresh_from_db()
    assert copy.is_active and copy.is_frozen
    active_card.refresh_from_db()
    assert not active_card.is_active
    assert active_card.rates.get(key="rpm").expected == Decimal("1.00")
    assert active_card.snapshot == old_snapshot
    assert history(copy) == [ADDITION, CHANGE, CHANGE]  # cloned, edited, activated
    assert history(active_card) == [CHANGE]  # deactivated


@pytest.mark.django_db
def test_a_frozen_card_can_be_cloned_from_its_own_page(admin_client, active_card):
    response = admin_client.post(
        change_url(active_card),
        {"CHANGE_FORM-action": "clone_card", "_selected_action": active_card.pk},
    )

    assert response.status_code == 302
    assert RateCard.objects.filter(cloned_from=active_card).count() == 1


# --- Validation -------------------------------------------------------------------------------


@pytest.mark.slow  # over a second (README: the fast tier)
@pytest.mark.django_db
def test_a_rate_with_low_above_expected_is_refused(admin_client, draft_card):
    response = post_rate_change(admin_client, draft_card, "rpm", low="1.10")

    assert response.status_code == 200
    assert rate_form(response, "rpm").non_field_errors()
    assert draft_card.rates.get(key="rpm").low == Decimal("0.40")


@pytest.mark.slow  # over a second (README: the fast tier)
@pytest.mark.django_db
def test_a_share_above_one_is_refused(admin_client, draft_card):
    response = post_rate_change(admin_client, draft_card, "qualified_share", high="1.50")

    assert response.status_code == 200
    assert rate_form(response, "qualified_share").non_field_errors()
    assert draft_card.rates.get(key="qualified_share").high == Decimal("1.00")


@pytest.mark.slow  # over a second (README: the fast tier)
@pytest.mark.django_db
def test_a_negative_amount_is_refused(admin_client, draft_card):
    response = post_rate_change(admin_client, draft_card, "ugc_price", low="-1")

    assert response.status_code == 200
    assert "low" in rate_form(response, "ugc_price").errors
    assert draft_card.rates.get(key="ugc_price").low == Decimal("150")


@pytest.mark.slow  # over a second (README: the fast tier)
@pytest.mark.django_db
def test_a_refused_rate_saves_nothing_else_of_the_form(admin_client, draft_card):
    page = admin_client.get(change_url(draft_card))
    data = submitted_data(page)
    data["name"] = "Renamed"
    data[rate_form(page, "rpm").add_prefix("expected")] = "1.10"
    data[rate_form(page, "ugc_price").add_prefix("low")] = "-1"

    response = admin_client.post(change_url(draft_card), data)

    assert response.status_code == 200
    draft_card.refresh_from_db()
    assert draft_card.name != "Renamed"
    assert draft_card.rates.get(key="rpm").expected == Decimal("1.00")


@pytest.mark.django_db
def test_a_change_posted_to_a_frozen_card_is_refused(admin_client, active_card):
    rpm = active_card.rates.get(key="rpm")
    data = {
        "name": "Changed",
        "rates-TOTAL_FORMS": "1",
        "rates-INITIAL_FORMS": "1",
        "rates-0-id": rpm.pk,
        "rates-0-card": active_card.pk,
        "rates-0-expected": "9",
    }

    response = admin_client.post(change_url(active_card), data)

    assert response.status_code == 403
    active_card.refresh_from_db()
    assert active_card.name != "Changed"
    assert active_card.rates.get(key="rpm").expected == Decimal("1.00")
    assert history(active_card) == []


@pytest.mark.django_db
def test_the_active_card_cannot_be_deleted_from_its_page(admin_client, active_card):
    delete_url = reverse("admin:estimator_ratecard_delete", args=[active_card.pk])

    assert admin_client.get(delete_url).status_code == 403
    assert admin_client.post(delete_url, {"post": "yes"}).status_code == 403
    assert RateCard.objects.filter(pk=active_card.pk, is_active=True).exists()


@pytest.mark.django_db
def test_the_active_card_cannot_be_deleted_with_the_delete_action(admin_client, active_card):
    response = run_action(admin_client, "delete_selected", active_card, post="yes")

    assert [level for level, _text in messages_of(response)] == [messages.ERROR]
    assert RateCard.objects.filter(pk=active_card.pk, is_active=True).exists()
    assert active_card.rates.count() == 8


@pytest.mark.django_db
def test_a_draft_card_can_be_deleted(admin_client, draft_card):
    run_action(admin_client, "delete_selected", draft_card, post="yes")

    assert not RateCard.objects.filter(pk=draft_card.pk).exists()


# --- Activation -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_activating_two_cards_at_once_is_refused(admin_client, active_card, draft_card):
    response = run_action(admin_client, "activate_card", active_card, draft_card)

    assert [level for level, _text in messages_of(response)] == [messages.ERROR]
    assert list(RateCard.objects.active()) == [active_card]
    draft_card.refresh_from_db()
    assert draft_card.activated_at is None
    assert history(draft_card) == []


def _without_rpm(card: RateCard) -> None:
    card.rates.filter(key="rpm").delete()


def _without_france(card: RateCard) -> None:
    card.countries.filter(code="FR").delete()


def _without_general_niche(card: RateCard) -> None:
    card.niches.filter(slug="general").delete()


def _without_exchange_rates(card: RateCard) -> None:
    card.exchange_rates.all().delete()


def _without_creator_rewards_rule(card: RateCard) -> None:
    card.eligibility_rules.filter(source_key="creator_rewards").delete()


def _with_a_share_above_one(card: RateCard) -> None:
    # Written around the admin's validation, as a script or a shell session could.
    card.rates.filter(key="qualified_share").update(high=Decimal("1.5"))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "break_card",
    [
        _without_rpm,
        _without_france,
        _without_general_niche,
        _without_exchange_rates,
        _without_creator_rewards_rule,
        _with_a_share_above_one,
    ],
    ids=lambda function: function.__name__.lstrip("_"),
)
def test_an_incomplete_card_is_not_activated(admin_client, active_card, draft_card, break_card):
    break_card(draft_card)

    response = run_action(admin_client, "activate_card", draft_card)

    assert [level for level, _text in messages_of(response)] == [messages.ERROR]
    assert list(RateCard.objects.active()) == [active_card]
    draft_card.refresh_from_db()
    assert draft_card.activated_at is None
    assert draft_card.snapshot is None


@pytest.mark.django_db
def test_an_untouched_copy_can_be_activated(admin_client, draft_card):
    run_action(admin_client, "activate_card", draft_card)

    assert list(RateCard.objects.active()) == [draft_card]


# --- Query counts -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_card_list_needs_as_many_queries_for_five_cards_as_for_one(admin_client, active_card):
    url = reverse(CHANGELIST)
    admin_client.get(url)  # session, user and content types are loaded once
    with CaptureQueriesContext(connection) as one_card:
        assert admin_client.get(url).context["cl"].result_count == 1
    for _copy in range(4):
        active_card.clone()

    with CaptureQueriesContext(connection) as five_cards:
        assert admin_client.get(url).context["cl"].result_count == 5

    assert len(five_cards) == len(one_card)


@pytest.mark.django_db
def test_the_refusal_names_what_is_missing(admin_client, active_card, draft_card):
    draft_card.niches.filter(slug="general").delete()

    response = run_action(admin_client, "activate_card", draft_card)

    [(level, text)] = messages_of(response)
    assert level == messages.ERROR
    assert "general" in text
    assert list(RateCard.objects.active()) == [active_card]
