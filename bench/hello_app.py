"""The yardstick: a Flask hello-world served by the same gunicorn settings as Rapport (bench/messaging_http.py)."""
from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello() -> str:
    return "Hello, World!"
