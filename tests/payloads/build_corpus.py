#!/usr/bin/env python3
"""Writes the payload corpus: tests/payloads/<api>.<request|response>/{valid,invalid}/*.json.

Run from anywhere: `python3 tests/payloads/build_corpus.py`. It reads nothing outside the
repository. Verbatim samples are copied byte for byte: the seeds' samples are embedded below
(extracted from the seed documents named in spec/sources.yaml), the real payloads are copied
from generated/tests/payloads/ (their provenance is in its README.md). Every other case is a
base payload with one change.

It owns only the files it writes, listed in `.built-cases` beside it: a rerun rewrites those,
deletes the ones it no longer writes, and leaves every other file alone. Cases written by hand
(a new API's `tests/payloads/<api>.<message>/{valid,invalid}/*.json`) need no change here; the
script refuses to overwrite a hand-written file with different bytes.
"""

import copy
import json
import pathlib

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parent.parent
# Verbatim copies of real payloads, with their provenance in the README.md there.
EXAMPLES = REPO / "generated" / "tests" / "payloads"
# The files this script wrote last time, relative to HERE, one per line.
MANIFEST = HERE / ".built-cases"

# ---- verbatim samples of the seed documents ----

# seed 001_9623160614f87dd3.txt (S1), 请求 / 扣款成功 / 请求体
SEED001_REQUEST = """{
  "captureAmount": {
    "currency": "BRL",
    "value": "50000"
  },
  "notifyType": "CAPTURE_RESULT",
  "captureId": "2022XXXXXXX",
  "captureRequestId": "Merchant_Request_ID_XXXXXX",
  "captureTime": "2022-11-10T00:34:52-08:00",
  "paymentId": "2022XXXXXXX",
  "result": {
    "resultCode": "SUCCESS",
    "resultMessage": "success.",
    "resultStatus": "S"
  }
}
"""

# same seed, 响应 / 响应体
SEED001_RESPONSE = """{
  "result": {
    "resultCode": "SUCCESS",
    "resultStatus": "S",
    "resultMessage": "Success"
  }
}
"""

# seed 003_f63ca2996adb7597.txt (S3), Samples / Request
SEED003_REQUEST = """{
"captureRequestId":"20191127190741010007013213156",
"paymentId":"20191127190741010007013213121",
"captureAmount": {
"value":"1000",
"currency":"USD"
}
}
"""

# same seed, Samples / Response
SEED003_RESPONSE = """{
"result": {
"resultCode":"SUCCESS",
"resultStatus":"S"
},
"captureRequestId":"20191127190741010007013213156",
"captureId":"201231231313123167",
"paymentId":"20191127190741010007013213121",
"captureAmount": {
"value":"1000",
"currency":"USD"
},
"captureTime":"2021-06-08T12:12:12+08:00"
}
"""

ACK = {"result": {"resultCode": "SUCCESS", "resultStatus": "S", "resultMessage": "success"}}

# Multibyte text: 中 is 1 character, 3 UTF-8 bytes; 😀 is 1 character (1 code point),
# 4 UTF-8 bytes and 2 UTF-16 code units.
def cjk(n):
    return "中" * n


def emoji(n):
    return "😀" * n


def json_text(n):
    """JSON text of exactly n characters, with multibyte content."""
    head, tail = '{"memo":"', '"}'
    return head + cjk(n - len(head) - len(tail)) + tail


# ---- helpers ----

DELETE = object()


def edit(base, changes):
    """A deep copy of `base` with `changes`: {"a/b": value or DELETE}."""
    doc = copy.deepcopy(base)
    for path, value in changes.items():
        parts = path.split("/")
        node = doc
        for p in parts[:-1]:
            node = node.setdefault(p, {})
        if value is DELETE:
            node.pop(parts[-1], None)
        else:
            node[parts[-1]] = value
    return doc


class Message:
    def __init__(self, name):
        self.dir = HERE / name
        self.cases = {}
        # expected.json: per valid case, the notices (JSON pointers) and, for a notification, the outcome.
        self.expected = {}

    def expect(self, verdict, file, outcome=None, notices=()):
        """Records what a case must give besides its verdict: `outcome` (notifications) and
        the paths of the notices (expectations not met, which do not make it invalid)."""
        entry = {}
        if outcome is not None:
            entry["outcome"] = outcome
        entry["notices"] = sorted(notices)
        self.expected[f"{verdict}/{file}"] = entry

    def raw(self, verdict, file, text):
        key = (verdict, file)
        assert key not in self.cases, key
        self.cases[key] = text.encode("utf-8") if isinstance(text, str) else text

    def case(self, verdict, file, doc):
        self.raw(verdict, file, json.dumps(doc, indent=2, ensure_ascii=False) + "\n")

    def example(self, verdict, file, example):
        src = EXAMPLES / example
        if not src.exists():
            raise SystemExit(f"{src} not found: the verbatim payloads live in {EXAMPLES}")
        self.raw(verdict, file, src.read_bytes())

    def files(self):
        """{path relative to HERE: bytes} of every case."""
        out = {}
        for (verdict, file), data in sorted(self.cases.items()):
            json.loads(data)  # every case is JSON
            out[f"{self.dir.name}/{verdict}/{file}"] = data
        if self.expected:
            for key in self.expected:
                verdict, file = key.split("/", 1)
                assert (verdict, file) in self.cases, key
            out[f"{self.dir.name}/expected.json"] = (
                json.dumps(self.expected, indent=2, sort_keys=True) + "\n"
            ).encode("utf-8")
        return out


def write(msgs):
    """Writes the cases, deletes the ones written last time and no longer built, and keeps
    every file it did not write."""
    built = {}
    for m in msgs:
        built.update(m.files())
    previous = set(MANIFEST.read_text().split()) if MANIFEST.exists() else None
    clashes = []
    for rel, data in built.items():
        path = HERE / rel
        hand_written = previous is not None and rel not in previous
        if hand_written and path.exists() and path.read_bytes() != data:
            clashes.append(rel)
    if clashes:
        raise SystemExit(
            "these hand-written files have the names of built cases; rename them or the cases:\n  "
            + "\n  ".join(clashes)
        )
    for rel in sorted((previous or set()) - set(built)):
        path = HERE / rel
        if path.is_file():
            path.unlink()
            for parent in (path.parent, path.parent.parent):
                if parent != HERE and parent.is_dir() and not any(parent.iterdir()):
                    parent.rmdir()
    for rel, data in sorted(built.items()):
        path = HERE / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_bytes() != data:
            path.write_bytes(data)
    MANIFEST.write_text("".join(f"{rel}\n" for rel in sorted(built)))


def build():
    msgs = []

    # ---------------- notifyCapture request (inbound: lenient) ----------------
    m = Message("notifyCapture.request")
    base = json.loads(SEED001_REQUEST)
    m.raw("valid", "seed-S1-capture-success.json", SEED001_REQUEST)
    m.example("valid", "example-notify_capture.fail.json", "notify_capture.fail.json")
    m.case("valid", "captureRequestId-max-length-64-chars-multibyte.json", edit(base, {"captureRequestId": cjk(64)}))
    m.case("valid", "captureRequestId-max-length-65-chars-multibyte-noticed-inbound.json", edit(base, {"captureRequestId": cjk(65)}))
    m.case("valid", "captureId-max-length-64-chars-astral.json", edit(base, {"captureId": emoji(64)}))
    m.case("valid", "captureId-max-length-65-chars-astral-noticed-inbound.json", edit(base, {"captureId": emoji(65)}))
    m.case("valid", "acquirerReferenceNo-max-length-64-chars.json", edit(base, {"acquirerReferenceNo": "A" * 64}))
    m.case("valid", "acquirerReferenceNo-max-length-65-chars-noticed-inbound.json", edit(base, {"acquirerReferenceNo": "A" * 65}))
    m.case("valid", "result-resultCode-max-length-64-chars.json", edit(base, {"result/resultCode": "C" * 64}))
    m.case("valid", "result-resultCode-max-length-65-chars-noticed-inbound.json", edit(base, {"result/resultCode": "C" * 65}))
    m.case("valid", "result-resultMessage-max-length-256-chars-multibyte.json", edit(base, {"result/resultMessage": cjk(256)}))
    m.case("valid", "result-resultMessage-max-length-257-chars-multibyte-noticed-inbound.json", edit(base, {"result/resultMessage": cjk(257)}))
    m.case("invalid", "notifyType-not-the-fixed-value.json", edit(base, {"notifyType": "PAYMENT_RESULT"}))
    m.case("invalid", "captureAmount-value-integer-string-12a.json", edit(base, {"captureAmount/value": "12a"}))
    m.case("invalid", "captureAmount-value-decimal-string.json", edit(base, {"captureAmount/value": "500.00"}))
    m.case("invalid", "captureAmount-value-below-minimum-0.json", edit(base, {"captureAmount/value": "-1"}))
    m.case("valid", "captureAmount-value-at-minimum-0.json", edit(base, {"captureAmount/value": "0"}))
    m.case("valid", "captureAmount-value-json-number-accepted-inbound.json", edit(base, {"captureAmount/value": 50000}))
    m.case("invalid", "captureAmount-currency-lowercase-usd.json", edit(base, {"captureAmount/currency": "usd"}))
    m.case("invalid", "captureAmount-currency-four-letters.json", edit(base, {"captureAmount/currency": "USDT"}))
    m.case("invalid", "captureTime-datetime-without-offset.json", edit(base, {"captureTime": "2022-11-10T00:34:52"}))
    m.case("invalid", "captureTime-date-only.json", edit(base, {"captureTime": "2022-11-10"}))
    m.case("valid", "captureTime-utc-z.json", edit(base, {"captureTime": "2022-11-10T08:34:52Z"}))
    m.case("valid", "captureTime-fractional-seconds.json", edit(base, {"captureTime": "2022-11-10T00:34:52.253-08:00"}))
    m.case("valid", "captureTime-absent-optional.json", edit(base, {"captureTime": DELETE}))
    # Item 1: ISO 8601 forms besides RFC 3339 are accepted inbound, with a notice.
    m.case("valid", "captureTime-datetime-basic-offset-noticed-inbound.json", edit(base, {"captureTime": "2022-11-10T00:34:52-0800"}))
    m.case("valid", "captureTime-datetime-basic-format-noticed-inbound.json", edit(base, {"captureTime": "20221110T003452-0800"}))
    # W2: S1's own table lists CAPTURE_IN_PROCESS and UNKNOWN_EXCEPTION as U: documented traffic.
    m.case("valid", "W2-result-U-CAPTURE_IN_PROCESS-noticed-pending.json", edit(base, {"result/resultStatus": "U", "result/resultCode": "CAPTURE_IN_PROCESS", "captureTime": DELETE}))
    m.case("valid", "W2-result-U-UNKNOWN_EXCEPTION-noticed-pending.json", edit(base, {"result/resultStatus": "U", "result/resultCode": "UNKNOWN_EXCEPTION", "captureTime": DELETE}))
    m.case("valid", "result-resultStatus-unknown-value-noticed-unrecognised.json", edit(base, {"result/resultStatus": "A"}))
    # The table's letter never decides: CAPTURE_IN_PROCESS (U in the table) with status F is a failure.
    m.case("valid", "result-F-with-a-U-code-failed-by-the-message.json", edit(base, {"result/resultStatus": "F", "result/resultCode": "CAPTURE_IN_PROCESS"}))
    m.case("valid", "result-resultCode-unknown-code-accepted-inbound.json", edit(base, {"result/resultCode": "SOME_NEW_CODE", "result/resultStatus": "F"}))
    m.case("valid", "unknown-property-accepted-inbound.json", edit(base, {"grossSettlementAmount": {"currency": "BRL", "value": "49000"}}))
    m.case("valid", "unknown-property-in-captureAmount-accepted-inbound.json", edit(base, {"captureAmount/extra": "x"}))
    m.case("invalid", "missing-required-captureId.json", edit(base, {"captureId": DELETE}))
    m.case("invalid", "missing-required-notifyType.json", edit(base, {"notifyType": DELETE}))
    m.case("invalid", "missing-required-result-resultStatus.json", edit(base, {"result/resultStatus": DELETE}))
    m.case("invalid", "missing-required-captureAmount-currency.json", edit(base, {"captureAmount/currency": DELETE}))
    m.case("invalid", "result-not-an-object.json", edit(base, {"result": "SUCCESS"}))
    expected = {
        "example-notify_capture.fail.json": ("failed", []),
        "captureRequestId-max-length-65-chars-multibyte-noticed-inbound.json": ("succeeded", ["/captureRequestId"]),
        "captureId-max-length-65-chars-astral-noticed-inbound.json": ("succeeded", ["/captureId"]),
        "acquirerReferenceNo-max-length-65-chars-noticed-inbound.json": ("succeeded", ["/acquirerReferenceNo"]),
        "result-resultCode-max-length-65-chars-noticed-inbound.json": ("succeeded", ["/result/resultCode"]),
        "result-resultMessage-max-length-257-chars-multibyte-noticed-inbound.json": ("succeeded", ["/result/resultMessage"]),
        "W2-result-U-CAPTURE_IN_PROCESS-noticed-pending.json": ("pending", ["/result/resultStatus"]),
        "W2-result-U-UNKNOWN_EXCEPTION-noticed-pending.json": ("pending", ["/result/resultStatus"]),
        "result-resultStatus-unknown-value-noticed-unrecognised.json": ("unrecognised", ["/result/resultStatus"]),
        "result-F-with-a-U-code-failed-by-the-message.json": ("failed", []),
        "result-resultCode-unknown-code-accepted-inbound.json": ("failed", []),
        "captureTime-datetime-basic-offset-noticed-inbound.json": ("succeeded", ["/captureTime"]),
        "captureTime-datetime-basic-format-noticed-inbound.json": ("succeeded", ["/captureTime"]),
    }
    for (verdict, file) in list(m.cases):
        if verdict == "valid":
            outcome, notices = expected.get(file, ("succeeded", []))
            m.expect(verdict, file, outcome, notices)
    msgs.append(m)

    # ---------------- notifyCapture response (outbound: strict) ----------------
    m = Message("notifyCapture.response")
    m.example("valid", "example-notify_ack.success.ams_java_sdk.json", "notify_ack.success.ams_java_sdk.json")
    # W3: the document's own example acknowledgement writes "Success".
    m.raw("valid", "W3-seed-S1-ack-resultMessage-Success.json", SEED001_RESPONSE)
    m.case("invalid", "constraint-result-resultMessage-not-success-outbound.json", edit(ACK, {"result/resultMessage": "SUCCESS!"}))
    m.example("invalid", "example-notify_ack.unknown.ams_java_sdk-not-the-fixed-ack.json", "notify_ack.unknown.ams_java_sdk.json")
    m.case("invalid", "constraint-result-resultCode-not-fixed-SUCCESS.json", edit(ACK, {"result/resultCode": "PROCESS_FAIL"}))
    m.case("invalid", "constraint-result-resultStatus-F-not-fixed-S.json", edit(ACK, {"result/resultStatus": "F"}))
    m.case("invalid", "result-resultStatus-unknown-enum-value-outbound.json", edit(ACK, {"result/resultStatus": "A"}))
    m.case("invalid", "constraint-missing-required-result-resultMessage.json", edit(ACK, {"result/resultMessage": DELETE}))
    m.case("invalid", "missing-required-result.json", {})
    m.case("invalid", "unknown-property-rejected-outbound.json", edit(ACK, {"extra": "x"}))
    m.case("invalid", "unknown-property-in-result-rejected-outbound.json", edit(ACK, {"result/extra": "x"}))
    msgs.append(m)

    # ---------------- notifyPayment request (inbound: lenient) ----------------
    m = Message("notifyPayment.request")
    m.example("valid", "example-notify_payment.success.ams_java_sdk.json", "notify_payment.success.ams_java_sdk.json")
    base = {
        "notifyType": "PAYMENT_RESULT",
        "result": {"resultCode": "SUCCESS", "resultStatus": "S", "resultMessage": "success"},
        "paymentRequestId": "20200303074500020000036648",
        "paymentId": "202003021940108001001885I0204368838",
        "paymentAmount": {"currency": "JPY", "value": "200"},
        "paymentCreateTime": "2020-03-02T19:11:19-08:00",
        "paymentTime": "2020-03-02T19:12:11-08:00",
    }
    failed = edit(base, {"result": {"resultCode": "USER_KYC_NOT_QUALIFIED", "resultStatus": "F", "resultMessage": "KYC"}, "paymentTime": DELETE})
    m.case("valid", "minimal-fields-success.json", base)
    m.case("valid", "result-F-without-paymentTime.json", failed)
    # W1: the field's own text says "success or failure".
    m.case("valid", "W1-paymentTime-with-resultStatus-F-noticed-failed.json", edit(failed, {"paymentTime": "2020-03-02T19:12:11-08:00"}))
    m.case("valid", "relation-PAYMENT_RESULT-with-resultStatus-U-noticed-pending.json", edit(base, {"result/resultStatus": "U", "result/resultCode": "PROCESSING", "paymentTime": DELETE}))
    # The table calls SUCCESS an S code; the message says U: the message decides (pending).
    m.case("valid", "result-U-with-the-S-code-SUCCESS-noticed-pending.json", edit(base, {"result/resultStatus": "U", "paymentTime": DELETE}))
    # M1: under PAYMENT_PENDING, S "indicates the payment is being processed" (DOC-NP, DOC-NOTIF): pending.
    m.case("valid", "M1-PAYMENT_PENDING-with-resultStatus-S-pending.json", edit(base, {"notifyType": "PAYMENT_PENDING", "paymentTime": DELETE}))
    # Item 3: F "indicates the payment is failed" under every notifyType (DOC-NP, DOC-NOTIF).
    m.case("valid", "PAYMENT_PENDING-with-resultStatus-F-failed.json", edit(failed, {"notifyType": "PAYMENT_PENDING"}))
    m.case("valid", "PAYMENT_PENDING-with-resultStatus-U-pending.json", edit(base, {"notifyType": "PAYMENT_PENDING", "result/resultStatus": "U", "result/resultCode": "PAYMENT_IN_PROCESS", "paymentTime": DELETE}))
    m.case("valid", "notifyType-unknown-enum-value-accepted-inbound.json", edit(base, {"notifyType": "UPDATE_AMOUNT_RESULT"}))
    # Item 3: no document makes OFFLINE_PAYMENT_CODE pending; S2's result text decides (S succeeds, F fails).
    m.case("valid", "notifyType-deprecated-OFFLINE_PAYMENT_CODE.json", edit(base, {"notifyType": "OFFLINE_PAYMENT_CODE"}))
    m.case("valid", "notifyType-deprecated-OFFLINE_PAYMENT_CODE-with-resultStatus-F-failed.json", edit(failed, {"notifyType": "OFFLINE_PAYMENT_CODE"}))
    m.case("valid", "notifyType-PAYMENT_PENDING.json", edit(base, {"notifyType": "PAYMENT_PENDING", "result/resultCode": "PAYMENT_IN_PROCESS", "paymentTime": DELETE}))
    m.case("invalid", "notifyType-not-a-string.json", edit(base, {"notifyType": 1}))
    m.case("valid", "result-resultCode-unknown-code-accepted-inbound.json", edit(failed, {"result/resultCode": "SOME_NEW_CODE"}))
    m.case("valid", "paymentId-absent-optional.json", edit(base, {"paymentId": DELETE}))
    m.case("valid", "paymentRequestId-max-length-64-chars-multibyte.json", edit(base, {"paymentRequestId": cjk(64)}))
    m.case("valid", "paymentRequestId-max-length-65-chars-multibyte-noticed-inbound.json", edit(base, {"paymentRequestId": cjk(65)}))
    m.case("valid", "paymentId-max-length-64-chars-astral.json", edit(base, {"paymentId": emoji(64)}))
    m.case("valid", "paymentId-max-length-65-chars-astral-noticed-inbound.json", edit(base, {"paymentId": emoji(65)}))
    m.case("invalid", "paymentAmount-value-integer-string-12a.json", edit(base, {"paymentAmount/value": "12a"}))
    m.case("invalid", "actualPaymentAmount-currency-lowercase-usd.json", edit(base, {"actualPaymentAmount": {"currency": "usd", "value": "1292"}}))
    m.case("invalid", "paymentCreateTime-datetime-without-offset.json", edit(base, {"paymentCreateTime": "2020-03-02T19:11:19"}))
    # Item 1: the documents say "follows the ISO 8601 standard"; forms other than RFC 3339
    # are accepted in what Alipay sends, with a notice (ISO 8601:2000 5.3, 5.4.1, 5.4.2).
    m.case("valid", "paymentTime-datetime-basic-offset-noticed-inbound.json", edit(base, {"paymentTime": "2020-03-02T19:12:11-0800"}))
    m.case("valid", "paymentCreateTime-datetime-basic-format-noticed-inbound.json", edit(base, {"paymentCreateTime": "20200302T191119-0800"}))
    m.case("valid", "paymentCreateTime-datetime-offset-hours-only-noticed-inbound.json", edit(base, {"paymentCreateTime": "2020-03-02T19:11:19-08"}))
    m.case("valid", "paymentCreateTime-datetime-without-seconds-noticed-inbound.json", edit(base, {"paymentCreateTime": "2020-03-02T19:11-08:00"}))
    m.case("valid", "paymentCreateTime-datetime-decimal-comma-noticed-inbound.json", edit(base, {"paymentCreateTime": "2020-03-02T19:11:19,5-08:00"}))
    m.case("valid", "paymentCreateTime-datetime-basic-leap-day-2000-noticed-inbound.json", edit(base, {"paymentCreateTime": "20000229T000000Z"}))
    m.case("invalid", "paymentCreateTime-datetime-basic-date-extended-time-mixed.json", edit(base, {"paymentCreateTime": "20200302T19:11:19-08:00"}))
    m.case("invalid", "paymentCreateTime-datetime-basic-feb-29-not-a-leap-year.json", edit(base, {"paymentCreateTime": "19000229T000000Z"}))
    m.case("invalid", "paymentCreateTime-datetime-24-00.json", edit(base, {"paymentCreateTime": "2020-03-02T24:00:00Z"}))
    m.case("invalid", "paymentCreateTime-datetime-week-date.json", edit(base, {"paymentCreateTime": "2020-W10-1T19:11:19Z"}))
    m.case("invalid", "paymentCreateTime-datetime-fraction-of-minute.json", edit(base, {"paymentCreateTime": "2020-03-02T19:11,5-08:00"}))
    m.case("invalid", "paymentCreateTime-datetime-offset-hours-24.json", edit(base, {"paymentCreateTime": "2020-03-02T19:11:19+2400"}))
    m.case("invalid", "missing-required-paymentAmount.json", edit(base, {"paymentAmount": DELETE}))
    m.case("invalid", "missing-required-paymentRequestId.json", edit(base, {"paymentRequestId": DELETE}))
    quote = {"quoteId": "Q1", "quoteCurrencyPair": "392/156", "quotePrice": 0.064622, "guaranteed": False}
    m.case("valid", "paymentQuote-native-number-and-boolean.json", edit(base, {"paymentQuote": quote}))
    m.case("valid", "paymentQuote-quoteStartTime-basic-format-noticed-inbound.json", edit(base, {"paymentQuote": edit(quote, {"quoteStartTime": "20191127T120101+0800"})}))
    m.case("valid", "paymentQuote-string-forms-accepted-inbound.json", edit(base, {"paymentQuote": edit(quote, {"quotePrice": "0.064622", "guaranteed": "false"})}))
    m.case("invalid", "paymentQuote-quotePrice-not-a-decimal.json", edit(base, {"paymentQuote": edit(quote, {"quotePrice": "1."})}))
    m.case("invalid", "paymentQuote-guaranteed-not-a-boolean.json", edit(base, {"paymentQuote": edit(quote, {"guaranteed": "yes"})}))
    m.case("valid", "paymentQuote-quoteCurrencyPair-max-length-16-chars.json", edit(base, {"paymentQuote": edit(quote, {"quoteCurrencyPair": "USD/CNY/JPY/EUR1"})}))
    m.case("valid", "paymentQuote-quoteCurrencyPair-max-length-17-chars-noticed-inbound.json", edit(base, {"paymentQuote": edit(quote, {"quoteCurrencyPair": "USD/CNY/JPY/EUR12"})}))
    m.case("valid", "pspCustomerInfo-empty-object.json", edit(base, {"pspCustomerInfo": {}}))
    m.case("valid", "pspCustomerInfo-pspName-max-length-65-chars-noticed-inbound.json", edit(base, {"pspCustomerInfo": {"pspName": "P" * 65}}))
    m.case("valid", "unknown-property-accepted-inbound.json", edit(base, {"settlementQuote": {"quotePrice": 1.2}}))
    expected = {
        "result-F-without-paymentTime.json": ("failed", []),
        "W1-paymentTime-with-resultStatus-F-noticed-failed.json": ("failed", ["/paymentTime"]),
        "relation-PAYMENT_RESULT-with-resultStatus-U-noticed-pending.json": ("pending", ["/result/resultStatus"]),
        "result-U-with-the-S-code-SUCCESS-noticed-pending.json": ("pending", ["/result/resultStatus"]),
        "M1-PAYMENT_PENDING-with-resultStatus-S-pending.json": ("pending", []),
        "PAYMENT_PENDING-with-resultStatus-U-pending.json": ("pending", []),
        "PAYMENT_PENDING-with-resultStatus-F-failed.json": ("failed", []),
        "notifyType-PAYMENT_PENDING.json": ("pending", []),
        "notifyType-deprecated-OFFLINE_PAYMENT_CODE.json": ("succeeded", []),
        "notifyType-deprecated-OFFLINE_PAYMENT_CODE-with-resultStatus-F-failed.json": ("failed", []),
        "paymentTime-datetime-basic-offset-noticed-inbound.json": ("succeeded", ["/paymentTime"]),
        "paymentCreateTime-datetime-basic-format-noticed-inbound.json": ("succeeded", ["/paymentCreateTime"]),
        "paymentCreateTime-datetime-offset-hours-only-noticed-inbound.json": ("succeeded", ["/paymentCreateTime"]),
        "paymentCreateTime-datetime-without-seconds-noticed-inbound.json": ("succeeded", ["/paymentCreateTime"]),
        "paymentCreateTime-datetime-decimal-comma-noticed-inbound.json": ("succeeded", ["/paymentCreateTime"]),
        "paymentCreateTime-datetime-basic-leap-day-2000-noticed-inbound.json": ("succeeded", ["/paymentCreateTime"]),
        "paymentQuote-quoteStartTime-basic-format-noticed-inbound.json": ("succeeded", ["/paymentQuote/quoteStartTime"]),
        "notifyType-unknown-enum-value-accepted-inbound.json": ("unrecognised", []),
        "result-resultCode-unknown-code-accepted-inbound.json": ("failed", []),
        "paymentRequestId-max-length-65-chars-multibyte-noticed-inbound.json": ("succeeded", ["/paymentRequestId"]),
        "paymentId-max-length-65-chars-astral-noticed-inbound.json": ("succeeded", ["/paymentId"]),
        "paymentQuote-quoteCurrencyPair-max-length-17-chars-noticed-inbound.json": ("succeeded", ["/paymentQuote/quoteCurrencyPair"]),
        "pspCustomerInfo-pspName-max-length-65-chars-noticed-inbound.json": ("succeeded", ["/pspCustomerInfo/pspName"]),
    }
    for (verdict, file) in list(m.cases):
        if verdict == "valid":
            outcome, notices = expected.get(file, ("succeeded", []))
            m.expect(verdict, file, outcome, notices)
    msgs.append(m)

    # ---------------- notifyPayment response (outbound: strict) ----------------
    m = Message("notifyPayment.response")
    m.example("valid", "example-notify_ack.success.ams_java_sdk.json", "notify_ack.success.ams_java_sdk.json")
    m.example("invalid", "example-notify_ack.unknown.ams_java_sdk-not-the-fixed-ack.json", "notify_ack.unknown.ams_java_sdk.json")
    m.case("valid", "W3-GUIDE-APM-ack-resultMessage-Success.json", edit(ACK, {"result/resultMessage": "Success"}))
    # Item 2: the notifyPayment page asks for SUCCESS only; resultMessage is not constrained.
    m.case("valid", "result-resultMessage-absent-SUCCESS-only.json", edit(ACK, {"result/resultMessage": DELETE}))
    m.case("valid", "result-resultMessage-any-text.json", edit(ACK, {"result/resultMessage": "OK"}))
    m.case("invalid", "result-resultMessage-max-length-257-chars-outbound.json", edit(ACK, {"result/resultMessage": "m" * 257}))
    m.case("invalid", "constraint-result-resultCode-not-fixed-SUCCESS.json", edit(ACK, {"result/resultCode": "FAIL"}))
    m.case("invalid", "constraint-result-resultStatus-F-not-fixed-S.json", edit(ACK, {"result/resultStatus": "F"}))
    m.case("invalid", "result-resultStatus-unknown-enum-value-outbound.json", edit(ACK, {"result/resultStatus": "X"}))
    m.case("invalid", "unknown-property-rejected-outbound.json", edit(ACK, {"paymentId": "2020"}))
    m.case("invalid", "unknown-property-in-result-rejected-outbound.json", edit(ACK, {"result/extra": "x"}))
    msgs.append(m)

    # ---------------- capture request (outbound: strict) ----------------
    m = Message("capture.request")
    base = json.loads(SEED003_REQUEST)
    m.raw("valid", "seed-S3-request.json", SEED003_REQUEST)
    m.case("valid", "captureAmount-absent-full-capture.json", edit(base, {"captureAmount": DELETE}))
    m.case("valid", "isLastCapture-false-json-boolean.json", edit(base, {"isLastCapture": False}))
    m.case("invalid", "isLastCapture-string-false-wrong-wire-form-outbound.json", edit(base, {"isLastCapture": "false"}))
    m.case("valid", "captureRequestId-max-length-64-chars-multibyte.json", edit(base, {"captureRequestId": cjk(64)}))
    m.case("invalid", "captureRequestId-max-length-65-chars-multibyte.json", edit(base, {"captureRequestId": cjk(65)}))
    m.case("valid", "paymentId-max-length-64-chars-astral.json", edit(base, {"paymentId": emoji(64)}))
    m.case("invalid", "paymentId-max-length-65-chars-astral.json", edit(base, {"paymentId": emoji(65)}))
    m.case("valid", "extendInfo-json-text-max-length-4096-chars-multibyte.json", edit(base, {"extendInfo": json_text(4096)}))
    m.case("invalid", "extendInfo-json-text-max-length-4097-chars-multibyte.json", edit(base, {"extendInfo": json_text(4097)}))
    m.case("valid", "extendInfo-json-text.json", edit(base, {"extendInfo": '{"memo":"memo"}'}))
    m.case("valid", "extendInfo-free-text-accepted.json", edit(base, {"extendInfo": "memo: not JSON"}))
    m.case("invalid", "captureAmount-value-integer-string-12a.json", edit(base, {"captureAmount/value": "12a"}))
    m.case("invalid", "captureAmount-value-json-number-wrong-wire-form-outbound.json", edit(base, {"captureAmount/value": 1000}))
    m.case("invalid", "captureAmount-value-below-minimum-0.json", edit(base, {"captureAmount/value": "-1"}))
    m.case("valid", "captureAmount-value-at-minimum-0.json", edit(base, {"captureAmount/value": "0"}))
    m.case("invalid", "captureAmount-currency-lowercase-usd.json", edit(base, {"captureAmount/currency": "usd"}))
    m.case("invalid", "captureAmount-currency-two-letters.json", edit(base, {"captureAmount/currency": "US"}))
    m.case("invalid", "missing-required-paymentId.json", edit(base, {"paymentId": DELETE}))
    m.case("invalid", "missing-required-captureAmount-value.json", edit(base, {"captureAmount/value": DELETE}))
    m.case("invalid", "unknown-property-rejected-outbound.json", edit(base, {"paymentRequestId": "x"}))
    m.case("invalid", "unknown-property-in-captureAmount-rejected-outbound.json", edit(base, {"captureAmount/extra": "x"}))
    msgs.append(m)

    # ---------------- capture response (inbound: lenient) ----------------
    m = Message("capture.response")
    base = json.loads(SEED003_RESPONSE)
    m.raw("valid", "seed-S3-response.json", SEED003_RESPONSE)
    m.case("valid", "result-only-failure.json", {"result": {"resultCode": "AUTH_EXPIRED", "resultStatus": "F", "resultMessage": "The authorization on payment is expired."}})
    m.case("valid", "result-U-CAPTURE_IN_PROCESS.json", {"result": {"resultCode": "CAPTURE_IN_PROCESS", "resultStatus": "U"}})
    m.case("valid", "result-resultCode-unknown-code-accepted-inbound.json", {"result": {"resultCode": "EXPIRED_ACCESS_TOKEN", "resultStatus": "F"}})
    m.case("valid", "result-resultStatus-unknown-enum-value-accepted-inbound.json", {"result": {"resultCode": "ACCEPTED", "resultStatus": "A"}})
    m.case("valid", "unknown-property-accepted-inbound.json", edit(base, {"refundAmount": {"value": "1", "currency": "USD"}}))
    m.case("valid", "extendInfo-not-json-accepted-inbound.json", edit(base, {"extendInfo": "memo"}))
    m.case("valid", "captureAmount-value-json-number-accepted-inbound.json", edit(base, {"captureAmount/value": 1000}))
    m.case("valid", "captureId-max-length-64-chars-multibyte.json", edit(base, {"captureId": cjk(64)}))
    m.case("valid", "captureId-max-length-65-chars-multibyte-noticed-inbound.json", edit(base, {"captureId": cjk(65)}))
    m.case("valid", "extendInfo-max-length-4096-chars-astral.json", edit(base, {"extendInfo": emoji(4096)}))
    m.case("valid", "extendInfo-max-length-4097-chars-astral-noticed-inbound.json", edit(base, {"extendInfo": emoji(4097)}))
    m.case("valid", "captureTime-datetime-basic-format-noticed-inbound.json", edit(base, {"captureTime": "20210608T121212+0800"}))
    m.case("invalid", "captureTime-datetime-without-offset.json", edit(base, {"captureTime": "2021-06-08T12:12:12"}))
    m.case("invalid", "captureTime-datetime-space-separator.json", edit(base, {"captureTime": "2021-06-08 12:12:12+08:00"}))
    m.case("invalid", "captureTime-datetime-month-13.json", edit(base, {"captureTime": "2021-13-08T12:12:12+08:00"}))
    m.case("invalid", "captureAmount-value-integer-string-12a.json", edit(base, {"captureAmount/value": "12a"}))
    m.case("invalid", "captureAmount-currency-lowercase-usd.json", edit(base, {"captureAmount/currency": "usd"}))
    m.case("invalid", "missing-required-result.json", edit(base, {"result": DELETE}))
    m.case("invalid", "missing-required-result-resultCode.json", edit(base, {"result/resultCode": DELETE}))
    m.case("invalid", "result-resultStatus-not-a-string.json", edit(base, {"result/resultStatus": 1}))
    for (verdict, file) in list(m.cases):
        if verdict == "valid":
            notices = {
                "captureId-max-length-65-chars-multibyte-noticed-inbound.json": ["/captureId"],
                "extendInfo-max-length-4097-chars-astral-noticed-inbound.json": ["/extendInfo"],
                "captureTime-datetime-basic-format-noticed-inbound.json": ["/captureTime"],
            }.get(file, [])
            m.expect(verdict, file, notices=notices)
    msgs.append(m)

    write(msgs)
    for m in msgs:
        valid = sum(1 for v, _ in m.cases if v == "valid")
        print(f"{m.dir.name}: {valid} valid, {len(m.cases) - valid} invalid")


if __name__ == "__main__":
    build()
