"""The text a lawyer reads: each answer file in tests/data/answers/ (and each shipped example) composes, or is
refused with one located error per conflicting question, and the composed clauses say what the chosen
options promise — in bokmål and in English — without the contradictions issue 10 found.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from engine.core.agreement import Agreement
from engine.core.answersfile import read_answers_file
from engine.core.compose import compose
from engine.core.fairness import check_fairness
from engine.errors import AnswersError
from engine.services.examples import agreement_text, ask
from tests.helpers import ROOT

ANSWERS = ROOT / "tests" / "data" / "answers"

# file -> language -> (must appear, must not appear). Every snippet is read from the option it proves.
TEXT: dict[str, dict[str, tuple[list[str], list[str]]]] = {
    "processor": {
        "nb": (
            [
                "er databehandler etter personvernforordningen (GDPR) artikkel 28",
                "Dataleverandøren er behandlingsansvarlig og selv ansvarlig for at behandlingen har et gyldig",
                "Avtalen med vedlegg er Dataleverandørens dokumenterte instruks",
                "er underdatabehandler. Det kan først få tilgang når Dataleverandøren har godkjent det skriftlig",
                "Modellene kan bare brukes i oppdraget for Dataleverandøren",
                "Er Mottakeren databehandler, skjer all bruk av Personopplysningene for Dataleverandøren",
                "Mottakeren skal slette Trente modeller",
                "Dataleverandøren bygger på dette grunnlaget: behandlingen skjer som databehandling",
                "går den foran resten av Avtalen når det gjelder behandlingen av Personopplysninger",
                "databehandleravtalen i vedlegg 2 går foran for behandlingen av Personopplysninger",
            ],
            [
                "Hver part er selv ansvarlig for at den har et gyldig behandlingsgrunnlag",
                "annen bruk som Avtalen tillater",
                "kan beholde og fortsatt bruke Trente modeller",
                "Mottakeren kan bruke Dataene kommersielt",
                "av inntektene fra",
            ],
        ),
        "en": (
            [
                "is a processor under the General Data Protection Regulation (GDPR) Article 28",
                "The Provider is the controller and itself responsible",
                "is a sub-processor",
                "only in the service for the Provider",
                "must delete Trained Models within the same deadline",
            ],
            ["Each party is itself responsible", "other use permitted by the Agreement", "may keep and continue"],
        ),
    },
    "sale-allowed": {
        "en": (
            [
                "The Recipient may sell or license the Data, but only on the same terms as apply to the Recipient",
                "may make the Data available to others, but only on the same terms",
                "for an annual fee of NOK 120,000 excluding VAT",
                "Making something available without payment, for example under an open licence, is not in itself",
            ],
            ["may not sell, rent out or license the Data", "may not give, sell, license"],
        ),
        "nb": (
            ["Mottakeren kan selge eller lisensiere Dataene, men bare på de samme vilkårene", "kr 120 000"],
            ["kan ikke selge, leie ut eller lisensiere Dataene"],
        ),
    },
    "broad-company": {
        "nb": (
            [
                "Mottakeren er en virksomhet som drives med sikte på fortjeneste. Etter punkt 4.1 bokstav e er derfor "
                "all bruk av Dataene",
                "også intern bruk og forskning",
                "Vederlaget for kommersiell bruk i punkt 4.3 skal derfor betales fra Mottakeren begynner å bruke",
                "Er bruken av modellene kommersiell etter punkt 4.1, gjelder i tillegg vilkårene i punkt 4.3",
                "offentleglova § 7",
            ],
            ["Mottakeren kan ikke bruke Dataene kommersielt"],
        ),
        "en": (["point (e), all use of the Data", "including internal use and research"], ["point (a) to (d)"]),
    },
    "broad-municipality": {
        "nb": (
            [
                "Mottakeren er et offentlig organ. Mottakerens bruk av Dataene er derfor bare kommersiell når den "
                "faller inn under punkt 4.1 bokstav a til d",
                "tjenesteutvikling for innbyggerne og offentlig forvaltning er ikke kommersiell bruk",
                "Mottakeren kan ikke bruke Dataene kommersielt",
            ],
            ["drives med sikte på fortjeneste. Etter", "nr. 1 til 4", "Endret kontroll."],
        ),
        "en": (["The Recipient is a public body", "points (a) to (d)"], ["items 1 to 4"]),
    },
    "datalisens": {
        "nb": (
            [
                "Norsk lisens for offentlige data (NLOD) 2.0",
                "Den som bruker Dataene etter NLOD, er bundet av NLOD og ikke av Avtalen",
                "oppdateringer daglig og tilgang til API-et med tjenestenivået i punkt 2.2",
                "minst 99 % av tiden i hver kalendermåned",
                "tilgjengelige for alle som aksepterer Avtalen etter punkt",
                "Dataleverandøren gir Dataene gratis og som de er",
                "Ansvarsfraskrivelsen og unntaket for indirekte tap gjelder ikke for",
                "offentleglova § 7",
                "bekrefter at den har rett til å tilby Dataene på disse vilkårene",
            ],
            [
                "etter at Avtalen er signert",
                "Hver part beholder ett signert eksemplar",
                "Oppgjør.",
                "aldri mindre enn",
                "innestår for at",
                "forholdsmessig prisavslag",
            ],
        ),
        "en": (
            [
                "Norwegian Licence for Open Government Data (NLOD) 2.0",
                "gives the Data free of charge and as is",
                "available to anyone who accepts the Agreement",
            ],
            ["has been signed", "Settlement.", "never less than", "warrants that"],
        ),
    },
    "per-project": {
        "en": (
            [
                "for this project: The research project",
                "ends when the Recipient has reported in writing that the project is finished",
                "within 1 day,",
                "for 1 year after the Agreement has ended",
            ],
            ["1 days", "1 years", "may keep and continue"],
        ),
        "nb": (
            ["for dette prosjektet", "innen 1 dag,", "i 1 år etter at Avtalen har sluttet"],
            ["1 dager", "1 dagers"],
        ),
    },
    "all-commercial": {
        "en": (
            [
                "The Recipient may sell or license the Data, but only on the same terms",
                "earn money both on the models and on the Model Output",
                "Selling or licensing the Results themselves nevertheless requires both parties' written agreement",
                "If the capital increase has no other investors",
                "the acquirer undertakes in writing towards the Provider",
                "5% of the revenue",
                "invoiced until and including 31 December 2032",
                "more than one twentieth of what should have been paid for the year",
                "NOK 15,000 per month",
                "Settlement. Fees for the period until the Agreement ended must be paid",
                "may also be decided by an expert under clause 4.6",
                "clause 4.4 on the right to invest",
                "clause 4.6 on what is built substantially on the Data",
            ],
            ["5% too little", "earned until", "takes precedence over the right to earn money"],
        ),
        "nb": (["5 % av inntektene", "mer enn en tjuendedel"], ["5 % for lite", "opptjent"]),
    },
    "unfair": {
        "nb": (
            [
                "Dataleverandøren avgjør alene om Dataene er i samsvar med Avtalen",
                "med minst 60 dagers skriftlig varsel.",
                "minst 2 dagers skriftlig varsel",
            ],
            ["kan Mottakeren si opp Avtalen skriftlig med virkning fra den dagen endringen trer i kraft"],
        ),
    },
}

REFUSED: dict[str, set[str]] = {
    "processor-refused": {
        "personal_data_role",
        "commercial_use",
        "commercial_scope",
        "onward_transfer",
        "ai_training",
        "models_at_termination",
        "revenue_share",
    },
    "contradictions": {
        "derivatives",
        "onward_transfer",
        "commercial_use",
        "ai_training",
        "revenue_share",
        "start_date",
        "end_date",
    },
}

# The shipped examples, read again after the review of issue 10.
EXAMPLES: dict[str, dict[str, tuple[list[str], list[str]]]] = {
    "kommune-sensordata": {
        "nb": (
            [
                "Dataleverandøren er et offentlig organ",
                "retten etter offentleglova § 7",
                "Begrensningene i dette punktet, både taket og unntaket for indirekte tap, gjelder ikke for",
                "reglene om kommersiell bruk i punkt 4.2 og KI-trinnet i punkt 4.3",
                "Tiltakene ved urettmessig bruk står i punkt 6.5",
                "Dataleverandøren innestår for at",
                "kan Mottakeren si opp Avtalen skriftlig med virkning fra den dagen endringen trer i kraft",
            ],
            [
                "«del på samme vilkår»",
                "reglene i Avtalen om verdideling",
                "Oppgjør.",
                "nr. 1 til 4",
                "Skriftlig:",
                "går det forbudet foran",
            ],
        ),
    },
    "handel-ki": {
        "en": (
            [
                "Competition Act (konkurranseloven) section 10",
                "no one can derive a single business's prices, margins",
                "at least 99.5% of the time in each calendar month",
                "NOK 15,000 per month",
                "revenue invoiced until and including 31 December 2032",
                "may also be decided by an expert under clause",
                "or of the duties in clause",
                "clause 5.2 on competitively sensitive information",
                "The Recipient may earn money on Model Output, but may not sell the models or license them for payment",
            ],
            ["but may not sell or license the models themselves", "earned until"],
        ),
    },
    "oppdrett-forskning": {
        "nb": (
            [
                "for dette prosjektet: Forskningsprosjektet «Lus og temperatur»",
                "Trente modeller. Mottakeren kan beholde og fortsatt bruke Trente modeller på vilkårene i punkt 4.3",
                "punkt 4.3 om KI-trening, for Trente modeller Mottakeren beholder",
            ],
            ["Oppgjør.", "reglene i Avtalen om verdideling"],
        ),
    },
}


def compose_file(path: Path, lang: str, library) -> Agreement:
    parsed, _ = read_answers_file(path)
    return compose(
        parsed.type,
        parsed.answers,
        lang,
        library=library,
        created_at=parsed.created_at or dt.datetime(2026, 11, 20, 10, tzinfo=dt.UTC),
    )


def _cases(table: dict[str, dict[str, tuple[list[str], list[str]]]], folder: Path) -> list[Any]:
    return [
        pytest.param(folder / f"{name}.yaml", lang, present, absent, id=f"{name}-{lang}")
        for name, langs in table.items()
        for lang, (present, absent) in langs.items()
    ]


@pytest.mark.parametrize(
    ("path", "lang", "present", "absent"), _cases(TEXT, ANSWERS) + _cases(EXAMPLES, ROOT / "examples")
)
def test_the_text_says_what_the_options_promise(repo_library, path: Path, lang: str, present, absent) -> None:
    text = agreement_text(compose_file(path, lang, repo_library))
    assert [p for p in present if p not in text] == []
    assert [a for a in absent if a in text] == []


def test_every_answer_file_is_read() -> None:
    files = {p.stem for p in ANSWERS.glob("*.yaml")}
    assert files == set(TEXT) | set(REFUSED)
    assert len(files - set(REFUSED)) >= 7


@pytest.mark.parametrize("name", sorted(REFUSED))
@pytest.mark.parametrize("lang", ["nb", "en"])
def test_contradictory_files_are_refused_at_each_question(repo_library, name: str, lang: str) -> None:
    with pytest.raises(AnswersError) as err:
        compose_file(ANSWERS / f"{name}.yaml", lang, repo_library)
    locs = [str(p.loc[0]) for p in err.value.problems]
    assert sorted(locs) == sorted(REFUSED[name])  # one error per question, each located


def test_defaults_of_the_answer_files_are_fair_except_the_unfair_one(repo_library) -> None:
    for name in sorted(TEXT):
        flags = check_fairness(compose_file(ANSWERS / f"{name}.yaml", "nb", repo_library))
        if name == "unfair":
            assert {f.code for f in flags} == {
                "conformity-unilateral",
                "liability-excluded",
                "results-taken",
                "price-change-unilateral",
                "liability-one-sided",
                "notice-too-short",
                "audit-short-notice",
            }
        else:
            assert flags == [], (name, [f.code for f in flags])


# --------------------------------------------------------------------------- the machine meaning of the text


def test_sale_of_the_data_is_permitted_with_its_duties(repo_library) -> None:
    a = compose_file(ANSWERS / "sale-allowed.yaml", "en", repo_library)
    report = ask(a, {"action": "sell", "purpose": "dpv:SellDataToThirdParties", "spatial": "NO", "at": "2027-06-01"})
    assert report.decision == "permit"
    assert {r.clause_id for r in report.deciding} == {"commercial_use"}
    owed = {d.action.rsplit("/", 1)[-1] for d in report.duties_owed}
    assert owed == {"nextPolicy", "compensate", "inform"}  # same terms, the annual fee, notice before use


def test_a_company_under_the_broad_definition_owes_the_fee_for_research(repo_library) -> None:
    a = compose_file(ANSWERS / "broad-company.yaml", "nb", repo_library)
    report = ask(a, {"action": "use", "purpose": "dpv:AcademicResearch", "spatial": "NO", "at": "2027-06-01"})
    assert report.decision == "permit"
    assert "recipient_commercial_status" in {r.clause_id for r in report.deciding}
    assert {d.action.rsplit("/", 1)[-1] for d in report.duties_owed} == {"compensate", "inform"}


def test_a_municipality_under_the_broad_definition_improves_its_services_freely(repo_library) -> None:
    a = compose_file(ANSWERS / "broad-municipality.yaml", "nb", repo_library)
    ok = ask(a, {"action": "use", "purpose": "dpv:ServiceOptimisation", "spatial": "NO", "at": "2027-06-01"})
    assert ok.decision == "permit" and ok.duties_owed == []
    sale = ask(a, {"action": "use", "purpose": "dpv:SellProducts", "spatial": "NO", "at": "2027-06-01"})
    assert sale.decision == "deny"
    assert "commercial_use" in {r.clause_id for r in sale.deciding}


def test_a_processor_cannot_pass_the_data_to_a_third_party(repo_library) -> None:
    a = compose_file(ANSWERS / "processor.yaml", "nb", repo_library)
    third = ask(
        a,
        {
            "action": "distribute",
            "recipient": "avt:thirdParty",
            "purpose": "dpv:ServiceOptimisation",
            "spatial": "NO",
            "at": "2027-06-01",
        },
    )
    assert third.decision == "deny"
    assert [d.action.rsplit("/", 1)[-1] for d in third.remedies] == ["delete"]
    model = ask(a, {"action": "commercialiseModel", "purpose": "dpv:SellProducts", "spatial": "NO", "at": "2027-06-01"})
    assert model.decision == "deny"
