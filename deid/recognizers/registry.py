"""Builds recognizers from the ``[deid] recognizers`` config list: name -> class.

Adding a recognizer = a module + its data file + one line here + its name in the config.
"""

from __future__ import annotations

import importlib

from deid.recognizers.base import DEFAULT_PROFILE

RECOGNIZERS: dict[str, str] = {
    "site_lexicon": "deid.recognizers.site_lexicon:SiteLexiconRecognizer",  # finds nothing without a lexicon
    "ner": "deid.recognizers.ner:NerRecognizer",
    "person_name": "deid.recognizers.person_name:PersonNameRecognizer",
    "full_name": "deid.recognizers.full_name:FullNameRecognizer",
    "name_list": "deid.recognizers.name_list:NameListRecognizer",
    "vocative_name": "deid.recognizers.vocative_name:VocativeNameRecognizer",
    "lowercase_name": "deid.recognizers.lowercase_name:LowercaseNameRecognizer",
    "clinical_date": "deid.recognizers.clinical_date:ClinicalDateRecognizer",
    "age_over_89": "deid.recognizers.age_over_89:AgeOver89Recognizer",
    "street_address": "deid.recognizers.street_address:StreetAddressRecognizer",
    "locative_street": "deid.recognizers.locative_street:LocativeStreetRecognizer",
    "city_state": "deid.recognizers.city_state:CityStateRecognizer",
    "zip_code": "deid.recognizers.zip_code:ZipCodeRecognizer",
    "facility": "deid.recognizers.facility:FacilityRecognizer",
    "hospital": "deid.recognizers.hospital:HospitalRecognizer",
    "phone_fax": "deid.recognizers.phone_fax:PhoneFaxRecognizer",
    "email": "deid.recognizers.email:EmailRecognizer",
    "url": "deid.recognizers.url:UrlRecognizer",
    "ip_address": "deid.recognizers.ip_address:IpAddressRecognizer",
    "ssn": "deid.recognizers.ssn:SsnRecognizer",
    "mrn": "deid.recognizers.mrn:MrnRecognizer",
    "account": "deid.recognizers.account:AccountRecognizer",
    "health_plan": "deid.recognizers.health_plan:HealthPlanRecognizer",
    "license": "deid.recognizers.license:LicenseRecognizer",
    "vehicle": "deid.recognizers.vehicle:VehicleRecognizer",
    "device": "deid.recognizers.device:DeviceRecognizer",
    "other_id": "deid.recognizers.other_id:OtherIdRecognizer",
}


def recognizer_class(name: str):
    if name not in RECOGNIZERS:
        raise KeyError(f"unknown recognizer '{name}'; known: {', '.join(sorted(RECOGNIZERS))}")
    module_name, attribute = RECOGNIZERS[name].split(":")
    return getattr(importlib.import_module(module_name), attribute)


def build_recognizers(names: list[str] | None = None, profile: str = DEFAULT_PROFILE,
                      options: dict[str, dict] | None = None) -> list:
    """The recognizers ``names`` (all when None) under the de-identification ``profile``
    ("safe_harbor" or "strict", deid/README.md); ``options``: keyword arguments per recognizer
    name (the site lexicon's path, from the detector's configuration)."""
    options = options or {}
    return [recognizer_class(name)(profile=profile, **options.get(name, {})) for name in (names or list(RECOGNIZERS))]
