"""The one table of question types. Adding a type is one module plus one line here."""

from __future__ import annotations

from forms.questions.address import AddressQuestion
from forms.questions.base import QuestionType
from forms.questions.date_question import DateQuestion
from forms.questions.email import EmailQuestion
from forms.questions.long_text import LongText
from forms.questions.multiple_choice import MultipleChoice
from forms.questions.number import NumberQuestion
from forms.questions.phone import PhoneQuestion
from forms.questions.pin import PinQuestion
from forms.questions.postcode import PostcodeQuestion
from forms.questions.short_text import ShortText
from forms.questions.single_choice import SingleChoice
from forms.questions.yes_no import YesNo

QUESTION_TYPES: dict[str, QuestionType] = {
    qtype.name: qtype
    for qtype in (
        ShortText(),
        LongText(),
        NumberQuestion(),
        EmailQuestion(),
        PhoneQuestion(),
        PostcodeQuestion(),
        AddressQuestion(),
        DateQuestion(),
        SingleChoice(),
        MultipleChoice(),
        YesNo(),
        PinQuestion(),
    )
}


def question_type(name: str) -> QuestionType:
    """The registered type called ``name``; KeyError if there is none."""
    return QUESTION_TYPES[name]
