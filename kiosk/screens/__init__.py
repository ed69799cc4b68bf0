"""One module per screen; each draws what it is handed and reports taps as signals."""
