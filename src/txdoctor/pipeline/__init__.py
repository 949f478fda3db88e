"""The pipeline: classify, ask every candidate chain, diagnose, advise."""
