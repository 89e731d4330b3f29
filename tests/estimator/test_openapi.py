"""/api/openapi.json describes the JSON API, and the API's real answers match it.

The document is built from the forms (parameters) and the schemas declared in
estimator/serializers.py (answers); every object there is closed, so a shape changed without its
schema fails here. .ci/steps/15-schemathesis.sh fuzzes a live server with the same document.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest
from django import forms

from estimator import calculations as calc
from estimator import openapi, serializers
from estimator.forms import EstimateForm, PlanForm
from estimator.snapshot import load_active_rates

pytestmark = pytest.mark.django_db

README = Path(__file__).resolve().parents[2] / "README.md"

FULL_QUESTION = {
    "country": "FR",
    "age": "30",
    "niche": "finance",
    "account_type": "personal",
    "has_strike": "0",
    "followers": "20 000",
    "views_30d": "400K",
    "posts_30d": "12",
    "long_video_views": "300000",
    "qualified_views": "200000",
    "diamonds": "5000",
    "subscribers": "40",
    "subscription_price": "4,99",
    "sponsored_posts": "2",
    "median_views": "30000",
    "engagement_rate": "6.5",
    "affiliate_sales": "10",
    "affiliate_order_value": "30",
    "affiliate_commission": "10",
    "shop_sales": "5",
    "shop_order_value": "20",
    "shop_commission": "8",
    "product_units": "3",
    "product_margin": "12",
    "ugc_videos": "1",
}
QUESTIONS = [
    {},
    FULL_QUESTION,
    {"followers": "6800", "qualified_views": "1000", "age": "16", "has_strike": "1"},
    {"country": "CA", "followers": "20000", "views_30d": "200000", "account_type": "business"},
    {"country": "us", "rate_per_post": "250", "ugc_price": "150", "ugc_videos": "2"},
]
BAD_QUESTIONS = [
    {"followers": "many"},
    {"age": "7", "country": "XX", "niche": "knitting", "engagement_rate": "140"},
    {"subscription_price": "-3", "account_type": "robot", "views_30d": str(10**13)},
    {"product_margin": "1.234"},
]


@pytest.fixture
def document(client) -> dict:
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.json()


def validate(document: dict, name: str, instance) -> None:
    """``instance`` against the document's component ``name`` (references resolved in it)."""
    schema = {"$ref": f"#/components/schemas/{name}", "components": document["components"]}
    jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    ).validate(instance)


def answer_schema(document: dict, path: str, status: int) -> str:
    content = document["paths"][path]["get"]["responses"][str(status)]["content"]
    return content["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]


def test_the_document_is_openapi_3_1_with_valid_json_schemas(document):
    assert document["openapi"].startswith("3.1.")
    assert set(document["paths"]) == {"/api/estimate", "/api/plan"}
    for schema in document["components"]["schemas"].values():
        jsonschema.Draft202012Validator.check_schema(schema)
    references = []

    def collect(node):
        if isinstance(node, dict):
            if "$ref" in node:
                references.append(node["$ref"])
            for value in node.values():
                collect(value)
        elif isinstance(node, list):
            for value in node:
                collect(value)

    collect(document)
    for reference in references:
        assert reference.rsplit("/", 1)[1] in document["components"]["schemas"], reference


@pytest.mark.parametrize(
    ("path", "form_class"), [("/api/estimate", EstimateForm), ("/api/plan", PlanForm)]
)
def test_each_form_field_is_a_documented_parameter_with_its_bounds(document, path, form_class):
    operation = document["paths"][path]["get"]
    params = {parameter["name"]: parameter for parameter in operation["parameters"]}
    form = form_class(rates=load_active_rates())
    assert list(params) == list(form.fields)
    assert all(parameter["in"] == "query" for parameter in params.values())
    assert params["followers"]["schema"] == {"type": "integer", "minimum": 0, "maximum": 10**12}
    assert params["age"]["schema"] == {"type": "integer", "minimum": 13, "maximum": 120}
    assert params["engagement_rate"]["schema"] == {"type": "number", "minimum": 0, "maximum": 100}
    assert params["has_strike"]["schema"]["type"] == "boolean"
    countries = params["country"]["schema"]
    assert set(countries["enum"]) == set(load_active_rates().countries)
    assert countries["default"] == "FR"
    assert set(operation["responses"]) == {"200", "400", "414", "429"}
    assert "Retry-After" in operation["responses"]["429"]["headers"]


def test_the_plan_documents_its_goal(document):
    goal = document["paths"]["/api/plan"]["get"]["parameters"][0]
    assert goal["name"] == "goal"
    assert goal["schema"]["default"] == 1000
    assert "goal" not in [
        p["name"] for p in document["paths"]["/api/estimate"]["get"]["parameters"]
    ]


@pytest.mark.parametrize("path", ["/api/estimate", "/api/plan"])
@pytest.mark.parametrize("question", QUESTIONS)
def test_real_answers_match_the_document(client, document, path, question):
    response = client.get(path, {**question, "goal": "1500"} if path == "/api/plan" else question)
    assert response.status_code == 200, response.content
    validate(document, answer_schema(document, path, 200), response.json())


def test_a_reached_goal_and_a_next_step_match_the_document(client, document):
    reached = client.get("/api/plan", {**FULL_QUESTION, "goal": "1"}).json()
    assert reached["reached"] is True
    validate(document, "Plan", reached)
    far = client.get("/api/plan", {**FULL_QUESTION, "goal": "900000"}).json()
    assert far["routes"]
    validate(document, "Plan", far)


@pytest.mark.parametrize("path", ["/api/estimate", "/api/plan"])
@pytest.mark.parametrize("question", BAD_QUESTIONS)
def test_400_answers_match_the_document_and_name_documented_parameters(
    client, document, path, question
):
    response = client.get(path, question)
    assert response.status_code == 400
    body = response.json()
    validate(document, answer_schema(document, path, 400), body)
    names = {parameter["name"] for parameter in document["paths"][path]["get"]["parameters"]}
    assert set(body["errors"]) <= names
    assert set(body["errors"]) == set(question)


def test_a_bad_goal_is_a_documented_400(client, document):
    response = client.get("/api/plan", {"goal": "-5"})
    assert response.status_code == 400
    validate(document, "FormErrors", response.json())
    assert set(response.json()["errors"]) == {"goal"}


@pytest.mark.parametrize("path", ["/api/estimate", "/api/plan"])
def test_429_answers_match_the_document(client, document, settings, path):
    settings.RATELIMIT_ENABLE = True
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api": "2/m"}
    address = "203.0.113.15" if path == "/api/estimate" else "203.0.113.16"
    statuses = [client.get(path, REMOTE_ADDR=address).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    response = client.get(path, REMOTE_ADDR=address)
    validate(document, answer_schema(document, path, 429), response.json())
    header = document["paths"][path]["get"]["responses"]["429"]["headers"]["Retry-After"]
    jsonschema.validate(int(response["Retry-After"]), header["schema"])


def test_stored_month_estimates_match_their_schema(document):
    rates = load_active_rates()
    form = EstimateForm(FULL_QUESTION, rates=rates)
    stored = serializers.stored_estimate(calc.estimate(form.to_inputs(), rates))
    validate(document, "StoredEstimate", stored)
    validate(
        document, "StoredEstimate", serializers.stored_estimate(calc.estimate(calc.Inputs(), rates))
    )


def test_a_shape_changed_without_its_schema_fails(client, document):
    """Objects are closed: a key added to (or left out of) a shape breaks its validation."""
    data = client.get("/api/estimate", FULL_QUESTION).json()
    validate(document, "Breakdown", data)
    with pytest.raises(jsonschema.ValidationError):
        validate(document, "Breakdown", {**data, "new_key": 1})
    source = dict(data["sources"][0])
    del source["hints"]
    with pytest.raises(jsonschema.ValidationError):
        validate(document, "Source", source)
    with pytest.raises(jsonschema.ValidationError):
        validate(document, "Amounts", {**data["total"], "low": 12.5})


def test_a_field_of_unknown_kind_is_refused_rather_than_documented_wrong():
    assert openapi.field_schema(forms.IntegerField(min_value=2)) == {
        "type": "integer",
        "minimum": 2,
    }
    assert openapi.field_schema(forms.DecimalField(initial=Decimal("2.5")))["default"] == 2.5
    with pytest.raises(TypeError):
        openapi.field_schema(forms.DateField())


def test_the_readme_links_the_document():
    text = README.read_text(encoding="utf-8")
    api_section = text.split("## The estimator and its JSON API", 1)[1].split("\n## ", 1)[0]
    assert "/api/openapi.json" in api_section
