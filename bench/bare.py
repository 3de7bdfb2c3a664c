"""The yardstick of the suite: a Flask page returning a fixed HTML string."""
from flask import Flask

PAGE = "<!doctype html><html lang=fi><head><title>Paljas</title></head><body><p>Paljas sivu.</p></body></html>"
app = Flask(__name__)


@app.route("/")
def bare():
    return PAGE
