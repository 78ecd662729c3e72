"""SNS: topics (publish requests) and subscriptions (deliveries by protocol), all usage-based.

- aws_sns_topic: API requests, each 64 KB chunk of a request's payload one request (Infracost
  keys ``monthly_requests``, ``request_size_kb``); FIFO topics also pay for the payload
  published (GB, from those two keys).
- aws_sns_topic_subscription: notifications delivered, priced by protocol (HTTP/S, email, SQS,
  Lambda, Firehose, mobile push; deliveries to SQS and Lambda are $0 in the data), in 64 KB
  chunks (``monthly_requests``, ``request_size_kb``). A subscription to a FIFO topic pays the
  FIFO delivery and payload prices. SMS is priced per destination country; the data has no SMS
  prices, so an SMS subscription is unsupported. Infracost's topic keys
  ``http_subscriptions``, ``email_subscriptions``, ``kinesis_subscriptions`` (Firehose),
  ``mobile_push_subscriptions``, ``macos_subscriptions`` price the deliveries on a standard
  topic instead (every message to each subscription): estimate deliveries in one place only. The first deliveries of an account each month
  that AWS does not charge (e.g. 100,000 HTTP, 1,000 email) are not applied. Data transfer is
  not priced.
"""

from __future__ import annotations

from decimal import Decimal

from cost_gate.rules import USAGE_ONLY, register
from cost_gate.rules.base import (
    Component,
    NotPriceable,
    PriceRef,
    Resource,
    UsageKey,
    billed_requests,
)

CHUNK_KB = 64
KB_PER_GB = Decimal(1024 * 1024)
ENDPOINTS = {"http": "http", "https": "http", "email": "email", "email-json": "email",
             "sqs": "sqs", "lambda": "lambda", "firehose": "firehose",
             "application": "mobile_push"}
LABELS = {"http": "HTTP/S", "email": "email", "sqs": "SQS", "lambda": "Lambda",
          "firehose": "Firehose", "mobile_push": "mobile push"}
SNS_USAGE = (
    UsageKey("monthly_requests", "requests", "messages per month"),
    UsageKey("request_size_kb", "KB", "average message size (each 64 KB chunk is billed as one "
             "request)", kind="setting", default="64"),
)
# Infracost's topic keys: deliveries counted on the topic, per subscription of a protocol
# (usage key -> endpoint; "kinesis" is Kinesis Data Firehose, macOS is an APNS platform).
TOPIC_SUBSCRIPTIONS = {"http_subscriptions": "http", "email_subscriptions": "email",
                       "kinesis_subscriptions": "firehose",
                       "mobile_push_subscriptions": "mobile_push",
                       "macos_subscriptions": "mobile_push"}
TOPIC_USAGE = (
    *SNS_USAGE,
    *(UsageKey(key, "subscriptions", f"{LABELS[endpoint]} subscriptions each receiving every "
               "message (deliveries priced on the topic)", kind="setting")
      for key, endpoint in TOPIC_SUBSCRIPTIONS.items()),
)


def _payload_gb(r: Resource) -> Decimal | None:
    """FIFO payload in GB: messages x their average size (None without both estimates)."""
    requests = r.usage.number("monthly_requests")
    size = r.usage.number("request_size_kb")
    if requests is None:
        return None
    if size is None:
        r.note("FIFO payload: request_size_kb in the usage file prices it; shown per unit")
        return None
    return requests * size / KB_PER_GB


@register("aws_sns_topic", usage=TOPIC_USAGE, kind=USAGE_ONLY)
def aws_sns_topic(r: Resource) -> list[Component]:
    fifo = r.flag("fifo_topic")
    topic_type = "fifo" if fifo else "standard"
    comps = [Component(f"API requests ({'FIFO' if fifo else 'standard'} topic)", "requests",
                       billed_requests(r, CHUNK_KB),
                       PriceRef("sns", "requests", {"topic_type": topic_type}),
                       usage_based=True, usage_key="monthly_requests")]
    if fifo:
        comps.append(Component("Payload published (FIFO)", "GB", _payload_gb(r),
                               PriceRef("sns", "fifo_publish_payload"), usage_based=True))
    elif r.usage.sets_any(*TOPIC_SUBSCRIPTIONS, "sms_subscriptions"):
        comps += _topic_deliveries(r)
    return comps


def _topic_deliveries(r: Resource) -> list[Component]:
    """Deliveries estimated on the topic (Infracost's ``<protocol>_subscriptions`` keys): every
    message to each subscription."""
    if r.usage.number("sms_subscriptions"):
        r.note("SMS deliveries are priced per destination country; no SMS prices in the data, "
               "not shown")
    messages = billed_requests(r, CHUNK_KB)
    comps = []
    for key, endpoint in TOPIC_SUBSCRIPTIONS.items():
        subscriptions = r.usage.number(key)
        if subscriptions:
            quantity = None if messages is None else messages * subscriptions
            comps.append(Component(f"Deliveries ({LABELS[endpoint]} x {subscriptions})",
                                   "notifications", quantity,
                                   PriceRef("sns", "deliveries", {"endpoint": endpoint}),
                                   usage_based=True))
    return comps


@register("aws_sns_topic_subscription", usage=SNS_USAGE, kind=USAGE_ONLY)
def aws_sns_topic_subscription(r: Resource) -> list[Component]:
    protocol = (r.string("protocol", required=True) or "").lower()
    if protocol == "sms":
        raise NotPriceable("SMS deliveries are priced per destination country; no SMS prices "
                           "in the data")
    if _fifo_topic(r):
        return [
            Component("Deliveries (FIFO topic)", "notifications", billed_requests(r, CHUNK_KB),
                      PriceRef("sns", "fifo_deliveries"), usage_based=True,
                      usage_key="monthly_requests"),
            Component("Payload delivered (FIFO topic)", "GB", _payload_gb(r),
                      PriceRef("sns", "fifo_delivery_payload"), usage_based=True),
        ]
    endpoint = ENDPOINTS.get(protocol)
    if endpoint is None:
        raise NotPriceable(f"protocol {protocol!r} is not priced")
    return [Component(f"Deliveries ({LABELS[endpoint]})", "notifications",
                      billed_requests(r, CHUNK_KB),
                      PriceRef("sns", "deliveries", {"endpoint": endpoint}), usage_based=True,
                      usage_key="monthly_requests")]


def _fifo_topic(r: Resource) -> bool:
    """Whether the subscribed topic is FIFO: its ARN ends in .fifo, or the topic in the plan
    says so."""
    arn = None if r.is_unknown("topic_arn") else r.string("topic_arn")
    if arn:
        return arn.endswith(".fifo")
    topic = r.referenced("topic_arn")
    if topic is None:
        return False
    return topic.flag("fifo_topic")
