"""Several lines of text, such as a description of a problem."""

from forms.questions.text_common import FreeText


class LongText(FreeText):
    name = "long_text"
    input_kind = "textarea"
    default_max_length = 1200
