"""Structural validation: one clear, located error per problem; W3C shapes; our profile's terms."""

from __future__ import annotations

import json
from typing import Any

import pytest

from engine.errors import ProfileViolation
from engine.odrl import parse_policies, policy_from_dict, validate

CTX = ["http://www.w3.org/ns/odrl.jsonld", {"avt": "https://w3id.org/avtaleverk/odrl/"}]


def doc(**kw: Any) -> str:
    base: dict[str, Any] = {"@context": CTX, "@type": "Set", "uid": "http://e/p"}
    base.update(kw)
    return json.dumps(base)


def messages(text: str, shacl: bool = False) -> list[str]:
    return [p.message for p in validate(text, shacl=shacl)]


def test_valid_policy_has_no_problems() -> None:
    text = doc(
        **{
            "@type": "Agreement",
            "assigner": "http://e/a",
            "assignee": "http://e/b",
            "permission": [{"target": "http://e/x", "action": "read"}],
        }
    )
    assert validate(text) == []


@pytest.mark.parametrize(
    ("policy", "message"),
    [
        ({"@type": "Agreement", "permission": [{"action": "read"}]}, "Agreement needs an assigner and an assignee"),
        ({"@type": "Agreement", "assigner": "http://e/a", "permission": [{"action": "read"}]}, "Agreement needs"),
        ({"@type": "Offer", "permission": [{"action": "read"}]}, "Offer needs an assigner"),
        (
            {"permission": [{"action": "read", "constraint": [{"leftOperand": "count", "rightOperand": 1}]}]},
            "constraint without operator",
        ),
        (
            {
                "permission": [
                    {
                        "action": "read",
                        "constraint": [{"leftOperand": "count", "operator": "approx", "rightOperand": 1}],
                    }
                ]
            },
            "unknown operator",
        ),
        (
            {"permission": [{"action": "read", "constraint": [{"operator": "eq", "rightOperand": 1}]}]},
            "constraint without leftOperand",
        ),
        (
            {"permission": [{"action": "read", "constraint": [{"leftOperand": "count", "operator": "eq"}]}]},
            "without rightOperand",
        ),
        ({"permission": [{"action": "read", "constraint": [{"or": {"@list": []}}]}]}, "has no operands"),
        (
            {
                "prohibition": [
                    {"action": "read", "remedy": [{"action": "delete", "consequence": [{"action": "compensate"}]}]}
                ]
            },
            "remedy cannot have a consequence",
        ),
        ({"permission": [{"target": "http://e/x"}]}, "permission without an action"),
        ({}, "no permission, prohibition or obligation"),
        ({"conflict": "odrl:sometimes", "permission": [{"action": "read"}]}, "unknown conflict strategy"),
    ],
)
def test_structural_problems(policy: dict[str, Any], message: str) -> None:
    found = messages(doc(**policy))
    assert any(message in m for m in found), found
    with pytest.raises(ProfileViolation):
        parse_policies(doc(**policy))


def test_every_problem_is_reported_with_location() -> None:
    text = doc(
        permission=[
            {"action": "read", "constraint": [{"leftOperand": "count", "rightOperand": 1}]},
            {"action": "read", "constraint": [{"leftOperand": "count", "operator": "nope", "rightOperand": 1}]},
        ]
    )
    with pytest.raises(ProfileViolation) as info:
        parse_policies(text, source="p.jsonld")
    problems = info.value.problems
    assert len(problems) == 2
    assert problems[0].loc[:2] == ("http://e/p", "permission")
    assert info.value.all_lines()[0].startswith("p.jsonld: [policy.profile]")


def test_profile_terms() -> None:
    ok = doc(
        profile="https://w3id.org/avtaleverk/odrl/",
        permission=[
            {
                "action": "avt:trainModel",
                "constraint": [
                    {
                        "leftOperand": "avt:aiTrainingTier",
                        "operator": "lteq",
                        "rightOperand": {"@id": "avt:tierResearch"},
                    }
                ],
            }
        ],
    )
    assert validate(ok, shacl=False) == []
    bad = doc(
        profile="https://w3id.org/avtaleverk/odrl/",
        permission=[
            {
                "action": "avt:teleport",
                "constraint": [
                    {"leftOperand": "avt:mood", "operator": "eq", "rightOperand": {"@id": "avt:tierGalactic"}}
                ],
            }
        ],
    )
    found = messages(bad)
    assert any("unknown action 'avt:teleport'" in m for m in found)
    assert any("unknown left operand 'avt:mood'" in m for m in found)
    assert any("unknown profile term 'avt:tierGalactic'" in m for m in found)
    # Without a profile, unknown terms also fail; with someone else's profile they are theirs to define.
    assert messages(doc(permission=[{"action": "http://other.example/fly"}]))
    other = doc(profile="http://other.example/profile", permission=[{"action": {"@id": "http://other.example/fly"}}])
    assert validate(other, shacl=False) == []


def test_shacl_shapes_run_on_atomic_form() -> None:
    text = doc(
        **{
            "@type": "Agreement",
            "assigner": "http://e/a",
            "assignee": "http://e/b",
            "target": ["http://e/x", "http://e/y"],
            "permission": [{"action": ["read", "print"]}],
        }
    )
    assert validate(text, shacl=True) == []
    policies = policy_from_dict(json.loads(text))
    assert len(policies[0].permissions) == 4
