"""Call records and simple calls on Flask, validated by ua_validate: `python examples/flask_app.py`."""

from flask import Flask

from ua_validate.flask import UAValidate, operation

app = Flask(__name__)
UAValidate(app)  # documented answers for errors, crashes (500) and unknown /uapi/ routes (501)


@app.get("/uapi/cdr/<userId>")
@operation("cdr.list")
def call_records(params):
    return {"user": params["userId"], "count": params["count"], "records": []}


@app.post("/uapi/phoneCalls/<userId>/simple")
@operation("phone_calls.simple")
def simple_call(params):
    return {"calling": params["phoneCallView"][0]["destination"]}


if __name__ == "__main__":
    app.run(port=8081)
