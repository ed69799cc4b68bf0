"""What a resident types into each shipped form, and what the kiosk should make of it.

Answers are in the ``submit`` JSON format (text as str, dates "YYYY-MM-DD", choices by value,
multiple choice as lists, yes/no as booleans, addresses as line1/line2/town/postcode), written the
loose way people type (lower-case postcodes, spaced phone numbers). ``stored`` is what the outbox
must hold once the journey's Change has been made: normalised, and without the pages the route
skipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication


@pytest.fixture(autouse=True)
def delete_closed_windows(qapp) -> None:
    """Delete the windows and screens earlier tests closed, before building a new kiosk.

    Their ``deleteLater`` is never run outside an event loop, so without this every test's kiosk
    stays alive and each new style sheet repolishes all of them: the suite slows test by test.
    Import this fixture into a test module to use it.
    """
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@dataclass(frozen=True)
class Change:
    """At check your answers: Change ``question_id``, optionally try ``wrong`` first, then ``new``."""

    question_id: str
    new: Any
    shown: str  # how check your answers shows the new answer
    wrong: Any = None
    wrong_message: str = ""


@dataclass(frozen=True)
class FormJourney:
    form_id: str
    service_code: str
    first_error: str  # the message for Continue with nothing chosen on the first question
    answers: dict[str, Any]
    change: Change
    stored: dict[str, Any]


MISSED_BIN = FormJourney(
    form_id="missed-bin",
    service_code="MISSED_BIN",
    first_error="Select which bin was missed",
    answers={
        "bin-type": "recycling",
        "bin-out": True,
        "address": {"line1": "12  Station Road", "line2": "", "town": "Anytown", "postcode": "sw1a2aa"},
        "due-date": "2026-11-20",
        "more-info": "The crew missed our whole side of the street.",
        "full-name": "Margaret Okafor",
        "contact-method": "phone",
        "phone": "07700 900982",
    },
    change=Change(
        "due-date",
        new="2026-11-21",
        shown="21 November 2026",
        wrong="2026-11-30",
        wrong_message="Date must be today or in the past",
    ),
    stored={
        "bin-type": "recycling",
        "bin-out": True,
        "address": {"line1": "12 Station Road", "line2": "", "town": "Anytown", "postcode": "SW1A 2AA"},
        "due-date": "2026-11-21",
        "more-info": "The crew missed our whole side of the street.",
        "full-name": "Margaret Okafor",
        "contact-method": "phone",
        "phone": "07700900982",
    },
)

HOUSING_REPAIR = FormJourney(
    form_id="housing-repair",
    service_code="HOUSING_REPAIR",
    first_error="Select what is happening, or select None of these",
    answers={
        "emergency": "no-heating",
        "at-risk": False,
        "tenant": True,
        "room": "kitchen",
        "problem": "heating",
        "description": "The boiler shows a red light and the radiators are cold.",
        "address": {"line1": "Flat 3, Elm Court", "line2": "Mill Lane", "town": "Testford", "postcode": "te1 2st"},
        "access-times": ["saturday-morning", "weekday-morning"],
        "full-name": "Samira Haddad",
        "phone": "+44 (0)7700 900 123",
    },
    change=Change(
        "phone",
        new="01632 960 001",
        shown="01632 960001",
        wrong="12345",
        wrong_message="Enter a UK phone number, like 01632 960 001 or 07700 900 982",
    ),
    stored={
        "emergency": "no-heating",
        "at-risk": False,
        "tenant": True,
        "room": "kitchen",
        "problem": "heating",
        "description": "The boiler shows a red light and the radiators are cold.",
        "address": {"line1": "Flat 3, Elm Court", "line2": "Mill Lane", "town": "Testford", "postcode": "TE1 2ST"},
        "access-times": ["weekday-morning", "saturday-morning"],
        "full-name": "Samira Haddad",
        "phone": "01632960001",
    },
)

FLY_TIPPING = FormJourney(
    form_id="fly-tipping",
    service_code="FLY_TIPPING",
    first_error="Select what has been dumped",
    answers={
        "waste-type": ["tyres", "furniture"],
        "amount": "car-boot",
        "location": "Behind the shops on Mill Lane, next to the recycling bins.",
        "postcode": "sw1a 2aa",
        "saw-who": False,
        "contact-method": "email",
        "email": "Resident@Example.COM",
    },
    change=Change(
        "postcode",
        new="e1  6an",
        shown="E1 6AN",
        wrong="not a postcode",
        wrong_message="Enter a real postcode, like SW1A 2AA",
    ),
    stored={
        "waste-type": ["furniture", "tyres"],
        "amount": "car-boot",
        "location": "Behind the shops on Mill Lane, next to the recycling bins.",
        "postcode": "E1 6AN",
        "saw-who": False,
        "contact-method": "email",
        "email": "Resident@example.com",
    },
)

NOISE = FormJourney(
    form_id="noise",
    service_code="NOISE",
    first_error="Select yes if anyone is in danger or being threatened right now",
    answers={
        "danger": False,
        "noise-type": "music-tv",
        "happening-now": True,
        "how-often": "most-days",
        "times": ["night", "evening"],
        "source": "The flat above me, 14 Park Road.",
        "council-home": "not-sure",
        "your-address": {"line1": "12 Park Road", "line2": "", "town": "Testford", "postcode": "TE1 1AA"},
        "full-name": "Ola Nowak",
        "phone": "01632 960 002",
    },
    change=Change(
        "times",
        new=["morning"],
        shown="Morning, 7am to 12 noon",
        wrong=[],
        wrong_message="Select what time of day the noise happens",
    ),
    stored={
        "danger": False,
        "noise-type": "music-tv",
        "happening-now": True,
        "how-often": "most-days",
        "times": ["morning"],
        "source": "The flat above me, 14 Park Road.",
        "council-home": "not-sure",
        "your-address": {"line1": "12 Park Road", "line2": "", "town": "Testford", "postcode": "TE1 1AA"},
        "full-name": "Ola Nowak",
        "phone": "01632960002",
    },
)

MOVING_HOME = FormJourney(
    form_id="moving-home",
    service_code="COUNCIL_TAX_MOVE",
    first_error="Select if you are moving into, out of, or within our area",
    answers={
        "move-type": "within",
        "old-address": {"line1": "4 Oak Street", "line2": "", "town": "Testford", "postcode": "te1 4ab"},
        "new-address": {"line1": "9 Birch Avenue", "line2": "Flat 2", "town": "Testford", "postcode": "TE2 9CD"},
        "move-date": "2026-12-05",
        "adults": "1",
        "single-person-discount": True,
        "full-name": "Tomasz Kowalski",
        "date-of-birth": "1958-07-14",
        "phone": "07700 900 456",
    },
    # Two adults: the route now skips the single person discount, so that answer must go.
    change=Change(
        "adults",
        new="2",
        shown="2",
        wrong="0",
        wrong_message="The number of adults must be 1 or more",
    ),
    stored={
        "move-type": "within",
        "old-address": {"line1": "4 Oak Street", "line2": "", "town": "Testford", "postcode": "TE1 4AB"},
        "new-address": {"line1": "9 Birch Avenue", "line2": "Flat 2", "town": "Testford", "postcode": "TE2 9CD"},
        "move-date": "2026-12-05",
        "adults": 2,
        "full-name": "Tomasz Kowalski",
        "date-of-birth": "1958-07-14",
        "phone": "07700900456",
    },
)

CALL_BACK = FormJourney(
    form_id="call-back",
    service_code="CALL_BACK",
    first_error="Select what you want to talk to us about",
    answers={
        "topic": "council-tax",
        "details": "I have been charged twice this month.",
        "full-name": "Grace Mensah",
        "phone": "020 7946 0018",
        "best-time": "any-time",
        "interpreter": True,
        "language": "Twi",
    },
    # No interpreter after all: the route now skips the language page, so "Twi" must go.
    change=Change("interpreter", new=False, shown="No"),
    stored={
        "topic": "council-tax",
        "details": "I have been charged twice this month.",
        "full-name": "Grace Mensah",
        "phone": "02079460018",
        "best-time": "any-time",
        "interpreter": False,
    },
)

FORM_JOURNEYS: dict[str, FormJourney] = {
    j.form_id: j for j in (MISSED_BIN, HOUSING_REPAIR, FLY_TIPPING, NOISE, MOVING_HOME, CALL_BACK)
}

# Answers that end a form on an exit page instead of check your answers.
EXIT_ANSWERS: dict[str, tuple[str, dict[str, Any]]] = {
    "housing-repair": ("gas-emergency", {"emergency": "gas"}),
    "noise": ("call-999", {"danger": True}),
}
