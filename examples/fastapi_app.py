"""Call records and simple calls on FastAPI, validated by ua_validate: `python examples/fastapi_app.py`."""

from fastapi import Depends, FastAPI

from ua_validate.fastapi import UAValidate, operation

app = FastAPI()
UAValidate(app)  # documented answers for errors, crashes (500) and unknown /uapi routes (501)


@app.get("/uapi/cdr/{userId}")
async def call_records(params: dict = Depends(operation("cdr.list"))):
    return {"user": params["userId"], "count": params["count"], "records": []}


@app.post("/uapi/phoneCalls/{userId}/simple")
def simple_call(params: dict = Depends(operation("phone_calls.simple"))):  # plain endpoints too
    return {"calling": params["phoneCallView"][0]["destination"]}


if __name__ == "__main__":
    import uvicorn

    uvicorn.run(app, port=8081)
