"""Structural validation: our own checks (every problem, located) plus the W3C POE SHACL shapes.

pyshacl is slow to import, so it is imported here only, lazily, when SHACL validation is asked for.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH

from engine.errors import PolicyError, ProfileViolation
from engine.odrl.vocab import ODRL, POLICY_TYPES, compact, policies_dir
from engine.rdf.graph import load_graph
from engine.rdf.read import policies_from_graph
from engine.rdf.write import policy_to_graph


def validate(
    data: str | bytes | Any,
    format: str | None = None,
    *,
    shacl: bool = True,
    source: str | Path | None = None,
) -> list[ProfileViolation]:
    """Every structural problem in a policy document; an empty list means it is valid.

    Runs our checks (operators, operands, profile terms, Agreement parties, remedies...) and then the
    W3C shapes on the *atomic* form of the policy. Syntax errors are raised as ``PolicyParseError``.
    """
    src = str(source) if source else None
    graph = load_graph(data, format, source=source)
    try:
        policies = policies_from_graph(graph, source=src, strict=True)
    except ProfileViolation as err:
        return [p for p in err.problems if isinstance(p, ProfileViolation)] or [err]
    except PolicyError as err:
        return [ProfileViolation(err.message, loc=err.loc, source=src)]
    if not shacl:
        return []
    return shacl_problems(policy_to_graph(policies, atomic=True), source=src)


def shacl_problems(graph: Any, *, source: str | None = None) -> list[ProfileViolation]:
    """Run the shipped (corrected) W3C POE shapes over ``graph``; one error per SHACL result."""
    import pyshacl  # slow to import: only when SHACL validation runs

    shapes = Graph().parse(policies_dir() / "odrl-shapes.ttl", format="turtle")
    data = _typed_copy(graph)
    try:
        conforms, results, _text = pyshacl.validate(data, shacl_graph=shapes, inference="none", allow_warnings=True)
    except Exception as exc:  # pyshacl raises its own and rdflib types
        raise PolicyError(f"SHACL validation failed to run: {exc}", source=source) from exc
    if conforms:
        return []
    out = []
    for result in results.subjects(SH.resultSeverity, SH.Violation):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        message = results.value(result, SH.resultMessage)
        loc: tuple[str | int, ...] = tuple(
            x for x in (compact(str(focus)) if focus is not None else None, compact(str(path)) if path else None) if x
        )
        out.append(ProfileViolation(f"W3C shape: {message}", loc=loc, source=source))
    return sorted(out, key=lambda e: e.one_line())


def _typed_copy(graph: Any) -> Any:
    """The graph plus the rdf:type triples the shapes target (the RDFS domain/range reasoning they assume).

    Done by hand instead of RDFS inference over the whole vocabulary, which would also validate the
    vocabulary's own terms against the shapes.
    """
    def o(name: str) -> URIRef:
        return URIRef(ODRL + name)

    data = Graph()
    for triple in graph:
        data.add(triple)
    for t in POLICY_TYPES:
        for s in graph.subjects(RDF.type, URIRef(t)):
            data.add((s, RDF.type, o("Policy")))
    roles = {"permission": "Permission", "prohibition": "Prohibition", "obligation": "Duty", "duty": "Duty",
             "remedy": "Duty", "consequence": "Duty"}  # fmt: skip
    for prop, cls in roles.items():
        for node in graph.objects(None, o(prop)):
            data.add((node, RDF.type, o(cls)))
            data.add((node, RDF.type, o("Rule")))
    for node in graph.subjects(o("leftOperand"), None):
        data.add((node, RDF.type, o("Constraint")))
    return data


def check(data: str | bytes | Any, format: str | None = None, **kw: Any) -> None:
    """Raise one ``ProfileViolation`` carrying every problem, or return if the policy is valid."""
    problems = validate(data, format, **kw)
    if problems:
        first = problems[0]
        raise ProfileViolation(first.message, loc=first.loc, source=first.source, problems=list(problems))


__all__ = ["check", "shacl_problems", "validate"]
