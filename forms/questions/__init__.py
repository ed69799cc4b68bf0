"""Question types: one module each, registered in ``forms.questions.registry``."""
