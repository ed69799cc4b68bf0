"""The one table from an engine step kind to its screen, and which signal calls which action.

Adding a screen is one module plus one line here.
"""

from __future__ import annotations

from kiosk.screens.before_you_start import BeforeYouStartScreen
from kiosk.screens.check_answers import CheckAnswersScreen
from kiosk.screens.exit_page import ExitScreen
from kiosk.screens.question import QuestionScreen

# step kind -> (screen class, {signal name: controller method name})
STEP_SCREENS = {
    "before_you_start": (BeforeYouStartScreen, {"sig_start_requested": "start_form"}),
    "question": (QuestionScreen, {"sig_answer_submitted": "submit_answer"}),
    "check_answers": (
        CheckAnswersScreen,
        {"sig_change_requested": "change_answer", "sig_send_requested": "send"},
    ),
    "exit": (ExitScreen, {"sig_finish_requested": "finish"}),
}
