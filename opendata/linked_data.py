"""schema.org descriptions of the record, for search engines and other machines reading a page."""

import json

from django.conf import settings
from django.urls import reverse
from django.utils.translation import get_language

from conventions.models import Convention
from conventions.selectors import TreatyStatus

# What a browser would read as the end of the script element or the start of markup: written as
# JSON escapes, so no text in the record can leave the element (as Django's json_script does).
_SCRIPT_SAFE = str.maketrans({"<": "\\u003C", ">": "\\u003E", "&": "\\u0026"})


def legislation_linked_data(convention: Convention, treaty: TreatyStatus) -> dict:
    """A convention as a schema.org ``Legislation``; its status on the page's date as a
    ``Dataset`` about it, whose measured values are the counts the status table shows."""
    page = settings.SITE_URL + convention.get_absolute_url()
    day = treaty.as_of.isoformat()
    described = {
        "@context": "https://schema.org",
        "@type": "Legislation",
        "@id": page,
        "url": page,
        "name": convention.title,
        "alternateName": convention.short_name,
        "legislationIdentifier": convention.code,
        "legislationType": "Convention",
        "legislationDate": convention.adopted_on.isoformat(),
        "legislationLegalForce": "https://schema.org/InForce"
        if treaty.convention_in_force
        else "https://schema.org/NotInForce",
        "locationCreated": {"@type": "Place", "name": convention.adopted_at},
        "inLanguage": get_language(),
        "subjectOf": {
            "@type": "Dataset",
            "name": f"{convention.code} status {day}",
            "temporalCoverage": day,
            "variableMeasured": [
                {"@type": "PropertyValue", "name": name, "value": value}
                for name, value in (
                    ("signatories", treaty.signatories),
                    ("parties", treaty.parties),
                    ("in_force", treaty.in_force),
                    ("denounced", treaty.denounced),
                )
            ],
            "distribution": [
                {
                    "@type": "DataDownload",
                    "encodingFormat": "text/csv",
                    "contentUrl": settings.SITE_URL
                    + reverse("conventions:status_csv", args=[convention.code])
                    + f"?as_of={day}",
                }
            ],
        },
    }
    entry_into_force = treaty.entry_into_force.date
    if entry_into_force is not None and entry_into_force.is_exact:
        described["legislationDateOfApplicability"] = entry_into_force.earliest.isoformat()
    if convention.source_url:
        described["sameAs"] = convention.source_url
    return described


def script_safe_json(data: dict) -> str:
    """``data`` as JSON that may stand inside a ``<script>`` element as it is."""
    return json.dumps(data, ensure_ascii=False).translate(_SCRIPT_SAFE)
