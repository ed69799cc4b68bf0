"""Realistic Open311 services and definitions (plain dicts, as ``service_definition`` returns them)
for the import tests.
"""

from __future__ import annotations

import copy
from typing import Any

from forms.open311_import import ImportedForm, convert_service


def attribute(code: str, datatype: str, description: str, order: int, **extra: Any) -> dict[str, Any]:
    return {
        "variable": extra.pop("variable", True),
        "code": code,
        "datatype": datatype,
        "required": extra.pop("required", False),
        "datatype_description": extra.pop("datatype_description", ""),
        "order": order,
        "description": description,
        "values": [{"key": k, "name": n} for k, n in extra.pop("values", ())],
        **extra,
    }


POTHOLE = {
    "service_code": "POTHOLE",
    "service_name": "Report a pothole",
    "description": "Tell us about a pothole in a road or pavement.",
    "metadata": True,
    "type": "realtime",
    "keywords": ["pothole", "road"],
    "group": "Roads and pavements",
}

# Listed out of order on purpose: the form asks by ``order``, ties by code.
POTHOLE_DEFINITION = {
    "service_code": "POTHOLE",
    "attributes": [
        attribute("road_name", "string", "Which road is the pothole on?", 4, required=True,
                  datatype_description="For example, High Street."),
        attribute("size", "singlevaluelist", "How big is the pothole?", 2, required=True,
                  datatype_description="Choose the nearest size.",
                  values=[("small", "Smaller than a dinner plate"), ("medium", "About the size of a car tyre"),
                          ("large", "Bigger than a car tyre")]),
        attribute("emergency_notice", "string", "If the pothole is dangerous right now, phone 01632 960000.", 1,
                  variable=False),
        attribute("hazards", "multivaluelist", "Is the pothole near any of these?", 3,
                  values=[("junction", "A road junction"), ("crossing", "A pedestrian crossing"),
                          ("bus_stop", "A bus stop")]),
        attribute("first_noticed", "datetime", "When did you first notice the pothole?", 6),
        attribute("depth_cm", "number", "  About how deep is it, in centimetres?  ", 5,
                  datatype_description="A number, for example 5."),
        attribute("details", "text", "", 7),
        attribute("area", "string", "Area", 5),  # same order as depth_cm: ``area`` comes first by code
    ],
}  # fmt: skip

STREETLIGHT = {
    "service_code": "SL_01",
    "service_name": "Report a street light fault",
    "description": "",
    "metadata": True,
}
STREETLIGHT_DEFINITION = {
    "service_code": "SL_01",
    "attributes": [
        attribute("fault", "singlevaluelist", "Fault type", 1, required=True,
                  values=[("out", "It is not working at all"), ("flashing", "It keeps flashing")]),
        attribute("kiosk_reference", "string", "Kiosk reference", 9, required=True),
    ],
}  # fmt: skip

GRAFFITI = {"service_code": "GRAFFITI", "service_name": "Report graffiti", "description": "", "metadata": False}


def pothole() -> ImportedForm:
    return convert_service(POTHOLE, copy.deepcopy(POTHOLE_DEFINITION))


def with_attribute(extra: dict[str, Any]) -> dict[str, Any]:
    definition = copy.deepcopy(POTHOLE_DEFINITION)
    definition["attributes"].append(extra)
    return definition
