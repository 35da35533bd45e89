"""gunicorn reads this file from the working directory (make run, make fuzz, the live tests).
The image uses deploy/gunicorn.conf.py, which installs the same error writer."""
from server import gunicorn_errors

gunicorn_errors.install()
