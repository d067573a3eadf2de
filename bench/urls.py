"""The product's routes plus a bare insert view, so both are measured on one server."""

from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from config.urls import urlpatterns as product


@csrf_exempt
def bare_insert(request: HttpRequest) -> HttpResponse:
    """One row, no authentication, no gate, no audit, no idempotency: the floor to compare to."""
    from reconnect.journal.models import CheckIn

    CheckIn.objects.create(
        client_id=int(request.GET["client"]), state="settled", client_request_id=request.GET["k"]
    )
    return HttpResponse(status=201)


urlpatterns = [path("bench/bare-insert/", bare_insert), *product]
