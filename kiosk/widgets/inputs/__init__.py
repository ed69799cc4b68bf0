"""One input widget per ``input_kind`` the engine hands out, registered in ``registry``."""
