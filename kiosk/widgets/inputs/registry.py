"""The one table from an engine ``input_kind`` to the widget that collects it."""

from __future__ import annotations

from kiosk.widgets.inputs.base import AnswerInput
from kiosk.widgets.inputs.choice_input import ChoiceInput, MultipleChoiceInput
from kiosk.widgets.inputs.parts_input import AddressInput, DateInput
from kiosk.widgets.inputs.text_input import TextInput
from kiosk.widgets.inputs.textarea_input import TextAreaInput

INPUT_WIDGETS: dict[str, type[AnswerInput]] = {
    "text": TextInput,
    "number": TextInput,
    "email": TextInput,
    "phone": TextInput,
    "postcode": TextInput,
    "pin": TextInput,
    "textarea": TextAreaInput,
    "date": DateInput,
    "address": AddressInput,
    "single_choice": ChoiceInput,
    "yes_no": ChoiceInput,
    "multiple_choice": MultipleChoiceInput,
}
