"""``txdoctor serve``: the helpdesk page and JSON API (the ``serve`` extra).

Nothing here is imported by the command line until ``txdoctor serve`` runs, so the other
commands neither need nor load FastAPI, uvicorn or Jinja2.
"""
