"""Every user-facing text of dataset descriptions: import warnings, publish problems, catalogue defaults.

One table, key -> text per language (``engine.i18n``): nynorsk is a translation of this file. Keys are the
``code`` of a ``Notice``; ``{name}`` placeholders are its ``values``.
"""

from __future__ import annotations

from engine.i18n import Texts

MESSAGES: Texts = {
    "catalog.title": {"nb": "Datasett fra {name}", "en": "Datasets from {name}"},
    "catalog.description": {
        "nb": "Datasett med standardvilkår for bruk, publisert med Avtaleverk.",
        "en": "Datasets with standard terms of use, published with Avtaleverk.",
    },
    "licence.legacy": {"nb": "Lisensen {found} er lest som {licence}.", "en": "Licence {found} read as {licence}."},
    "licence.unknown": {
        "nb": "Lisensen {found} er ikke en av lisensene Avtaleverk kan publisere; den er ikke tatt med.",
        "en": "Licence {found} is not one Avtaleverk can publish; it is not kept.",
    },
    "code.legacy": {"nb": "{found} er lest som {code}.", "en": "{found} read as {code}."},
    "code.unknown": {
        "nb": "{found} er ikke en kjent kode for {property}; verdien er ikke tatt med.",
        "en": "{found} is not a known code for {property}; the value is not kept.",
    },
    "format.free-text": {
        "nb": "Formatet «{found}» er skrevet som tekst og lest som filtypen {code}.",
        "en": "Format '{found}' is written as text and read as file type {code}.",
    },
    "format.unknown": {
        "nb": "Formatet «{found}» er ikke en kjent filtype; det er ikke tatt med.",
        "en": "Format '{found}' is not a known file type; it is not kept.",
    },
    "media-type.free-text": {
        "nb": "Medietypen «{found}» er skrevet som tekst og lest som {media_type}.",
        "en": "Media type '{found}' is written as text and read as {media_type}.",
    },
    "text.no-language": {
        "nb": "Teksten «{found}» har ingen språkkode; den er lest som bokmål.",
        "en": "Text '{found}' has no language tag; it is read as bokmål.",
    },
    "text.language": {
        "nb": "Språkkoden «{found}» er lest som «{lang}».",
        "en": "Language tag '{found}' read as '{lang}'.",
    },
    "text.unknown-language": {
        "nb": "Teksten «{found}» er på et språk ({lang}) Avtaleverk ikke tar vare på; den er ikke tatt med.",
        "en": "Text '{found}' is in a language ({lang}) Avtaleverk does not keep; it is not kept.",
    },
    "value.several": {
        "nb": "{property} har flere verdier; «{kept}» er tatt med, «{dropped}» ikke.",
        "en": "{property} has several values; '{kept}' is kept, '{dropped}' is not.",
    },
    "value.invalid": {
        "nb": "Verdien «{found}» av {property} er ugyldig ({reason}); den er ikke tatt med.",
        "en": "Value '{found}' of {property} is not valid ({reason}); it is not kept.",
    },
    "value.literal-iri": {
        "nb": "«{found}» er skrevet som tekst, men er en IRI; den er lest som IRI.",
        "en": "'{found}' is written as text but is an IRI; it is read as an IRI.",
    },
    "value.untyped-date": {
        "nb": "Datoen «{found}» har ingen datatype; den er lest som {value}.",
        "en": "Date '{found}' has no datatype; it is read as {value}.",
    },
    "contact.kind": {
        "nb": "Kontaktpunktet har typen {found}; det er lest som vcard:Organization.",
        "en": "The contact point is typed {found}; it is read as a vcard:Organization.",
    },
    "node.iri": {
        "nb": "{what} har IRI-en {found}; innholdet er tatt med, men blir publisert som blank node.",
        "en": "{what} has the IRI {found}; its content is kept but is published as a blank node.",
    },
    "publisher.no-orgnr": {
        "nb": "Utgiveren {found} har ikke et gyldig organisasjonsnummer i IRI-en; IRI-en er tatt med som den er.",
        "en": "Publisher {found} has no valid organisation number in its IRI; the IRI is kept as it is.",
    },
    "publisher.inherited": {
        "nb": "Datasettet har ingen utgiver; katalogens utgiver {publisher} er brukt.",
        "en": "The dataset has no publisher; the catalogue's publisher {publisher} is used.",
    },
    "access-rights.distribution": {
        "nb": "Tilgangsnivået {found} står på distribusjonen; det gjelder datasettet og er lest der.",
        "en": "Access rights {found} are given on the distribution; they belong to the dataset and are read there.",
    },
    "access-rights.conflict": {
        "nb": "Distribusjonen har tilgangsnivået {found}, datasettet {kept}; datasettets er tatt med.",
        "en": "The distribution has access rights {found}, the dataset {kept}; the dataset's are kept.",
    },
    "distribution.download-as-access": {
        "nb": "Distribusjonen har ingen tilgangs-URL; nedlastingslenken {found} er brukt.",
        "en": "The distribution has no access URL; its download URL {found} is used.",
    },
    "offer.several": {
        "nb": "Datasettet viser til flere tilbud; {kept} er tatt med, {dropped} ikke.",
        "en": "The dataset refers to several offers; {kept} is kept, {dropped} is not.",
    },
    "offer.not-in-file": {
        "nb": "Tilbudet {found} er ikke beskrevet i filen; bare henvisningen er tatt med.",
        "en": "Offer {found} is not described in the file; only the reference is kept.",
    },
    "dataset.blank-node": {
        "nb": "Et datasett uten IRI har fått id-en {id}; data.norge.no høster ikke datasett uten IRI.",
        "en": "A dataset without IRI was given the id {id}; data.norge.no does not harvest datasets without IRI.",
    },
    "dataset.uncatalogued": {
        "nb": "Datasettet står ikke i noen katalog.",
        "en": "The dataset is in no catalogue.",
    },
    "dataset.unreadable": {
        "nb": "Datasettet kunne ikke leses: {reason}",
        "en": "The dataset could not be read: {reason}",
    },
    "missing.required": {
        "nb": "{property} mangler (påkrevd i DCAT-AP-NO).",
        "en": "{property} is missing (required by DCAT-AP-NO).",
    },
    "missing.recommended": {
        "nb": "{property} mangler (anbefalt i DCAT-AP-NO).",
        "en": "{property} is missing (recommended by DCAT-AP-NO).",
    },
    "unmapped.property": {
        "nb": "{property} er ikke tatt med ({count} verdi(er), f.eks. {found}).",
        "en": "{property} is not kept ({count} value(s), e.g. {found}).",
    },
    "unmapped.node": {
        "nb": "Noden ({types}) hører ikke til noe datasett; {count} tripler er ikke tatt med: {properties}.",
        "en": "The node ({types}) belongs to no dataset; {count} triples are not kept: {properties}.",
    },
    "publish.missing": {
        "nb": "{property} mangler; den må fylles ut før publisering.",
        "en": "{property} is missing; fill it in before publishing.",
    },
    "publish.other-publisher": {
        "nb": "Datasettet har en annen utgiver ({publisher}) enn katalogen.",
        "en": "The dataset has another publisher ({publisher}) than the catalogue.",
    },
    "publish.offer-unknown": {
        "nb": "Tilbudet {offer} finnes ikke blant tilbudene som kan publiseres.",
        "en": "Offer {offer} is not among the offers that can be published.",
    },
}
