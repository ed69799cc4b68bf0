"""Accessibility: design tokens, themes rendered to Qt style sheets, text scale, and audits.

Only modules named ``qt_*`` import Qt; the rest is plain Python.
"""
