"""Verifications per second of Alipay's Python SDK (signature_tool.verify), for
comparison with `cargo bench -p alipay-models --bench intake`
(its `verify` function) on the same machine.

usage: target/ci-schema/venv/bin/python tools/bench_python_verify.py
(the venv is made by tools/ci-interop.sh from requirements.txt). The same notification
body as the Rust bench, a fresh RSA-2048 key, 2,000 verifications per run; prints the
median of 7 runs.
"""

import base64
import os
import statistics
import time

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa as crsa

from com.alipay.ams.api.tools import signature_tool

HERE = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(HERE, "..", "tests", "payloads", "notifyPayment.request", "valid",
                       "example-notify_payment.success.ams_java_sdk.json"), encoding="utf-8") as f:
    body = f.read()

key = crsa.generate_private_key(public_exponent=65537, key_size=2048)
private_b64 = base64.b64encode(key.private_bytes(
    serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())).decode()
public_b64 = base64.b64encode(key.public_key().public_bytes(
    serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)).decode()

client, path, t = "SANDBOX_5X00000000000000", "/alipay/notify", "1700000000000"
sig = signature_tool.sign("POST", path, client, t, body, private_b64)
assert signature_tool.verify("POST", path, client, t, body, sig, public_b64)

N = 2000
runs = []
for _ in range(7):
    start = time.perf_counter()
    for _ in range(N):
        signature_tool.verify("POST", path, client, t, body, sig, public_b64)
    runs.append((time.perf_counter() - start) / N)
median = statistics.median(runs)
print(f"python sdk signature_tool.verify: median {median * 1e6:.1f} us per verification, "
      f"{1 / median:,.0f} verifications/s (7 runs of {N})")
