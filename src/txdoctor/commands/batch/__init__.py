"""Batch checking: many inputs from a file, looked up together, results appended as they
complete and resumable after a kill (``txdoctor batch``)."""
