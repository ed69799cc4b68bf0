"""Fixed wording the engine shows around a form's own texts (headings, buttons, defaults).

Keys are stable; the English text follows the GOV.UK Design System. Other languages come from
the translation catalogues (``assets/translations/<code>.po``); anything untranslated shows in English.
"""

from __future__ import annotations

from accessibility.translations import translate
from forms.texts import DEFAULT_LANGUAGE

ENGLISH: dict[str, str] = {
    "before_you_start.heading": "Before you start",
    "before_you_start.privacy_heading": "How we use your information",
    "before_you_start.start": "Start now",
    "question.continue": "Continue",
    "question.optional_suffix": "(optional)",
    "check_answers.heading": "Check your answers before sending",
    "check_answers.change": "Change",
    "check_answers.change_named": "Change your answer to: {question}",
    "check_answers.not_provided": "Not provided",
    "check_answers.send_heading": "Now send your answers",
    "confirmation.heading": "Thank you. We have your answers",
    "confirmation.reference_label": "Your reference number",
    "confirmation.next_heading": "What happens next",
    "confirmation.follow_up": "Scan the code with your phone camera to follow this on your phone.",
    "confirmation.keep_reference": "Write down or photograph your reference number. "
    "You will need it if you contact us.",
    "confirmation.finish": "Finish",
    "exit.finish": "Finish",
    "error_summary.heading": "There is a problem",
    "default.send_label": "Send report",
    "default.before_you_start": "We will ask you one question on each screen. "
    "It takes about 5 minutes. You can go back and change your answers before you send them.",
    "default.privacy": "The council uses your answers only to deal with your request. "
    "We share them only with the people who do the work for us. We keep them for as long as "
    "we need to deal with your request and then delete them. You can ask to see the "
    "information we hold about you, or ask us to correct or delete it.",
    "default.declaration": "By sending this, you confirm that the information you have given "
    "is correct to the best of your knowledge.",
    "default.what_happens_next": "We will look at what you have told us and contact you if we need to know more.",
    "yes": "Yes",
    "no": "No",
    "address.line1": "Building and street",
    "address.line2": "Building and street line 2 (optional)",
    "address.town": "Town or city",
    "address.postcode": "Postcode",
    "date.day": "Day",
    "date.month": "Month",
    "date.year": "Year",
    "date.hint": "For example, 27 3 2007",
    "spoken.optional": "This question is optional.",
    "spoken.choices": "The choices are:",
    "spoken.answer_entered": "Answer entered.",
    "spoken.letter_as_in": "{letter} as in {word}",
    "spoken.dash": "dash",
    "spoken.chosen": "Selected: {choice}.",
}


def wording(key: str, language: str = DEFAULT_LANGUAGE, **values: object) -> str:
    """Return the wording for ``key`` in ``language`` (English if untranslated), formatted with values."""
    text = translate(key, ENGLISH[key], language)
    return text.format(**values) if values else text
