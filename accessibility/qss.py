"""Render a Theme to one Qt style sheet. Widgets opt in with ``objectName`` or a ``role`` property."""

from __future__ import annotations

from accessibility.tokens import MIN_TARGET_PX, Theme


def render_qss(theme: Theme) -> str:
    """The whole application's style sheet for ``theme``."""
    p, s = theme.palette, theme.sizes
    pad = s.spacing
    indicator = round(s.target * 0.6)  # a checkbox's tick is drawn by kiosk.widgets.wrapping
    return f"""
* {{ font-family: {theme.font_family}; font-size: {s.body}px; color: {p.text}; }}
QWidget#KioskWindow, QWidget#ScreenHost, QScrollArea, QScrollArea > QWidget > QWidget {{
    background: {p.background};
}}
QWidget[role="screen"] {{ background: {p.background}; }}
QFrame#TopBar {{ background: {p.brand}; border-bottom: {pad}px solid {p.primary_shadow}; }}
QLabel#CouncilName {{ color: {p.brand_text}; font-size: {s.heading_m}px; font-weight: 700; }}
QLabel#KioskName {{ color: {p.brand_text}; font-size: {s.bar}px; }}
QFrame#HelpBar {{ background: {p.panel}; border-top: {s.border}px solid {p.soft_border}; }}
QLabel[role="heading-xl"] {{ font-size: {s.heading_xl}px; font-weight: 700; }}
QLabel[role="heading-l"] {{ font-size: {s.heading_l}px; font-weight: 700; }}
QLabel[role="heading-m"] {{ font-size: {s.heading_m}px; font-weight: 700; }}
QLabel[role="caption"] {{ font-size: {s.caption}px; color: {p.secondary_text}; }}
QLabel[role="hint"] {{ color: {p.secondary_text}; }}
QLabel[role="body"] {{ }}
QLabel[role="error-message"] {{ color: {p.error}; font-weight: 700; }}
QLabel[role="part-label"] {{ font-weight: 700; }}
QPushButton {{
    min-height: {s.target}px; min-width: {s.target}px; padding: {pad}px {pad * 3}px;
    font-size: {s.button}px; font-weight: 700; border-radius: 0px;
}}
QPushButton[role="primary"] {{
    background: {p.primary}; color: {p.primary_text}; border: none;
    border-bottom: {pad // 2}px solid {p.primary_shadow};
}}
QPushButton[role="secondary"] {{
    background: {p.secondary}; color: {p.secondary_text_on}; border: none;
    border-bottom: {pad // 2}px solid {p.secondary_shadow};
}}
QPushButton[role="option"] {{
    background: {p.background}; color: {p.text}; border: {s.border}px solid {p.border};
    text-align: left; font-weight: 400;
}}
QPushButton[role="option"]:checked {{
    background: {p.panel}; border: {s.focus_width + 2}px solid {p.border}; font-weight: 700;
}}
QLabel[role="body-strong"] {{ font-weight: 700; }}
QPushButton[role="bar"] {{
    background: {p.background}; color: {p.text}; border: {s.border}px solid {p.border}; font-size: {s.bar}px;
}}
QPushButton[role="helper"] {{
    background: {p.brand}; color: {p.brand_text}; font-size: {s.bar}px;
    border: {s.border}px solid {p.brand_text}; border-bottom: {pad // 2}px solid {p.primary_shadow};
}}
QPushButton[role="topbar"] {{
    background: transparent; color: {p.brand_text}; border: {s.border}px solid {p.brand_text}; font-size: {s.bar}px;
}}
QPushButton[role="link"] {{
    background: transparent; color: {p.link}; border: none; text-decoration: underline;
    text-align: left; padding: {pad}px {pad}px; font-weight: 400;
}}
QPushButton[role="error-link"] {{
    background: transparent; color: {p.error}; border: none; text-decoration: underline;
    text-align: left; padding: {pad}px 0px; font-weight: 700;
}}
QPushButton[role="tile"] {{
    background: {p.background}; border: {s.border}px solid {p.soft_border};
    border-left: {pad}px solid {p.brand}; text-align: left; padding: {pad * 2}px;
}}
QLabel[role="tile-title"] {{ color: {p.link}; font-size: {s.heading_m}px; font-weight: 700;
    text-decoration: underline; background: transparent; }}
QLabel[role="tile-summary"] {{ color: {p.text}; background: transparent; }}
QPushButton:focus, QPushButton[role="tile"]:focus, QPushButton[role="link"]:focus,
QPushButton[role="error-link"]:focus, QPushButton[role="topbar"]:focus {{
    background: {p.focus}; color: {p.focus_text}; border: none;
    border-bottom: {s.focus_width}px solid {p.focus_indicator};
}}
QPushButton:disabled {{ background: {p.background}; color: {p.secondary_text};
    border: {s.border}px dashed {p.secondary_text}; }}
QLineEdit, QPlainTextEdit {{
    background: {p.background}; border: {s.border}px solid {p.border}; padding: {pad}px;
    min-height: {s.target - 2 * pad}px; selection-background-color: {p.brand};
}}
QLineEdit:focus, QPlainTextEdit:focus {{ border: {s.focus_width + 1}px solid {p.border};
    padding: {pad + s.border - s.focus_width - 1}px; background: {p.input_focus_background}; }}
QLineEdit[error="true"], QPlainTextEdit[error="true"] {{ border: {s.focus_width}px solid {p.error};
    padding: {pad + s.border - s.focus_width}px; }}
QRadioButton, QCheckBox {{
    min-height: {s.target}px; padding: {pad}px; spacing: {pad * 2}px;
    background: {p.background}; border: {s.border}px solid {p.soft_border};
}}
QRadioButton:checked, QCheckBox:checked {{ border: {s.focus_width}px solid {p.border}; }}
QRadioButton:focus, QCheckBox:focus {{ background: {p.focus}; color: {p.focus_text};
    border: {s.focus_width}px solid {p.border}; }}
QRadioButton::indicator, QCheckBox::indicator {{
    width: {indicator}px; height: {indicator}px; border: {s.border}px solid {p.border}; background: {p.background};
}}
QRadioButton::indicator {{ border-radius: {indicator // 2}px; }}
QRadioButton::indicator:checked {{ background: qradialgradient(cx: 0.5, cy: 0.5, radius: 0.5, fx: 0.5, fy: 0.5,
    stop: 0 {p.text}, stop: 0.55 {p.text}, stop: 0.6 {p.background}, stop: 1 {p.background}); }}
QFrame#ErrorSummary {{ border: {s.focus_width + 1}px solid {p.error}; background: {p.background}; }}
QFrame#ErrorSummary:focus {{ border: {s.focus_width + 1}px solid {p.focus_indicator};
    background: {p.summary_focus_background}; }}
QFrame#ErrorGroup {{ border: none; border-left: {s.focus_width + 1}px solid {p.error}; }}
QFrame#ConfirmationPanel {{ background: {p.success}; }}
QLabel[role="panel-heading"] {{ color: {p.success_text}; font-size: {s.heading_xl}px; font-weight: 700;
    background: transparent; }}
QLabel[role="panel-body"] {{ color: {p.success_text}; background: transparent; }}
QLabel[role="reference"] {{ color: {p.success_text}; font-size: {s.reference}px; font-weight: 700;
    background: transparent; }}
QFrame#ReportStatusPanel {{ border: none; border-left: {pad * 2}px solid {p.success}; background: {p.panel}; }}
QFrame#ReportStatusPanel:focus {{ border: {s.focus_width + 1}px solid {p.focus_indicator}; background: {p.panel}; }}
QFrame#WarningPanel {{ border: none; border-left: {pad * 2}px solid {p.error}; background: {p.panel}; }}
QFrame#InsetText {{ border: none; border-left: {pad}px solid {p.soft_border}; }}
QFrame#SummaryRow {{ border: none; border-bottom: {s.border // 2 or 1}px solid {p.soft_border}; }}
QLabel[role="summary-key"] {{ font-weight: 700; }}
QFrame#TimeoutPanel {{ background: {p.background}; border: {s.focus_width + 2}px solid {p.border}; }}
QWidget#TimeoutOverlay {{ background: {p.overlay}; }}
QScrollBar:vertical {{ width: {MIN_TARGET_PX}px; background: {p.panel};
    border: none; border-left: {s.border}px solid {p.soft_border}; }}
QScrollBar::handle:vertical {{ background: {p.secondary_text}; min-height: {MIN_TARGET_PX}px; margin: 10px; }}
QScrollBar::add-line:vertical, QScrollBar::sub-line:vertical {{ height: 0px; border: none; background: none; }}
QScrollBar::add-page:vertical, QScrollBar::sub-page:vertical {{ background: none; }}
QFrame#KeyboardDock {{ background: {p.keyboard}; border-top: {s.border}px solid {p.border}; }}
QPushButton[role="key"] {{
    background: {p.key}; color: {p.key_text}; border: {s.border}px solid {p.border}; border-radius: {pad // 2}px;
    min-width: 0px; min-height: {s.target + 2 * pad}px; padding: 0px; font-size: {min(s.heading_m, 60)}px;
    font-weight: 400;
}}
QPushButton[role="key"][keykind="action"] {{ font-size: {min(s.button, 40)}px; font-weight: 700; }}
QPushButton[role="key"]:pressed, QPushButton[role="key"]:checked {{ background: {p.focus}; color: {p.focus_text}; }}
"""
