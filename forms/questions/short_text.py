"""One line of text, such as a name."""

from forms.questions.text_common import FreeText


class ShortText(FreeText):
    name = "short_text"
    input_kind = "text"
    default_max_length = 200
