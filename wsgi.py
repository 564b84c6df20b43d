"""The WSGI entry point: `flask --app wsgi ...` and `gunicorn wsgi:app`."""
import gc

from trainings import create_app

app = create_app()
# The application's own objects (modules, templates, metadata) live as long as the process:
# moved out of the garbage collector's sight, they no longer make each full collection pause
# a request for 100 ms or more (measured by the benchmark's staff pages).
gc.freeze()
