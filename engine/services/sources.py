"""The one policy source: where the rules a use is checked against come from, verified.

    PolicySource.from_registry(store, "AV-2026-…")   an agreement in the registry
    PolicySource.from_pdf(data)                     one of our PDFs: verified first, altered files refused
    PolicySource.from_agreement_json(data)          an agreement as JSON (``avtale compose --json``): hash checked
    PolicySource.from_odrl(text, name="x.ttl")      an ODRL policy in JSON-LD or Turtle, from anywhere
    PolicySource.from_file(path)                    any of the three files above, told apart by content

``avtale check --policy``, the app's «Sjekk bruk» and the coming HTTP API all start here, so a PDF
that fails verification is refused everywhere, not just in the browser. The policy of a PDF or an
agreement JSON is the *agreement's* policy (covered by its content hash), never a separate
attachment that could have been swapped.

The PDF reader (pypdf, inside ``engine.render.verify``) and the RDF parser (rdflib, behind
``engine.odrl.parse_policies``) load only on the paths that need them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import ValidationError

from engine import odrl
from engine.core.agreement import Agreement, Annex, ComposedClause, compute_content_hash
from engine.core.policy import party_iri
from engine.errors import AvtaleverkError, PolicyError, RenderError
from engine.render.pdf import AGREEMENT_ATTACHMENT
from engine.render.verify import read_attachments, verify_pdf
from engine.services.examples import plain_text

if TYPE_CHECKING:
    from engine.odrl import Policy
    from engine.store import Store

__all__ = ["Origin", "PolicySource"]

#: Where a source came from.
Origin = Literal["agreement", "registry", "pdf", "agreement-json", "odrl"]

_PDF_MAGIC = b"%PDF-"


def _only(values: set[str]) -> str | None:
    return next(iter(values)) if len(values) == 1 else None


@dataclass(frozen=True)
class PolicySource:
    """The policies a use is checked against, and the agreement their rules come from (when known)."""

    policies: tuple[Policy, ...]
    agreement: Agreement | None = None
    title: str = ""
    origin: Origin = "agreement"

    # ------------------------------------------------------------------ constructors

    @classmethod
    def from_agreement(cls, agreement: Agreement, *, origin: Origin = "agreement") -> PolicySource:
        """A composed agreement (trusted: it comes from our own code or the registry)."""
        if agreement.policy is None:
            raise PolicyError(
                "the agreement has no machine-readable policy (no clause in it carries an ODRL meaning)",
                loc=("policy",),
            )
        return cls(
            policies=tuple(odrl.policy_from_dict(agreement.policy)),
            agreement=agreement,
            title=f"{agreement.metadata.title} · {agreement.metadata.document_id}",
            origin=origin,
        )

    @classmethod
    def from_registry(cls, store: Store, agreement_id: str) -> PolicySource:
        """A registered agreement by its document id (``NotFoundError`` when there is none)."""
        record = store.get_agreement(agreement_id)
        return cls.from_agreement(record.agreement, origin="registry")

    @classmethod
    def from_pdf(cls, data: bytes) -> PolicySource:
        """One of our PDFs: its embedded agreement, after checking it is the one its hashes say.

        ``RenderError`` for bytes that are no PDF (``render.failed``), for PDFs not made by Avtaleverk
        (``render.not-ours``) and for altered ones.
        """
        result = verify_pdf(data)
        if not result.ok:
            reasons = "; ".join(result.messages("en"))
            raise RenderError(f"the PDF has been altered, so its policy cannot be trusted: {reasons}", loc=("pdf",))
        raw = read_attachments(data)[AGREEMENT_ATTACHMENT]
        return cls.from_agreement(Agreement.model_validate(json.loads(raw.decode("utf-8"))), origin="pdf")

    @classmethod
    def from_agreement_json(cls, data: str | bytes) -> PolicySource:
        """An agreement as JSON; refused when its content hash does not match its content."""
        try:
            agreement = Agreement.model_validate_json(data)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            raise PolicyError(
                f"not a valid agreement ({exc.error_count()} problem(s); first at {where}: {first['msg']})",
                loc=("agreement",),
            ) from exc
        computed = compute_content_hash(agreement)
        if computed != agreement.content_hash:
            raise PolicyError(
                f"the agreement has been altered, so its policy cannot be trusted: its content hash is "
                f"{computed[:12]}, but it states {agreement.content_hash[:12] or '(none)'}",
                loc=("agreement", "content_hash"),
            )
        return cls.from_agreement(agreement, origin="agreement-json")

    @classmethod
    def from_odrl(cls, data: str | bytes, *, name: str | None = None) -> PolicySource:
        """An ODRL policy in JSON-LD or Turtle (the format from ``name``'s suffix, else from the content)."""
        policies = odrl.parse_policies(data, _odrl_format(name), source=name)
        title = name or (policies[0].uid if policies else "ODRL")
        return cls(policies=tuple(policies), title=title, origin="odrl")

    @classmethod
    def from_bytes(cls, data: bytes, *, name: str | None = None) -> PolicySource:
        """A PDF, an agreement JSON or an ODRL policy, told apart by their content."""
        if data.lstrip()[:5] == _PDF_MAGIC:
            return cls.from_pdf(data)
        if _looks_like_agreement(data):
            return cls.from_agreement_json(data)
        return cls.from_odrl(data, name=name)

    @classmethod
    def from_file(cls, path: Path) -> PolicySource:
        """``avtale check --policy FILE``: every error names the file."""
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            raise PolicyError(f"cannot read policy file: {exc.strerror}", source=path) from exc
        try:
            return cls.from_bytes(data, name=str(path))
        except AvtaleverkError as err:
            for e in (err, *err.problems):
                e.source = e.source or Path(path)
            raise

    # ------------------------------------------------------------------ what a request defaults to

    @property
    def assignee(self) -> str | None:
        """The party the policies are granted to, when they name exactly one."""
        return _only({p.assignee for p in self.policies if p.assignee})

    @property
    def target(self) -> str | None:
        """The dataset the policies are about, when they name exactly one."""
        found = {p.target for p in self.policies if p.target}
        if found:
            return _only(found)
        return _only({r.target_iri for p in self.policies for r in p.rules if r.target_iri})

    @property
    def agreement_id(self) -> str | None:
        return self.agreement.metadata.document_id if self.agreement is not None else None

    def party_names(self) -> dict[str, str]:
        """party IRI → the party's name, for the agreement's parties."""
        if self.agreement is None:
            return {}
        return {party_iri(p): p.name for p in self.agreement.parties}

    def clause_text(self, clause_id: str | None, number: str | None) -> tuple[str, str]:
        """(title, plain text) of a clause or annex of the agreement, found by id or printed number."""
        if self.agreement is None:
            return "", ""
        parts: list[ComposedClause | Annex] = [
            *(c for s in self.agreement.sections for c in s.clauses),
            *self.agreement.annexes,
        ]
        for part in parts:
            if (clause_id and part.id == clause_id) or (number and part.number == number):
                return part.title, plain_text(part.html)
        return "", ""


def _odrl_format(name: str | None) -> str | None:
    lower = (name or "").lower()
    if lower.endswith(".ttl"):
        return "turtle"
    if lower.endswith((".json", ".jsonld")):
        return "json-ld"
    return None


def _looks_like_agreement(data: bytes) -> bool:
    """A JSON object with an agreement's top-level keys (a JSON-LD policy has ``@context`` instead)."""
    head = data.lstrip()[:1]
    if head != b"{":
        return False
    try:
        value = json.loads(data)
    except (ValueError, UnicodeDecodeError):
        return False
    return isinstance(value, dict) and {"metadata", "sections", "content_hash"} <= value.keys()
