#!/usr/bin/env python3
"""Builds the diff fixtures tests/diff/<case>/{old,new}/ from tests/diff/base/.

Each case copies base/ to old/ and new/, then applies its edits (exact text
replacements, so a base change that breaks an edit fails loudly). Run it from
anywhere after editing base/ or a case, then review the snapshots:
    python3 tests/diff/make_cases.py && cargo insta test -p alipay-codegen --test diff_fixtures
"""
import os
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
BASE = os.path.join(HERE, "base")


def edit(root, rel, old, new, count=1):
    path = os.path.join(root, rel)
    with open(path, encoding="utf-8") as f:
        text = f.read()
    n = text.count(old)
    assert n == count, f"{rel}: expected {count} occurrence(s) of {old!r}, found {n}"
    with open(path, "w", encoding="utf-8") as f:
        f.write(text.replace(old, new))


def write(root, rel, text):
    path = os.path.join(root, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def remove(root, rel):
    os.remove(os.path.join(root, rel))


NP = "apis/notifyPayment.yaml"
CAP = "apis/capture.yaml"
CODES = "codes/common.yaml"
AMOUNT = "types/Amount.yaml"
RESULT = "types/Result.yaml"


def identical(old, new):
    """Nothing changes."""


def docs_only(old, new):
    """Descriptions, examples, sources, a discrepancy, a code's message: documentation only."""
    edit(new, NP, 'description: "Alipay sends the payment result to the merchant."',
         'description: "Alipay sends the payment result to the merchant when the payment reaches a final state."')
    edit(new, NP, 'description: "Alipay\'s payment ID."', 'description: "The unique ID Alipay assigns to the payment."')
    edit(new, NP, 'example: "pr-1"', 'example: "pr-2024-0001"')
    edit(new, CAP, '      description: "The amount to capture."\n      sources: [D2]',
         '      description: "The amount to capture."\n      sources: [D2, CHG]')
    edit(new, CODES, 'message: "A general business failure occurred."', 'message: "The capture failed."')
    edit(new, "sources.yaml", 'location: "https://example.invalid/capture"', 'location: "https://example.invalid/v2/capture"')
    edit(new, NP, '    reason: "The only reading."\n', '''    reason: "The only reading."
  - subject: request.memo
    summary: "The memo's length differs between two pages."
    readings:
      - source: D1
        reading: "max 128"
      - source: CHG
        reading: "max 256"
    adopted: "128"
    reason: "The stricter reading."
''')


def change_history(old, new):
    """The edits Alipay's change history records (Jan 2022 and later): a field made
    required, an enum value deleted and one added, U removed from a status, a code
    added, a length tightened, a status letter changed (S0 F -> later U)."""
    edit(old, CAP, "  - code: CAPTURE_IN_PROCESS\n    status: U", "  - code: CAPTURE_IN_PROCESS\n    status: F")
    # notifyPayment: paymentId and paymentCreateTime became required.
    edit(new, NP, '''    - name: paymentId
      type: string
      required: false''', '''    - name: paymentId
      type: string
      required: true''')
    edit(new, NP, '''      type: datetime
      required: false
      description: "When the payment was created."''', '''      type: datetime
      required: true
      description: "When the payment was created."''')
    # OFFLINE_PAYMENT_CODE deleted, PAYMENT_PENDING added.
    edit(new, NP, '''        - value: OFFLINE_PAYMENT_CODE
          description: "An offline payment code."
          sources: [D1]''', '''        - value: PAYMENT_PENDING
          description: "The final result is pending."
          sources: [CHG]''')
    # U deleted from result.resultStatus; resultMessage required.
    edit(new, NP, '''          allowed: [S, F, U]
          sources: [D1]''', '''          allowed: [S, F]
          sources: [D1, CHG]
        - field: resultMessage
          required: true
          sources: [CHG]''')
    # Codes added.
    edit(new, NP, '''  - code: USER_KYC_NOT_QUALIFIED''', '''  - code: FRAUD_REJECT
    status: F
    message: "The transaction cannot be further processed because of risk control."
    action:
      kind: do_not_retry
    sources: [CHG]
  - code: USER_KYC_NOT_QUALIFIED''')
    # A length tightened.
    edit(new, NP, '''      max_length: 64
      description: "The merchant's payment request ID."''', '''      max_length: 32
      description: "The merchant's payment request ID."''')


def required_flags(old, new):
    """Optional <-> required, on inbound and outbound messages."""
    # Outbound (capture request): optional -> required breaks, required -> optional does not.
    edit(new, CAP, '''      required: false
      max_length: 2048''', '''      required: true
      max_length: 2048''')
    edit(new, CAP, '''    - name: paymentId
      type: string
      required: true''', '''    - name: paymentId
      type: string
      required: false''')
    # Inbound (capture response): required -> optional breaks.
    edit(new, CAP, '''      type: datetime
      required: true''', '''      type: datetime
      required: false''')
    # Inbound (notifyPayment request): optional -> required does not.
    edit(new, NP, '''      type: datetime
      required: false
      description: "When the payment was created."''', '''      type: datetime
      required: true
      description: "When the payment was created."''')


def fields_added_removed(old, new):
    """Fields added (optional / required, inbound / outbound), removed, renamed."""
    edit(new, CAP, '''    - name: captureMode''', '''    - name: captureReason
      type: string
      required: false
      max_length: 256
      description: "Why the merchant captures."
      sources: [D2]
    - name: merchantId
      type: string
      required: true
      max_length: 32
      description: "The merchant's ID."
      sources: [D2]
    - name: captureMode''')
    edit(new, CAP, '''    - name: extendInfo
      type: string
      required: false
      max_length: 2048
      description: "Extra information."
      sources: [D2]
''', "")
    edit(new, NP, '''    - name: memo
      type: string''', '''    - name: note
      type: string''')
    edit(new, NP, '''response:''', '''    - name: settlementId
      type: string
      required: true
      max_length: 64
      description: "The settlement batch."
      sources: [CHG]

response:''')


def lengths(old, new):
    """Maximum lengths tightened and relaxed, on both flows."""
    edit(new, CAP, "max_length: 2048", "max_length: 1024")  # outbound, tightened
    edit(new, NP, '''      max_length: 64
      description: "The merchant's payment request ID."''', '''      max_length: 32
      description: "The merchant's payment request ID."''')  # inbound, tightened
    edit(new, CAP, '''      max_length: 64
      description: "The merchant's capture request ID."''', '''      max_length: 128
      description: "The merchant's capture request ID."''')  # outbound, relaxed
    edit(new, NP, '''      max_length: 128
      description: "A note."''', '''      description: "A note."''')  # inbound, limit removed
    edit(new, RESULT, "max_length: 256", "max_length: 128")  # shared type, used both ways, tightened


def enums(old, new):
    """Enum values added, removed and deprecated, on both flows."""
    edit(new, CAP, '''        - value: PARTIAL
          description: "Capture part of the amount."
          sources: [D2]''', '''        - value: AUTO
          description: "Let Alipay decide."
          sources: [D2]''')
    edit(new, NP, '''        - value: OFFLINE_PAYMENT_CODE
          description: "An offline payment code."
          sources: [D1]''', '''        - value: OFFLINE_PAYMENT_CODE
          description: "An offline payment code."
          sources: [D1]
          deprecated: "Deleted from the online page (CHG, Jan 2022)."
        - value: PAYMENT_PENDING
          description: "The final result is pending."
          sources: [CHG]''')
    edit(new, RESULT, '''      - value: U
        description: "Unknown."
        sources: [D1, D2]
''', "")
    edit(new, NP, "allowed: [S, F, U]", "allowed: [S, F]")


def codes(old, new):
    """Result codes added, removed, a status letter and an action changed, shared and own."""
    edit(new, CAP, '''  - ref: UNKNOWN_EXCEPTION
    sources: [D2]
''', "")
    edit(new, CAP, '''  - code: CAPTURE_IN_PROCESS
    status: U''', '''  - code: CAPTURE_IN_PROCESS
    status: F''')
    edit(new, NP, '''  - code: USER_KYC_NOT_QUALIFIED''', '''  - ref: PROCESS_FAIL
    sources: [D1]
  - code: USER_KYC_NOT_QUALIFIED''')
    edit(new, NP, '''    action:
      kind: do_not_retry
    sources: [D1]''', '''    action:
      kind: new_request_id
    sources: [D1]''')
    edit(new, CODES, '''  - code: PROCESS_FAIL
    status: F''', '''  - code: PROCESS_FAIL
    status: U''')
    edit(new, CODES, "codes:\n", '''codes:
  - code: ACCESS_DENIED
    status: F
    message: "The access is denied."
    sources: [D1, D2]
''')


def types_and_values(old, new):
    """Type, wire, fixed value, default, conditions, and a shared type used both ways."""
    edit(new, CAP, '''    - name: isLastCapture
      type: boolean
      required: false
      default: "false"''', '''    - name: isLastCapture
      type: string
      required: false
      default: "true"''')
    edit(new, NP, "          fixed: SUCCESS", "          fixed: OK")
    edit(new, AMOUNT, "    wire: string\n", "    wire: native\n")
    edit(new, AMOUNT, "    max_length: 16\n", "")
    edit(new, AMOUNT, '''    max_length: 3
    format: currency''', '''    max_length: 3''')
    write(new, AMOUNT, open(os.path.join(new, AMOUNT), encoding="utf-8").read() + '''  - name: fee
    type: integer
    required: true
    description: "The fee in the smallest currency unit."
    sources: [CHG]
''')
    edit(new, CAP, '''      present_only_when:
        field: result.resultStatus
        in: [S]
        sources: [D2]''', '''      present_only_when:
        field: result.resultStatus
        in: [S, U]
        sources: [D2]''')


def type_shape(old, new):
    """A shared type's generated shape follows where it is used: Goods, sent only by
    the merchant (strict, with constructors), starts coming back in capture's
    response (lenient: every field an Option); Memo, only received, starts being
    sent too (it gains constructors)."""
    goods = '''name: Goods
description: "A good in the order."
sources: [D2]
fields:
  - name: goodsName
    type: string
    required: true
    max_length: 64
    description: "The name of the good."
    sources: [D2]
'''
    memo = goods.replace("Goods", "Memo").replace("A good in the order.", "A note.").replace(
        "goodsName", "text").replace("The name of the good.", "The note.")
    field = '''    - name: {name}
      type: object
      ref: {ref}
      required: false
      description: "{ref}."
      sources: [D2]
'''
    for root in (old, new):
        write(root, "types/Goods.yaml", goods)
        write(root, "types/Memo.yaml", memo)
        edit(root, CAP, "\nresponse:\n  fields:\n", "\n" + field.format(name="goods", ref="Goods")
             + "\nresponse:\n  fields:\n")
        edit(root, NP, "\nresponse:\n", "\n" + field.format(name="note", ref="Memo") + "\nresponse:\n")
    edit(new, CAP, "\nresponse:\n  fields:\n", "\nresponse:\n  fields:\n" + field.format(name="goods", ref="Goods"))
    edit(new, CAP, "\nresponse:\n  fields:\n", "\nresponse:\n  fields:\n" + field.format(name="memo", ref="Memo"))
    edit(new, CAP, "\n" + field.format(name="goods", ref="Goods") + "\nresponse:",
         "\n" + field.format(name="goods", ref="Goods") + field.format(name="memo", ref="Memo") + "\nresponse:")


def api_level(old, new):
    """An API added and one's HTTP path, retry schedule and acknowledgement changed."""
    edit(new, CAP, "path: /v2/payments/capture", "path: /v3/payments/capture")
    edit(new, NP, "intervals: [0s, 2m, 10m, 10m, 1h, 2h, 6h, 15h]", "intervals: [0s, 2m, 10m, 10m, 1h, 2h, 6h, 15h, 24h]")
    edit(new, NP, "max_sends: 8", "max_sends: 9")
    edit(new, NP, 'ack: "SUCCESS"', 'ack: "OK"')
    write(new, "apis/inquiryPayment.yaml", '''name: inquiryPayment
title: "inquiryPayment"
description: "The merchant inquires about a payment."
direction: request
http:
  method: POST
  path: /v1/payments/inquiryPayment
sources: [D2]

request:
  fields:
    - name: paymentRequestId
      type: string
      required: true
      max_length: 64
      description: "The merchant's payment request ID."
      sources: [D2]

response:
  fields:
    - name: result
      type: object
      ref: Result
      required: true
      description: "The inquiry result."
      sources: [D2]

result_codes:
  - ref: SUCCESS
    sources: [D2]
''')


def api_removed(old, new):
    """An API removed."""
    remove(new, CAP)
    edit(new, CODES, '''  - code: UNKNOWN_EXCEPTION
    status: U
    message: "An API call failed, which is caused by unknown reasons."
    action:
      kind: retry
      text: "Call the interface again to resolve the issue."
    sources: [D1, D2]
''', "")


def notification_added(old, new):
    """A notification API added: compatible (Notification and Acknowledgement are non-exhaustive), and
    REFUND_RESULT bodies now decode to Notification::NotifyRefund instead of Unknown (a behaviour change)."""
    write(new, "apis/notifyRefund.yaml", '''name: notifyRefund
title: "notifyRefund"
description: "Alipay sends the refund result to the merchant."
direction: notification
http:
  method: POST
  note: "Sent to the merchant's notification URL."
sources: [D1]

request:
  fields:
    - name: notifyType
      type: string
      required: true
      fixed: REFUND_RESULT
      description: "The notification type."
      sources: [D1]
    - name: result
      type: object
      ref: Result
      required: true
      description: "The refund result."
      sources: [D1]
    - name: refundRequestId
      type: string
      required: true
      max_length: 64
      description: "The merchant's refund request ID."
      sources: [D1]

response:
  fields:
    - name: result
      type: object
      ref: Result
      required: true
      description: "A fixed acknowledgement."
      sources: [D1]
      constraints:
        - field: resultCode
          fixed: SUCCESS
          sources: [D1]
        - field: resultStatus
          fixed: S
          sources: [D1]

result_codes:
  - ref: SUCCESS
    sources: [D1]
''')


CASES = [identical, docs_only, change_history, required_flags, fields_added_removed, lengths, enums, codes,
         types_and_values, type_shape, api_level, api_removed, notification_added]

if __name__ == "__main__":
    for case in CASES:
        root = os.path.join(HERE, case.__name__)
        shutil.rmtree(root, ignore_errors=True)
        old, new = os.path.join(root, "old"), os.path.join(root, "new")
        shutil.copytree(BASE, old)
        shutil.copytree(BASE, new)
        case(old, new)
        write(root, "README.md", f"# {case.__name__}\n\n{case.__doc__.strip()}\n\nBuilt by `tests/diff/make_cases.py` from `tests/diff/base/`.\n")
        print(case.__name__)
