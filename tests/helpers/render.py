"""``make_agreement(**overrides)``: composed agreements for the render tests, without a library.

Realistic content (two parties with valid org.nrs, four sections, ten clauses, an annex, æøå),
in bokmål or English. Overrides replace top-level ``Agreement`` fields, or ``metadata`` fields
when given as ``metadata={...}``; the content hash is recomputed unless ``content_hash`` is given.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from engine.core.agreement import (
    Agreement,
    Annex,
    ClauseRef,
    ComposedClause,
    ComposedSection,
    Metadata,
    Party,
    compute_content_hash,
)

CREATED_AT = datetime(2026, 3, 1, 10, 30, tzinfo=timezone(timedelta(hours=1)))

_NB: list[tuple[str, str, list[tuple[str, str, str]]]] = [
    (
        "parter",
        "Parter og roller",
        [
            (
                "parter-roller",
                "Partenes roller",
                "<p>Nordlys Havbruk AS er <strong>dataleverandør</strong> og gjør datasettet tilgjengelig. "
                "Fjordanalyse AS er <strong>mottaker</strong> og bruker dataene slik denne avtalen tillater.</p>",
            ),
            (
                "definisjoner",
                "Definisjoner",
                "<ul><li><em>Data</em>: datasettet beskrevet i vedlegg 1, med oppdateringer.</li>"
                "<li><em>Avledede data</em>: data mottakeren lager ved å bearbeide, sammenstille eller "
                "analysere Data.</li><li><em>Trent modell</em>: en maskinlæringsmodell som er trent "
                "helt eller delvis på Data.</li></ul>",
            ),
        ],
    ),
    (
        "datasett",
        "Datasettet og formålet",
        [
            (
                "datasett",
                "Datasettet",
                "<p>Datasettet inneholder målinger av sjøtemperatur, oksygen og lusetall fra 14 "
                "lokaliteter på Helgelandskysten, om lag 2,3 millioner rader i CSV-format. Data leveres "
                "gjennom leverandørens API, og oppdateringer leveres ukentlig.</p>",
            ),
            (
                "formal",
                "Formål",
                "<p>Mottakeren kan bare bruke Data til å utvikle og drive en tjeneste for tidlig varsling "
                "av algeoppblomstring. Annen bruk krever skriftlig samtykke fra dataleverandøren.</p>",
            ),
        ],
    ),
    (
        "bruk",
        "Bruk av dataene",
        [
            (
                "tillatt-bruk",
                "Tillatt bruk",
                "<p>Mottakeren kan bruke Data internt, til forskning og til produktutvikling i Norge og "
                "EØS i avtaleperioden.</p>",
            ),
            (
                "forbudt-bruk",
                "Forbudt bruk",
                "<p>Mottakeren skal ikke</p><ol><li>forsøke å identifisere enkeltpersoner,</li>"
                "<li>bruke Data til å overvåke enkeltpersoner, eller</li>"
                "<li>bygge et datasett som konkurrerer med leverandørens.</li></ol>",
            ),
            (
                "kommersiell-bruk",
                "Kommersiell bruk",
                "<p>Mottakeren kan selge resultater av analyser, men ikke selge eller gi videre selve "
                "dataene. Trente modeller kan brukes kommersielt etter skriftlig varsel til "
                "dataleverandøren.</p>",
            ),
            (
                "verdiandel",
                "Dataleverandørens andel av verdiskapingen",
                "<p>Bygger mottakeren et selskap eller produkt vesentlig på Data, har dataleverandøren rett "
                "til å investere inntil 5 % på samme vilkår som andre investorer. Mottakeren skal varsle "
                "dataleverandøren senest 30 dager før en emisjon. Retten gjelder i 5 år fra avtalen "
                "er signert.</p>",
            ),
        ],
    ),
    (
        "ansvar",
        "Ansvar, varighet og tvister",
        [
            (
                "ansvar",
                "Ansvarsbegrensning",
                "<p>Ingen av partene er ansvarlige for indirekte tap. Samlet ansvar er begrenset til "
                "kr 500 000. Begrensningene gjelder ikke ved forsett eller grov uaktsomhet.</p>",
            ),
            (
                "varighet",
                "Varighet og oppsigelse",
                "<p>Avtalen gjelder fra signering og til den sies opp med tre måneders varsel. Ved vesentlig "
                "mislighold kan avtalen heves med umiddelbar virkning.</p>",
            ),
            (
                "tvister",
                "Lovvalg og tvister",
                "<p>Avtalen reguleres av norsk rett. Tvister søkes løst ved forhandlinger, deretter ved "
                "mekling. Fører ikke dette fram, avgjøres tvisten av Oslo tingrett.</p>",
            ),
        ],
    ),
]

_EN_TITLES = {
    "parter": "Parties and roles",
    "datasett": "The dataset and the purpose",
    "bruk": "Use of the data",
    "ansvar": "Liability, term and disputes",
    "parter-roller": "Roles of the parties",
    "definisjoner": "Definitions",
    "datasett-c": "The dataset",
    "formal": "Purpose",
    "tillatt-bruk": "Permitted use",
    "forbudt-bruk": "Prohibited use",
    "kommersiell-bruk": "Commercial use",
    "verdiandel": "The provider's share in value created",
    "ansvar-c": "Limitation of liability",
    "varighet": "Term and termination",
    "tvister": "Governing law and disputes",
}

_ANNEX_NB = (
    "<p>Datasettet <em>Sjødata Helgeland</em> består av følgende felter:</p>"
    "<table><thead><tr><th>Felt</th><th>Beskrivelse</th><th>Enhet</th></tr></thead><tbody>"
    "<tr><td>lokalitet</td><td>Lokalitetsnummer i Fiskeridirektoratets register</td><td>–</td></tr>"
    "<tr><td>tid</td><td>Tidspunkt for målingen (UTC)</td><td>ISO 8601</td></tr>"
    "<tr><td>sjøtemperatur</td><td>Temperatur på 3 meters dyp</td><td>°C</td></tr>"
    "<tr><td>oksygen</td><td>Oppløst oksygen</td><td>mg/l</td></tr>"
    "<tr><td>lus_voksne_hunner</td><td>Gjennomsnittlig antall voksne hunnlus per fisk</td><td>antall</td></tr>"
    "</tbody></table><p>Leveranse: REST-API med ukentlige oppdateringer. Kontaktpunkt: data@nordlys.no.</p>"
)


def _sections(lang: str) -> tuple[ComposedSection, ...]:
    out = []
    for si, (sid, stitle, clauses) in enumerate(_NB, start=1):
        composed = []
        for ci, (cid, ctitle, html) in enumerate(clauses, start=1):
            title = ctitle
            if lang == "en":
                title = _EN_TITLES.get(f"{cid}-c", _EN_TITLES.get(cid, ctitle))
            composed.append(ComposedClause(number=f"{si}.{ci}", id=cid, version="1.0.0", title=title, html=html))
        title = _EN_TITLES[sid] if lang == "en" else stitle
        out.append(ComposedSection(number=str(si), id=sid, title=title, clauses=tuple(composed)))
    return tuple(out)


def _policy() -> dict[str, Any]:
    return {
        "@context": "https://www.w3.org/ns/odrl.jsonld",
        "@type": "Agreement",
        "uid": "urn:avtaleverk:AV-2026-0042",
        "assigner": "urn:orgnr:974760673",
        "assignee": "urn:orgnr:921605900",
        "permission": [{"target": "urn:avtaleverk:AV-2026-0042:data", "action": "use"}],
        "prohibition": [{"target": "urn:avtaleverk:AV-2026-0042:data", "action": "distribute"}],
    }


def make_agreement(**overrides: Any) -> Agreement:
    """A composed agreement; ``language="en"`` gives English titles and labels."""
    lang = overrides.pop("language", "nb")
    meta_over = overrides.pop("metadata", {})
    sections = _sections(lang)
    refs = tuple(ClauseRef(id=c.id, version=c.version) for s in sections for c in s.clauses)
    metadata = Metadata(
        document_id="AV-2026-0042",
        type_id="datadeling",
        type_version="1.2.0",
        title="Datadelingsavtale" if lang == "nb" else "Data-sharing agreement",
        language=lang,
        created_at=CREATED_AT,
        clauses=(*refs, ClauseRef(id="vedlegg-datasett", version="1.0.0")),
    ).model_copy(update=meta_over)
    fields: dict[str, Any] = {
        "metadata": metadata,
        "parties": (
            Party(
                role="provider",
                name="Nordlys Havbruk AS",
                orgnr="974760673",
                address="Havnegata 12, 8800 Sandnessjøen",
                contact_name="Åse Bjørklund",
                contact_email="ase.bjorklund@nordlys.no",
                signatory_name="Øystein Dæhli",
                signatory_role="Daglig leder",
            ),
            Party(
                role="recipient",
                name="Fjordanalyse AS",
                orgnr="921605900",
                address="Strandveien 4, 7042 Trondheim",
                contact_name="Kari Nordmann",
                contact_email="kari@fjordanalyse.no",
                signatory_name="Per Ærø",
                signatory_role="Styreleder",
            ),
        ),
        "sections": sections,
        "annexes": (
            Annex(
                number="1",
                id="vedlegg-datasett",
                version="1.0.0",
                title="Datasettbeskrivelse" if lang == "nb" else "Dataset description",
                html=_ANNEX_NB,
            ),
        ),
        "answers": {
            "provider_name": "Nordlys Havbruk AS",
            "recipient_name": "Fjordanalyse AS",
            "territory": "eea",
            "commercial_use": "after_notice",
            "invest_share_percent": 5,
            "notes": "Ønsker ukentlige oppdateringer – helst før kl. 08.00.",
        },
        "policy": _policy(),
    }
    explicit_hash = overrides.pop("content_hash", None)
    fields.update(overrides)
    agreement = Agreement(**fields)
    content_hash = explicit_hash if explicit_hash is not None else compute_content_hash(agreement)
    return agreement.model_copy(update={"content_hash": content_hash})
