"""Signature interop with Alipay's official Python SDK (global-open-sdk-python).

What the SDK signs (com.alipay.ams.api.tools.signature_tool.sign) must verify with
this project's `verify` example, and what the `sign` example signs must verify with
the SDK's own verification (webhook_tool.check_signature, the call a Python merchant
makes on a notification). Keys are generated here, in the form Alipay's console hands
them out (bare base64: PKCS#8 private, X.509 SubjectPublicKeyInfo public).

usage: interop_sdk.py VERIFY_BIN SIGN_BIN
Prints one line per check and "N passed, N failed"; exits 1 if any failed.
"""

import base64
import os
import subprocess
import sys
import tempfile
import time

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa as crsa

from com.alipay.ams.api.tools import signature_tool, webhook_tool

VERIFY, SIGN = sys.argv[1], sys.argv[2]
CLIENT = "SANDBOX_5X00000000000000"
PATH = "/alipay/notify"

passed, failed = 0, 0


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"ok    {name}")
    else:
        failed += 1
        print(f"FAIL  {name} {detail}")


def keypair():
    key = crsa.generate_private_key(public_exponent=65537, key_size=2048)
    private_b64 = base64.b64encode(
        key.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    ).decode()
    public_b64 = base64.b64encode(
        key.public_key().public_bytes(
            serialization.Encoding.DER,
            serialization.PublicFormat.SubjectPublicKeyInfo,
        )
    ).decode()
    return private_b64, public_b64


tmp = tempfile.mkdtemp(prefix="alipay-interop-")


def write(name, data):
    path = os.path.join(tmp, name)
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())
    return path


alipay_private, alipay_public = keypair()
merchant_private, merchant_public = keypair()
other_private, other_public = keypair()
alipay_public_file = write("alipay_public.txt", alipay_public)
merchant_private_file = write("merchant_private.txt", merchant_private)

now_ms = str(int(time.time() * 1000))
bodies = {
    "compact": '{"notifyType":"PAYMENT_RESULT","result":{"resultCode":"SUCCESS","resultStatus":"S","resultMessage":"success"},"paymentRequestId":"pay-1"}',
    "spaced": '{"notifyType": "CAPTURE_RESULT", "result": {"resultCode": "SUCCESS", "resultStatus": "S", "resultMessage": "success"}}',
    "non-ascii": '{"notifyType":"PAYMENT_RESULT","result":{"resultCode":"SUCCESS","resultStatus":"S","resultMessage":"成功 – ok"}}',
    "empty": "",
}
times = {"epoch-ms": now_ms, "iso-8601": "2019-04-04T12:08:56.253+05:30"}


def run_verify(header, body_file, t, *extra):
    args = [VERIFY, "--public-key", alipay_public_file, "--method", "POST", "--path", PATH,
            "--client-id", CLIENT, "--time", t, "--signature", header, *extra, body_file]
    return subprocess.run(args, capture_output=True, text=True)


# 1. The SDK signs (as Alipay would), ours verifies.
for bname, body in bodies.items():
    body_file = write(f"body-{bname}.json", body)
    for tname, t in times.items():
        extra = [] if tname == "epoch-ms" else ["--ignore-time"]
        sig = signature_tool.sign("POST", PATH, CLIENT, t, body, alipay_private)
        header = "algorithm=RSA256,keyVersion=1,signature=" + sig
        r = run_verify(header, body_file, t, *extra)
        check(f"sdk signs, ours verifies ({bname}, {tname})", r.returncode == 0, r.stdout + r.stderr)
        # The documents' spelling, with spaces after commas.
        r = run_verify("algorithm=RSA256, keyVersion=1, signature=" + sig, body_file, t, *extra)
        check(f"sdk signs, ours verifies with spaces ({bname}, {tname})", r.returncode == 0, r.stdout + r.stderr)
        # Tampered: one character of the body, and the wrong key.
        tampered = write(f"tampered-{bname}.json", body + " ")
        r = run_verify(header, tampered, t, *extra)
        check(f"sdk signs, ours rejects a changed body ({bname}, {tname})", r.returncode == 1, r.stdout + r.stderr)
        forged = signature_tool.sign("POST", PATH, CLIENT, t, body, other_private)
        r = run_verify("algorithm=RSA256,keyVersion=1,signature=" + forged, body_file, t, *extra)
        check(f"ours rejects another key's signature ({bname}, {tname})", r.returncode == 1, r.stdout + r.stderr)

# 2. Ours signs (as the merchant), the SDK verifies.
for bname, body in bodies.items():
    body_file = write(f"body-{bname}.json", body)
    for tname, t in times.items():
        r = subprocess.run([SIGN, "--private-key", merchant_private_file, "--method", "POST",
                            "--path", PATH, "--client-id", CLIENT, "--time", t, body_file],
                           capture_output=True, text=True)
        if r.returncode != 0:
            check(f"ours signs ({bname}, {tname})", False, r.stderr)
            continue
        # Two lines: `Request-Time: T` (the time it signed) and `Signature: V`.
        printed = dict(line.split(": ", 1) for line in r.stdout.splitlines() if ": " in line)
        check(f"sign prints the Request-Time it used ({bname}, {tname})",
              printed.get("Request-Time") == t, r.stdout)
        header = printed.get("Signature", "")
        ok = webhook_tool.check_signature("POST", PATH, CLIENT, t, body, header, merchant_public)
        check(f"ours signs, sdk verifies ({bname}, {tname})", ok is True)
        try:
            bad = webhook_tool.check_signature("POST", PATH, CLIENT, t, body + " ", header, merchant_public)
        except Exception:  # rsa.VerificationError
            bad = False
        check(f"ours signs, sdk rejects a changed body ({bname}, {tname})", bad is False)

# 3. Unusable input is exit 2, for scripts.
r = run_verify("algorithm=RSA256", write("b.json", "{}"), now_ms)
check("verify: malformed header exits 2", r.returncode == 2, r.stdout + r.stderr)
r = subprocess.run([VERIFY, "--public-key", merchant_private_file, "--method", "POST", "--path", PATH,
                    "--client-id", CLIENT, "--time", now_ms, "--signature", "algorithm=RSA256,signature=AAAA",
                    write("c.json", "{}")], capture_output=True, text=True)
check("verify: a private key as the public key exits 2", r.returncode == 2, r.stdout + r.stderr)
r = subprocess.run([SIGN, "--private-key", alipay_public_file, "--method", "POST", "--path", PATH,
                    "--client-id", CLIENT, write("d.json", "{}")], capture_output=True, text=True)
check("sign: a public key as the private key exits 2", r.returncode == 2, r.stdout + r.stderr)
# A stale but genuine signature: rejected (1), accepted with --ignore-time.
stale = str(int(time.time() * 1000) - 3600 * 1000)
body_file = write("stale.json", bodies["compact"])
sig = signature_tool.sign("POST", PATH, CLIENT, stale, bodies["compact"], alipay_private)
r = run_verify("algorithm=RSA256,keyVersion=1,signature=" + sig, body_file, stale)
check("verify: outside the window exits 1", r.returncode == 1, r.stdout + r.stderr)
r = run_verify("algorithm=RSA256,keyVersion=1,signature=" + sig, body_file, stale, "--ignore-time")
check("verify: --ignore-time accepts a stored message", r.returncode == 0, r.stdout + r.stderr)

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
