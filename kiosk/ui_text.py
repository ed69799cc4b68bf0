"""Wording of the kiosk's own frame (bars, home, timeout, out of service), by key and language.

English is the source; other languages come from the translation catalogues.
"""

from __future__ import annotations

from accessibility.translations import translate

ENGLISH: dict[str, str] = {
    "home.heading": "What do you want to do?",
    "home.lead": "Choose a service. We will ask you one question at a time.",
    "home.no_forms": "There are no services on this kiosk at the moment. Ask a member of staff for help.",
    "bar.helper": "Ask a helper",
    "bar.helper_description": "Call a member of staff to help you",
    "bar.accessibility": "Text size, speech and language",
    "bar.accessibility_description": "Make text bigger, change colours, hear the screen read aloud or change language",
    "bar.start_again": "Start again",
    "bar.start_again_description": "Clear all your answers and go back to the start",
    "back": "Back",
    "error.prefix": "Error: {message}",
    "back.description": "Go back to the previous page",
    "helper.heading": "Ask a helper",
    "helper.body": "Calling a helper from this screen is not available on this kiosk yet.\n\n"
    "For help now, ask a member of staff at the desk. Your answers are kept while you ask.",
    "bar.read_aloud": "Read aloud",
    "bar.read_aloud_description": "Hear this screen read aloud. Touch the screen to stop",
    "bar.repeat": "Repeat",
    "bar.repeat_description": "Hear this screen read aloud again",
    "settings.heading": "Text size, colours, speech and language",
    "settings.lead": "Choose what makes the kiosk easier for you. "
    "Everything goes back to normal when you finish, so the next person starts afresh.",
    "settings.language_heading": "Language",
    "settings.text_size_heading": "Text size",
    "settings.text_size.1.0": "Standard",
    "settings.text_size.1.5": "Large",
    "settings.text_size.2.0": "Very large",
    "settings.text_size.3.0": "Largest",
    "settings.colours_heading": "Colours",
    "settings.theme.council": "Standard colours",
    "settings.theme.high-contrast": "High contrast: black on white",
    "settings.theme.yellow-on-black": "Yellow text on black",
    "settings.speech_heading": "Read the screen aloud",
    "settings.speech.on": "Read each screen aloud",
    "settings.speech.off": "Do not read aloud",
    "settings.speech_unavailable": "Reading aloud is not working on this kiosk at the moment. Ask a member of staff.",
    "settings.volume_heading": "Volume",
    "settings.volume_down": "Quieter",
    "settings.volume_up": "Louder",
    "settings.rate_heading": "Speed of speech",
    "settings.rate_down": "Slower",
    "settings.rate_up": "Faster",
    "settings.level": "{level} of {levels}",
    "settings.chosen": "Selected",
    "settings.done": "Done",
    "speech.start_hint": "For spoken help, touch and hold anywhere on the screen for 2 seconds, or press F1.",
    "speech.started": "Read aloud is on. Each screen will be read to you. "
    "Touch the screen to stop. Tap Repeat to hear it again.",
    "speech.stopped": "Read aloud is off.",
    "speech.hear_answer": "Hear my answer",
    "speech.hear_answer_description": "Hear what you have entered. People nearby may hear it too",
    "speech.answer_entered": "An answer has been entered. To hear it, tap Hear my answer.",
    "speech.answer_hidden": "Your answer is hidden to keep it private.",
    "speech.answer_is": "Your answer is: {answer}",
    "speech.no_answer": "Nothing has been entered yet.",
    "speech.buttons": "Buttons on this screen: {names}.",
    "info.return": "Go back to where I was",
    "timeout.heading": "Are you still there?",
    "timeout.body": "To protect your privacy, we will clear your answers in {seconds} seconds.",
    "timeout.more_time": "I need more time",
    "timeout.start_again": "Clear my answers now",
    "send.failed": "Your answers could not be saved on this kiosk, so nothing was sent. "
    "Your answers are still here. Ask a helper.",
    "out_of_service.heading": "This kiosk is not working at the moment",
    "out_of_service.body": "You cannot use this kiosk right now. Ask a member of staff at the desk for help.",
    "out_of_service.staff": "For staff: {reason}",
    "check.tile_title": "Check on something I reported",
    "check.tile_summary": "Use your reference number to see what is happening",
    "check.heading": "Check on something I reported",
    "check.label": "What is your reference number?",
    "check.hint": "It was on the screen after you sent your report, like {example}. "
    "A helper can also scan the QR code on your phone.",
    "check.lookup": "Check",
    "check.finish": "I have finished",
    "check.reference": "Reference number {reference}",
    "check.looking_up": "Asking the council's system for its latest news…",
    "check.missing": "Enter your reference number",
    "check.invalid": "Enter the reference number exactly as it was shown, like {example}",
    "check.not_found": "We cannot find {reference} on this kiosk. Check the number. "
    "If you reported it somewhere else, ask a member of staff",
    "check.unavailable": "This kiosk cannot look up reports at the moment. Ask a member of staff at the desk",
    "confirmation.status_heading": "Where your report is now",
    "status.waiting": "Waiting to send",
    "status.queued_body": "Your report is saved safely on this kiosk. It will be sent to the council automatically.",
    "status.sending_body": "Your report is saved safely on this kiosk and is being sent to the council now.",
    "status.sent": "Sent",
    "status.awaiting_id_body": "The council has your report. Their system will give it a case number soon.",
    "status.sent_body": "The council has your report.",
    "status.case_number": "Their case number is {number}.",
    "status.rejected": "There is a problem with this report",
    "status.rejected_body": "The council's system could not accept it. "
    "Ask a member of staff at the desk: they can see why and help you.",
    "status.council_closed": "The council has finished dealing with this and closed it.",
    "status.council_open": "The council is dealing with this.",
    "status.council_other": "The council's status: {status}.",
    "status.council_notes": "What the council says: {notes}",
    "status.council_expected": "They expect to finish by {date}.",
    "status.council_updated": "Last updated on {date}.",
    "status.council_not_found": "The council's system does not show this case yet. Try again later.",
    "status.council_unreachable": "We could not reach the council's system just now, "
    "so we cannot show its latest news.",
    "qr.accessible_name": "QR code. Scan it with a phone camera to follow this on your phone.",
}


def ui(key: str, language: str = "en", **values: object) -> str:
    """The kiosk wording for ``key`` in ``language`` (English if untranslated), formatted with values."""
    text = translate(key, ENGLISH[key], language)
    return text.format(**values) if values else text
