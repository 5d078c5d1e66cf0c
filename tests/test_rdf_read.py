"""ODRL I/O: JSON-LD (compact, expanded) and Turtle in and out, bundled contexts, hostile input."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from engine.errors import PolicyError, PolicyParseError, ProfileViolation
from engine.odrl import (
    ODRL,
    Constraint,
    LogicalConstraint,
    build_request,
    evaluate,
    load_graph,
    parse_policies,
    parse_request,
    policies_dir,
    policy_from_dict,
)
from engine.rdf import odrl_context

DATA = Path(__file__).parent / "data" / "odrl"
ALICE = DATA / "policies" / "alice_read_until_2024"
CTX = "http://www.w3.org/ns/odrl.jsonld"


def test_three_syntaxes_give_the_same_policy(no_network: list[Any]) -> None:
    ttl = parse_policies((ALICE.with_suffix(".ttl")).read_text())
    compact = parse_policies((ALICE.with_suffix(".jsonld")).read_text())
    expanded = parse_policies(Path(f"{ALICE}.expanded.jsonld").read_text())
    assert ttl == compact == expanded
    graphs = [load_graph(p.read_text()) for p in (ALICE.with_suffix(".ttl"), ALICE.with_suffix(".jsonld"))]
    assert isomorphic(graphs[0], graphs[1])
    assert no_network == []


def test_remote_odrl_context_resolves_to_bundled_copy_without_network(no_network: list[Any]) -> None:
    for url in (CTX, "https://www.w3.org/ns/odrl.jsonld"):
        doc = json.loads(ALICE.with_suffix(".jsonld").read_text())
        doc["@context"] = [url, {"ex": "http://example.com/"}]
        assert parse_policies(json.dumps(doc))[0].uid == "http://example.com/policy-alice"
    assert no_network == []


def test_other_remote_context_is_refused_not_fetched(no_network: list[Any]) -> None:
    doc = {"@context": "https://evil.example/context.jsonld", "@type": "Set", "@id": "http://e/p"}
    with pytest.raises(PolicyError, match="remote JSON-LD context"):
        parse_policies(json.dumps(doc))
    nested = {"@context": {"@import": "https://evil.example/c.jsonld"}, "@id": "http://e/p"}
    with pytest.raises(PolicyError):
        parse_policies(json.dumps(nested))
    assert no_network == []


@pytest.mark.parametrize(
    "context",
    [
        [CTX, {"ex": "http://example.com/", "ex:term": {"@id": "http://example.com/t", "@context": "https://evil.example/c"}}],
        [CTX, {"ex": {"@id": "http://example.com/", "@context": ["https://evil.example/c"]}}],
    ],
    ids=["scoped-term", "scoped-in-list"],
)
def test_a_remote_context_scoped_in_a_term_definition_is_refused_not_fetched(
    context: list[Any], no_network: list[Any]
) -> None:
    """The same walker as the catalogue reader's: before, rdflib was handed this and tried to fetch it."""
    doc = {"@context": context, "@type": "Set", "uid": "http://example.com/p", "permission": [{"action": "use"}]}
    with pytest.raises(PolicyError, match=re.escape("remote JSON-LD context 'https://evil.example/c'")):
        parse_policies(json.dumps(doc), format="json-ld")
    assert no_network == []


def test_bundled_context_is_corrected() -> None:
    ctx = odrl_context()
    assert ctx["neq"] == "odrl:neq"
    assert ctx["industry"] == "odrl:industry"
    assert ctx["dataType"]["@id"] == "odrl:dataType"
    text = (policies_dir() / "odrl-context.jsonld").read_text()
    assert "odrl:neg" not in text and "odrl:industry:" not in text








def test_clause_annotations_survive_parse() -> None:
    doc = {
        "@context": [CTX, {"avt": "https://w3id.org/avtaleverk/odrl/"}],
        "@type": "Set",
        "uid": "http://e/p",
        "profile": "avt:",
        "permission": [
            {"action": "read", "avt:clauseId": "use", "avt:clauseVersion": "2.1.0", "avt:clauseNumber": "7.2"}
        ],
    }
    [p] = policy_from_dict(doc)
    rule = p.permissions[0]
    assert (rule.clause_id, rule.clause_version, rule.clause_number) == ("use", "2.1.0", "7.2")
    report = evaluate(p, build_request("http://e/a", "read", "http://e/x"))
    assert report.rules[0].clause_number == "7.2"
    assert "punkt 7.2" in report.explain("nb") and "clause 7.2" in report.explain("en")


def test_compact_policy_is_normalised_to_atomic_rules() -> None:
    doc = {
        "@context": CTX,
        "@type": "Agreement",
        "uid": "http://e/p",
        "assigner": "http://e/a",
        "assignee": ["http://e/b", "http://e/c"],
        "target": ["http://e/t1", "http://e/t2"],
        "permission": [{"uid": "http://e/p#r", "action": ["read", "print"]}],
    }
    [p] = policy_from_dict(doc)
    assert len(p.permissions) == 8
    assert {r.uid for r in p.permissions} == {"http://e/p#r"}
    assert {(r.action.iri, r.target_iri, r.assignee_iri) for r in p.permissions} == {
        (ODRL + a, f"http://e/{t}", f"http://e/{e}") for a in ("read", "print") for t in ("t1", "t2") for e in "bc"
    }
    assert all(r.assigner and r.assigner.uid == "http://e/a" for r in p.permissions)


def test_expanded_and_compact_iris_are_alike() -> None:
    compact_doc = {"@context": CTX, "@type": "Set", "uid": "http://e/p", "permission": [{"action": "odrl:read"}]}
    full_doc = {"@context": CTX, "@type": "Set", "uid": "http://e/p", "permission": [{"action": ODRL + "read"}]}
    assert policy_from_dict(compact_doc) == policy_from_dict(full_doc)


def test_parse_request_reads_facts() -> None:
    req = parse_request((DATA / "requests" / "alice_read_x.jsonld").read_text())
    assert req.uid == "http://example.com/request:1"
    assert req.rule_uid == "http://example.com/request:1#p"
    assert (req.assignee, req.action, req.target) == ("http://example.com/alice", ODRL + "read", "http://example.com/x")
    assert req.facts[ODRL + "purpose"][0].value == "https://w3id.org/dpv#AcademicResearch"


def test_request_facts_must_use_eq() -> None:
    doc = {
        "@context": CTX,
        "@type": "Request",
        "uid": "http://e/r",
        "permission": [
            {"action": "read", "constraint": [{"leftOperand": "count", "operator": "lt", "rightOperand": 3}]}
        ],
    }
    with pytest.raises(PolicyError, match="eq"):
        parse_request(json.dumps(doc))


@pytest.mark.parametrize(
    ("text", "fmt", "line"),
    [
        ('{"@context": "http://www.w3.org/ns/odrl.jsonld",\n "@type": "Set",\n "uid": }', None, 3),
        ("@prefix odrl: <http://www.w3.org/ns/odrl/2/> .\n<http://e/p> a odrl:Set ;\n odrl:permission [ .\n", None, 3),
        ('<http://e/p> <http://e/q> "unterminated .', "turtle", None),
        ("[1, 2, 3]", "json-ld", None),
        ('{"@id": 5}', "json-ld", None),
    ],
)
def test_malformed_input_is_a_typed_error(text: str, fmt: str | None, line: int | None) -> None:
    with pytest.raises(PolicyError) as info:
        parse_policies(text, fmt, source="p.txt")
    if line is not None:
        assert isinstance(info.value, PolicyParseError)
        assert info.value.line == line
    assert info.value.one_line().startswith("p.txt")


def test_not_utf8_and_empty_input() -> None:
    with pytest.raises(PolicyParseError, match="UTF-8"):
        parse_policies(b"\xff\xfe\x00garbage")
    with pytest.raises(PolicyError, match="no ODRL policy"):
        parse_policies("")


def test_five_megabyte_policy_is_refused_quickly() -> None:
    rules = ",\n".join(
        f'{{"uid": "http://e/p#r{i}", "action": "read", "target": "http://e/t{i}"}}' for i in range(70_000)
    )
    text = f'{{"@context": "{CTX}", "@type": "Set", "uid": "http://e/p", "permission": [{rules}]}}'
    assert len(text) > 5_000_000
    start = time.perf_counter()
    with pytest.raises(PolicyParseError, match="limit"):
        parse_policies(text)
    assert time.perf_counter() - start < 1.0


def test_cyclic_structures_are_errors_not_hangs() -> None:
    ttl = """@prefix odrl: <http://www.w3.org/ns/odrl/2/> .
<http://e/p> a odrl:Set ; odrl:permission [ odrl:action odrl:read ; odrl:constraint <http://e/c> ] .
<http://e/c> odrl:and ( <http://e/c> ) .
"""
    with pytest.raises(ProfileViolation, match="contains itself"):
        parse_policies(ttl)
    loop = """@prefix odrl: <http://www.w3.org/ns/odrl/2/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
<http://e/p> a odrl:Set ; odrl:permission [ odrl:action odrl:read ; odrl:constraint [ odrl:or _:l ] ] .
_:l rdf:first [ odrl:leftOperand odrl:count ; odrl:operator odrl:eq ; odrl:rightOperand 1 ] ; rdf:rest _:l .
"""
    with pytest.raises(ProfileViolation, match="loops"):
        parse_policies(loop)


def test_logical_constraint_parses_lists_and_plain_values() -> None:
    ttl = """@prefix odrl: <http://www.w3.org/ns/odrl/2/> .
<http://e/p> a odrl:Set ; odrl:permission [ odrl:action odrl:read ;
  odrl:constraint [ odrl:or [ odrl:leftOperand odrl:count ; odrl:operator odrl:eq ; odrl:rightOperand 1 ] ,
                             [ odrl:leftOperand odrl:count ; odrl:operator odrl:eq ; odrl:rightOperand 2 ] ] ] .
"""
    [p] = parse_policies(ttl)
    [c] = p.permissions[0].constraints
    assert isinstance(c, LogicalConstraint) and len(c.constraints) == 2
    assert all(isinstance(x, Constraint) for x in c.constraints)


def test_graph_input_and_formats() -> None:
    g = Graph().parse(data=ALICE.with_suffix(".ttl").read_text(), format="turtle")
    assert parse_policies(g)[0].uid == "http://example.com/policy-alice"
    nt = g.serialize(format="nt")
    assert parse_policies(nt, "nt")[0].uid == "http://example.com/policy-alice"


def test_product_never_reads_shared_reference() -> None:
    root = Path(__file__).resolve().parents[1]
    for path in (root / "engine").rglob("*.py"):
        text = path.read_text()
        assert "../shared" not in text and "/shared/reference" not in text and '"shared"' not in text, path
    assert policies_dir() == root / "policies"
