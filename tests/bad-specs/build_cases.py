"""Rebuilds the cases of this corpus from tests/fixtures/minimal/.

Each case copies the minimal fixture and breaks one thing (a few break
several). Run `python3 tests/bad-specs/build_cases.py [CASE...]` after changing
the fixture, then update the snapshots (see generator/tests/lint_corpus.rs).
"""
import os, shutil, sys
BASE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "minimal")
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = HERE
API = "apis/notifyThing.yaml"
cases = []
def case(name, readme):
    def deco(fn):
        cases.append((name, readme, fn)); return fn
    return deco

class D:
    def __init__(s, d): s.d = d
    def p(s, f): return os.path.join(s.d, f)
    def read(s, f): return open(s.p(f), encoding="utf-8").read()
    def write(s, f, t):
        os.makedirs(os.path.dirname(s.p(f)) or s.d, exist_ok=True)
        open(s.p(f), "w", encoding="utf-8").write(t)
    def sub(s, f, old, new, count=1):
        t = s.read(f)
        n = t.count(old)
        assert n == count, (s.d, f, old, n)
        s.write(f, t.replace(old, new))
    def rm(s, f): os.remove(s.p(f))
    def mv(s, a, b): os.rename(s.p(a), s.p(b))

# ---- syntax / file level ----
@case("01-yaml-syntax-error", "An unclosed flow sequence (`sources: [DOC-A, DOC-B` without `]`) in apis/notifyThing.yaml; expect a YAML syntax error at the line of the unclosed `[` (or where the parser notices), not a panic or a silent skip.")
def _(d): d.sub(API, "sources: [DOC-A, DOC-B]\n", "sources: [DOC-A, DOC-B\n")

@case("02-tab-indentation", "A tab character indents `required: true` in types/Amount.yaml; YAML forbids tabs in indentation; expect an error at that line saying tabs are not allowed.")
def _(d): d.sub("types/Amount.yaml", "    type: string\n    required: true\n", "    type: string\n\trequired: true\n")

@case("03-unknown-key-typo", "Field thingId has `max_lenght: 64` (typo); expect `unknown field max_lenght` at that line with `did you mean max_length`.")
def _(d): d.sub(API, "      max_length: 64\n      description: \"The thing's id.\"", "      max_lenght: 64\n      description: \"The thing's id.\"")

@case("04-unknown-top-level-key", "The API file has an unknown top-level key `version: 2`; expect `unknown field version` at line 5 listing the allowed top-level keys.")
def _(d): d.sub(API, "direction: notification\n", "direction: notification\nversion: 2\n")

@case("05-max-length-not-a-number", "`max_length: \"sixty-four\"` on thingId; expect an invalid-type error at that value saying a non-negative integer is expected.")
def _(d): d.sub(API, "      max_length: 64\n      description: \"The thing's id.\"", "      max_length: \"sixty-four\"\n      description: \"The thing's id.\"")

@case("06-required-not-boolean", "`required: maybe` on thingId; expect an invalid-type error at that value saying a boolean (true/false) is expected.")
def _(d): d.sub(API, "      required: true\n      max_length: 64\n", "      required: maybe\n      max_length: 64\n")

@case("07-max-length-negative", "`max_length: -1` on thingId; expect an error at that value: a length cannot be negative (u32 expected).")
def _(d): d.sub(API, "      max_length: 64\n      description: \"The thing's id.\"", "      max_length: -1\n      description: \"The thing's id.\"")

@case("08-missing-description", "Field thingId has no `description:`; expect `missing field description` pointing at the field's mapping (line of `- name: thingId`), with help to add it.")
def _(d): d.sub(API, "      description: \"The thing's id.\"\n", "")

@case("09-missing-sources", "The API file has no top-level `sources:`; expect `missing field sources` with help to add it.")
def _(d): d.sub(API, "sources: [DOC-A, DOC-B]\n\nrequest:", "\nrequest:")

@case("10-unknown-type-kind", "Field thingId has `type: text`; expect `unknown variant text` at that value listing the allowed kinds (string, integer, ...).")
def _(d): d.sub(API, "    - name: thingId\n      type: string\n", "    - name: thingId\n      type: text\n")

@case("11-unknown-type-ref", "Field thingAmount has `ref: Amout`; expect `unknown type Amout` at the ref with `did you mean Amount`.")
def _(d): d.sub(API, "ref: Amount\n", "ref: Amout\n")

@case("12-unknown-shared-code", "Result code entry `- ref: PROCES_FAIL` names no shared code; expect `unknown shared result code` with `did you mean PROCESS_FAIL`.")
def _(d): d.sub(API, "  - ref: PROCESS_FAIL\n", "  - ref: PROCES_FAIL\n")

@case("13-duplicate-field", "The request defines thingId twice; expect `field thingId is defined twice` at the second one, naming the first line.")
def _(d): d.sub(API, "    - name: thingAmount\n", "    - name: thingId\n      type: string\n      description: \"Again.\"\n      sources: [DOC-A]\n    - name: thingAmount\n")

@case("14-duplicate-result-code", "THING_NOT_FOUND is listed twice in result_codes and `ref: SUCCESS` twice; expect `listed twice` for each second entry, naming the first line.")
def _(d):
    t = d.read(API)
    i = t.index("  - code: THING_NOT_FOUND")
    j = t.index("\nretry:")
    block = t[i:j].rstrip("\n") + "\n"
    t = t[:j].rstrip("\n") + "\n" + block + "  - ref: SUCCESS\n    sources: [DOC-B]\n" + t[j:]
    d.write(API, t)

@case("15-duplicate-mapping-key", "Field thingId has `required:` twice; expect `duplicate mapping key` at the second `required`.")
def _(d): d.sub(API, "      required: true\n      max_length: 64\n", "      required: true\n      required: false\n      max_length: 64\n")

@case("16-status-letter-x", "Own result code THING_NOT_FOUND has `status: X`; expect `status X ... is not S, F or U` at the value.")
def _(d): d.sub(API, "    status: F\n    message: \"The thing does not exist.\"", "    status: X\n    message: \"The thing does not exist.\"")

@case("17-conflicting-shared-code", "codes/extra.yaml defines PROCESS_FAIL again with status U and another message; expect `conflicting definitions of shared code PROCESS_FAIL` naming both places.")
def _(d): d.write("codes/extra.yaml", "codes:\n  - code: PROCESS_FAIL\n    status: U\n    message: \"Processing failed, maybe.\"\n    sources: [DOC-B]\n")

@case("18-api-redefines-shared-code", "The API writes `- code: PROCESS_FAIL` with a status instead of `- ref: PROCESS_FAIL`; expect an error saying it is a shared code (defined in codes/common.yaml) and to use `ref:`.")
def _(d): d.sub(API, "  - ref: PROCESS_FAIL\n    message: \"The thing failed.\"\n", "  - code: PROCESS_FAIL\n    status: U\n    message: \"The thing failed.\"\n")

@case("19-ref-with-status", "`- ref: SUCCESS` also sets `status: F`; expect an error at `status` saying a shared code's status cannot be changed here.")
def _(d): d.sub(API, "  - ref: SUCCESS\n", "  - ref: SUCCESS\n    status: F\n")

@case("20-field-name-hyphen", "Field named `capture-id`; expect an error that the name cannot be made a Rust identifier.")
def _(d): d.sub(API, "- name: thingId\n", "- name: capture-id\n")

@case("21-field-name-non-ascii", "Field named `naïve` (non-ASCII); expect an error that the name cannot be made a Rust identifier.")
def _(d): d.sub(API, "- name: thingId\n", "- name: naïve\n")

@case("22-field-name-empty", "Field with `name: \"\"`; expect an error at the empty name that it cannot be made a Rust identifier.")
def _(d): d.sub(API, "- name: thingId\n", "- name: \"\"\n")

@case("23-field-snake-collision", "Fields captureId and capture_id in the same message both become the Rust field capture_id; expect an error at the second naming both.")
def _(d): d.sub(API, "    - name: thingAmount\n", "    - name: captureId\n      type: string\n      description: \"One.\"\n      sources: [DOC-A]\n    - name: capture_id\n      type: string\n      description: \"Two.\"\n      sources: [DOC-A]\n    - name: thingAmount\n")

@case("24-code-camel-collision", "Own codes THING_NOT_FOUND_2 and THING_NOT_FOUND2 both become the Rust variant ThingNotFound2; expect an error naming both.")
def _(d):
    d.sub(API, "  - code: THING_NOT_FOUND\n", "  - code: THING_NOT_FOUND_2\n    status: F\n    message: \"Another.\"\n    sources: [DOC-A]\n  - code: THING_NOT_FOUND2\n    status: F\n    message: \"Yet another.\"\n    sources: [DOC-A]\n  - code: THING_NOT_FOUND\n")

@case("25-type-cycle", "Amount has a field of type Result and Result a field of type Amount; expect one `reference cycle: Amount -> Result -> Amount` error.")
def _(d):
    d.sub("types/Amount.yaml", "fields:\n", "fields:\n  - name: result\n    type: object\n    ref: Result\n    description: \"Cycle.\"\n    sources: [DOC-A]\n")
    d.sub("types/Result.yaml", "fields:\n", "fields:\n  - name: amount\n    type: object\n    ref: Amount\n    description: \"Cycle.\"\n    sources: [DOC-A]\n")

@case("26-type-self-reference", "Result has a field `cause` of type Result (itself); expect `reference cycle: Result -> Result`.")
def _(d): d.sub("types/Result.yaml", "fields:\n", "fields:\n  - name: cause\n    type: object\n    ref: Result\n    description: \"The underlying result.\"\n    sources: [DOC-A]\n")

@case("27-max-length-below-example", "thingId has max_length 4 but example \"2024XXXX\" (8 characters); expect an error at the example.")
def _(d): d.sub(API, "      max_length: 64\n      description: \"The thing's id.\"", "      max_length: 4\n      description: \"The thing's id.\"")

@case("28-example-not-integer", "thingCount (integer) has example \"three\"; expect an error at the example: not an integer.")
def _(d): d.sub(API, "example: \"3\"", "example: \"three\"")

@case("29-example-not-currency", "Amount.currency (format currency) has example \"usd\"; expect an error: not an ISO 4217 code.")
def _(d): d.sub("types/Amount.yaml", "example: \"USD\"", "example: \"usd\"")

@case("30-example-not-datetime", "thingTime (datetime) has example \"2024-01-02 03:04:05\" (no T, no offset); expect an error at the example.")
def _(d): d.sub(API, "example: \"2024-01-02T03:04:05+08:00\"", "example: \"2024-01-02 03:04:05\"")

@case("31-fixed-not-in-enum", "Enum thingKind has `fixed: MEDIUM`, not one of SMALL, LARGE; expect an error at the fixed value.")
def _(d): d.sub(API, "    - name: thingKind\n      type: enum\n", "    - name: thingKind\n      type: enum\n      fixed: MEDIUM\n")

@case("32-constraint-missing-child", "A constraint on result names `resultStaus` (typo), not a field of Result; expect `Result has no field resultStaus` with `did you mean resultStatus`.")
def _(d): d.sub(API, "        - field: resultStatus\n          allowed: [S, F]", "        - field: resultStaus\n          allowed: [S, F]")

@case("33-constraint-allowed-outside-enum", "A constraint allows [S, X] for result.resultStatus, whose enum is S, F, U; expect an error at X.")
def _(d): d.sub(API, "allowed: [S, F]", "allowed: [S, X]")

@case("34-condition-path-missing", "thingAmount's present_only_when names `result.status`, which does not exist; expect an error at the path.")
def _(d): d.sub(API, "field: result.resultStatus\n", "field: result.status\n")

@case("35-condition-value-not-allowed", "thingAmount's present_only_when lists `in: [SUCCESS]`, not a value of resultStatus (S, F, U); expect an error at SUCCESS.")
def _(d): d.sub(API, "        in: [S]\n", "        in: [SUCCESS]\n")

@case("36-required-and-present-only-when", "thingAmount is `required: true` and also `present_only_when`; expect an error saying these contradict.")
def _(d): d.sub(API, "      ref: Amount\n      present_only_when:", "      ref: Amount\n      required: true\n      present_only_when:")

@case("37-unknown-source", "thingId cites `DOC_A` (underscore), which sources.yaml does not define; expect `unknown source DOC_A` with `did you mean DOC-A`.")
def _(d): d.sub(API, "      example: \"2024XXXX\"\n      sources: [DOC-A]", "      example: \"2024XXXX\"\n      sources: [DOC_A]")

@case("38-empty-file", "types/Amount.yaml is empty (0 bytes); expect `file is empty` for it (and the API's `ref: Amount` then fails to resolve).")
def _(d): d.write("types/Amount.yaml", "")

@case("39-only-comments", "types/Amount.yaml holds only comments; expect `file is empty` for it (and the unresolved `ref: Amount`).")
def _(d): d.write("types/Amount.yaml", "# Amount: to be written\n# name: Amount\n")

@case("40-yml-extension", "types/Amount.yaml is named Amount.yml; expect an error that `.yml` files are not read (rename to .yaml), plus the unresolved `ref: Amount`.")
def _(d): d.mv("types/Amount.yaml", "types/Amount.yml")

@case("41-api-file-name-mismatch", "apis/notifyThing.yaml is saved as apis/notifyThings.yaml; expect an error that API notifyThing is in a file named notifyThings.yaml.")
def _(d): d.mv(API, "apis/notifyThings.yaml")

@case("42-missing-sources-yaml", "sources.yaml is missing; expect one error saying so, and no `unknown source` for each citation (one cause, reported once).")
def _(d): d.rm("sources.yaml")

@case("43-retry-bad", "retry has max_sends 3 but two intervals, one of which is `2 minutes`; expect an interval-count error at max_sends and `not a duration` at the bad interval.")
def _(d): d.sub(API, "intervals: [0s, 2m, 1h]", "intervals: [0s, 2 minutes]")

@case("44-discrepancy-unknown-subject", "A discrepancy's subject is `request.thingCnt`, which names nothing; expect an error at the subject listing the allowed forms.")
def _(d): d.sub(API, "subject: request.thingCount", "subject: request.thingCnt")

@case("45-enum-no-values", "Enum field thingKind has no `values:`; expect `enum field thingKind has no values`.")
def _(d):
    t = d.read(API)
    i = t.index("      values:\n        - value: SMALL")
    j = t.index("      description: \"The kind of thing.\"")
    d.write(API, t[:i] + t[j:])

@case("46-array-without-items", "A field `thingTags` of `type: array` has no `items:`; expect `array field thingTags has no items`.")
def _(d): d.sub(API, "    - name: thingTime\n", "    - name: thingTags\n      type: array\n      description: \"Tags.\"\n      sources: [DOC-A]\n    - name: thingTime\n")

@case("47-object-without-ref", "thingAmount is `type: object` without `ref:`; expect `object field thingAmount has no ref`.")
def _(d): d.sub(API, "      type: object\n      ref: Amount\n", "      type: object\n")

@case("48-ref-on-string-field", "thingId (`type: string`) has `ref: Amount`; expect `ref is only allowed with type: object` at the ref.")
def _(d): d.sub(API, "    - name: thingId\n      type: string\n", "    - name: thingId\n      type: string\n      ref: Amount\n")

# ---- extra cases ----
@case("49-unknown-direction", "`direction: inbound`; expect `unknown variant inbound` listing notification and request.")
def _(d): d.sub(API, "direction: notification\n", "direction: inbound\n")

@case("50-unknown-action-kind", "An action has `kind: retry_later`; expect `unknown variant retry_later` at that value listing the allowed kinds (ideally suggesting `retry`).")
def _(d): d.sub(API, "      kind: fix_request\n", "      kind: retry_later\n")

@case("51-two-documents", "types/Amount.yaml holds two YAML documents (`---`); a spec file holds one; expect an error at the second document.")
def _(d):
    t = d.read("types/Amount.yaml")
    d.write("types/Amount.yaml", t + "---\nname: Amount2\n")

@case("52-required-yes", "`required: yes` (YAML 1.1 boolean spelling) on thingId; under YAML 1.2 this is a string; expect an invalid-type error (or, if the loader reads it as true, no error: the snapshot shows which).")
def _(d): d.sub(API, "      required: true\n      max_length: 64\n", "      required: yes\n      max_length: 64\n")

@case("53-lowercase-status", "Own code THING_NOT_FOUND has `status: f` (lowercase); expect an error that it is not S, F or U.")
def _(d): d.sub(API, "    status: F\n    message: \"The thing does not exist.\"", "    status: f\n    message: \"The thing does not exist.\"")

@case("54-type-file-name-mismatch", "types/Amount.yaml declares `name: Money`; expect an error that type Money is in a file named Amount.yaml, and the API's `ref: Amount` is unknown.")
def _(d): d.sub("types/Amount.yaml", "name: Amount\n", "name: Money\n")

@case("55-misplaced-keys", "thingId (string) has `minimum: 1` and `wire: native`, thingCount (integer) has `format: currency`; expect one error for each key that does not apply to the field's type.")
def _(d):
    d.sub(API, "      max_length: 64\n      description: \"The thing's id.\"", "      max_length: 64\n      minimum: 1\n      wire: native\n      description: \"The thing's id.\"")
    d.sub(API, "      minimum: 1\n      description: \"How many things.\"", "      minimum: 1\n      format: currency\n      description: \"How many things.\"")

@case("56-duplicate-source-id", "sources.yaml defines DOC-B twice and a source id `doc-c` in lowercase; expect `defined twice` and `not of the form` errors.")
def _(d): d.write("sources.yaml", d.read("sources.yaml") + "  - id: DOC-B\n    title: \"Again\"\n  - id: doc-c\n    title: \"Lowercase id\"\n")

@case("57-code-entry-ref-and-code", "A result code entry has both `ref: SUCCESS` and `code: SUCCESS`; expect an error saying use one of them.")
def _(d): d.sub(API, "  - ref: SUCCESS\n", "  - ref: SUCCESS\n    code: SUCCESS\n")

@case("58-discrepancy-one-reading", "A discrepancy has only one reading; expect `needs at least two readings` at its subject.")
def _(d): d.sub(API, "      - source: DOC-B\n        reading: \"at least 0\"\n", "")

@case("59-condition-on-itself", "thingAmount's present_only_when names `thingAmount.value` (the field itself); expect an error that a condition cannot refer to its own field.")
def _(d): d.sub(API, "field: result.resultStatus\n", "field: thingAmount.value\n")

@case("60-default-on-required", "thingId is required and has `default: NONE`; expect an error that a required field has a default.")
def _(d): d.sub(API, "      example: \"2024XXXX\"\n", "      example: \"2024XXXX\"\n      default: NONE\n")

@case("61-many-problems-in-one-run", "Problems in four files at once (typo key in types/Amount.yaml, status X in codes/common.yaml, unknown source in types/Result.yaml, unknown ref and bad retry in the API); expect every one of them reported in one run, sorted by file and line.")
def _(d):
    d.sub("types/Amount.yaml", "    max_length: 3\n", "    max_lenght: 3\n")
    d.sub("codes/common.yaml", "    status: F\n", "    status: X\n")
    d.sub("types/Result.yaml", "description: \"Result message.\"\n    sources: [DOC-A]", "description: \"Result message.\"\n    sources: [DOC-Z]")
    d.sub(API, "  - ref: SUCCESS\n", "  - ref: SUCESS\n")
    d.sub(API, "max_sends: 3", "max_sends: 4")

@case("62-alias-bomb", "types/Amount.yaml is a billion-laughs alias bomb (nine levels of anchors each repeating the previous nine times); expect a budget/alias error quickly, without expanding it.")
def _(d):
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for k in range(1, 10):
        refs = ", ".join([f"*a{k-1}"] * 9)
        lines.append(f"a{k}: &a{k} [{refs}]")
    d.write("types/Amount.yaml", "\n".join(lines) + "\n")

@case("63-duplicate-enum-value", "Enum thingKind lists SMALL twice; expect `enum value SMALL is listed twice` at the second.")
def _(d): d.sub(API, "        - value: LARGE\n", "        - value: SMALL\n", 1)

@case("64-retry-on-request-api", "An API with `direction: request` has a `retry:` schedule, which only notifications have; expect an error at `retry` (or `direction`).")
def _(d): d.sub(API, "direction: notification\n", "direction: request\n")

@case("65-retry-zero-sends", "retry has `max_sends: 0` and `intervals: []`: a notification that is never sent; expect an error at max_sends.")
def _(d):
    d.sub(API, "max_sends: 3", "max_sends: 0")
    d.sub(API, "intervals: [0s, 2m, 1h]", "intervals: []")

@case("66-contradictory-constraints", "The response constrains result.resultStatus twice (`fixed: S`, then `fixed: F`); expect an error that the child field is constrained twice.")
def _(d): d.sub(API, "        - field: resultStatus\n          fixed: S\n          sources: [DOC-A]\n", "        - field: resultStatus\n          fixed: S\n          sources: [DOC-A]\n        - field: resultStatus\n          fixed: F\n          sources: [DOC-A]\n")

@case("67-condition-on-object", "thingAmount's present_only_when names `result` (an object) with `in: [S]`; an object has no scalar value to compare; expect an error at the path.")
def _(d): d.sub(API, "field: result.resultStatus\n", "field: result\n")

@case("68-type-defined-twice", "types/Money.yaml also declares `name: Amount`; expect `type Amount is also defined in types/Amount.yaml` and the file-name mismatch.")
def _(d): d.write("types/Money.yaml", d.read("types/Amount.yaml"))

# ---- translations marked wrong, whole example messages ----
EXAMPLE_REQ = """  examples:
    - title: A small thing
      sources: [DOC-A]
      json: |
        {"notifyType": "THING_RESULT", "result": {"resultCode": "SUCCESS", "resultStatus": "S"},
         "thingId": "2024XXXX", "thingKind": "SMALL"}
"""
def add_request_example(d, example=EXAMPLE_REQ):
    d.sub(API, "      example: \"3\"\n      sources: [DOC-A]\n\nresponse:", "      example: \"3\"\n      sources: [DOC-A]\n" + example + "\nresponse:")

@case("87-mistranslated-text-absent", "THING_NOT_FOUND marks `message_zh` as mistranslated but has no `message_zh`; expect an error at `text: message_zh` saying the entry has no such text.")
def _(d): d.sub(API, "    action:\n      kind: fix_request\n", "    action:\n      kind: fix_request\n    mistranslated:\n      - text: message_zh\n        says: \"The thing is lost.\"\n        sources: [DOC-B]\n")

@case("88-mistranslated-unknown-text", "A `mistranslated` mark names `text: message_jp`, which is not a translated text of a code row; expect an unknown-variant error listing message_zh and action_text_zh.")
def _(d): d.sub(API, "    action:\n      kind: fix_request\n", "    mistranslated:\n      - text: message_jp\n        says: \"The thing is lost.\"\n        sources: [DOC-B]\n    action:\n      kind: fix_request\n")

@case("89-example-not-json", "The request's example message is not JSON (a trailing comma); expect an error at the example's `json` naming the line and column inside the example.")
def _(d): add_request_example(d, EXAMPLE_REQ.replace('"thingKind": "SMALL"}', '"thingKind": "SMALL",}'))

@case("90-example-breaks-rules", "The request's example message has thingId longer than 64 characters and no thingKind (required); expect one error per broken rule, each naming the path, at the example's `json`.")
def _(d): add_request_example(d, EXAMPLE_REQ.replace('"thingId": "2024XXXX", "thingKind": "SMALL"}', '"thingId": "' + "X" * 65 + '"}'))

@case("91-example-contradicts-unknown", "The request's example names `contradicts: [request.thingId]`, but no discrepancy has that subject; expect an error at the entry listing the subjects that exist (request.thingCount).")
def _(d): add_request_example(d, EXAMPLE_REQ.replace("      sources: [DOC-A]\n      json:", "      sources: [DOC-A]\n      contradicts: [request.thingId]\n      json:"))

@case("92-example-contradicts-nothing", "The request's example names `contradicts: [request.thingCount]` (a real discrepancy) but satisfies every rule there; expect an error at the entry saying the example does not contradict it, with help to remove it.")
def _(d): add_request_example(d, EXAMPLE_REQ.replace("      sources: [DOC-A]\n      json:", "      sources: [DOC-A]\n      contradicts: [request.thingCount]\n      json:"))

# ---- issue 13: generated names, routing, values, the spec directory ----
@case("69-enum-unknown-value", "Enum thingKind lists UNKNOWN and UNKNOWN_VALUE: the first becomes the variant UnknownValue (the generator keeps Unknown for unlisted values), so both become UnknownValue; expect a collision reported at the field, naming both values.")
def _(d): d.sub(API, "        - value: LARGE\n", "        - value: UNKNOWN\n          description: \"Unknown.\"\n          sources: [DOC-A]\n        - value: UNKNOWN_VALUE\n          description: \"Unknown value.\"\n          sources: [DOC-A]\n        - value: LARGE\n")

@case("70-result-code-unknown-value", "Own result codes UNKNOWN and UNKNOWN_VALUE both become the variant UnknownValue of NotifyThingResultCode; expect the collision at both codes' lines.")
def _(d): d.sub(API, "  - code: THING_NOT_FOUND\n", "  - code: UNKNOWN\n    status: U\n    message: \"Unknown.\"\n    sources: [DOC-A]\n  - code: UNKNOWN_VALUE\n    status: U\n    message: \"Unknown value.\"\n    sources: [DOC-A]\n  - code: THING_NOT_FOUND\n")

@case("71-api-named-unknown", "A second notification API is named `unknown`: its Notification variant would be `Unknown`, the variant for notifications the spec does not list; expect an error at apis/unknown.yaml saying the name is the generator's.")
def _(d):
    t = d.read(API).replace("name: notifyThing", "name: unknown", 1).replace("fixed: THING_RESULT", "fixed: OTHER_RESULT", 1)
    d.write("apis/unknown.yaml", t)

@case("72-enum-type-name-collision", "The request has enum fields `mode` and `notifyThingRequestMode`: both value enums become NotifyThingRequestMode; expect the collision reported at both fields.")
def _(d):
    enum = "      type: enum\n      values:\n        - value: A\n          description: \"A.\"\n          sources: [DOC-A]\n      description: \"Mode.\"\n      sources: [DOC-A]\n"
    d.sub(API, "    - name: thingCount\n", "    - name: mode\n" + enum + "    - name: notifyThingRequestMode\n" + enum + "    - name: thingCount\n")

@case("73-type-named-like-generated-enum", "A shared type is named ResultStatus, the name of the value enum of Result.resultStatus in the same module; expect the collision at types/ResultStatus.yaml and at the field.")
def _(d): d.write("types/ResultStatus.yaml", "name: ResultStatus\ndescription: \"A type named like a generated enum.\"\nsources: [DOC-A]\nfields: []\n")

@case("74-api-named-main", "An API is named `main`: its module would be src/main.rs, which cargo builds as a binary; expect `is taken by a generated file` at the name.")
def _(d):
    d.mv(API, "apis/main.yaml")
    d.sub("apis/main.yaml", "name: notifyThing", "name: main")

@case("75-notify-type-twice", "A second notification API (notifyOther) has the same fixed notifyType THING_RESULT; the dispatcher could route it to only one; expect an error at both notifyType fields.")
def _(d): d.write("apis/notifyOther.yaml", d.read(API).replace("name: notifyThing", "name: notifyOther", 1))

@case("76-notify-type-overlapping-enums", "notifyThing's notifyType is an enum of THING_RESULT and SHARED_RESULT, and notifyOther's an enum of SHARED_RESULT and OTHER_RESULT; expect the overlap SHARED_RESULT reported at both fields.")
def _(d):
    def enum(vals):
        return "      type: enum\n      values:\n" + "".join(f"        - value: {v}\n          description: \"{v}.\"\n          sources: [DOC-A]\n" for v in vals)
    t = d.read(API)
    d.write("apis/notifyOther.yaml", t.replace("name: notifyThing", "name: notifyOther", 1).replace("      type: string\n      required: true\n      fixed: THING_RESULT\n", enum(["SHARED_RESULT", "OTHER_RESULT"]) + "      required: true\n", 1))
    d.sub(API, "      type: string\n      required: true\n      fixed: THING_RESULT\n", enum(["THING_RESULT", "SHARED_RESULT"]) + "      required: true\n")

@case("77-notify-type-not-fixed", "notifyThing's notifyType is a plain string without `fixed`: the dispatcher cannot route it; expect an error at the field asking for `fixed` or an enum.")
def _(d): d.sub(API, "      fixed: THING_RESULT\n", "")

@case("78-notification-without-notify-type", "A notification API has no notifyType field; expect an error at the API's name.")
def _(d):
    t = d.read(API)
    i = t.index("    - name: notifyType\n")
    j = t.index("    - name: result\n")
    d.write(API, t[:i] + t[j:])

@case("79-required-quoted-true", "`required: \"true\"` (a string) on thingId; expect an invalid-type error: a boolean is written without quotes.")
def _(d): d.sub(API, "      required: true\n      max_length: 64\n", "      required: \"true\"\n      max_length: 64\n")

@case("80-integer-example-beyond-i64", "thingCount (integer) has the 20-digit example 99999999999999999999: digits, but beyond the i64 the runtime reads; expect an out-of-range error (not `not an integer`) at the example.")
def _(d): d.sub(API, "example: \"3\"", "example: \"99999999999999999999\"")

@case("81-resend-intervals-overflow", "The resend intervals are 0s, 18446744073709551615s and 1s, whose sum overflows 64 bits (generate used to panic); expect an error at max_sends.")
def _(d): d.sub(API, "intervals: [0s, 2m, 1h]", "intervals: [0s, 18446744073709551615s, 1s]")

@case("82-sources-yaml-is-a-directory", "sources.yaml is a directory (holding a file); expect one error saying so, not one `unknown source` per citation.")
def _(d):
    d.rm("sources.yaml")
    d.write("sources.yaml/sources.yaml", "sources: []\n")

@case("83-directory-in-apis", "apis/notifyOther.yaml/ is a directory (with a spec inside); expect an error naming it, not an API silently left out.")
def _(d): d.write("apis/notifyOther.yaml/notifyOther.yaml", d.read(API))

@case("84-uppercase-yaml-extension", "apis/notifyOther.YAML has upper-case extension; expect an error saying spec files end in `.yaml` in lower case, not an API silently left out.")
def _(d): d.write("apis/notifyOther.YAML", d.read(API).replace("name: notifyThing", "name: notifyOther", 1).replace("THING_RESULT", "OTHER_RESULT"))

@case("85-stray-entries", "Entries that are not part of the format: a file apis/notes.txt, a folder spec/api/ (typo for apis/), a file Sources.yaml; expect one error for each.")
def _(d):
    d.write("apis/notes.txt", "notes\n")
    d.write("api/notifyOther.yaml", d.read(API))
    d.write("Sources.yaml", "sources: []\n")

@case("86-several-shape-errors-in-one-file", "apis/notifyThing.yaml has four shape problems: an unknown top-level key `version`, `max_lenght` (typo) on thingId, `type: dattime` on thingTime and `required: maybe` on thingCount; serde stops at the first, lint must report all four, each at its place with a help line.")
def _(d):
    d.sub(API, "direction: notification\n", "direction: notification\nversion: 2\n")
    d.sub(API, "      max_length: 64\n      description: \"The thing's id.\"", "      max_lenght: 64\n      description: \"The thing's id.\"")
    d.sub(API, "    - name: thingTime\n      type: datetime\n", "    - name: thingTime\n      type: dattime\n")
    d.sub(API, "      description: \"How many things.\"\n", "      description: \"How many things.\"\n      required: maybe\n")
@case("93-pending-not-on-notifyType", "`pending: true` on a value of thingKind, which is not the notification's notifyType; expect an error at `pending` saying only a notification's notifyType values can be pending.")
def _(d): d.sub(API, "        - value: LARGE\n          description: \"A large thing.\"\n", "        - value: LARGE\n          description: \"A large thing.\"\n          pending: true\n")

@case("94-relation-unknown-field", "A relation's `then` names `result.resultStat` (typo), which is not a field of the message; expect an error at that path.")
def _(d): d.sub(API, "\nresponse:\n", "  relations:\n    - when: {field: thingKind, in: [LARGE]}\n      then: {field: result.resultStat, in: [S]}\n      sources: [DOC-A]\n\nresponse:\n")

@case("95-relation-value-not-allowed", "A relation's `when` names thingKind with `in: [HUGE]`, which is not one of the enum's values; expect an error at `HUGE`.")
def _(d): d.sub(API, "\nresponse:\n", "  relations:\n    - when: {field: thingKind, in: [HUGE]}\n      then: {field: result.resultStatus, in: [S]}\n      sources: [DOC-A]\n\nresponse:\n")

@case("96-constraint-default-not-allowed", "The response's resultStatus constraint has `allowed: [S]` and `default: F`; expect an error that the default is not one of `allowed`.")
def _(d): d.sub(API, "        - field: resultStatus\n          fixed: S\n          sources: [DOC-A]\n", "        - field: resultStatus\n          allowed: [S]\n          default: F\n          sources: [DOC-A]\n")

@case("97-type-named-like-a-view", "types/AmountView.yaml defines `AmountView`, the name of the checked view generated for `Amount`; expect an error saying so.")
def _(d): d.write("types/AmountView.yaml", d.read("types/Amount.yaml").replace("name: Amount", "name: AmountView", 1))

@case("98-inquiry-unknown-api", "The notification's `inquiry` names `inquireThing`, which no file of apis/ defines; expect an error at `inquireThing` saying it is not an API of this spec set.")
def _(d): d.write(API, d.read(API) + "\ninquiry:\n  api: inquireThing\n  description: \"Inquire while pending.\"\n  sources: [DOC-A]\n")

@case("99-inquiry-names-a-notification", "The notification's `inquiry` names `notifyThing`, itself a notification, which the merchant cannot call; expect an error saying so.")
def _(d): d.write(API, d.read(API) + "\ninquiry:\n  api: notifyThing\n  description: \"Inquire while pending.\"\n  sources: [DOC-A]\n")

@case("100-outcome-field-unknown", "The notification's `outcome_field` names `thingStatus`, which is not a field of its request; expect an error at `thingStatus` listing the request's fields.")
def _(d): d.write(API, d.read(API) + "\noutcome_field:\n  field: thingStatus\n  succeeded: [DONE]\n  failed: [FAILED]\n  description: \"Tells the result.\"\n  sources: [DOC-A]\n")

@case("101-outcome-field-value-not-allowed", "The notification's `outcome_field` names the enum thingKind but lists `HUGE` as failed, which is not one of its values, and `LARGE` as both succeeded and failed; expect an error at each.")
def _(d): d.write(API, d.read(API) + "\noutcome_field:\n  field: thingKind\n  succeeded: [LARGE]\n  failed: [HUGE, LARGE]\n  description: \"Tells the result.\"\n  sources: [DOC-A]\n")

if __name__ == "__main__":
    only = sys.argv[1:]
    for name, readme, fn in cases:
        if only and name not in only: continue
        dst = os.path.join(OUT, name)
        if os.path.exists(dst): shutil.rmtree(dst)
        shutil.copytree(BASE, dst)
        fn(D(dst))
        open(os.path.join(dst, "README"), "w").write(readme + "\n")
    print(len(cases), "cases")
