"""Our compact JSON-LD <-> the model: lossless, byte for byte for composed agreements, no RDF library,
and the same policy as the RDF reader finds in the same document."""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.core.compose import compose
from engine.core.library import load_library
from engine.errors import AvtaleverkError, PolicyParseError, ProfileViolation
from engine.odrl import (
    ODRL,
    Constraint,
    Rule,
    State,
    build_request,
    evaluate,
    parse_policies,
    policy_from_dict,
    policy_to_jsonld,
)
from engine.odrl.model import CONTEXT
from engine.services.examples import EXAMPLE_TIME, compose_example
from tests.helpers import FIXED_TIME, make_answers

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "odrl"
CTX = "http://www.w3.org/ns/odrl.jsonld"
ANSWERS = [
    {},
    {"commercial_use": "allowed_for_fee", "commercial_fee": 1000, "commercial_definition": "narrow"},
    {"commercial_use": "not_allowed", "commercial_definition": "narrow", "onward_transfer": "same_terms"},
    {"ai_training": "research", "fee_model": "cost_based", "fee_amount": 500, "territory": "eea"},
]


@pytest.fixture(scope="module")
def agreements() -> list[Any]:
    library = load_library()
    t = library.types["datadeling"]
    return [compose_example(library, t, answers, lang) for answers in ANSWERS for lang in ("nb", "en")]


def test_composed_policy_comes_back_byte_for_byte(agreements: list[Any]) -> None:
    for agreement in agreements:
        [policy] = policy_from_dict(agreement.policy)
        again = policy_to_jsonld(policy)
        assert json.dumps(again, ensure_ascii=False) == json.dumps(agreement.policy, ensure_ascii=False)
        assert again["@context"] == CONTEXT


def test_composed_policy_keeps_title_parties_and_clause_numbers(agreements: list[Any]) -> None:
    [policy] = policy_from_dict(agreements[4].policy)  # commercial use not allowed, nb
    assert policy.title == "Datadelingsavtale" and policy.type == ODRL + "Agreement"
    assert policy.assigner and policy.assigner.endswith("/974760673")
    assert all(r.assignee and r.assignee.uid == policy.assignee for r in policy.rules)
    assert all(r.target and r.target.uid == policy.target for r in policy.rules)
    assert {r.clause_id for r in policy.prohibitions} >= {"commercial_use", "term"}
    # a fragment's repeated value (the narrow definition fills three slots alike) is kept, not merged
    [commercial] = [r for r in policy.prohibitions if r.clause_id == "commercial_use"]
    assert [t.value for t in commercial.constraints[0].right_operand] == [
        "https://w3id.org/avtaleverk/odrl/CommercialPurpose"
    ] * 3


def _atom(rule: Rule) -> str:
    """A rule as text with each constraint's values as a set (RDF has no repeated values; the codec keeps them)."""

    def values(c: Constraint) -> Constraint:
        return c.model_copy(update={"right_operand": tuple(sorted(set(c.right_operand), key=repr))})

    constraints = tuple(values(c) if isinstance(c, Constraint) else c for c in rule.constraints)
    duties = tuple(_atom(d) for d in rule.duties)
    return rule.model_copy(update={"constraints": constraints, "duties": ()}).model_dump_json() + repr(duties)


def test_codec_and_rdf_reader_agree(agreements: list[Any]) -> None:
    """Same atoms (the RDF reader sorts; the codec keeps document order) and the same decisions."""
    requests = [
        build_request(None, "use", None, purpose="dpv:CommercialResearch", spatial="NO"),
        build_request(None, "distribute", None, purpose="dpv:AcademicResearch", recipient="avt:thirdParty"),
        build_request(None, "avt:trainModel", None, purpose="dpv:AcademicResearch", aiTrainingTier="internal"),
        build_request(None, "read", None, purpose="dpv:AcademicResearch", spatial="SE"),
    ]
    for agreement in agreements:
        [codec] = policy_from_dict(agreement.policy)
        [graph] = parse_policies(json.dumps(agreement.policy))
        assert sorted(map(_atom, codec.rules)) == sorted(map(_atom, graph.rules))
        assert codec.model_copy(update={k: () for k in ("permissions", "prohibitions", "obligations")}) == (
            graph.model_copy(update={k: () for k in ("permissions", "prohibitions", "obligations")})
        )
        for req in requests:
            req = req.model_copy(update={"assignee": codec.assignee, "target": codec.target})
            state = State(now=EXAMPLE_TIME)
            a, b = evaluate(codec, req, state), evaluate(graph, req, state)
            assert (a.decision, a.reason, sorted(a.missing)) == (b.decision, b.reason, sorted(b.missing))
            assert {r.clause_number for r in a.deciding} == {r.clause_number for r in b.deciding}


def test_policies_round_trip_through_the_codec() -> None:
    for path in sorted((DATA / "cases").glob("*/policy.*")):
        policies = parse_policies(path.read_text())
        assert policy_from_dict(policy_to_jsonld(policies)) == policies, path
        assert policy_from_dict(policy_to_jsonld(policies, atomic=True)) != [], path


def test_generated_uids_are_left_out_and_come_back() -> None:
    doc = {
        "@context": CTX,
        "@type": "Set",
        "uid": "http://e/p",
        "permission": [{"action": "use", "duty": [{"action": "attribute"}]}],
    }
    [p] = policy_from_dict(doc)
    assert p.permissions[0].uid == "http://e/p#permission-1"
    assert p.permissions[0].duties[0].uid == "http://e/p#permission-1-duty-1"
    assert policy_to_jsonld(p) == {"@context": list(CONTEXT), **{k: v for k, v in doc.items() if k != "@context"}}


def test_unknown_key_is_refused_with_its_place() -> None:
    doc = {"@context": CTX, "@type": "Set", "uid": "http://e/p", "permission": [{"action": "use", "constriant": []}]}
    with pytest.raises(PolicyParseError) as info:
        policy_from_dict(doc)
    assert info.value.loc == ("permission", 0, "constriant")


def test_foreign_property_and_context_point_to_the_rdf_reader() -> None:
    foreign = {"@context": CTX, "@type": "Set", "uid": "http://e/p", "dct:description": "x", "permission": []}
    with pytest.raises(PolicyParseError, match="parse_policies"):
        policy_from_dict(foreign)
    with pytest.raises(PolicyParseError, match="parse_policies"):
        policy_from_dict({"@context": "https://evil.example/c.jsonld", "@type": "Set"})


def test_profile_problems_are_the_readers() -> None:
    doc = {"@context": CTX, "@type": "Agreement", "uid": "http://e/p", "profile": "https://w3id.org/avtaleverk/odrl/",
           "permission": [{"action": "teleport"}]}  # fmt: skip
    with pytest.raises(ProfileViolation) as info:
        policy_from_dict(doc)
    messages = [p.message for p in info.value.problems]
    assert any("unknown action 'odrl:teleport'" in m for m in messages)
    assert any("an Agreement needs an assigner and an assignee" in m for m in messages)


def test_typed_literals_and_lists() -> None:
    doc = {
        "@context": [CTX, {"ex": "http://example.com/"}],
        "@type": "Set",
        "uid": "ex:p",
        "permission": [
            {
                "uid": "ex:r",
                "action": "use",
                "constraint": [
                    {"leftOperand": "count", "operator": "lteq", "rightOperand": 3},
                    {"or": {"@list": [{"leftOperand": "purpose", "operator": "eq", "rightOperand": "dpv:X"}]}},
                ],
            }
        ],
    }
    [p] = policy_from_dict(doc)
    count, logic = p.permissions[0].constraints
    assert count.right_operand[0].value == "3" and count.right_operand[0].datatype.endswith("#integer")
    assert logic.is_logical and len(logic.constraints) == 1
    assert policy_from_dict(policy_to_jsonld(p)) == [p]


KEYS = ["@type", "@id", "uid", "@value", "@list", "@language", "@context", "@graph", "permission", "prohibition",
        "duty", "action", "target", "constraint", "or", "leftOperand", "operator", "rightOperand", "refinement",
        "rdf:value", "unit"]  # fmt: skip
LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.text(max_size=6),
    st.sampled_from(["use", "eq", "odrl:lt", "_:b", "http://e/x", "Set", "Agreement", "xsd:date", "1.5"]),
)


def _nested(kids: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.lists(kids, max_size=3), st.dictionaries(st.sampled_from(KEYS), kids, max_size=4))


json_values = st.recursive(LEAVES, _nested, max_leaves=12)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(json_values)
def test_arbitrary_json_raises_only_engine_errors(value: Any) -> None:
    doc = {"@context": CTX, **value} if isinstance(value, dict) else value
    with contextlib.suppress(AvtaleverkError):
        policy_from_dict(doc)


def test_compose_summary_and_codec_never_load_rdflib() -> None:
    code = (
        "import sys\n"
        "from engine.core.library import load_library\n"
        "from engine.core.summary import rights_summary\n"
        "from engine.odrl import evaluate, build_request, policy_from_dict, policy_to_jsonld\n"
        "from engine.services.examples import compose_example\n"
        "lib = load_library(); t = lib.types['datadeling']\n"
        "a = compose_example(lib, t, {}, 'nb')\n"
        "assert rights_summary(a)\n"
        "[p] = policy_from_dict(a.policy); assert policy_to_jsonld(p) == a.policy\n"
        "evaluate(p, build_request(p.assignee, 'read', p.target)).explain('nb')\n"
        "print(','.join(m for m in ('rdflib', 'pyshacl', 'pyoxigraph') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == ""


def test_a_wrong_clause_fragment_fails_at_compose_located_at_its_clause(mini_copy: Path) -> None:
    path = mini_copy / "clauses" / "commercial.yaml"
    path.write_text(path.read_text().replace("      action: use\n  - if:", "      action: teleport\n  - if:", 1))
    with pytest.raises(ProfileViolation) as info:
        compose("mini", make_answers(), "nb", library=load_library(mini_copy), created_at=FIXED_TIME)
    assert info.value.loc[:3] == ("commercial", "policy", 0)
    assert "unknown action 'odrl:teleport'" in info.value.message
    assert info.value.source == path
