"""The touchscreen kiosk: the only package that builds Qt widgets.

Modules that do not draw (settings, the command-line commands, the controller) stay Qt-free so
``council-kiosk submit`` and ``queue`` start quickly and run on machines without a display.
"""
