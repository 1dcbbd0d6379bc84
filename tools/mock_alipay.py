"""A loopback stand-in for Alipay's gateway, signing and verifying with Alipay's
official Python SDK (global-open-sdk-python), for the client interop test
(generated/tests/client_interop.rs, run by tools/ci-interop.sh).

usage: mock_alipay.py --spec DIR --payloads DIR --merchant-public FILE
                      --alipay-private FILE --client-id ID

Listens on 127.0.0.1 (a free port) and prints `listening http://127.0.0.1:PORT`
on the first line of stdout. For each POST:

- the API is the request API of spec/apis/*.yaml (`direction: request`) whose
  `http:` method and path end the request's path, after any prefix (`/ams/api`);
  no API is listed here;
- the request's signature (Client-Id, Request-Time, Signature over the path as
  received and the body bytes) is verified with the SDK's
  webhook_tool.check_signature and the merchant's public key: a request that
  does not verify is answered 401;
- the answer is the next file of `<payloads>/<api>.response/valid/` (sorted by
  name; the k-th request for an API gets the k-th file, cycling), sent as its
  exact bytes, signed with the SDK's signature_tool.sign and Alipay's private
  key (Client-Id, Response-Time, Signature);
- under the prefix `/tampered`, the signed body gets one more byte after signing,
  so the client must refuse it.

Keys are bare base64 as Alipay's console hands them out (PKCS#8 private,
X.509 SubjectPublicKeyInfo public).
"""

import argparse
import glob
import http.server
import json
import os
import sys
import threading
import time

import yaml

from com.alipay.ams.api.tools import signature_tool, webhook_tool

TAMPERED = "/tampered"


def load_apis(spec_dir):
    """(METHOD, path) of every request API with an HTTP path, from the specs."""
    routes = {}
    for f in sorted(glob.glob(os.path.join(spec_dir, "apis", "*.yaml"))):
        with open(f, encoding="utf-8") as fh:
            api = yaml.safe_load(fh)
        h = api.get("http") or {}
        if api.get("direction") == "request" and h.get("path"):
            routes[(h["method"].upper(), h["path"])] = api["name"]
    return routes


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--spec", required=True)
    ap.add_argument("--payloads", required=True)
    ap.add_argument("--merchant-public", required=True)
    ap.add_argument("--alipay-private", required=True)
    ap.add_argument("--client-id", required=True)
    args = ap.parse_args()
    with open(args.merchant_public, encoding="ascii") as f:
        merchant_public = f.read().strip()
    with open(args.alipay_private, encoding="ascii") as f:
        alipay_private = f.read().strip()
    routes = load_apis(args.spec)
    answers = {}
    for api in set(routes.values()):
        files = sorted(glob.glob(os.path.join(args.payloads, f"{api}.response", "valid", "*.json")))
        answers[api] = [open(p, "rb").read() for p in files]
    served = {api: 0 for api in answers}
    lock = threading.Lock()

    def route(method, path):
        """The API whose spec path ends `path` (the longest such spec path)."""
        best = None
        for (m, p), api in routes.items():
            if m == method and path.endswith(p) and (best is None or len(p) > len(best[0])):
                best = (p, api)
        return best[1] if best else None

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, fmt, *a):  # quiet: the test prints what matters
            pass

        def reply(self, status, body, headers=()):
            self.send_response(status)
            for k, v in headers:
                self.send_header(k, v)
            self.send_header("Content-Type", "application/json; charset=UTF-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            path = self.path
            api = route("POST", path.split("?", 1)[0])
            if api is None or not answers.get(api):
                self.reply(404, json.dumps({"error": f"no request API at {path}"}).encode())
                return
            client_id = self.headers.get("Client-Id") or ""
            req_time = self.headers.get("Request-Time") or ""
            signature = self.headers.get("Signature") or ""
            try:
                ok = webhook_tool.check_signature(
                    "POST", path, client_id, req_time, body.decode("utf-8"), signature, merchant_public
                )
            except Exception:  # rsa.VerificationError, AlipayApiException
                ok = False
            if not ok or client_id != args.client_id:
                self.reply(401, json.dumps({"result": {"resultCode": "INVALID_SIGNATURE",
                                                       "resultStatus": "F",
                                                       "resultMessage": "mock: signature refused"}}).encode())
                return
            files = answers[api]
            with lock:
                answer = files[served[api] % len(files)]
                served[api] += 1
            rsp_time = str(int(time.time() * 1000))
            sig = signature_tool.sign("POST", path, client_id, rsp_time, answer.decode("utf-8"), alipay_private)
            if path.startswith(TAMPERED + "/"):
                answer = answer + b" "
            self.reply(200, answer, [
                ("Client-Id", client_id),
                ("Response-Time", rsp_time),
                ("Signature", "algorithm=RSA256,keyVersion=1,signature=" + sig),
            ])

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print(f"listening http://127.0.0.1:{server.server_address[1]}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    sys.exit(main())
