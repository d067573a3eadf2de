"""The provider's webhooks: delivery status reports and inbound texts, each verified by signature.

No session and no CSRF token: the provider signs each request (X-Twilio-Signature, an HMAC of
the full URL and the POST parameters with the account's auth token), and a request without a
valid signature gets 403 and changes nothing. Both answer 200 to a replay, so the provider
stops retrying, and change nothing then either.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from twilio.request_validator import RequestValidator
from twilio.twiml.messaging_response import MessagingResponse

from reconnect.notifications import actions

logger = logging.getLogger(__name__)


def signed_by_provider(request: HttpRequest) -> bool:
    """Whether the request carries the provider's valid signature for the URL it was sent to."""
    token = settings.TWILIO_AUTH_TOKEN
    signature = request.headers.get("X-Twilio-Signature", "")
    if not token or not signature:
        return False
    base = settings.RECONNECT["PUBLIC_URL"]
    # Behind a proxy the provider signed the public address, not the one Django sees.
    url = f"{base}{request.get_full_path()}" if base else request.build_absolute_uri()
    return bool(RequestValidator(token).validate(url, request.POST, signature))


@csrf_exempt
@require_POST
def sms_status(request: HttpRequest) -> HttpResponse:
    if not signed_by_provider(request):
        logger.warning("text status report refused: no valid signature")
        return HttpResponseForbidden("A valid provider signature is needed.")
    actions.record_status(
        sid=request.POST.get("MessageSid", "")[:64],
        status=request.POST.get("MessageStatus", ""),
        error_code=request.POST.get("ErrorCode", ""),
    )
    return HttpResponse(status=204)


@csrf_exempt
@require_POST
def sms_inbound(request: HttpRequest) -> HttpResponse:
    if not signed_by_provider(request):
        logger.warning("inbound text refused: no valid signature")
        return HttpResponseForbidden("A valid provider signature is needed.")
    sid = request.POST.get("MessageSid", "")[:64]
    if not sid:
        return HttpResponse("A MessageSid is needed.", status=400)
    inbound = actions.receive_text(
        sid=sid,
        from_number=request.POST.get("From", ""),
        body=request.POST.get("Body", ""),
    )
    logger.info("inbound text %s: %s", "new" if inbound.created else "replayed", inbound.kind)
    twiml = MessagingResponse()
    if inbound.reply:
        twiml.message(inbound.reply)
    return HttpResponse(str(twiml), content_type="text/xml")
