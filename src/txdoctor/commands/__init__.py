"""The commands: parse, call the pipeline, render; exit statuses in one place."""
