"""Writing policies as RDF: Turtle and graphs, by way of our compact JSON-LD; round trips keep the model."""

from __future__ import annotations

import json
from pathlib import Path

from rdflib.compare import isomorphic

from engine import rdf
from engine.odrl import parse_policies, policy_from_dict, policy_to_graph, policy_to_jsonld, policy_to_turtle
from engine.rdf import load_graph

DATA = Path(__file__).parent / "data" / "odrl"
ALICE = DATA / "policies" / "alice_read_until_2024"
CTX = "http://www.w3.org/ns/odrl.jsonld"


def test_round_trip_jsonld_turtle_is_lossless() -> None:
    for path in (ALICE.with_suffix(".jsonld"), *sorted((DATA / "cases").glob("*/policy.*"))):
        g1 = load_graph(path.read_text())
        g2 = load_graph(g1.serialize(format="turtle"), "turtle")
        assert isomorphic(g1, g2), path
        g3 = load_graph(g2.serialize(format="json-ld"), "json-ld")
        assert isomorphic(g1, g3), path


def test_model_round_trip_through_our_jsonld_and_turtle() -> None:
    for path in sorted((DATA / "cases").glob("*/policy.*")):
        policies = parse_policies(path.read_text())
        again = policy_from_dict(policy_to_jsonld(policies))
        assert again == policies, path
        assert parse_policies(policy_to_turtle(policies), "turtle") == policies, path
        assert isomorphic(policy_to_graph(policies), policy_to_graph(again))


def test_policy_to_jsonld_is_compact_with_odrl_context() -> None:
    [p] = parse_policies((DATA / "cases" / "avt01_read_in_norway" / "policy.ttl").read_text())
    d = policy_to_jsonld(p)
    assert d["@context"][0] == CTX and d["@context"][1]["avt"].startswith("https://w3id.org/avtaleverk/")
    assert d["@type"] == "Agreement" and d["profile"] == "https://w3id.org/avtaleverk/odrl/"
    actions = {json.dumps(r["action"]) for r in d["permission"]}
    assert '"use"' in actions and '"avt:trainModel"' in actions
    assert any(r.get("avt:clauseNumber") == "5.1" for r in d["permission"])
    assert rdf.policy_to_jsonld(policy_to_graph(p)) == d
