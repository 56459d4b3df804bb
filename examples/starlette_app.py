"""Call records and simple calls on Starlette, validated by ua_validate: `python examples/starlette_app.py`."""

from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route

from ua_validate.starlette import UAValidate, operation


@operation("cdr.list")
async def call_records(request, params):
    return JSONResponse({"user": params["userId"], "count": params["count"], "records": []})


@operation("phone_calls.simple")
async def simple_call(request, params):
    return JSONResponse({"calling": params["phoneCallView"][0]["destination"]})


app = Starlette(routes=[
    Route("/uapi/cdr/{userId}", call_records),
    Route("/uapi/phoneCalls/{userId}/simple", simple_call, methods=["POST"]),
])
UAValidate(app)  # documented answers for errors, crashes (500) and unknown /uapi routes (501)

if __name__ == "__main__":
    import uvicorn

    uvicorn.run(app, port=8081)
