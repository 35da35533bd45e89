"""The yardstick of bench/suggestions_http.py and bench/messaging_http.py: Flask answering `{"hello": "world"}`, nothing else.
Served by the same gunicorn settings, it shows what the machine can do at all that moment."""
from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    return {"hello": "world"}
