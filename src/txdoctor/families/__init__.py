"""Chain families: one package each, registered in ``txdoctor.core.registry``."""
