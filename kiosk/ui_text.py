"""Wording of the kiosk's own frame (bars, home, timeout, out of service), by key and language."""

from __future__ import annotations

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
    "back.description": "Go back to the previous page",
    "helper.heading": "Ask a helper",
    "helper.body": "Calling a helper from this screen is not available on this kiosk yet.\n\n"
    "For help now, ask a member of staff at the desk. Your answers are kept while you ask.",
    "accessibility.heading": "Text size, speech and language",
    "accessibility.body": "Changing text size, colours, speech and language is not available on this kiosk yet.\n\n"
    "A member of staff at the desk can help you. Your answers are kept while you ask.",
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
    "qr.accessible_name": "QR code. Scan it with a phone camera to follow this on your phone.",
}


def ui(key: str, language: str = "en", **values: object) -> str:
    """The kiosk wording for ``key``; English until other languages are added."""
    text = ENGLISH[key]
    return text.format(**values) if values else text
