"""Call records on Django in one file, validated by ua_validate: `python examples/django_app.py runserver 8082`."""

import sys

from django.conf import settings

settings.configure(ROOT_URLCONF=__name__, ALLOWED_HOSTS=["localhost", "127.0.0.1", "testserver"],
                   SECRET_KEY="example-only", MIDDLEWARE=["ua_validate.django.UAMiddleware"])

from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.http import JsonResponse  # noqa: E402
from django.urls import path  # noqa: E402

from ua_validate.django import operation  # noqa: E402


@operation("cdr.list")
def call_records(request, params):
    return JsonResponse({"user": params["userId"], "count": params["count"], "records": []})


urlpatterns = [path("uapi/cdr/<str:userId>", call_records)]
application = get_wsgi_application()

if __name__ == "__main__":
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
