"""Each revenue source is declared once, in the engine's registry, and every part of the
project that lists sources reads it: none spells the sources again (read with ``ast``), and each
one's set of sources is the registry's."""

from __future__ import annotations

import ast
import dataclasses
import datetime
import re
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import translation

from creators.models import COUNT_FIELDS, REVENUE_FIELDS, MonthlyStat
from creators.progress import MonthPoint, progress
from estimator import calculations as calc
from estimator import own_rates, presentation
from estimator.admin import CountryInline, EligibilityRuleInline
from estimator.diversification import TIKTOK_PROGRAMMES, SourceAmount, diversification
from estimator.forms import EstimateForm
from estimator.models import Country, EligibilityRule
from tests.estimator.rates_factory import make_rates

ROOT = Path(__file__).resolve().parent.parent.parent
KEYS = frozenset(calc.SOURCE_KEYS)
# Where sources may be named one by one: the registry and the per-source estimate functions.
DECLARED_IN = {
    Path("estimator/calculations/registry.py"),
    Path("estimator/calculations/sources.py"),
}


def project_modules() -> list[Path]:
    return sorted(
        path.relative_to(ROOT)
        for package in ("config", "creators", "estimator")
        for path in (ROOT / package).rglob("*.py")
        if "migrations" not in path.parts
    )


def source_lists(code: str) -> list[int]:
    """Lines of the tuples, lists, sets, dicts and classes (choices) that spell two source keys
    or more (a per-source table), and of the functions that compare a value with two source
    keys or more (a per-source branch)."""
    found = []
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Tuple | ast.List | ast.Set | ast.Dict | ast.ClassDef):
            named = {
                constant.value
                for constant in ast.walk(node)
                if isinstance(constant, ast.Constant) and constant.value in KEYS
            }
        elif isinstance(node, ast.FunctionDef):
            named = {
                constant.value
                for compare in ast.walk(node)
                if isinstance(compare, ast.Compare)
                for constant in compare.comparators
                if isinstance(constant, ast.Constant) and constant.value in KEYS
            }
        else:
            continue
        if len(named) >= 2:
            found.append(node.lineno)
    return found


def test_the_checker_finds_a_table_and_a_branch_of_source_keys():
    assert source_lists('PROGRAMMES = ("creator_rewards", "tiktok_shop")') == [1]
    assert source_lists('LABELS = {"ugc": "UGC", "affiliate": "Links"}') == [1]
    choices = 'class Key(TextChoices):\n    UGC = "ugc", "UGC"\n    SHOP = "tiktok_shop", "Shop"\n'
    assert source_lists(choices) == [1]
    branch = 'def f(source):\n    if source == "ugc":\n        return 1\n    if source == "affiliate":\n        return 2\n'  # noqa: E501
    assert source_lists(branch) == [1]
    assert source_lists('breakdown.source("ugc")\nbest = "ugc" if price else None') == []


def test_no_module_but_the_registry_spells_a_list_of_source_keys():
    offenders = {
        str(path): lines
        for path in project_modules()
        if path not in DECLARED_IN
        for lines in [source_lists((ROOT / path).read_text())]
        if lines
    }
    assert offenders == {}


def test_no_template_tests_a_source_key_against_another():
    pattern = re.compile(r"\{%[^%]*%\}")
    offenders = [
        f"{path.relative_to(ROOT)}: {tag}"
        for path in (ROOT / "templates").rglob("*.html")
        for tag in pattern.findall(path.read_text())
        if len({key for key in KEYS if f'"{key}"' in tag or f"'{key}'" in tag}) >= 2
    ]
    assert offenders == []


def test_the_engine_imports_the_standard_library_only():
    imported = set()
    for path in (ROOT / "estimator/calculations").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module.split(".")[0])
    # estimator: the engine's own modules, estimator.calculations.*
    assert imported - sys.stdlib_module_names - {"__future__", "estimator"} == set()


# --- the registry ---------------------------------------------------------------------------


def test_the_breakdown_lists_the_registry_s_sources_in_its_order():
    breakdown = calc.estimate(calc.Inputs(), make_rates())
    assert tuple(source.key for source in breakdown.sources) == calc.SOURCE_KEYS


def test_each_source_s_inputs_are_engine_inputs_it_alone_reads():
    input_names = {field.name for field in dataclasses.fields(calc.Inputs)}
    declared = [name for source in calc.SOURCES for name in source.inputs]
    assert set(declared) <= input_names
    assert len(declared) == len(set(declared))


def test_a_key_the_registry_does_not_declare_is_refused():
    with pytest.raises(KeyError):
        calc.source("onlyfans")


# --- its readers ----------------------------------------------------------------------------


def test_the_estimator_form_has_a_section_per_source_with_its_inputs():
    form = EstimateForm(rates=make_rates())
    for source in calc.SOURCES:
        assert [field.name for field in form.source_fields(source)] == list(source.inputs)


@pytest.mark.django_db
def test_the_planner_asks_for_the_planned_sources_in_their_order(client):
    response = client.get("/plan/")
    keys = [section["key"] for section in response.context["sections"]]
    assert keys == [source.key for source in calc.planned_sources()]
    assert keys == ["creator_rewards", "brand_partnerships", "affiliate", "live_gifts"]


def test_every_source_reads_in_french_with_its_label_and_basis():
    breakdown = calc.estimate(calc.Inputs(), make_rates())
    with translation.override("fr"):
        views = presentation.source_views(breakdown)
        expected = [
            (translation.gettext(source.label), translation.gettext(source.basis))
            for source in calc.SOURCES
        ]
    assert [(view.label, view.basis) for view in views] == expected
    with translation.override("en"):
        english = [(source.label, source.basis) for source in calc.SOURCES]
    assert all(french != english for french, english in zip(expected, english, strict=True)), (
        "a source's label or basis has no French translation"
    )


def test_a_country_programme_shows_the_country_s_note_and_no_other_source_does():
    rates = make_rates()
    france = rates.countries["FR"]
    noted = dataclasses.replace(france, note="Runs here since 2023.")
    views = presentation.source_views(calc.estimate(calc.Inputs(), rates), noted)
    with_note = {view.key for view in views if view.country_note}
    assert with_note == {source.key for source in calc.SOURCES if source.country_programme}


def test_only_a_tiktok_programme_raises_the_single_platform_warning():
    assert set(TIKTOK_PROGRAMMES) == {s.key for s in calc.SOURCES if s.tiktok_programme}
    for source in calc.SOURCES:
        amounts = {key: SourceAmount(True, Decimal(1)) for key in calc.SOURCE_KEYS}
        amounts[source.key] = SourceAmount(True, Decimal(1000))
        warned = diversification(amounts).dominant
        assert warned == (source.key if source.tiktok_programme else None)


def test_the_month_has_an_actual_revenue_field_per_source_labelled_by_the_registry():
    with translation.override("en"):
        actual = {
            field.name: str(field.verbose_name)
            for field in MonthlyStat._meta.get_fields()
            if field.name.startswith("actual_")
        }
    assert actual == {source.actual_field: source.actual_label for source in calc.SOURCES}
    assert [name for name, _label in REVENUE_FIELDS] == [s.actual_field for s in calc.SOURCES]


@pytest.mark.django_db
def test_the_month_model_and_its_migrations_agree():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_the_month_s_count_fields_are_labelled_by_name():
    for name, label in COUNT_FIELDS:
        assert MonthlyStat._meta.get_field(name).verbose_name == label


def test_progress_lists_the_gated_sources_and_closes_country_programmes_by_country():
    rates = make_rates()
    nowhere = dataclasses.replace(rates.countries["FR"], creator_rewards=False, tiktok_shop=False)
    rates = dataclasses.replace(rates, countries={**rates.countries, "FR": nowhere})
    points = [MonthPoint(datetime.date(2026, 10, 1), followers=100_000)]

    sources = progress(
        points,
        rates,
        country="FR",
        account_type="personal",
        age_at=lambda month: 30,
        today=datetime.date(2026, 11, 21),
    )

    assert [s.source for s in sources] == [k for k in calc.SOURCE_KEYS if k in rates.eligibility]
    closed = {s.source for s in sources if not s.available}
    assert closed == {s.key for s in calc.SOURCES if s.country_programme}
    assert {s.source for s in sources if s.country_programme} == closed


def test_the_admin_offers_a_rule_per_source_and_a_flag_per_country_programme():
    choices = [key for key, _label in EligibilityRule._meta.get_field("source_key").choices]
    assert choices == list(calc.SOURCE_KEYS)
    assert EligibilityRuleInline.max_num == len(calc.SOURCES)
    programmes = [source.key for source in calc.SOURCES if source.country_programme]
    assert [name for name in CountryInline.fields if name in KEYS] == programmes
    for key in programmes:
        assert Country._meta.get_field(key).get_internal_type() == "BooleanField"
        assert key in {field.name for field in dataclasses.fields(calc.Country)}


def test_a_card_without_the_rule_of_a_gated_source_is_incomplete():
    from estimator.models import _missing_parts

    rates = dataclasses.replace(make_rates(), eligibility={})
    with translation.override("en"):
        problems = " ".join(str(problem) for problem in _missing_parts(rates))
    for source in calc.SOURCES:
        assert (source.label in problems) == source.gated


def test_the_own_rates_are_those_the_registry_declares():
    learnt = own_rates.own_rates([], "EUR")
    declared = {source.own_rate: source for source in calc.SOURCES if source.own_rate}
    assert set(learnt) == set(declared)
    for key, rate in learnt.items():
        assert rate.source == declared[key].key
        assert (rate.currency is None) == (declared[key].own_rate_unit == "share")
