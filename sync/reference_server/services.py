"""The reference server's service catalogue: what ``services`` and ``services/{code}`` answer.

Promises: ``DEFAULT_SERVICES`` has a metadata=false service for each of the kiosk's shipped forms
(``MISSED_BIN, HOUSING_REPAIR, FLY_TIPPING, NOISE, COUNCIL_TAX_MOVE, CALL_BACK``) and two metadata=true
services (``POTHOLE``, ``STREETLIGHT``) whose attributes use every GeoReport v2 datatype, with plain
English questions and ``order`` set. ``summary`` and ``definition`` give the spec's field names.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

DATATYPES = ("string", "number", "datetime", "text", "singlevaluelist", "multivaluelist")


@dataclass(frozen=True)
class Attribute:
    """One ``service_definition`` attribute; ``variable=False`` means information only, not a question."""

    code: str
    datatype: str
    description: str
    order: int
    required: bool = False
    variable: bool = True
    datatype_description: str = ""
    values: tuple[tuple[str, str], ...] = ()  # (key, name) pairs, for the two list datatypes

    def __post_init__(self) -> None:
        if self.datatype not in DATATYPES:
            raise ValueError(f"attribute {self.code}: unknown datatype {self.datatype!r}")

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(key for key, _ in self.values)

    def as_dict(self) -> dict[str, Any]:
        """The attribute as GeoReport v2 spells it."""
        return {
            "variable": self.variable,
            "code": self.code,
            "datatype": self.datatype,
            "required": self.required,
            "datatype_description": self.datatype_description,
            "order": self.order,
            "description": self.description,
            "values": [{"key": key, "name": name} for key, name in self.values],
        }


@dataclass(frozen=True)
class Service:
    """One service; it has metadata (a ``service_definition``) exactly when it has attributes."""

    code: str
    name: str
    description: str
    group: str
    keywords: tuple[str, ...]
    agency: str
    notice: str
    attributes: tuple[Attribute, ...] = ()
    type: str = "realtime"

    @property
    def metadata(self) -> bool:
        return bool(self.attributes)

    def summary(self) -> dict[str, Any]:
        """The ``services`` entry; ``keywords`` is one comma-separated string, as in the spec."""
        return {
            "service_code": self.code,
            "service_name": self.name,
            "description": self.description,
            "metadata": self.metadata,
            "type": self.type,
            "keywords": ", ".join(self.keywords),
            "group": self.group,
        }

    def definition(self) -> dict[str, Any]:
        """The ``service_definition`` object, attributes sorted by ``order``."""
        ordered = sorted(self.attributes, key=lambda a: a.order)
        return {"service_code": self.code, "attributes": [a.as_dict() for a in ordered]}


_WASTE = "Waste and Recycling"
DEFAULT_SERVICES: tuple[Service, ...] = (
    Service("MISSED_BIN", "Report a missed bin collection",
            "Tell us if we did not empty your bin on your collection day.",
            "Bins and recycling", ("bin", "rubbish", "recycling", "collection"), _WASTE,
            "We aim to collect missed bins within 2 working days."),
    Service("HOUSING_REPAIR", "Report a housing repair",
            "Tell us about a repair needed in your council home.",
            "Housing", ("repair", "council home", "tenant", "damp", "leak"), "Housing Repairs",
            "We will contact you to arrange a repair appointment."),
    Service("FLY_TIPPING", "Report fly-tipping",
            "Tell us about rubbish dumped illegally on public land.",
            "Streets and environment", ("fly-tipping", "dumped rubbish", "waste"), "Street Cleansing",
            "We aim to inspect reports of fly-tipping within 3 working days."),
    Service("NOISE", "Report a noise problem",
            "Tell us about noise from a neighbour, a business or the street.",
            "Streets and environment", ("noise", "neighbour", "music", "nuisance"), "Environmental Health",
            "An officer will review your report within 5 working days."),
    Service("COUNCIL_TAX_MOVE", "Tell us you have moved",
            "Tell us your new address so we can update your council tax account.",
            "Council tax", ("council tax", "moving home", "new address"), "Council Tax",
            "We will send you a new council tax bill within 10 working days."),
    Service("CALL_BACK", "Request a call back",
            "Ask someone from the council to phone you.",
            "Contact us", ("call back", "phone", "help"), "Customer Services",
            "We aim to phone you within 2 working days."),
    Service("POTHOLE", "Report a pothole",
            "Tell us about a pothole in a road or pavement.",
            "Roads and pavements", ("pothole", "road", "pavement", "highway"), "Highways",
            "We inspect potholes within 5 working days and make dangerous ones safe within 24 hours.",
            attributes=(
                Attribute("emergency_notice", "string", order=1, variable=False,
                          description="If the pothole is dangerous right now, phone us on 01632 960000 "
                                      "instead of using this form."),
                Attribute("size", "singlevaluelist", "How big is the pothole?", order=2, required=True,
                          datatype_description="Choose the nearest size.",
                          values=(("small", "Smaller than a dinner plate"),
                                  ("medium", "About the size of a car tyre"),
                                  ("large", "Bigger than a car tyre"))),
                Attribute("hazards", "multivaluelist", "Is the pothole near any of these?", order=3,
                          datatype_description="Choose all that apply, or none.",
                          values=(("junction", "A road junction"),
                                  ("crossing", "A pedestrian crossing"),
                                  ("cycle_lane", "A cycle lane"),
                                  ("bus_stop", "A bus stop"))),
                Attribute("road_name", "string", "Which road is the pothole on?", order=4, required=True,
                          datatype_description="For example, High Street."),
                Attribute("depth_cm", "number", "About how deep is the pothole, in centimetres?", order=5,
                          datatype_description="A number, for example 5."),
                Attribute("first_noticed", "datetime", "When did you first notice the pothole?", order=6,
                          datatype_description="A date, for example 2026-11-22."),
                Attribute("details", "text", "Is there anything else we should know about the pothole?", order=7,
                          datatype_description="For example, whether it has damaged a car or bike."),
            )),
    Service("STREETLIGHT", "Report a street light fault",
            "Tell us about a street light that is not working or is damaged.",
            "Roads and pavements", ("street light", "lamp post", "lighting"), "Highways",
            "We aim to repair street lights within 7 working days.",
            attributes=(
                Attribute("fault", "singlevaluelist", "What is wrong with the street light?", order=1, required=True,
                          values=(("out", "It is not working at all"),
                                  ("day_burning", "It is on during the day"),
                                  ("flashing", "It keeps flashing on and off"),
                                  ("damaged", "It is damaged or leaning"))),
                Attribute("column_number", "string", "What is the number on the lamp post?", order=2,
                          datatype_description="It is on a small sign on the post, for example 12A. "
                                               "Leave this blank if you cannot see it."),
            )),
)  # fmt: skip
