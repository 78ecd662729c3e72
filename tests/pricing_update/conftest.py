"""A fake of the three official price APIs on 127.0.0.1, serving real-format fixtures."""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path

import pytest
from werkzeug import Request, Response

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

FIXTURES = Path(__file__).parent / "fixtures"
GCP_KEY = "AIzaSy-TEST-KEY-never-printed-0123456789"

OFFER_FILES = {
    "/offers/v1.0/aws/AWSELB/20260831092255/us-east-1/index.csv":
        "togen_awselb_us-east-1_pricelist_csv_slice_2026-08-31.csv",
    "/offers/v1.0/aws/AmazonRDS/20260904172716/eu-west-2/index.csv":
        "togen_amazonrds_eu-west-2_pricelist_csv_slice_2026-09-04.csv",
    "/offers/v1.0/aws/AmazonElastiCache/20260903183902/eu-west-2/index.csv":
        "togen_amazonelasticache_eu-west-2_pricelist_csv_slice_2026-09-03.csv",
    "/offers/v1.0/aws/AmazonEC2/20230322145651/us-east-2/index.json":
        "opencost_ec2_us-east-2_offer_excerpt_2023-03-22.json",
}


class FakePricing:
    """Routes by path; ``faults[path]`` is a list of one-shot faults consumed in order.

    A fault is an HTTP status (int), ``"truncate"`` (Content-Length larger than the body) or
    ``"garbage"`` (a 200 that is not the expected format).
    """

    def __init__(self, server):
        self.server = server
        self.faults: dict[str, list] = {}
        self.hits: list[tuple[str, dict, dict]] = []
        server.expect_request(re.compile(".*")).respond_with_handler(self.handle)

    @property
    def url(self) -> str:
        return self.server.url_for("").rstrip("/")

    def paths(self) -> list[str]:
        return [p for p, _, _ in self.hits]

    def handle(self, request: Request) -> Response:
        path = request.path
        self.hits.append((path, dict(request.args), dict(request.headers)))
        queue = self.faults.get(path)
        if queue:
            fault = queue.pop(0)
            if isinstance(fault, int):
                return Response(f"fault {fault}", status=fault)
            body = self._body(path, request) or b"{}"
            if fault == "truncate":
                response = Response(iter([body[: len(body) // 2]]),
                                    headers={"Connection": "close"})
                response.headers["Content-Length"] = str(len(body))
                return response
            if fault == "garbage":
                return Response(b'"SKU","not an offer"\n<html>', content_type="text/plain")
        body = self._body(path, request)
        if body is None:
            return Response("not found", status=404)
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if path.endswith(".csv") or path.endswith("index.json") and "/20" in path:
            if request.headers.get("If-None-Match") == etag:
                return Response(status=304, headers={"ETag": etag})
            return Response(body, headers={"ETag": etag,
                                           "Last-Modified": "Mon, 31 Aug 2026 09:22:55 GMT"})
        return Response(body, content_type="application/json")

    def _body(self, path: str, request: Request) -> bytes | None:
        if path == "/offers/v1.0/aws/index.json":
            return (FIXTURES / "aws_index.json").read_bytes()
        match = re.fullmatch(r"/offers/v1.0/aws/(\w+)/current/region_index.json", path)
        if match:
            file = FIXTURES / f"aws_region_index_{match.group(1)}.json"
            return file.read_bytes() if file.exists() else None
        if path in OFFER_FILES:
            return (FIXTURES / OFFER_FILES[path]).read_bytes()
        if path == "/api/retail/prices":
            flt = request.args.get("$filter", "")
            if "serviceName eq 'Storage'" in flt and "westeurope" in flt:
                return (FIXTURES / "azure_retail_disks.json").read_bytes()
            if "serviceName eq 'Virtual Machines'" in flt and "westeurope" in flt:
                page = {"": 1, "2": 2, "4": 3}[request.args.get("$skip", "")]
                return (FIXTURES / f"azure_retail_page{page}.json").read_bytes()
            return json.dumps({"Items": [], "NextPageLink": None, "Count": 0}).encode()
        if path == "/v1/services/6F81-5844-456A/skus":
            if request.args.get("key") != GCP_KEY:
                return None
            page = 2 if request.args.get("pageToken") == "CAESBggDEJ6dBA" else 1
            return (FIXTURES / f"gcp_skus_page{page}.json").read_bytes()
        return None


@pytest.fixture
def fake(httpserver) -> FakePricing:
    return FakePricing(httpserver)


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch):
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY",
                 "all_proxy", "COST_GATE_OFFLINE", "GOOGLE_API_KEY", "CI"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")


@pytest.fixture
def env(tmp_path, fake) -> dict[str, str]:
    """Environment for run_update: a private cache dir and every base URL on the fake."""
    return {
        "COST_GATE_CACHE_DIR": str(tmp_path / "cache"),
        "COST_GATE_AWS_PRICING_URL": fake.url,
        "COST_GATE_AZURE_PRICING_URL": fake.url + "/api/retail/prices",
        "COST_GATE_GCP_PRICING_URL": fake.url + "/v1",
    }
