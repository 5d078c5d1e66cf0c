"""The model and its reader: plain triples in, atomic rules out, whatever parsed the triples."""

from __future__ import annotations

import pytest

from engine.errors import ProfileViolation
from engine.odrl import ODRL, Policy, Term, default_vocabulary
from engine.odrl.model import Lit, Triples, read_policies, read_request

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
AVT = "https://w3id.org/avtaleverk/odrl/"


def o(name: str) -> str:
    return ODRL + name


def _policy_triples(*, ordered: bool) -> Triples:
    t = Triples(ordered=ordered)
    t.add("http://e/p", RDF_TYPE, o("Agreement"))
    t.add("http://e/p", o("assigner"), "http://e/provider")
    t.add("http://e/p", o("assignee"), "http://e/recipient")
    for rule in ("http://e/p#z", "http://e/p#a"):
        t.add("http://e/p", o("permission"), rule)
        t.add(rule, o("action"), o("read"))
        t.add(rule, o("action"), o("print"))
        t.add(rule, o("target"), "http://e/data")
        t.add(rule, AVT + "clauseNumber", Lit("7.2"))
    return t


def test_reader_multiplies_out_and_pushes_policy_values_down() -> None:
    [p] = read_policies(_policy_triples(ordered=False), default_vocabulary())
    assert len(p.permissions) == 4
    assert {(r.action.iri, r.assignee_iri) for r in p.permissions} == {
        (o("read"), "http://e/recipient"),
        (o("print"), "http://e/recipient"),
    }
    assert all(r.assigner and r.assigner.uid == "http://e/provider" for r in p.permissions)
    assert {r.clause_number for r in p.rules} == {"7.2"}


def test_unordered_triples_are_sorted_ordered_ones_kept() -> None:
    [unordered] = read_policies(_policy_triples(ordered=False), default_vocabulary())
    [ordered] = read_policies(_policy_triples(ordered=True), default_vocabulary())
    assert [r.uid for r in unordered.permissions][::2] == ["http://e/p#a", "http://e/p#z"]
    assert [r.uid for r in ordered.permissions][::2] == ["http://e/p#z", "http://e/p#a"]
    assert sorted(ordered.rules, key=lambda r: (r.uid, r.action.iri)) == sorted(
        unordered.rules, key=lambda r: (r.uid, r.action.iri)
    )


def test_a_set_of_triples_and_a_sequence_of_values() -> None:
    t = Triples()
    t.add("http://e/s", "http://e/p", Lit("x"))
    t.add("http://e/s", "http://e/p", Lit("x"))
    assert len(t) == 1
    seq = Triples(ordered=True)
    seq.add("http://e/s", "http://e/p", Lit("x"))
    seq.add("http://e/s", "http://e/p", Lit("x"))
    assert seq.objects("http://e/s", "http://e/p") == [Lit("x"), Lit("x")]


def test_structural_problems_are_all_collected_with_locations() -> None:
    t = Triples()
    t.add("http://e/p", RDF_TYPE, o("Offer"))
    t.add("http://e/p", o("permission"), "_:r")
    t.add("_:r", o("action"), o("use"))
    t.add("_:r", o("constraint"), "_:c")
    t.add("_:c", o("leftOperand"), o("count"))
    with pytest.raises(ProfileViolation) as info:
        read_policies(t, default_vocabulary())
    problems = {(p.message, p.loc) for p in info.value.problems}
    assert ("constraint without operator", ("http://e/p", "permission", 0, "constraint", 0)) in problems
    assert any("an Offer needs an assigner" in m for m, _ in problems)


def test_request_from_triples() -> None:
    t = Triples()
    t.add("http://e/req", RDF_TYPE, o("Request"))
    t.add("http://e/req", o("permission"), "http://e/req#p")
    t.add("http://e/req#p", o("action"), o("read"))
    t.add("http://e/req#p", o("assignee"), "http://e/alice")
    t.add("http://e/req#p", o("constraint"), "_:c")
    t.add("_:c", o("leftOperand"), o("purpose"))
    t.add("_:c", o("operator"), o("eq"))
    t.add("_:c", o("rightOperand"), "https://w3id.org/dpv#AcademicResearch")
    req = read_request(t, default_vocabulary())
    assert (req.uid, req.rule_uid, req.action, req.assignee) == (
        "http://e/req", "http://e/req#p", o("read"), "http://e/alice"
    )  # fmt: skip
    assert req.facts[o("purpose")] == (Term.iri("https://w3id.org/dpv#AcademicResearch"),)


def test_models_are_frozen_and_title_is_optional() -> None:
    p = Policy(uid="http://e/p")
    assert p.title is None and p.rules == ()
    with pytest.raises(ValueError):
        p.uid = "http://e/q"  # type: ignore[misc]
