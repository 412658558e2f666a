#!/usr/bin/env python3
"""Writes internal/api/openapi.json, the OpenAPI 3.1 document of motcua's API v1.

The document is kept as this script so its repeated parts (errors, lists, parameters) are
written once; run it after changing the API and commit both. A test checks that every route the
API registers is documented here.
"""
import json, pathlib

def ref(name): return {"$ref": f"#/components/schemas/{name}"}
def resp(desc, schema=None, ctype="application/json"):
    r = {"description": desc}
    if schema is not None: r["content"] = {ctype: {"schema": schema}}
    return r
def err(desc): return resp(desc, ref("Error"))
def lst(item): return {"type": "object", "required": ["items", "total"],
                       "properties": {"items": {"type": "array", "items": item}, "total": {"type": "integer"}}}
def qp(name, desc, schema=None, required=False):
    return {"name": name, "in": "query", "required": required, "description": desc, "schema": schema or {"type": "string"}}
def pp(name, desc): return {"name": name, "in": "path", "required": True, "description": desc, "schema": {"type": "string"}}
PAGE = [qp("page", "Page number, from 1.", {"type": "integer", "minimum": 1, "default": 1}),
        qp("per_page", "Items per page.", {"type": "integer", "minimum": 1, "maximum": 100, "default": 20})]
E400, E401, E403, E404 = err("Malformed request: bad JSON, or text with NUL or invalid UTF-8 in the path, query or body (code invalid_text, the field named in fields)."), err("No or bad credentials."), err("Not allowed."), err("Not found.")
E409, E413, E415, E422 = err("Conflict."), err("Too large."), err("Unsupported media type."), err("Breaks a rule; `fields` names each offending field.")
DRAFT_LIMITS = ("Bounds: the form JSON is at most 256 KiB (more is 413 `draft_too_large`), agency_code at most 64 characters, an attachment's component at most 128 characters, "
                "at most 100 attachments (422), and a citizen keeps at most 20 drafts: creating a 21st is 422 `too_many_drafts` (replacing one is allowed).")
BEARER = [{"bearer": []}]
nullable_int = {"type": ["integer", "null"]}
DELIVERY = {"enum": ["online", "post", "counter"], "description": "How the result is received: online (download the signed electronic result), "
            "post (public post, Bưu chính công ích, Decision 45/2016/QĐ-TTg, to delivery_address), or counter (at the one-stop counter)."}
STATUS = {"enum": ["submitted", "received", "rejected", "processing", "supplement_requested", "awaiting_payment", "withdrawn", "stopped", "refused", "done", "returned"]}
SLA = {"enum": ["ok", "due_soon", "overdue"], "description": "The deadline state when answered: overdue once "
       "step_due_at or due_at has passed, due_soon with less than one working day of office time left, else ok."}

schemas = {
  "Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "object", "required": ["code", "message"], "properties": {
      "code": {"type": "string", "description": "Stable machine code, e.g. procedure_not_found."},
      "message": {"type": "string", "description": "For people: Vietnamese, or English with Accept-Language: en."},
      "fields": {"type": "array", "items": {"type": "object", "required": ["path", "message"], "properties": {
          "path": {"type": "string", "examples": ["publish[0].components[1].id"]}, "message": {"type": "string"}}}}}}}},
  "Fee": {"type": "object", "required": ["name", "amount_vnd"], "properties": {
      "name": {"type": "string"}, "amount_vnd": {**nullable_int, "description": "Đồng; null when the source states no figure."},
      "note": {"type": "string", "description": "The source's wording, for the catalog's editors."}, "legal_basis": {"type": "string"},
      "statement": {"type": "string", "description": "The fee in plain words for citizens."},
      "per": {"enum": ["", "dossier", "copy", "page", "component"], "description": "The unit the amount is for: once a dossier (empty or dossier), each copy of the result asked for, each page of the original for each copy, or each per_component given."},
      "per_component": {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$", "description": "With per component: the id of one of the procedure's components."},
      "from_unit": {"type": "integer", "minimum": 0, "maximum": 10000, "description": "Charged from this unit on (3: from the third copy); 0 is the first."},
      "then": ref("Rate"), "cap_vnd": {"type": "integer", "minimum": 0, "maximum": 1000000000000, "description": "The most charged per copy (per page) or per dossier."},
      "filed": {"enum": ["", "online", "paper"], "description": "Due only for dossiers filed this way."},
      "case": {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$", "description": "Due only in this case, which the applicant declares and an officer confirms (e.g. qua-han, late registration)."},
      "info_only": {"type": "boolean", "description": "Shown, never charged: another fee's schedule yields it, or it is not this city's."},
      "reductions": {"type": "array", "items": ref("Reduction")}}},
  "Rate": {"type": "object", "required": ["from_unit", "amount_vnd"], "description": "Another amount per unit from a later unit on.", "properties": {
      "from_unit": {"type": "integer", "minimum": 2, "maximum": 10000}, "amount_vnd": {"type": "integer", "minimum": 0, "maximum": 1000000000000}}},
  "Reduction": {"type": "object", "required": ["name", "legal_basis"], "description": "A reduction or exemption (100%) of a fee, by percent or by amount, with its legal basis; of several that apply the largest is taken.", "properties": {
      "name": {"type": "string"}, "percent": {"type": "integer", "minimum": 1, "maximum": 100},
      "amount_vnd": {"type": "integer", "minimum": 1, "maximum": 1000000000000}, "online": {"type": "boolean", "description": "Only for dossiers filed online."},
      "categories": {"type": "array", "items": {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"}, "description": "Only for applicants of one of these categories, which an officer confirms."},
      "from": {"type": "string", "format": "date"}, "until": {"type": "string", "format": "date", "description": "Last day in force."},
      "legal_basis": {"type": "string"}, "statement": {"type": "string"}}},
  "Component": {"type": "object", "required": ["id", "name", "required"], "properties": {
      "id": {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"}, "name": {"type": "string"},
      "originals": {"type": "integer", "minimum": 0}, "copies": {"type": "integer", "minimum": 0}, "required": {"type": "boolean"},
      "condition": {"type": "string"}, "formats": {"type": "array", "items": {"enum": ["pdf", "jpg", "jpeg", "png", "docx", "doc", "xlsx", "xml"]}},
      "template_name": {"type": "string"}, "template_url": {"type": "string"},
      "group": {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$", "description": "Alternatives: the components of one group are \"one of\"; any one member satisfies the group, which is required when any member is."}}},
  "LegalDocument": {"type": "object", "required": ["number", "kind", "title"], "properties": {
      "number": {"type": "string", "examples": ["123/2015/NĐ-CP"]}, "kind": {"type": "string", "examples": ["Nghị định"]},
      "title": {"type": "string"}, "issued_on": {"type": "string", "format": "date"},
      "source": {"type": "string", "description": "Where the title and date were read, for editors."}}},
  "Citation": {"type": "object", "required": ["figure", "text", "source"], "description": "For the catalog's editors: the source of one figure.", "properties": {
      "figure": {"type": "string", "examples": ["processing_time", "fees[1]"]}, "text": {"type": "string"}, "source": {"type": "string"}}},
  "Procedure": {"type": "object", "description": "An administrative procedure (thủ tục hành chính).",
    "required": ["code", "name", "field", "level", "online_level", "processing_days", "fee_vnd", "status", "components", "form_schema"],
    "properties": {
      "code": {"type": "string", "pattern": "^[0-9]\\.[0-9]{6}$", "examples": ["1.000894"]},
      "local_code": {"type": "string", "examples": ["1.000894.000.00.00.H26"]},
      "name": {"type": "string"}, "field": {"type": "string", "description": "Lĩnh vực."},
      "level": {"enum": ["province", "commune"]},
      "implementing_agency": {"type": "string"}, "deciding_agency": {"type": "string"},
      "agency_codes": {"type": "array", "items": {"type": "string"}, "description": "Receiving agencies; empty means every agency of the level."},
      "processing_days": {**nullable_int, "description": "Working days; null when stated otherwise or not at all."},
      "processing_hours": {"type": "integer", "description": "Working hours, for same-day procedures."},
      "processing_calendar_days": {"type": "integer"}, "processing_time_text": {"type": "string", "description": "The source's wording, for editors."},
      "time_statement": {"type": "string", "description": "The processing time in plain words for citizens."},
      "fee_statement": {"type": "string", "description": "What a citizen pays, in plain words."},
      "fee_vnd": {**nullable_int, "description": "Headline fee in đồng; null when unstated."},
      "fees": {"type": "array", "items": ref("Fee")}, "components": {"type": "array", "items": ref("Component")},
      "steps": {"type": "array", "items": {"type": "string"}}, "conditions": {"type": "string"}, "result": {"type": "string"},
      "legal_bases": {"type": "array", "items": {"type": "string"}},
      "legal_documents": {"type": "array", "items": ref("LegalDocument"), "description": "The legal bases with kind, title and date."},
      "channels": {"type": "array", "items": {"enum": ["online", "counter", "post"]}},
      "online_level": {"enum": ["full", "partial", "none"], "description": "Decree 42/2022 Art. 11."},
      "legacy_level": {"type": "integer", "minimum": 1, "maximum": 4, "description": "Decree 43/2011 level."},
      "form_schema": {"type": "object", "description": "Application form, JSON Schema draft 2020-12. Its texts are Vietnamese; the annotation keyword x-en on a node holds their English ({\"title\", \"description\", \"enum\": English titles of the enum values, in order}); validators ignore it."},
      "source": {"type": "string"}, "notes": {"type": "string", "description": "Caveats, for editors."},
      "citations": {"type": "array", "items": ref("Citation")},
      "status": {"enum": ["active", "abolished"], "readOnly": True}, "version": {"type": "integer", "readOnly": True},
      "decision": {"type": "string", "readOnly": True, "description": "Number of the decision that made this version."},
      "updated_at": {"type": "string", "format": "date-time", "readOnly": True}}},
  "ProcedureSummary": {"type": "object", "description": "A procedure in a search's results: what a list shows. The whole procedure is `/procedures/{code}`, or the search with `view=full`.",
    "required": ["code", "name", "field", "level", "online_level", "processing_days", "fee_vnd", "status"],
    "properties": {
      "code": {"type": "string", "pattern": "^[0-9]\\.[0-9]{6}$", "examples": ["1.000894"]},
      "name": {"type": "string"}, "field": {"type": "string", "description": "Lĩnh vực."},
      "level": {"enum": ["province", "commune"]},
      "online_level": {"enum": ["full", "partial", "none"], "description": "Decree 42/2022 Art. 11."},
      "processing_days": {**nullable_int, "description": "Working days; null when stated otherwise or not at all."},
      "processing_hours": {"type": "integer", "description": "Working hours, for same-day procedures."},
      "processing_calendar_days": {"type": "integer"},
      "fee_vnd": {**nullable_int, "description": "Headline fee in đồng; null when unstated."},
      "status": {"enum": ["active", "abolished"]}}},
  "Version": {"type": "object", "properties": {"version": {"type": "integer"}, "change": {"enum": ["publish", "amend", "abolish"]},
      "status": {"enum": ["active", "abolished"]}, "decision": {"type": "string"}, "signed_on": {"type": "string", "format": "date"},
      "created_at": {"type": "string", "format": "date-time"}, "procedure": ref("Procedure")}},
  "Decision": {"type": "object", "description": "A publication decision (quyết định công bố), applied whole or not at all.",
    "required": ["number", "signed_on"], "properties": {
      "number": {"type": "string", "examples": ["1234/QĐ-UBND"]}, "signed_on": {"type": "string", "format": "date"},
      "signer": {"type": "string"}, "effective_on": {"type": "string", "format": "date"}, "title": {"type": "string"},
      "publish": {"type": "array", "items": ref("Procedure"), "writeOnly": True},
      "amend": {"type": "array", "items": ref("Procedure"), "writeOnly": True},
      "abolish": {"type": "array", "items": {"type": "string"}, "writeOnly": True},
      "published": {"type": "array", "items": {"type": "string"}, "readOnly": True},
      "amended": {"type": "array", "items": {"type": "string"}, "readOnly": True},
      "abolished": {"type": "array", "items": {"type": "string"}, "readOnly": True},
      "created_by": {"type": "string", "readOnly": True}, "created_at": {"type": "string", "format": "date-time", "readOnly": True}}},
  "Synonym": {"type": "object", "required": ["phrase", "means"], "description": "A phrase people type and the catalog's words it means.",
    "properties": {"phrase": {"type": "string", "examples": ["CMND"]},
      "means": {"type": "string", "examples": ["căn cước"], "description": "Empty for a phrase that asks nothing of a procedure (\"thủ tục\", \"làm\"): counted when found, never required."}}},
  "Synonyms": {"type": "object", "required": ["version", "items", "total"], "properties": {
      "version": {"type": "integer", "description": "0 before the first list."}, "items": {"type": "array", "items": ref("Synonym")},
      "total": {"type": "integer"}, "updated_by": {"type": "string"}, "updated_at": {"type": "string", "format": "date-time"}}},
  "ImportReport": {"type": "object", "properties": {"decision": ref("Decision"),
      "published": {"type": "array", "items": {"type": "string"}}, "amended": {"type": "array", "items": {"type": "string"}},
      "unchanged": {"type": "array", "items": {"type": "string"}}}},
  "User": {"type": "object", "properties": {"username": {"type": "string"}, "full_name": {"type": "string"},
      "role": {"enum": ["citizen", "reception", "specialist", "leader", "accountant", "editor", "office", "catalog_admin", "sysadmin"]},
      "agency_code": {"type": "string"}, "active": {"type": "boolean"}, "created_at": {"type": "string", "format": "date-time"}}},
  "Agency": {"type": "object", "properties": {"code": {"type": "string"}, "national_id": {"type": "string"},
      "parent_code": {"type": "string"}, "kind": {"enum": ["city", "department", "ward", "commune", "special_zone", "centre"]},
      "level": {"enum": ["province", "commune"]}, "name": {"type": "string"}, "name_en": {"type": "string"}}},
  "FieldCount": {"type": "object", "properties": {"name": {"type": "string"}, "count": {"type": "integer"}}},
}

paths = {
  "/auth/token": {
    "post": {"operationId": "createToken", "summary": "Exchange a username and password for a bearer token.", "tags": ["auth"],
      "requestBody": {"required": True, "content": {"application/json": {"schema": {"type": "object", "required": ["username", "password"],
          "properties": {"username": {"type": "string", "maxLength": 254}, "password": {"type": "string", "maxLength": 1024}}}}}},
      "responses": {"200": resp("A token, valid for 24 hours.", {"type": "object", "required": ["token"], "properties": {
          "token": {"type": "string"}, "token_type": {"const": "Bearer"}, "expires_at": {"type": "string", "format": "date-time"}, "user": ref("User")}}),
        "400": E400, "401": E401, "413": err("The request body is over 16 KiB."), "422": E422,
        "429": err("Too many failed sign-ins for this login or from this address; wait the seconds in Retry-After.")}},
    "delete": {"operationId": "revokeToken", "summary": "Revoke the bearer token of this request.", "tags": ["auth"], "security": BEARER,
      "responses": {"204": resp("Revoked."), "401": E401}}},
  "/me": {"get": {"operationId": "me", "summary": "The signed-in user.", "tags": ["auth"], "security": BEARER,
      "responses": {"200": resp("The user.", ref("User")), "401": E401}}},
  "/agencies": {"get": {"operationId": "listAgencies", "summary": "Agencies: the city, its departments, wards and communes.", "tags": ["organisation"],
      "responses": {"200": resp("Every agency.", lst(ref("Agency")))}}},
  "/procedures": {"get": {"operationId": "searchProcedures", "summary": "Search the catalog of administrative procedures.", "tags": ["catalog"],
      "description": "`q` matches whatever the diacritics, case or Unicode normalisation of either side; đ matches d, and i and y after one consonant (kí, ký) match alike. A word the catalog does not hold is read as the nearest that it does (Telex keys left in, one slip of a phone keyboard), and phrases of the search synonym list (`/catalog/synonyms`) as typed or as what they mean. Matches in the name rank before matches in the body, words side by side as in the query before scattered ones; results stop below half the best score, and when some procedures name the query, those that only mention it in their body are left out. With no `q`, every procedure the filters keep, in Vietnamese alphabetical order.",
      "parameters": [qp("q", "Free text, at most 500 bytes of UTF-8."), qp("field", "Field (lĩnh vực), compared without diacritics."),
        qp("level", "Implementing level.", {"enum": ["province", "commune"]}), qp("online_level", "Online level.", {"enum": ["full", "partial", "none"]}),
        qp("agency", "Agency code: only procedures that agency receives."),
        qp("status", "Which procedures.", {"enum": ["active", "abolished", "all"], "default": "active"}),
        qp("view", "`summary`: each item a ProcedureSummary (code, name, field, level, online level, time, fee, status); `full`: each item the whole Procedure, as `/procedures/{code}` answers it.", {"enum": ["summary", "full"], "default": "summary"})] + PAGE,
      "responses": {"200": resp("One page of matches: summaries, or whole procedures with `view=full`. The summaries' answer to the first pages of a query is kept per catalog state, with an `ETag` and `Cache-Control: public, no-cache` (304 to `If-None-Match` until a decision changes the catalog).",
          lst({"oneOf": [ref("ProcedureSummary"), ref("Procedure")]})), "304": resp("Unchanged since the ETag sent."), "400": E400}}},
  "/procedures/{code}": {"get": {"operationId": "getProcedure", "summary": "One procedure, in force or abolished.", "tags": ["catalog"],
      "description": "Answered from memory, encoded once per catalog state, with an `ETag` and `Cache-Control: public, no-cache`: sent back in `If-None-Match`, the same answer is 304 without a body until a decision changes the catalog.",
      "parameters": [pp("code", "National code, e.g. 1.000894."), {"name": "If-None-Match", "in": "header", "required": False, "description": "The ETag of an answer the client holds.", "schema": {"type": "string"}}],
      "responses": {"200": resp("The current version.", ref("Procedure")), "304": resp("Unchanged since the ETag sent."), "404": E404}}},
  "/procedures/{code}/versions": {"get": {"operationId": "procedureVersions", "summary": "A procedure's history, oldest first.", "tags": ["catalog"],
      "parameters": [pp("code", "National code.")], "responses": {"200": resp("Every version with its decision.", lst(ref("Version"))), "404": E404}}},
  "/procedures/{code}/declaration.pdf": {"get": {"operationId": "procedureDeclaration", "summary": "The procedure's declaration (tờ khai), blank, to print and fill in by hand.", "tags": ["catalog"],
      "description": "Laid out from the procedure's form schema: the form's title, each field with its label and instructions and room to write sized by its type, the pledge and the signature block. "
                     "In English with `Accept-Language: en` or `?lang=en` when the form carries English titles, else Vietnamese. Public: `Cache-Control: public, max-age=3600`, an `ETag` and `Last-Modified` for revalidation.",
      "parameters": [pp("code", "National code, e.g. 1.001193.")],
      "responses": {"200": {"description": "The PDF, `Content-Disposition: inline; filename=to-khai-CODE.pdf`.", "content": {"application/pdf": {}}},
                    "304": {"description": "Not modified (If-None-Match or If-Modified-Since)."}, "404": E404}}},
  "/fields": {"get": {"operationId": "listFields", "summary": "Fields (lĩnh vực) of procedures in force, with counts.", "tags": ["catalog"],
      "responses": {"200": resp("Fields in Vietnamese order.", lst(ref("FieldCount")))}}},
  "/decisions": {
    "get": {"operationId": "listDecisions", "summary": "Publication decisions, newest first.", "tags": ["catalog"], "parameters": PAGE,
      "responses": {"200": resp("One page of decisions.", lst(ref("Decision"))), "400": E400}},
    "post": {"operationId": "applyDecision", "summary": "Apply a publication decision whole or not at all.", "tags": ["catalog"], "security": BEARER,
      "description": "Catalog administrators only. Every item is validated; when any fails nothing changes and every problem is listed with its path.",
      "requestBody": {"required": True, "content": {"application/json": {"schema": ref("Decision")}}},
      "responses": {"201": resp("The stored decision.", ref("Decision")), "400": E400, "401": E401, "403": E403, "409": E409,
        "413": E413, "415": E415, "422": E422}}},
  "/decisions/{number}": {"get": {"operationId": "getDecision", "summary": "One decision by its number (which may contain /).", "tags": ["catalog"],
      "parameters": [pp("number", "Decision number, e.g. 1234/QĐ-UBND.")], "responses": {"200": resp("The decision.", ref("Decision")), "404": E404}}},
  "/catalog/export": {"get": {"operationId": "exportCatalog", "summary": "The whole catalog as JSON or as the XLSX exchange workbook.", "tags": ["catalog"],
      "parameters": [qp("format", "File format.", {"enum": ["json", "xlsx"], "default": "json"})],
      "responses": {"200": {"description": "The file.", "content": {"application/json": {"schema": {"type": "array", "items": ref("Procedure")}},
          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {"schema": {"type": "string", "contentMediaType": "application/octet-stream"}}}}, "400": E400}}},
  "/catalog/import": {"post": {"operationId": "importCatalog", "summary": "Import a JSON or XLSX catalog as one decision.", "tags": ["catalog"], "security": BEARER,
      "description": "New codes are published, changed ones amended, identical ones left alone. A bad file changes nothing; the error lists every problem by row. A file without procedures (`null`, `{}`, `[]`, a sheet without rows) is 422.",
      "parameters": [qp("number", "Decision number (default IMPORT-<time>)."), qp("signed_on", "Date signed, YYYY-MM-DD."),
        qp("signer", "Signer."), qp("title", "Title.")],
      "requestBody": {"required": True, "content": {"application/json": {"schema": {"type": "array", "items": ref("Procedure")}},
          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {"schema": {"type": "string", "contentMediaType": "application/octet-stream"}},
          "multipart/form-data": {"schema": {"type": "object", "properties": {"file": {"type": "string", "contentMediaType": "application/octet-stream"}}}}}},
      "responses": {"200": resp("What the import did.", ref("ImportReport")), "401": E401, "403": E403, "409": E409, "413": E413, "415": E415, "422": E422}}},
  "/catalog/synonyms": {
    "get": {"operationId": "searchSynonyms", "summary": "The search synonym list in force.", "tags": ["catalog"], "security": BEARER,
      "description": "Catalog administrators only.",
      "responses": {"200": resp("The list, its version and who made it.", ref("Synonyms")), "401": E401, "403": E403}},
    "put": {"operationId": "replaceSearchSynonyms", "summary": "Replace the search synonym list.", "tags": ["catalog"], "security": BEARER,
      "description": "Catalog administrators only; audited (`catalog.synonyms`, with the pairs added and removed). The whole list is replaced and becomes a new version; search on every replica follows within a second. `items` is required: `[]` empties the list. At most 2,000 items; a phrase or meaning has at most 8 words and 200 bytes, a phrase at most 4 meanings; a phrase may not mean itself, and a pair may not repeat. A bad list changes nothing and every problem is listed with its path (`items[3].means`).",
      "requestBody": {"required": True, "content": {"application/json": {"schema": {"type": "object", "required": ["items"],
          "properties": {"items": {"type": "array", "maxItems": 2000, "items": ref("Synonym")}}}}}},
      "responses": {"200": resp("The new list.", ref("Synonyms")), "400": E400, "401": E401, "403": E403, "413": E413, "415": E415, "422": E422}}},
  "/calendar/holidays": {"get": {"operationId": "holidays", "summary": "Days off and working weekend days of a year.", "tags": ["calendar"],
      "description": "Labour Code 2019 Arts. 111–112 holidays (default arrangement), official schedules and administrators' overrides.",
      "parameters": [qp("year", "Year, 1900–2199.", {"type": "integer", "minimum": 1900, "maximum": 2199}, True)],
      "responses": {"200": resp("The year's days.", {"type": "object", "required": ["holidays", "working_days_off_weekend"], "properties": {
          "year": {"type": "integer"}, "holidays": {"type": "array", "items": ref("NamedDay")},
          "working_days_off_weekend": {"type": "array", "items": ref("NamedDay"), "description": "Saturdays or Sundays made working days."}}}),
        "400": E400}}},
  "/calendar/lunar": {"get": {"operationId": "lunar", "summary": "The Vietnamese lunar date (UTC+7) of a solar date.", "tags": ["calendar"],
      "parameters": [qp("date", "Solar date YYYY-MM-DD, 1900–2199.", {"type": "string", "format": "date"}, True)],
      "responses": {"200": resp("The lunar date.", {"type": "object", "required": ["year", "month", "day", "leap"], "properties": {
          "year": {"type": "integer"}, "month": {"type": "integer"}, "day": {"type": "integer"}, "leap": {"type": "boolean"}}}), "400": E400}}},
  "/calendar/due": {"get": {"operationId": "due", "summary": "The appointment for a dossier received at `from` with N working days.", "tags": ["calendar"],
      "description": "A receipt out of office hours counts from the next office session (Decree 61/2018 Art. 18 by analogy). Civil Code Arts. 147–148: the day of receipt is not counted; the appointment is the end of office hours of the Nth working day. 0 days: the same day, or the next working day after the 15:00 cut-off.",
      "parameters": [qp("from", "Time of receipt, RFC 3339.", {"type": "string", "format": "date-time"}, True),
        qp("working_days", "Processing time in working days.", {"type": "integer", "minimum": 0, "maximum": 3650}, True)],
      "responses": {"200": resp("The appointment.", {"type": "object", "required": ["due"], "properties": {
          "due": {"type": "string", "format": "date-time"}, "from": {"type": "string", "format": "date-time"}, "working_days": {"type": "integer"}}}),
        "400": E400}}},
  "/calendar/overrides": {
    "get": {"operationId": "listOverrides", "summary": "Administrators' changes to the calendar.", "tags": ["calendar"],
      "responses": {"200": resp("Every override by date.", lst(ref("Override")))}},
    "post": {"operationId": "setOverride", "summary": "Record an official schedule change for one day.", "tags": ["calendar"], "security": BEARER,
      "description": "System administrators only. Replaces an earlier override of the same day; due dates honour it from then on.",
      "requestBody": {"required": True, "content": {"application/json": {"schema": {"type": "object", "required": ["date", "kind", "name"], "properties": {
          "date": {"type": "string", "format": "date"}, "kind": {"enum": ["day_off", "working_day"]}, "name": {"type": "string", "maxLength": 300}}}}}},
      "responses": {"201": resp("The stored override.", ref("Override")), "400": E400, "401": E401, "403": E403, "422": E422}}},
  "/files": {"post": {"operationId": "uploadFile", "summary": "Upload a document (PDF, JPEG, PNG or DOCX).", "tags": ["dossiers"], "security": BEARER,
      "description": "The type is sniffed from the content, never taken from the name; the SHA-256 is kept. The per-file limit is configurable (default 20 MB).",
      "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {"type": "object", "required": ["file"],
          "properties": {"file": {"type": "string", "contentMediaType": "application/octet-stream"}}}}}},
      "responses": {"201": resp("The stored file.", ref("File")), "400": E400, "401": E401, "413": E413, "415": E415, "422": E422}}},
  "/files/{id}": {"get": {"operationId": "downloadFile", "summary": "A file's content: the caller's own, or attached to a dossier the caller may see.", "tags": ["dossiers"],
      "security": BEARER, "parameters": [pp("id", "File id.")],
      "responses": {"200": {"description": "The content.", "content": {"application/octet-stream": {}}}, "401": E401, "404": E404}}},
  "/dossiers": {
    "post": {"operationId": "submitDossier", "summary": "Submit an application online (citizens).", "tags": ["dossiers"], "security": BEARER,
      "parameters": [{"name": "Idempotency-Key", "in": "header", "required": False, "description": "A retried submission with the same key returns the first answer and creates nothing.", "schema": {"type": "string", "maxLength": 200}}],
      "requestBody": {"required": True, "content": {"application/json": {"schema": ref("SubmitInput")}}},
      "responses": {"201": resp("The new dossier, status submitted (national code 1).", ref("Submitted")), "400": E400, "401": E401, "403": E403,
        "404": err("An attachment names a file the caller may not use."), "413": E413, "415": E415, "422": E422}},
    "get": {"operationId": "listDossiers", "summary": "The caller's own dossiers (?mine=1).", "tags": ["dossiers"], "security": BEARER,
      "parameters": [qp("mine", "1: the caller's own dossiers.", {"enum": ["1"]})] + PAGE,
      "responses": {"200": resp("One page, newest first.", lst(ref("Dossier"))), "400": E400, "401": E401}}},
  "/dossiers/{code}": {"get": {"operationId": "getDossier", "summary": "A dossier, for its applicant or an officer of the handling agency.", "tags": ["dossiers"],
      "security": BEARER, "parameters": [pp("code", "Dossier code, e.g. 070.00.30.H26-261126-0001.")],
      "responses": {"200": resp("The dossier with its attachments, history and the actions the caller may take.", ref("Dossier")), "401": E401, "404": E404}}},
  "/counter/dossiers": {"post": {"operationId": "registerDossier", "summary": "Register a walk-in or postal dossier (reception officers).", "tags": ["dossiers"],
      "security": BEARER, "description": "The officer enters the paper dossier on the applicant's behalf, attaching the scans (Decree 107/2021); it joins the same queue as online dossiers.",
      "requestBody": {"required": True, "content": {"application/json": {"schema": ref("RegisterInput")}}},
      "responses": {"201": resp("The new dossier.", ref("Submitted")), "400": E400, "401": E401, "403": E403, "404": E404, "422": E422}}},
  "/track/{code}": {"get": {"operationId": "track", "summary": "Public tracking: status and dates by dossier code.", "tags": ["dossiers"],
      "description": "Details and history are added when `proof` is the applicant's phone number or ID number (CCCD): those recorded for the applicant, or those given for the applicant in the application form (so_dinh_danh or dien_thoai at the top level or in nguoi_yeu_cau/nguoi_de_nghi). A wrong proof is answered like none. Rate-limited per client address.",
      "parameters": [pp("code", "Dossier code."), qp("proof", "The applicant's phone number or CCCD.")],
      "responses": {"200": resp("The status.", ref("Tracking")), "400": E400, "404": E404, "429": err("Too many look-ups.")}}},
  "/drafts": {
    "get": {"operationId": "listDrafts", "summary": "The caller's saved drafts.", "tags": ["dossiers"], "security": BEARER,
      "responses": {"200": resp("Drafts, most recent first.", lst(ref("Draft"))), "401": E401}},
    "post": {"operationId": "createDraft", "summary": "Save a new draft; it may be incomplete.", "tags": ["dossiers"], "security": BEARER,
      "description": DRAFT_LIMITS,
      "requestBody": {"required": True, "content": {"application/json": {"schema": ref("SubmitInput")}}},
      "responses": {"201": resp("The draft.", ref("Draft")), "400": E400, "401": E401, "413": E413, "422": E422}}},
  "/drafts/{id}": {
    "get": {"operationId": "getDraft", "summary": "One draft.", "tags": ["dossiers"], "security": BEARER, "parameters": [pp("id", "Draft id.")],
      "responses": {"200": resp("The draft.", ref("Draft")), "401": E401, "404": E404}},
    "put": {"operationId": "saveDraft", "summary": "Replace a draft.", "tags": ["dossiers"], "security": BEARER, "parameters": [pp("id", "Draft id.")],
      "description": DRAFT_LIMITS,
      "requestBody": {"required": True, "content": {"application/json": {"schema": ref("SubmitInput")}}},
      "responses": {"200": resp("The draft.", ref("Draft")), "400": E400, "401": E401, "404": E404, "413": E413, "422": E422}},
    "delete": {"operationId": "deleteDraft", "summary": "Delete a draft.", "tags": ["dossiers"], "security": BEARER, "parameters": [pp("id", "Draft id.")],
      "responses": {"204": resp("Deleted."), "401": E401, "404": E404}}},
  "/me/documents": {"get": {"operationId": "myDocuments", "summary": "The caller's document store: uploads and documents of earlier dossiers, reusable without uploading (Decree 45/2020).",
      "tags": ["dossiers"], "security": BEARER, "responses": {"200": resp("Documents, newest first.", lst(ref("Document"))), "401": E401}}},
  "/inbox": {"get": {"operationId": "inbox", "summary": "Dossiers of the officer's agency awaiting the officer's role, soonest step deadline first.",
      "tags": ["back office"], "security": BEARER,
      "parameters": [qp("status", "One status.", STATUS), qp("procedure", "One procedure code."),
        qp("due", "Deadline state.", {"enum": ["due_soon", "overdue"]})] + PAGE,
      "responses": {"200": resp("One page and the counts of each filter.", {"type": "object", "required": ["items", "total"], "properties": {
          "items": {"type": "array", "items": ref("InboxItem")}, "total": {"type": "integer"},
          "counts": {"type": "object", "properties": {"all": {"type": "integer"}, "due_soon": {"type": "integer"}, "overdue": {"type": "integer"}}}}}),
        "400": E400, "401": E401, "403": E403}}},
  "/dossiers/{code}/actions": {"post": {"operationId": "act", "summary": "Take one workflow step on a dossier.", "tags": ["back office"], "security": BEARER,
      "description": "Actions: receive, reject_reception, request_supplement, supplement, assign, forward, approve, refuse, return_result, withdraw, extend (Decree 61/2018 Arts. 15–20). `note` is the reason where one is needed (refusals, supplement requests, the apology of an extension); `assign` may name `assignee`; `supplement`, `forward` and `return_result` may carry `attachments`; `extend` names `new_due`. 404 when the caller may not see the dossier, 403 when the caller's role never takes the action, 409 when the dossier's state does not allow it now.",
      "parameters": [pp("code", "Dossier code.")],
      "requestBody": {"required": True, "content": {"application/json": {"schema": ref("ActionInput")}}},
      "responses": {"200": resp("The dossier after the step.", ref("Dossier")), "400": E400, "401": E401, "403": E403, "404": E404, "409": E409, "422": E422}}},
  "/dossiers/{code}/receipt.pdf": {"get": {"operationId": "receiptPDF", "summary": "The receipt and appointment slip (Mẫu 01, Circular 01/2018) of a received dossier.",
      "tags": ["back office"], "security": BEARER, "parameters": [pp("code", "Dossier code.")],
      "responses": {"200": {"description": "The PDF.", "content": {"application/pdf": {}}}, "401": E401, "404": E404, "409": err("Not received yet.")}}},
  "/dossiers/{code}/evaluation": {
    "post": {"operationId": "evaluate", "summary": "The applicant's evaluation once the result is returned (Circular 01/2018 Art. 13).", "tags": ["back office"],
      "security": BEARER, "description": "The applicant scores the criteria marked citizen in /evaluation/indicators (0, 1 or 2); the system scores the others from the record.",
      "parameters": [pp("code", "Dossier code.")],
      "requestBody": {"required": True, "content": {"application/json": {"schema": {"type": "object", "required": ["scores"], "properties": {
          "scores": {"type": "object", "additionalProperties": {"type": "integer", "minimum": 0, "maximum": 2}}, "comment": {"type": "string", "maxLength": 2000}}}}}},
      "responses": {"201": resp("The evaluation with every criterion.", ref("Evaluation")), "400": E400, "401": E401, "403": E403, "404": E404, "409": E409, "422": E422}},
    "get": {"operationId": "getEvaluation", "summary": "A dossier's evaluation.", "tags": ["back office"], "security": BEARER,
      "parameters": [pp("code", "Dossier code.")], "responses": {"200": resp("The evaluation.", ref("Evaluation")), "401": E401, "404": E404}}},
  "/evaluation/indicators": {"get": {"operationId": "indicators", "summary": "The nine criteria of Circular 01/2018 Art. 13.", "tags": ["back office"],
      "responses": {"200": resp("The criteria.", lst({"type": "object", "properties": {"key": {"type": "string"}, "name": {"type": "string"},
          "name_en": {"type": "string"}, "citizen": {"type": "boolean"}}}))}}},
  "/dossiers/{code}/consultations": {
    "post": {"operationId": "consult", "summary": "Ask another agency's opinion (lấy ý kiến) with its own deadline.", "tags": ["back office"], "security": BEARER,
      "parameters": [pp("code", "Dossier code.")],
      "requestBody": {"required": True, "content": {"application/json": {"schema": {"type": "object", "required": ["agency_code", "question", "working_days"],
          "properties": {"agency_code": {"type": "string"}, "question": {"type": "string"}, "working_days": {"type": "integer", "minimum": 1, "maximum": 30}}}}}},
      "responses": {"201": resp("The consultation.", ref("Consultation")), "400": E400, "401": E401, "403": E403, "404": E404, "409": E409, "422": E422}},
    "get": {"operationId": "dossierConsultations", "summary": "A dossier's consultations.", "tags": ["back office"], "security": BEARER,
      "parameters": [pp("code", "Dossier code.")], "responses": {"200": resp("Consultations.", lst(ref("Consultation"))), "401": E401, "404": E404}}},
  "/consultations": {"get": {"operationId": "agencyConsultations", "summary": "Open consultations addressed to the officer's agency, soonest due first.",
      "tags": ["back office"], "security": BEARER, "responses": {"200": resp("Consultations.", lst(ref("Consultation"))), "401": E401, "403": E403}}},
  "/consultations/{id}/answer": {"post": {"operationId": "answerConsultation", "summary": "Answer a consultation (officers of the consulted agency).",
      "tags": ["back office"], "security": BEARER, "parameters": [pp("id", "Consultation id.")],
      "requestBody": {"required": True, "content": {"application/json": {"schema": {"type": "object", "required": ["answer"], "properties": {"answer": {"type": "string"}}}}}},
      "responses": {"200": resp("The answered consultation.", ref("Consultation")), "400": E400, "401": E401, "404": E404, "409": E409, "422": E422}}},
  "/processes": {
    "get": {"operationId": "processes", "summary": "The latest version of every process definition (quy trình nội bộ).", "tags": ["back office"],
      "responses": {"200": resp("Definitions.", lst(ref("Definition")))}},
    "post": {"operationId": "publishProcess", "summary": "Publish a new version of a procedure's process (or of the default: procedure_code \"\" and \"default\": true).",
      "tags": ["back office"], "security": BEARER,
      "description": "Catalog administrators only. Validated completely before it is stored, each problem a 422 naming its path: every target exists, every step is reachable from the start and can reach an end, the process starts at the step new dossiers enter (\"reception\"), each action leads where the engine can take it (receive to a step; forward, approve and return_result to a step or #returned; reject_reception to #rejected; refuse to #refused; request_supplement to #supplement; assign and extend name a step and stay), budgets add up to 100% of the legal time. Without procedure_code the definition replaces the default process of every procedure without its own, which needs \"default\": true (else 422 at `default`). Running dossiers keep the version they started with.",
      "requestBody": {"required": True, "content": {"application/json": {"schema": ref("Definition")}}},
      "responses": {"201": resp("The stored version.", ref("Definition")), "400": E400, "401": E401, "403": E403, "422": E422}}},
  "/admin/sla-sweep": {"post": {"operationId": "slaSweep", "summary": "Run the deadline sweeper now (it also runs every 10 minutes).", "tags": ["back office"],
      "security": BEARER, "responses": {"200": resp("What changed.", {"type": "object"}), "401": E401, "403": E403}}},
  "/dossiers/{code}/supplement-request.pdf": {"get": {"operationId": "supplementPDF", "summary": "The supplement request (Mẫu 02) of a dossier that received one.", "tags": ["back office"], "security": BEARER,
      "parameters": [pp("code", "Dossier code.")],
      "responses": {"200": {"description": "The PDF.", "content": {"application/pdf": {}}}, "401": E401, "404": E404, "409": err("Not issued for this dossier.")}}},
  "/dossiers/{code}/refusal.pdf": {"get": {"operationId": "refusalPDF", "summary": "The refusal (Mẫu 03) of a dossier refused at reception or settlement.", "tags": ["back office"], "security": BEARER,
      "parameters": [pp("code", "Dossier code.")],
      "responses": {"200": {"description": "The PDF.", "content": {"application/pdf": {}}}, "401": E401, "404": E404, "409": err("Not issued for this dossier.")}}},
  "/dossiers/{code}/apology.pdf": {"get": {"operationId": "apologyPDF", "summary": "The apology and new date (Mẫu 04) of a dossier whose return date was moved.", "tags": ["back office"], "security": BEARER,
      "parameters": [pp("code", "Dossier code.")],
      "responses": {"200": {"description": "The PDF.", "content": {"application/pdf": {}}}, "401": E401, "404": E404, "409": err("Not issued for this dossier.")}}},
  "/dossiers/{code}/control-slip.pdf": {"get": {"operationId": "controlSlipPDF", "summary": "The process control slip (Mẫu 05): each hand-over with its deadline and result.", "tags": ["back office"], "security": BEARER,
      "parameters": [pp("code", "Dossier code.")],
      "responses": {"200": {"description": "The PDF.", "content": {"application/pdf": {}}}, "401": E401, "404": E404, "409": err("Not issued for this dossier.")}}},
  "/dossiers/{code}/control-slip.xlsx": {"get": {"operationId": "controlSlipXLSX", "summary": "The process control slip (Mẫu 05) as a spreadsheet.", "tags": ["back office"], "security": BEARER,
      "parameters": [pp("code", "Dossier code.")],
      "responses": {"200": {"description": "The spreadsheet.", "content": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {}}}, "401": E401, "404": E404, "409": err("Not received yet.")}}},
  "/register": {"get": {"operationId": "register", "summary": "The register (Mẫu 06) of the dossiers the officer's agency received in a period.",
      "tags": ["back office"], "security": BEARER,
      "parameters": [qp("from", "First day, YYYY-MM-DD.", {"type": "string", "format": "date"}, True), qp("to", "Last day, YYYY-MM-DD.", {"type": "string", "format": "date"}, True),
        qp("format", "pdf or xlsx.", {"enum": ["pdf", "xlsx"], "default": "pdf"})],
      "responses": {"200": {"description": "The register.", "content": {"application/pdf": {}, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {}}},
        "400": E400, "401": E401, "403": E403}}},
}

schemas["Evaluation"] = {"type": "object", "properties": {"code": {"type": "string"},
    "scores": {"type": "object", "additionalProperties": {"type": "integer"}}, "total": {"type": "integer", "maximum": 18},
    "comment": {"type": "string"}, "created_at": {"type": "string", "format": "date-time"}}}
schemas["Consultation"] = {"type": "object", "properties": {"id": {"type": "integer"}, "dossier": {"type": "string"},
    "procedure_name": {"type": "string"}, "from_agency": {"type": "string"}, "agency_code": {"type": "string"}, "agency_name": {"type": "string"},
    "question": {"type": "string"}, "asked_by": {"type": "string"}, "asked_at": {"type": "string", "format": "date-time"},
    "due_at": {"type": "string", "format": "date-time"}, "answer": {"type": "string"}, "answered_by": {"type": "string"},
    "answered_at": {"type": "string", "format": "date-time"}, "overdue": {"type": "boolean"}}}
schemas["Definition"] = {"type": "object", "required": ["name", "start", "steps"], "properties": {
    "version": {"type": "integer", "readOnly": True}, "procedure_code": {"type": "string"}, "name": {"type": "string"},
    "default": {"type": "boolean", "description": "True for the default process: the explicit intent to replace it when publishing without procedure_code."},
    "decision": {"type": "string"}, "start": {"type": "string"},
    "fee_at": {"enum": ["submission", "return"], "description": "Where a fee-bearing dossier's invoice is raised: at submission (the default) or at approval, before the result is returned. The dossier waits at awaiting_payment (code 6) until it is paid."},
    "steps": {"type": "array", "items": {"type": "object", "required": ["id", "role", "status", "budget_percent", "actions"], "properties": {
        "id": {"type": "string"}, "name": {"type": "string"}, "role": {"enum": ["reception", "specialist", "leader"]}, "status": STATUS,
        "budget_percent": {"type": "integer", "minimum": 0, "maximum": 100},
        "actions": {"type": "array", "items": {"type": "object", "required": ["action", "to"], "properties": {
            "action": {"type": "string"}, "to": {"type": "string", "description": "A step id, or #rejected, #refused, #returned, #supplement."},
            "roles": {"type": "array", "items": {"enum": ["reception", "specialist", "leader"]}}}}}}}}}}

schemas["ActionInput"] = {"type": "object", "required": ["action"], "properties": {
    "action": {"enum": ["receive", "reject_reception", "request_supplement", "supplement", "assign", "forward", "approve", "refuse", "return_result", "withdraw", "extend"]},
    "note": {"type": "string", "maxLength": 4000}, "assignee": {"type": "string"},
    "attachments": {"type": "array", "items": ref("AttachmentInput")},
    "new_due": {"type": "string", "description": "extend: the new date, RFC 3339 or YYYY-MM-DD."}}}
schemas["InboxItem"] = {"type": "object", "properties": {"code": {"type": "string"}, "procedure_code": {"type": "string"},
    "procedure_name": {"type": "string"}, "applicant_name": {"type": "string"}, "channel": {"type": "string"}, "status": STATUS,
    "status_code": {"type": "integer"}, "status_label": {"type": "string"}, "step": {"type": "string"},
    "submitted_at": {"type": "string", "format": "date-time"}, "due_at": {"type": ["string", "null"], "format": "date-time"},
    "step_due_at": {"type": ["string", "null"], "format": "date-time"}, "sla": SLA, "assignee": {"type": "string"}}}

schemas["File"] = {"type": "object", "required": ["id", "sha256", "size", "content_type"], "properties": {
    "id": {"type": "string"}, "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"}, "size": {"type": "integer"},
    "content_type": {"enum": ["application/pdf", "image/jpeg", "image/png", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"]},
    "name": {"type": "string"}, "created_at": {"type": "string", "format": "date-time"}}}
schemas["Document"] = {"allOf": [ref("File"), {"type": "object", "properties": {"component": {"type": "string"}, "dossier": {"type": "string"},
    "kind": {"enum": ["upload", "submission", "supplement", "result", "internal"]}}}]}
schemas["AttachmentInput"] = {"type": "object", "required": ["component", "file"], "properties": {
    "component": {"type": "string", "description": "Component id of the procedure."}, "file": {"type": "string", "description": "File id."}}}
schemas["SubmitInput"] = {"type": "object", "required": ["procedure_code", "agency_code", "form"], "properties": {
    "procedure_code": {"type": "string"}, "agency_code": {"type": "string", "description": "5-digit unit code of a ward/commune, or a department's code."},
    "form": {"type": "object", "description": "The application form, valid against the procedure's form_schema."},
    "attachments": {"type": "array", "items": ref("AttachmentInput")},
    "result_delivery": {**DELIVERY, "description": DELIVERY["description"] + " Optional; one of the procedure's channels (422 otherwise). "
        "Default: the way the dossier comes when the procedure offers it (online for a submission; for a registration, post when it came "
        "by post with the applicant's address, otherwise counter)."},
    "delivery_address": {"type": "string", "maxLength": 300, "description": "Required for post (422 otherwise); for a registration the applicant's address by default. Ignored for the other ways."}}}
schemas["Applicant"] = {"type": "object", "properties": {"name": {"type": "string"}, "id_number": {"type": "string", "pattern": "^[0-9]{12}$"},
    "phone": {"type": "string"}, "email": {"type": "string"}, "address": {"type": "string"}}}
schemas["RegisterInput"] = {"allOf": [ref("SubmitInput"), {"type": "object", "required": ["applicant"], "properties": {
    "channel": {"enum": ["counter", "post"], "default": "counter"}, "applicant": ref("Applicant")}}]}
schemas["Submitted"] = {"type": "object", "required": ["code", "status", "status_code"], "properties": {
    "code": {"type": "string"}, "status": STATUS, "status_code": {"type": "integer", "minimum": 1, "maximum": 10},
    "procedure_code": {"type": "string"}, "agency_code": {"type": "string"}, "channel": {"enum": ["online", "counter", "post"]},
    "result_delivery": DELIVERY, "submitted_at": {"type": "string", "format": "date-time"}, "track_url": {"type": "string"}}}
schemas["Event"] = {"type": "object", "properties": {"at": {"type": "string", "format": "date-time"}, "actor": {"type": "string"},
    "actor_name": {"type": "string"}, "action": {"type": "string"}, "from": {"type": "string"}, "to": STATUS,
    "status_code": {"type": "integer"}, "note": {"type": "string"}}}
schemas["Dossier"] = {"type": "object", "required": ["code", "status", "status_code", "due_at", "allowed_actions"], "properties": {
    "code": {"type": "string"}, "procedure_code": {"type": "string"}, "procedure_name": {"type": "string"}, "procedure_version": {"type": "integer"},
    "agency_code": {"type": "string"}, "agency_name": {"type": "string"}, "channel": {"enum": ["online", "counter", "post"]},
    "result_delivery": DELIVERY, "delivery_address": {"type": "string", "description": "Where the result is posted (post only)."},
    "status": STATUS, "status_code": {"type": "integer", "minimum": 1, "maximum": 10, "description": "National sync code."},
    "status_label": {"type": "string"}, "applicant": ref("Applicant"), "form": {"type": "object"},
    "attachments": {"type": "array", "items": {"type": "object", "properties": {"component": {"type": "string"}, "file": {"type": "string"},
        "name": {"type": "string"}, "size": {"type": "integer"}, "content_type": {"type": "string"}, "kind": {"type": "string"}}}},
    "submitted_at": {"type": "string", "format": "date-time"}, "received_at": {"type": ["string", "null"], "format": "date-time"},
    "due_at": {"type": ["string", "null"], "format": "date-time"}, "finished_at": {"type": "string", "format": "date-time"},
    "updated_at": {"type": "string", "format": "date-time"},
    "allowed_actions": {"type": "array", "items": {"type": "string"}}, "history": {"type": "array", "items": ref("Event")},
    "progress": {"type": "object", "description": "Where the dossier stands in its process; officers only.", "properties": {
        "step": {"type": "string"}, "step_name": {"type": "string"}, "step_due_at": {"type": ["string", "null"], "format": "date-time"},
        "assignee": {"type": "string"}, "assignee_name": {"type": "string"}, "sla": SLA}}}}
schemas["Tracking"] = {"type": "object", "required": ["code", "status", "status_code"], "properties": {
    "code": {"type": "string"}, "procedure_name": {"type": "string"}, "agency_name": {"type": "string"}, "status": STATUS,
    "status_code": {"type": "integer"}, "status_label": {"type": "string"}, "submitted_at": {"type": "string", "format": "date-time"},
    "received_at": {"type": ["string", "null"], "format": "date-time"}, "due_at": {"type": ["string", "null"], "format": "date-time"},
    "details": ref("Dossier")}}
schemas["Draft"] = {"type": "object", "properties": {"id": {"type": "string"}, "procedure_code": {"type": "string"},
    "agency_code": {"type": "string"}, "form": {"type": "object"}, "attachments": {"type": "array", "items": ref("AttachmentInput")},
    "result_delivery": {"enum": ["", "online", "post", "counter"], "description": "As chosen so far; \"\" not yet."},
    "delivery_address": {"type": "string", "maxLength": 300},
    "created_at": {"type": "string", "format": "date-time"}, "updated_at": {"type": "string", "format": "date-time"}}}

schemas["NamedDay"] = {"type": "object", "required": ["date", "name"], "properties": {"date": {"type": "string", "format": "date"},
    "name": {"type": "string"}, "kind": {"enum": ["holiday", "compensatory", "scheduled", "override"]}}}
schemas["Override"] = {"type": "object", "properties": {"date": {"type": "string", "format": "date"}, "kind": {"enum": ["day_off", "working_day"]},
    "name": {"type": "string"}, "created_by": {"type": "string"}, "created_at": {"type": "string", "format": "date-time"}}}

# Citizens' accounts: sign-up verified by a one-time code, and the profile (internal/api/account.go).
E429 = err("Too many codes for this login; wait the seconds in Retry-After.")
schemas["VerificationSent"] = {"type": "object", "required": ["status", "channel", "login"], "properties": {
    "status": {"const": "verification_sent"}, "channel": {"enum": ["email", "sms"], "description": "Where the 6-digit code went."},
    "login": {"type": "string", "description": "The login as stored: lower-case e-mail address or E.164 phone (+84…)."},
    "expires_at": {"type": "string", "format": "date-time", "description": "The code lasts 10 minutes and may be tried 5 times."},
    "resend_after": {"type": "string", "format": "date-time", "description": "At most one code a minute and five an hour per login."}}}
schemas["ProfileInput"] = {"type": "object", "description": "The whole profile; an absent or empty optional field is cleared. Texts are stored in NFC.",
  "required": ["full_name"], "properties": {
    "full_name": {"type": "string", "maxLength": 200},
    "id_number": {"type": "string", "pattern": "^[0-9]{12}$", "description": "Số định danh cá nhân (CCCD): a province code of birth registration (001–096, the 63 pre-2025 provinces), a century/gender digit and two year digits that must match birth_date."},
    "birth_date": {"type": "string", "format": "date"},
    "phone": {"type": "string", "description": "Vietnamese mobile or landline, any usual spelling; stored as E.164.", "examples": ["0912 345 678"]},
    "email": {"type": "string", "format": "email"},
    "unit_code": {"type": "string", "pattern": "^[0-9]{5}$", "description": "Ward, commune or special zone (units in force since 1 July 2025); required with address_line."},
    "address_line": {"type": "string", "maxLength": 300, "description": "House number, street, hamlet."}}}
schemas["Profile"] = {"allOf": [ref("ProfileInput"), {"type": "object", "properties": {
    "username": {"type": "string"}, "email_verified": {"type": "boolean"}, "phone_verified": {"type": "boolean", "description": "Changing the e-mail address or phone clears its flag."},
    "unit_name": {"type": "string"}, "province_code": {"type": "string"}, "province_name": {"type": "string"},
    "lang": {"enum": ["vi", "en"]}}}]}
TOKEN = {"type": "object", "required": ["token"], "properties": {"token": {"type": "string"}, "token_type": {"const": "Bearer"},
    "expires_at": {"type": "string", "format": "date-time"}, "user": ref("User")}}
paths["/auth/token"]["post"]["description"] = ("`username` may also be a verified e-mail address or phone number. "
    "The right password of a sign-up whose code was not entered yet is 401 `unverified`. "
    "Lengths are in characters; a longer login or password is 422 before any check.")
paths["/auth/signup"] = {"post": {"operationId": "signUp", "summary": "Open a citizen's account with an e-mail address or mobile number.", "tags": ["auth"],
  "description": "Sends a 6-digit code by e-mail or SMS; the account exists once POST /auth/verify accepts it. The answer is the same whether or not the login already has an account; when it has, its owner is told by e-mail or SMS instead of receiving a code. Passwords (NIST SP 800-63B) have 8 to 256 characters, no composition rules, and are refused (422 on `password`) when common or leaked, equal to the login, or one character repeated.",
  "requestBody": {"required": True, "content": {"application/json": {"schema": {"type": "object", "required": ["login", "password", "full_name"], "properties": {
      "login": {"type": "string", "examples": ["ten@example.vn", "0912 345 678"]}, "password": {"type": "string", "minLength": 8, "maxLength": 256},
      "full_name": {"type": "string", "maxLength": 200}, "lang": {"enum": ["vi", "en"], "description": "Language of the message; default from Accept-Language."}}}}}},
  "responses": {"202": resp("Code sent (or, for a login that has an account, its owner told).", ref("VerificationSent")), "400": E400,
    "415": E415, "422": E422, "429": E429}}}
paths["/auth/verify"] = {"post": {"operationId": "verifySignUp", "summary": "Enter the code: creates the account and signs it in.", "tags": ["auth"],
  "requestBody": {"required": True, "content": {"application/json": {"schema": {"type": "object", "required": ["login", "code"], "properties": {
      "login": {"type": "string"}, "code": {"type": "string", "pattern": "^[0-9]{6}$"}}}}}},
  "responses": {"200": resp("A token for the new account, valid for 24 hours.", TOKEN), "400": E400, "409": E409,
    "422": err("`code_invalid` (field `code`), `code_expired`, `too_many_attempts` or `no_pending_signup`.")}}}
paths["/auth/resend"] = {"post": {"operationId": "resendCode", "summary": "Send a new code for a pending sign-up; the earlier code stops working.", "tags": ["auth"],
  "requestBody": {"required": True, "content": {"application/json": {"schema": {"type": "object", "required": ["login"], "properties": {"login": {"type": "string"}}}}}},
  "responses": {"202": resp("Code sent.", ref("VerificationSent")), "400": E400, "422": err("`no_pending_signup` or a malformed login."), "429": E429}}}
paths["/me/profile"] = {
  "get": {"operationId": "getProfile", "summary": "The signed-in user's profile.", "tags": ["auth"], "security": BEARER,
    "responses": {"200": resp("The profile.", ref("Profile")), "401": E401}},
  "put": {"operationId": "updateProfile", "summary": "Replace the signed-in user's profile.", "tags": ["auth"], "security": BEARER,
    "description": "Every invalid field is reported at once, with its path.",
    "requestBody": {"required": True, "content": {"application/json": {"schema": ref("ProfileInput")}}},
    "responses": {"200": resp("The stored profile.", ref("Profile")), "400": E400, "401": E401, "415": E415, "422": E422}}}

# ---- Bills: the bill-payment hub (internal/bills) ---------------------------------------------
schemas["Biller"] = {"type": "object", "required": ["code", "name", "category", "customer_label", "customer_hint", "customer_pattern"], "properties": {
    "code": {"type": "string", "examples": ["EVNHANOI"]}, "name": {"type": "string"},
    "category": {"enum": ["electricity", "water", "telecom", "parking", "school_fee"]},
    "customer_label": {"type": "string", "description": "What the biller calls the customer code, in the caller's language."},
    "customer_hint": {"type": "string", "description": "Where to find the code and how it looks."},
    "customer_pattern": {"type": "string", "description": "The code's form once normalised (upper case, without spaces, dots and dashes)."},
    "sample_customer": {"type": "string", "description": "Demo mode only: a customer code with an unpaid demo bill."}}}
schemas["Bill"] = {"type": "object", "required": ["id", "amount_vnd", "period", "due_on", "status", "biller", "customer", "description"], "properties": {
    "id": {"type": "string", "description": "The bill's id: pay it with POST /payments {\"bill\": id, \"method\"}."},
    "amount_vnd": {"type": "integer"}, "period": {"type": "string", "examples": ["2026-11"]}, "due_on": {"type": "string", "format": "date"},
    "status": {"enum": ["unpaid", "paid"], "description": "paid through motcua or at the biller; a paid bill stays paid."},
    "biller": {"type": "string"}, "customer": {"type": "string"}, "description": {"type": "string"},
    "paid_at": {"type": "string", "format": "date-time"}}}
schemas["SavedCustomer"] = {"type": "object", "required": ["biller", "customer", "label", "created_at"], "properties": {
    "biller": {"type": "string"}, "customer": {"type": "string"}, "label": {"type": "string"}, "created_at": {"type": "string", "format": "date-time"}}}
schemas["BillComplaint"] = {"type": "object", "required": ["id", "bill", "ticket", "status", "created_at"], "properties": {
    "id": {"type": "integer"}, "bill": {"type": "string"}, "ticket": {"type": "string", "description": "The biller's ticket."},
    "status": {"enum": ["open", "resolved"]}, "created_at": {"type": "string", "format": "date-time"}}}
paths["/billers"] = {"get": {"operationId": "listBillers", "summary": "The billers of the bill-payment hub: electricity, water, telecom, parking, school fees.",
    "tags": ["bills"], "responses": {"200": resp("Every biller.", lst(ref("Biller")))}}}
paths["/bills"] = {"get": {"operationId": "listBills", "summary": "A customer's bills, fetched from the biller, newest period first.", "tags": ["bills"], "security": BEARER,
    "parameters": [qp("biller", "The biller's code.", None, True), qp("customer", "The customer code, as printed (spaces, dots and dashes are ignored).", None, True)],
    "responses": {"200": resp("The bills.", lst(ref("Bill"))), "401": E401, "404": err("Unknown biller or customer."),
        "422": err("No biller, or a customer code not in the biller's form (`fields` names biller or customer)."),
        "429": err("`too_many_lookups`: a user looks up at most 30 customer codes at once, then 30 a minute.")}}}
paths["/bills/{id}/complaints"] = {"post": {"operationId": "complainBill", "summary": "File a complaint about a bill or its payment with the biller.",
    "tags": ["bills"], "security": BEARER, "parameters": [pp("id", "The bill's id.")],
    "description": "At most 5 complaints per citizen and bill (422 `too_many_complaints`).",
    "requestBody": {"required": True, "content": {"application/json": {"schema": {"type": "object", "required": ["text"], "properties": {
        "text": {"type": "string", "maxLength": 2000}}}}}},
    "responses": {"201": resp("The complaint with the biller's ticket.", ref("BillComplaint")), "400": E400, "401": E401, "404": E404, "422": E422}}}
paths["/me/billers"] = {
  "get": {"operationId": "listSavedCustomers", "summary": "The caller's saved customer codes.", "tags": ["bills"], "security": BEARER,
    "responses": {"200": resp("Saved codes, oldest first.", lst(ref("SavedCustomer"))), "401": E401}},
  "post": {"operationId": "saveCustomer", "summary": "Save a customer code with a label (again: change its label).", "tags": ["bills"], "security": BEARER,
    "description": "The code must be known to the biller (404 otherwise); a citizen keeps at most 20 (422 `too_many_saved`).",
    "requestBody": {"required": True, "content": {"application/json": {"schema": {"type": "object", "required": ["biller", "customer"], "properties": {
        "biller": {"type": "string", "maxLength": 64}, "customer": {"type": "string", "maxLength": 64}, "label": {"type": "string", "maxLength": 60}}}}}},
    "responses": {"201": resp("The saved code.", ref("SavedCustomer")), "400": E400, "401": E401, "404": E404, "422": E422,
        "429": err("`too_many_lookups`, as for GET /bills.")}}}
paths["/me/billers/{biller}/{customer}"] = {"delete": {"operationId": "forgetCustomer", "summary": "Forget a saved customer code.", "tags": ["bills"], "security": BEARER,
    "parameters": [pp("biller", "The biller's code."), pp("customer", "The saved customer code.")],
    "responses": {"204": resp("Forgotten."), "401": E401, "404": E404}}}
# ---- Signed results and e-receipts (issue 12; internal/esign) -------------------------------
schemas["DocumentVerification"] = {"type": "object", "required": ["authentic", "revoked"], "properties": {
    "authentic": {"type": "boolean", "description": "The file is one motcua issued (its SHA-256 is in the registry of issued documents)."},
    "revoked": {"type": "boolean"}, "kind": {"enum": ["result", "receipt"]},
    "serial": {"type": "string", "description": "The document's serial, as in its QR code's URL /xac-thuc/{serial}."},
    "dossier_code": {"type": "string"}, "agency": {"type": "string", "description": "The issuing agency's name."},
    "agency_code": {"type": "string"}, "issued_at": {"type": "string", "format": "date-time"},
    "revoked_at": {"type": "string", "format": "date-time"}, "revocation_reason": {"type": "string"}}}
paths["/dossiers/{code}/result.pdf"] = {"get": {"operationId": "resultPDF", "summary": "The electronic result: a PDF signed by the agency (PAdES), with a QR code to its public verification page.",
  "tags": ["dossiers"], "security": BEARER, "parameters": [pp("code", "Dossier code.")],
  "description": "The owner and the handling agency's officers, once the result is issued; a revoked result is not served.",
  "responses": {"200": {"description": "The signed PDF.", "content": {"application/pdf": {}}}, "401": E401, "404": E404, "409": err("No signed result issued yet.")}}}
paths["/results/verify"] = {"get": {"operationId": "verifyResult", "summary": "Public: whether a file is a document motcua issued, and whether it was revoked.",
  "tags": ["dossiers"], "parameters": [qp("sha256", "The SHA-256 of the file, 64 hexadecimal digits.", {"type": "string", "pattern": "^[0-9a-fA-F]{64}$"}, True)],
  "responses": {"200": resp("The answer; an unknown hash is authentic: false.", ref("DocumentVerification")), "400": E400}}}
paths["/results/{serial}/revoke"] = {"post": {"operationId": "revokeResult", "summary": "Revoke an issued document (result or receipt), with the reason; audited.",
  "tags": ["back office"], "security": BEARER, "description": "A leader of the issuing agency or an administrator. 409 when already revoked.",
  "parameters": [pp("serial", "The document's serial.")],
  "requestBody": {"required": True, "content": {"application/json": {"schema": {"type": "object", "required": ["reason"], "properties": {
      "reason": {"type": "string", "maxLength": 2000}}}}}},
  "responses": {"200": resp("The revoked document.", ref("DocumentVerification")), "400": E400, "401": E401, "403": E403, "404": E404, "409": E409, "422": E422}}}
# ---- Payments (issue 12) ----------------------------------------------------------------------
schemas["InvoiceLine"] = {"type": "object", "required": ["name", "amount_vnd"], "properties": {
    "name": {"type": "string"}, "amount_vnd": {"type": "integer", "description": "Đồng; negative for a reduction."},
    "basis": {"type": "string", "description": "The legal basis of the fee or charge."}}}
schemas["Invoice"] = {"type": "object", "required": ["id", "amount_vnd", "status"], "properties": {
    "id": {"type": "string"}, "kind": {"enum": ["fee", "bill"]}, "ref": {"type": "string", "description": "The dossier code or the bill id."},
    "payee": {"type": "string", "description": "The payee agency's code, or the biller's."}, "description": {"type": "string"},
    "amount_vnd": {"type": "integer", "minimum": 1}, "lines": {"type": "array", "items": ref("InvoiceLine")},
    "status": {"enum": ["unpaid", "paid", "cancelled", "refunded"]}, "payment_id": {"type": "string"},
    "created_at": {"type": "string", "format": "date-time"}, "paid_at": {"type": "string", "format": "date-time"}}}
schemas["PaymentInput"] = {"type": "object", "required": ["method"], "description": "Exactly one of invoice and bill.", "properties": {
    "invoice": {"type": "string"}, "bill": {"type": "string", "description": "A bill id (GET /bills); its invoice is raised on its first payment."},
    "method": {"enum": ["vnpay", "vietqr"]}}}
schemas["PaymentStarted"] = {"type": "object", "required": ["id", "status"], "properties": {
    "id": {"type": "string", "description": "The attempt's reference: vnp_TxnRef, or the VietQR transfer's purpose."},
    "status": {"enum": ["pending"]}, "invoice": {"type": "string"}, "amount_vnd": {"type": "integer"},
    "redirect_url": {"type": "string", "description": "VNPay: the signed payment page to send the payer to."},
    "qr_payload": {"type": "string", "description": "VietQR: the dynamic NAPAS 247 payload to the payee's collection account, the amount, and id as purpose."}}}
schemas["Payment"] = {"type": "object", "required": ["id", "invoice", "method", "amount_vnd", "status"], "properties": {
    "id": {"type": "string"}, "invoice": {"type": "string"}, "kind": {"enum": ["fee", "bill"]}, "ref": {"type": "string"},
    "description": {"type": "string"}, "method": {"enum": ["vnpay", "vietqr"]}, "amount_vnd": {"type": "integer"},
    "status": {"enum": ["pending", "paid", "failed", "expired"]},
    "counted": {"type": "boolean", "description": "False for a paid attempt of an invoice another attempt had paid: it is queued for refund."},
    "created_at": {"type": "string", "format": "date-time"}, "expires_at": {"type": "string", "format": "date-time"},
    "settled_at": {"type": "string", "format": "date-time"}}}
paths["/dossiers/{code}/invoices"] = {"get": {"operationId": "dossierInvoices", "summary": "Fees owed and paid for a dossier.", "tags": ["payments"],
    "security": BEARER, "parameters": [pp("code", "Dossier code.")],
    "responses": {"200": resp("The invoices, oldest first.", lst(ref("Invoice"))), "401": E401, "404": E404}}}
paths["/payments"] = {
  "post": {"operationId": "createPayment", "summary": "Start paying an invoice or a bill.", "tags": ["payments"], "security": BEARER,
    "description": "The invoice must be the caller's and unpaid (409 `invoice_paid`, `invoice_cancelled`); VNPay answers a redirect_url (409 `gateway_not_configured` without a terminal), VietQR a qr_payload (409 `no_collection_account` when the payee has none; bills are paid by VNPay only). The result arrives by the IPN, never by the payer's browser.",
    "requestBody": {"required": True, "content": {"application/json": {"schema": ref("PaymentInput")}}},
    "responses": {"201": resp("The attempt.", ref("PaymentStarted")), "400": E400, "401": E401, "404": E404, "409": E409, "422": E422}},
  "get": {"operationId": "listPayments", "summary": "The caller's own payments (?mine=1), fees and bills, newest first.", "tags": ["payments"],
    "security": BEARER, "parameters": [qp("mine", "1: the caller's own.")] + PAGE,
    "responses": {"200": resp("One page.", lst(ref("Payment"))), "400": E400, "401": E401}}}
paths["/payments/{id}"] = {"get": {"operationId": "getPayment", "summary": "One of the caller's payments, as the ledger knows it.", "tags": ["payments"],
    "security": BEARER, "parameters": [pp("id", "The attempt's reference.")],
    "responses": {"200": resp("The attempt.", ref("Payment")), "401": E401, "404": E404}}}
paths["/payments/{id}/receipt.pdf"] = {"get": {"operationId": "paymentReceipt", "summary": "The e-receipt (biên lai điện tử) of a payment: a PDF signed by the collecting agency (PAdES), with a QR code to its public verification page.",
    "tags": ["payments"], "security": BEARER, "parameters": [pp("id", "The attempt's reference.")],
    "description": "The payer, the payee agency's officers and administrators (404 to anyone else, as for a payment that does not exist). 409 `receipt_not_issued` while there is no receipt: the payment is not paid yet, it did not pay its invoice (a second payment, refunded), or it was just paid and its receipt, numbered in the settlement, is still being signed (a job on the queue, seconds); ask again. A revoked receipt is not served.",
    "responses": {"200": {"description": "The signed PDF.", "content": {"application/pdf": {}}}, "401": E401, "404": E404, "409": err("No receipt issued (yet): `receipt_not_issued`.")}}}
paths["/payments/vnpay/ipn"] = {"get": {"operationId": "vnpayIPN", "summary": "VNPay 2.1.0 IPN (server to server).", "tags": ["payments"],
    "description": "Checks in VNPay's order: 97 invalid signature, 01 order not found, 04 invalid amount, 02 already confirmed, 00 recorded (paid or failed), 99 unknown error. Always 200 with VNPay's own reply, not the API's envelope. Every call is kept in the append-only ledger of gateway events; a repeated, reordered or concurrent IPN never moves money twice.",
    "parameters": [qp("vnp_TxnRef", "The attempt's reference."), qp("vnp_Amount", "Đồng × 100."), qp("vnp_SecureHash", "HMAC-SHA512 of the other vnp_ fields.")],
    "responses": {"200": resp("VNPay's reply.", {"type": "object", "required": ["RspCode", "Message"], "properties": {
        "RspCode": {"enum": ["00", "01", "02", "04", "97", "99"]}, "Message": {"type": "string"}}})}}}

# ---- The accountant's side of payments (issue 12) --------------------------------------------
DT = {"type": "string", "format": "date-time"}
schemas["Credit"] = {"type": "object", "required": ["transaction_id", "booked_at", "amount_vnd", "description"], "properties": {
    "transaction_id": {"type": "string", "description": "The bank's transaction id: a credit is recorded once."},
    "booked_at": DT, "amount_vnd": {"type": "integer", "minimum": 1}, "description": {"type": "string", "description": "The transfer's description, where the payment reference is looked for."}}}
schemas["CreditResult"] = {"allOf": [ref("Credit"), {"type": "object", "required": ["outcome"], "properties": {
    "outcome": {"enum": ["settled", "unmatched", "amount_mismatch", "duplicate", "already_imported"]},
    "payment_id": {"type": "string", "description": "The VietQR attempt its reference names."}}}]}
schemas["StatementReport"] = {"type": "object", "required": ["lines", "settled", "reviewed", "already_imported", "results"], "properties": {
    "lines": {"type": "integer"}, "settled": {"type": "integer"}, "reviewed": {"type": "integer"}, "already_imported": {"type": "integer"},
    "results": {"type": "array", "items": ref("CreditResult")}}}
schemas["WebhookCredit"] = {"type": "object", "required": ["bank_bin", "account", "transaction_id", "amount_vnd", "booked_at"], "properties": {
    "bank_bin": {"type": "string", "description": "The bank's six-digit BIN, as in X-Bank-Bin."}, "account": {"type": "string", "description": "The collection account credited."},
    "transaction_id": {"type": "string"}, "booked_at": DT, "amount_vnd": {"type": "integer", "minimum": 1}, "description": {"type": "string"}}}
schemas["Review"] = {"type": "object", "required": ["id", "kind", "detail", "created_at"], "properties": {
    "id": {"type": "integer"}, "kind": {"enum": ["duplicate", "amount_mismatch", "unmatched", "gateway_mismatch"]},
    "agency": {"type": "string"}, "payment_id": {"type": "string"}, "invoice_id": {"type": "string"}, "detail": {"type": "string"},
    "credit": ref("Credit"), "created_at": DT, "resolved_at": DT, "resolved_by": {"type": "string"},
    "resolution": {"enum": ["accept", "refund", "ignore"]}, "note": {"type": "string"}}}
schemas["ResolutionInput"] = {"type": "object", "required": ["resolution", "note"], "properties": {
    "resolution": {"enum": ["accept", "refund", "ignore"]}, "note": {"type": "string", "description": "Why; required."},
    "invoice": {"type": "string", "description": "accept: the invoice an unmatched credit pays (default: the review's)."}}}
schemas["RefundInput"] = {"type": "object", "required": ["reason"], "properties": {"reason": {"type": "string"}}}
schemas["Refund"] = {"type": "object", "required": ["id", "payment_id", "amount_vnd", "reason", "status", "created_at"], "properties": {
    "id": {"type": "integer"}, "payment_id": {"type": "string"}, "amount_vnd": {"type": "integer"}, "reason": {"type": "string"},
    "status": {"enum": ["pending", "done", "rejected"], "description": "pending: asked (of VNPay's refund API, or the accountant's transfer back)."},
    "requested_by": {"type": "string"}, "created_at": DT, "done_at": DT,
    "outcome": {"type": "string", "description": "How it closed: VNPay's vnp_ResponseCode (00 done; 94 asked before, done; 91, 95, … rejected), or the accountant's note."},
    "closed_by": {"type": "string", "description": "The accountant who marked it; absent when VNPay's answer closed it."}}}
schemas["RefundClose"] = {"type": "object", "required": ["status", "note"], "properties": {
    "status": {"enum": ["done", "rejected"], "description": "done: the money was transferred back; rejected: it will not be."},
    "note": {"type": "string", "description": "Required: the bank's reference of the transfer back, or why not."}}}
schemas["PaymentLedger"] = {"allOf": [ref("Payment"), {"type": "object", "required": ["events", "refunds"], "properties": {
    "agency": {"type": "string"}, "refunds": {"type": "array", "items": ref("Refund")},
    "events": {"type": "array", "items": {"type": "object", "properties": {"at": DT, "source": {"enum": ["ipn", "return", "query", "statement", "webhook", "reconcile"]},
        "verified": {"type": "boolean"}, "outcome": {"type": "string"}}}}}}]}
schemas["Collections"] = {"type": "object", "required": ["date", "rows", "total_vnd", "count"], "properties": {
    "date": {"type": "string", "format": "date"}, "agency": {"type": "string"}, "total_vnd": {"type": "integer"}, "count": {"type": "integer"},
    "rows": {"type": "array", "items": {"type": "object", "properties": {"agency": {"type": "string", "description": "The agency's code; for bills, the biller's."},
        "name": {"type": "string"}, "kind": {"enum": ["fee", "bill"]}, "method": {"enum": ["vnpay", "vietqr"]}, "count": {"type": "integer"},
        "amount_vnd": {"type": "integer"}, "refunds_vnd": {"type": "integer"}}}}}}
ACCT = "The agency's accountant (kế toán) or a system administrator; others 403."
paths["/payments/statements"] = {"post": {"operationId": "importStatement", "summary": "Import a bank statement of a collection account (CSV or XLSX).", "tags": ["payments"],
    "security": BEARER, "description": ACCT + " Columns by header (the first row, among the first 20, naming all four): Ngày giao dịch (date), Số tiền ghi có (credit), Nội dung (description), Số giao dịch (the bank's transaction id), or common variants (Ngày GD, Phát sinh có, Diễn giải, Số tham chiếu; Date, Credit, Description, Transaction ID). Rows without a credit are skipped. At most 4 MiB and 5,000 rows; errors name sheet, row and column. Each credit is matched to a pending VietQR attempt of the agency by the reference in its description and its amount (settled: event source statement) or queued for review; a transaction already imported changes nothing.",
    "parameters": [qp("agency", "The agency's code (default: the accountant's)."), qp("filename", "The file's name, for a raw body.")],
    "requestBody": {"required": True, "content": {"text/csv": {"schema": {"type": "string", "maxLength": 4 << 20}},
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {"schema": {"type": "string", "contentMediaType": "application/octet-stream"}},
        "multipart/form-data": {"schema": {"type": "object", "properties": {"file": {"type": "string", "contentMediaType": "application/octet-stream"}}}}}},
    "responses": {"200": resp("What the import did, line by line.", ref("StatementReport")), "401": E401, "403": E403, "404": E404, "413": E413, "422": E422}}}
paths["/payments/vietqr/webhook"] = {"post": {"operationId": "vietqrWebhook", "summary": "A bank's notification of one credit to a collection account.", "tags": ["payments"],
    "description": "Signed with the bank's shared secret (MOTCUA_BANK_WEBHOOK_SECRET): header X-Bank-Bin names the bank, X-Bank-Signature is hex HMAC-SHA256 of the raw body (optionally prefixed sha256=); a bad signature is 401. Matched as a statement's line is; a repeated transaction answers already_imported.",
    "parameters": [{"name": "X-Bank-Bin", "in": "header", "required": True, "schema": {"type": "string"}}, {"name": "X-Bank-Signature", "in": "header", "required": True, "schema": {"type": "string"}}],
    "requestBody": {"required": True, "content": {"application/json": {"schema": ref("WebhookCredit")}}},
    "responses": {"200": resp("What became of the credit.", ref("CreditResult")), "400": E400, "401": E401, "404": E404, "422": E422}}}
paths["/payments/reviews"] = {"get": {"operationId": "listReviews", "summary": "The accountant's review queue.", "tags": ["payments"], "security": BEARER,
    "description": ACCT + " Open items, or resolved ones with ?resolved=1, newest first (at most 500). An administrator without ?agency= sees every agency's, bills' too.",
    "parameters": [qp("agency", "The agency's code."), qp("resolved", "1: the resolved ones.")],
    "responses": {"200": resp("The items.", lst(ref("Review"))), "401": E401, "403": E403, "404": E404}}}
paths["/payments/reviews/{id}/resolve"] = {"post": {"operationId": "resolveReview", "summary": "Resolve a review item with a note.", "tags": ["payments"], "security": BEARER,
    "description": ACCT + " accept: the credit pays the invoice through the ledger (a surplus is queued for refund); refund: the attempt's money is refunded with the note as reason (a credit that paid nothing is given back by the accountant's transfer); ignore. Audited; 409 review_resolved once resolved.",
    "parameters": [pp("id", "The item's id.")], "requestBody": {"required": True, "content": {"application/json": {"schema": ref("ResolutionInput")}}},
    "responses": {"200": resp("The item, resolved.", ref("Review")), "400": E400, "401": E401, "404": E404, "409": E409, "422": E422}}}
paths["/payments/{id}/ledger"] = {"get": {"operationId": "paymentLedger", "summary": "A payment with its ledger events and refunds.", "tags": ["payments"], "security": BEARER,
    "description": ACCT, "parameters": [pp("id", "The attempt's reference.")],
    "responses": {"200": resp("The payment.", ref("PaymentLedger")), "401": E401, "404": E404}}}
paths["/payments/{id}/refunds"] = {"post": {"operationId": "requestRefund", "summary": "Refund a paid payment, with its reason.", "tags": ["payments"], "security": BEARER,
    "description": ACCT + " VNPay: sent to VNPay's refund API by a job on the queue (retried while VNPay cannot be reached; its answer closes the refund done or rejected); VietQR: the accountant's transfer back. Audited; the invoice it paid becomes refunded. 409 payment_not_paid.",
    "parameters": [pp("id", "The attempt's reference.")], "requestBody": {"required": True, "content": {"application/json": {"schema": ref("RefundInput")}}},
    "responses": {"201": resp("The refund.", ref("Refund")), "400": E400, "401": E401, "404": E404, "409": E409, "422": E422}}}
paths["/payments/{id}/refunds/close"] = {"post": {"operationId": "closeRefund", "summary": "Mark a VietQR refund done or rejected, with a note.", "tags": ["payments"], "security": BEARER,
    "description": ACCT + " A VietQR refund is the accountant's bank transfer, marked here once made (or rejected); a VNPay refund is sent to VNPay's refund API by a job on the queue and closed by its answer (409 refund_by_gateway). Audited; 409 refund_closed once closed; 404 refund_not_found for a payment with no refund.",
    "parameters": [pp("id", "The attempt's reference.")], "requestBody": {"required": True, "content": {"application/json": {"schema": ref("RefundClose")}}},
    "responses": {"200": resp("The refund, closed.", ref("Refund")), "400": E400, "401": E401, "404": E404, "409": E409, "422": E422}}}
paths["/reports/collections"] = {"get": {"operationId": "collections", "summary": "The daily collection report by agency and channel.", "tags": ["reports", "payments"], "security": BEARER,
    "description": ACCT + " What the ledger counted paid on the day (Vietnam's), by payee, kind (fees, bills) and channel (VNPay, VietQR), with the day's refunds. ?format=xlsx downloads it.",
    "parameters": [qp("date", "YYYY-MM-DD (default today)."), qp("agency", "The agency's code (default the accountant's; an administrator: all)."), qp("format", "xlsx for a spreadsheet.")],
    "responses": {"200": {"description": "The report.", "content": {"application/json": {"schema": ref("Collections")},
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {"schema": {"type": "string", "contentMediaType": "application/octet-stream"}}}},
        "401": E401, "403": E403, "404": E404, "422": E422}}}

# ---- Reports (CONTRACT.md "## Reports"; internal/report) --------------------------------------
XLSX_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
RATIO0 = " 0 when the denominator is 0."
schemas["Levels"] = {"type": "object", "required": ["total", "full", "partial", "none", "online_ratio", "full_ratio", "legacy_level_3", "legacy_level_4"],
    "description": "Procedures in force by online level: Decree 42/2022 Art. 11 (full = toàn trình, partial = một phần, none) and the legacy levels 3 and 4 of Decree 43/2011 Art. 3(4).",
    "properties": {"total": {"type": "integer"}, "full": {"type": "integer"}, "partial": {"type": "integer"}, "none": {"type": "integer"},
        "online_ratio": {"type": "number", "description": "(full + partial) / total;" + RATIO0}, "full_ratio": {"type": "number", "description": "full / total;" + RATIO0},
        "legacy_level_3": {"type": "integer"}, "legacy_level_4": {"type": "integer"}}}
schemas["TargetStatus"] = {"type": "object", "required": ["key", "measure", "target", "actual", "met", "name"], "properties": {
    "key": {"type": "string"}, "measure": {"enum": ["online_ratio", "full_ratio"]}, "target": {"type": "number", "minimum": 0, "maximum": 1},
    "actual": {"type": "number"}, "met": {"type": "boolean", "description": "actual ≥ target."}, "name": {"type": "string", "description": "In the language asked for."}}}
schemas["LevelReport"] = {"allOf": [ref("Levels"), {"type": "object", "required": ["targets"], "properties": {
    "agency": {"type": "object", "properties": {"code": {"type": "string"}, "name": {"type": "string"}}},
    "targets": {"type": "array", "items": ref("TargetStatus")}}}]}
schemas["MonthLevels"] = {"allOf": [ref("Levels"), {"type": "object", "required": ["month", "at"], "properties": {
    "month": {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}$"}, "at": {"type": "string", "format": "date", "description": "The day counted: the month's last, or today for the month in progress."}}}]}
schemas["Target"] = {"type": "object", "required": ["key", "measure", "ratio", "name", "name_en", "basis", "updated_at"], "properties": {
    "key": {"type": "string"}, "measure": {"enum": ["online_ratio", "full_ratio"]}, "ratio": {"type": "number", "minimum": 0, "maximum": 1},
    "name": {"type": "string"}, "name_en": {"type": "string"}, "basis": {"type": "string", "description": "The plan the target comes from."},
    "updated_by": {"type": "string"}, "updated_at": {"type": "string", "format": "date-time"}}}
schemas["TargetInput"] = {"type": "object", "required": ["ratio"], "properties": {
    "ratio": {"type": "number", "minimum": 0, "maximum": 1, "description": "0–1, at most four decimals (0.3 = 30%)."},
    "basis": {"type": "string", "maxLength": 1000, "description": "The plan the target comes from; kept when absent."}}}
schemas["Figures"] = {"type": "object", "required": ["received", "settled", "settled_on_time", "settled_late", "in_progress", "overdue", "online_ratio", "on_time_ratio"],
    "properties": {"received": {"type": "integer", "description": "Submitted or registered in the period (local days of submission), any channel."},
        "settled": {"type": "integer", "description": "Result issued in the period: approved (done, returned, awaiting payment after the decision) or refused."},
        "settled_on_time": {"type": "integer", "description": "Settled by the due time (none counts as on time) with at most one supplement request (Decision 766 indicator 2.1)."},
        "settled_late": {"type": "integer"},
        "in_progress": {"type": "integer", "description": "Received by the end of the period (or now, when it reaches today) and not finished then."},
        "overdue": {"type": "integer", "description": "In progress and past the due time then, not paused (awaiting a supplement or a payment)."},
        "online_ratio": {"type": "number", "description": "Online submissions / received;" + RATIO0},
        "on_time_ratio": {"type": "number", "description": "settled_on_time / settled;" + RATIO0},
        "online": {"type": "integer", "description": "Received online."},
        "digitised": {"type": "integer", "description": "Received with their papers electronic: filed online, or scanned at the counter (Decision 766 4.2)."},
        "digitised_ratio": {"type": "number", "description": "digitised / received;" + RATIO0},
        "reused": {"type": "integer", "description": "Received reusing a document on file: one of their files was attached to an earlier dossier (Decision 766 4.3)."},
        "reuse_ratio": {"type": "number", "description": "reused / received;" + RATIO0},
        "fees": {"type": "integer", "description": "Received and owing a fee (a fee invoice not cancelled)."},
        "paid_online": {"type": "integer", "description": "Of those, paid through an online payment (VNPay, VietQR), refunded later or not (Decision 766 3.6)."},
        "online_payment_ratio": {"type": "number", "description": "paid_online / fees;" + RATIO0},
        "evaluated": {"type": "integer", "description": "Settled in the period and evaluated by their applicant (Circular 01/2018 Art. 13)."},
        "satisfied": {"type": "integer", "description": "Of those, with no criterion scored 0 (not satisfied; Decision 766 5.4)."},
        "satisfaction_ratio": {"type": "number", "description": "satisfied / evaluated;" + RATIO0}}}
schemas["FigureRow"] = {"allOf": [ref("Figures"), {"type": "object", "required": ["code", "name"], "properties": {
    "code": {"type": "string", "description": "Agency code, procedure code or channel."}, "name": {"type": "string"}}}]}
schemas["DossierReport"] = {"allOf": [ref("Figures"), {"type": "object", "required": ["from", "to", "group", "rows"], "properties": {
    "from": {"type": "string", "format": "date"}, "to": {"type": "string", "format": "date"}, "agency": {"type": "string"},
    "group": {"enum": ["agency", "procedure", "channel"]}, "rows": {"type": "array", "items": ref("FigureRow"), "description": "One per agency, procedure or channel with any figure, by code; the top level is their total."}}}]}
schemas["TransparencyRow"] = {"type": "object", "required": ["agency_code", "agency_name", "received", "settled", "settled_on_time", "on_time_ratio"], "properties": {
    "agency_code": {"type": "string"}, "agency_name": {"type": "string"}, "received": {"type": "integer"}, "settled": {"type": "integer"},
    "settled_on_time": {"type": "integer"}, "on_time_ratio": {"type": "number", "description": "settled_on_time / settled;" + RATIO0}}}
schemas["Transparency"] = {"type": "object", "required": ["from", "to", "rows", "total"], "properties": {
    "from": {"type": "string", "format": "date"}, "to": {"type": "string", "format": "date"},
    "rows": {"type": "array", "items": ref("TransparencyRow")}, "total": ref("TransparencyRow")}}
PERIOD = [qp("from", "First day, YYYY-MM-DD (default the first of this month, or of to's month).", {"type": "string", "format": "date"}),
          qp("to", "Last day, YYYY-MM-DD (default today); from ≤ to, at most five years apart.", {"type": "string", "format": "date"})]
FORMAT = qp("format", "json (default), csv (UTF-8 with a byte order mark) or xlsx.", {"enum": ["json", "csv", "xlsx"]})
def export(desc, schema):
    return {"description": desc, "content": {"application/json": {"schema": schema}, "text/csv": {"schema": {"type": "string"}},
        XLSX_CT: {"schema": {"type": "string", "contentMediaType": "application/octet-stream"}}}}
paths["/reports/service-levels"] = {"get": {"operationId": "serviceLevels", "summary": "Procedures in force by online level, against the city's targets.",
    "tags": ["reports"], "description": "Public. Over the procedures in force now; with agency, those it receives. Beside the CONTRACT's keys: the legacy levels 3 and 4 and each target with its status.",
    "parameters": [qp("agency", "Only the procedures this agency receives.")],
    "responses": {"200": resp("The counts, ratios and targets.", ref("LevelReport")), "400": E400, "404": err("No agency with that code.")}}}
paths["/reports/service-levels/progress"] = {"get": {"operationId": "serviceLevelProgress", "summary": "Service levels at the end of each of the last months.",
    "tags": ["reports"], "description": "Public. From the catalog's version history: each month counts the versions in force on its last day (decisions by their effective date), not today's state.",
    "parameters": [qp("agency", "Only the procedures this agency receives."), qp("months", "How many months, the current one last.", {"type": "integer", "minimum": 1, "maximum": 120, "default": 12}), FORMAT],
    "responses": {"200": export("One entry per month, oldest first.", lst(ref("MonthLevels"))), "400": E400, "404": err("No agency with that code."), "422": E422}}}
paths["/reports/targets"] = {"get": {"operationId": "reportTargets", "summary": "The city's service-level targets.", "tags": ["reports"],
    "responses": {"200": resp("Every target by key.", lst(ref("Target")))}}}
paths["/reports/targets/{key}"] = {"put": {"operationId": "setReportTarget", "summary": "Change a target.", "tags": ["reports"], "security": BEARER,
    "description": "System administrators only; audited (report.target).", "parameters": [pp("key", "The target's key, e.g. online or full.")],
    "requestBody": {"required": True, "content": {"application/json": {"schema": ref("TargetInput")}}},
    "responses": {"200": resp("The stored target.", ref("Target")), "400": E400, "401": E401, "403": E403, "404": E404, "422": E422}}}
paths["/reports/dossiers"] = {"get": {"operationId": "dossierFigures", "summary": "Dossier figures over a period: received, settled, on time, in progress, overdue.",
    "tags": ["reports"], "description": "Public by agency (the transparency the national portal also publishes); by procedure or channel, counted from the period's dossiers rather than the aggregates, staff only (a bearer token of any role but citizen). csv and xlsx export the rows, one per agency "
        "(columns agency_code, agency_name and the JSON keys; with group=procedure procedure_code, procedure_name; with group=channel channel, channel_name), without a total row. Ratios are 0 when their denominator is 0.",
    "parameters": PERIOD + [qp("agency", "Only this agency's dossiers."), qp("group", "One row per agency (default), procedure or channel (staff only).", {"enum": ["agency", "procedure", "channel"]}), FORMAT],
    "responses": {"200": export("The figures.", ref("DossierReport")), "400": E400, "401": err("group=procedure or channel without a bearer token."),
        "403": err("group=procedure or channel asked by a citizen."), "404": err("No agency with that code."), "422": E422}}}
paths["/reports/transparency"] = {"get": {"operationId": "transparency", "summary": "The public on-time table: per agency, received, settled and the on-time rate.",
    "tags": ["reports"], "parameters": PERIOD + [FORMAT],
    "responses": {"200": export("One row per agency and the city's total.", ref("Transparency")), "400": E400, "422": E422}}}
NUM = {"type": ["number", "null"]}
schemas["IndicatorScore"] = {"type": "object", "required": ["code", "name", "score", "max_score", "source", "computed"], "properties": {
    "code": {"type": "string", "description": "The indicator's number in Decision 766/QĐ-TTg (1.1 … 5.4)."}, "group": {"type": "string"},
    "name": {"type": "string", "description": "In the caller's language (Accept-Language)."}, "name_en": {"type": "string"},
    "score": dict(NUM, description="Points earned; null when the indicator is not computed (no data in motcua: see reason)."),
    "max_score": {"type": "number", "description": "Points the indicator can earn (0 when not computed or, for 2.2, reported without points)."},
    "value": {"type": "number", "description": "A rate from 0 to 1, or days for 2.2; absent without data."}, "unit": {"enum": ["rate", "days"]},
    "numerator": {"type": "integer"}, "denominator": {"type": "integer"}, "threshold": {"type": "number"},
    "source": {"type": "string", "description": "Where the formula and the weight come from, with its [C]/[S]/[U] tag."},
    "computed": {"type": "boolean"}, "reason": {"type": "string"}, "reason_en": {"type": "string"},
    "formula": {"type": "string"}, "formula_en": {"type": "string"}}}
schemas["IndicatorScorecard"] = {"type": "object", "required": ["indicators", "total_score"], "properties": {
    "agency": {"type": "string"}, "agency_name": {"type": "string"}, "month": {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}$"},
    "indicators": {"type": "array", "items": ref("IndicatorScore")}, "total_score": {"type": "number"},
    "max_total": {"type": "number", "description": "The points the computed indicators can earn (the rest of the 100 is not computed)."},
    "computed_at": {"type": "string", "format": "date-time"}}}
schemas["IndicatorRanking"] = {"type": "object", "required": ["month", "items"], "properties": {
    "month": {"type": "string"}, "items": {"type": "array", "items": {"type": "object", "properties": {
        "rank": {"type": "integer"}, "agency": {"type": "string"}, "agency_name": {"type": "string"}, "total_score": {"type": "number"},
        "max_total": {"type": "number"}, "values": {"type": "object", "additionalProperties": NUM}}}}}}
schemas["IndicatorItems"] = {"type": "object", "required": ["items", "total"], "properties": {
    "agency": {"type": "string"}, "month": {"type": "string"}, "code": {"type": "string"}, "list": {"enum": ["numerator", "denominator"]},
    "kind": {"enum": ["dossier", "procedure"]}, "items": {"type": "array", "items": {"type": "string"}}, "total": {"type": "integer"},
    "page": {"type": "integer"}, "per_page": {"type": "integer"}}}
IND = "Officers (reception, specialist, leader) of the agency or of an agency above it, and system administrators; others 403. An unknown agency is 404 naming `agency`; a month not YYYY-MM or after the current one is 422 naming `month`."
MONTH = qp("month", "YYYY-MM, Vietnam's time (default the current month).")
paths["/reports/indicators"] = {"get": {"operationId": "indicatorScores", "summary": "An agency's Decision 766/QĐ-TTg indicators for a month.", "tags": ["reports"], "security": BEARER,
    "description": IND + " Scores are stored per agency and month by the indicators-compute job (hourly: the current and previous month, frozen three days after the month ends) and computed on demand when missing. Indicators without data in motcua are listed with computed false and the reason, and earn no points.",
    "parameters": [MONTH, qp("agency", "The agency's code (default the officer's own).")],
    "responses": {"200": resp("The scorecard.", ref("IndicatorScorecard")), "401": E401, "403": E403, "404": E404, "422": E422}}}
paths["/reports/indicators/ranking"] = {"get": {"operationId": "indicatorRanking", "summary": "The agencies ranked by their Decision 766 total for a month.", "tags": ["reports"], "security": BEARER,
    "description": IND + " Lists the agencies the caller may see, highest total first; equal totals share a rank.",
    "parameters": [MONTH], "responses": {"200": resp("The ranking.", ref("IndicatorRanking")), "401": E401, "403": E403, "422": E422}}}
paths["/reports/indicators/{code}/dossiers"] = {"get": {"operationId": "indicatorDossiers", "summary": "The dossiers behind an indicator's figure.", "tags": ["reports"], "security": BEARER,
    "description": IND + " The dossier codes (procedure codes for 3.1 and 3.2) counted in the numerator (default) or the denominator; 404 indicator_not_found for an indicator that is not computed.",
    "parameters": [pp("code", "The indicator's number, e.g. 2.1."), MONTH, qp("agency", "The agency's code (default the officer's own)."),
        qp("list", "numerator or denominator.", {"enum": ["numerator", "denominator"]})] + PAGE,
    "responses": {"200": resp("A page of the list.", ref("IndicatorItems")), "400": E400, "401": E401, "403": E403, "404": E404, "422": E422}}}
# ---- Process review (rà soát quy trình), internal/review ------------------------------------
REVIEWER = ("Leaders (their own agency only: another agency is 403), catalog administrators and system administrators (any agency, or the city "
            "without agency); others 403. Times are working hours on the agency's calendar (office hours, days off and holidays excluded); "
            "percentiles are nearest-rank (of n sorted values, the p-th is the value at rank ⌈p·n/100⌉). Computed on demand from the dossiers "
            "submitted from `from` to `to` inclusive: at most 366 days per request (422 naming `to`).")
REVIEW_Q = [qp("from", "First submission day, YYYY-MM-DD (Vietnam).", required=True), qp("to", "Last submission day, YYYY-MM-DD; at most 366 days after from counted inclusively.", required=True),
            qp("agency", "The agency's code (a leader: their own, the default).")]
STEP_STAT = {"type": "object", "required": ["step", "name", "budget_percent", "budget_hours", "passes", "median_hours", "p90_hours", "late", "late_share", "p90_budget_ratio"], "properties": {
    "step": {"type": "string"}, "name": {"type": "string"}, "budget_percent": {"type": "integer", "description": "The step's share of the legal time in the current process."},
    "budget_hours": {"type": "number", "description": "The share of the settled dossiers' median legal time, split as the workflow splits it."},
    "passes": {"type": "integer", "description": "Ended passes through the step (a dossier sent back passes again)."},
    "median_hours": {"type": "number"}, "p90_hours": {"type": "number"}, "late": {"type": "integer", "description": "Passes that ended past the step's due time."},
    "late_share": {"type": "number"}, "p90_budget_ratio": {"type": "number", "description": "P90 / budget; 0 without a budget."}}}
schemas["ReviewStep"] = STEP_STAT
OUTCOME = {"type": "object", "required": ["on_time", "on_time_share", "median_hours"], "properties": {
    "on_time": {"type": "integer"}, "on_time_share": {"type": "number"}, "median_hours": {"type": "number"}}}
schemas["Review"] = {"type": "object", "required": ["procedure", "name", "from", "to", "time_unit", "steps", "total"], "properties": {
    "procedure": {"type": "string"}, "name": {"type": "string"}, "agency": {"type": "string"}, "from": {"type": "string", "format": "date"}, "to": {"type": "string", "format": "date"},
    "time_unit": {"const": "working_hours"}, "steps": {"type": "array", "items": ref("ReviewStep")},
    "total": {"type": "object", "description": "Dossiers settled (returned or refused) after a receipt with a legal due time: receipt to settlement against the legal time.",
        "required": ["dossiers", "legal_hours", "median_hours", "p90_hours", "on_time", "on_time_share"], "properties": {
        "dossiers": {"type": "integer"}, "legal_hours": {"type": "number", "description": "The median legal time."}, "median_hours": {"type": "number"},
        "p90_hours": {"type": "number"}, "on_time": {"type": "integer"}, "on_time_share": {"type": "number"}}}}}
schemas["Bottlenecks"] = {"type": "object", "required": ["from", "to", "items"], "properties": {
    "agency": {"type": "string"}, "from": {"type": "string", "format": "date"}, "to": {"type": "string", "format": "date"},
    "items": {"type": "array", "items": {"allOf": [ref("ReviewStep"), {"type": "object", "required": ["procedure", "procedure_name"], "properties": {
        "procedure": {"type": "string"}, "procedure_name": {"type": "string"}}}]}}}}
schemas["Simulation"] = {"type": "object", "required": ["procedure", "from", "to", "step", "model", "time_unit", "dossiers", "before", "after", "late_to_on_time"], "properties": {
    "procedure": {"type": "string"}, "agency": {"type": "string"}, "from": {"type": "string", "format": "date"}, "to": {"type": "string", "format": "date"},
    "step": {"type": "string"}, "model": {"enum": ["remove", "budget"]}, "budget_hours": {"type": "integer"}, "time_unit": {"const": "working_hours"},
    "dossiers": {"type": "integer", "description": "Settled dossiers replayed."}, "before": OUTCOME, "after": OUTCOME,
    "late_to_on_time": {"type": "integer", "description": "Dossiers late before the change and on time after it."}}}
paths["/reports/review"] = {"get": {"operationId": "review", "summary": "Process review of a procedure: per step, passes, median and P90 time against the step's budget, late share; the whole dossier against the legal time.",
    "tags": ["reports"], "security": BEARER, "description": REVIEWER + " ?format=csv (the step table) or xlsx (steps and total) downloads it.",
    "parameters": [qp("procedure", "The procedure's code.", required=True)] + REVIEW_Q + [qp("format", "csv or xlsx for a download.", {"enum": ["csv", "xlsx"]})],
    "responses": {"200": {"description": "The review.", "content": {"application/json": {"schema": ref("Review")}, "text/csv": {"schema": {"type": "string"}},
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {"schema": {"type": "string", "contentMediaType": "application/octet-stream"}}}},
        "401": E401, "403": E403, "422": E422}}}
paths["/reports/review/bottlenecks"] = {"get": {"operationId": "reviewBottlenecks", "summary": "The steps that overrun their budget most, across procedures.",
    "tags": ["reports"], "security": BEARER, "description": REVIEWER + " Ranked by P90 / budget, then late share, then passes; steps without a budget or an ended pass are left out; at most 20.",
    "parameters": REVIEW_Q, "responses": {"200": resp("The bottleneck list.", ref("Bottlenecks")), "401": E401, "403": E403, "422": E422}}}
paths["/reports/review/simulate"] = {"get": {"operationId": "reviewSimulate", "summary": "Replay the period's settled dossiers with a step removed or its budget cut.",
    "tags": ["reports"], "security": BEARER, "description": REVIEWER + " Model, per dossier, over the step's passes since its latest receipt: remove takes all the time spent in "
    "the step off the dossier's total; budget_hours=X takes off the time beyond X (a dossier within X is unchanged). Other steps and the legal due time stay; a dossier is on time "
    "after when it was before, or when it saved time and its new total is within its legal time. Exactly one of remove and budget_hours (422 naming budget_hours).",
    "parameters": [qp("procedure", "The procedure's code.", required=True)] + REVIEW_Q + [qp("step", "The step's id in the procedure's process.", required=True),
        qp("remove", "1 to remove the step.", {"enum": ["1", "true"]}), qp("budget_hours", "The step's new budget in working hours.", {"type": "integer", "minimum": 0, "maximum": 2500})],
    "responses": {"200": resp("The simulation.", ref("Simulation")), "401": E401, "403": E403, "422": E422}}}

# ---- Portal: news and readers' comments (issue 14), internal/news ---------------------------
CATEGORY = {"enum": ["tin-tuc", "thong-bao", "huong-dan", "chi-dao-dieu-hanh"], "description": "tin-tuc news, thong-bao announcements, huong-dan guidance on procedures, chi-dao-dieu-hanh the committee's directives."}
ART_STATUS = {"enum": ["draft", "review", "published", "withdrawn"]}
EDITORS = "Editors (biên tập viên) and system administrators in every category; the committee office (văn phòng) in chi-dao-dieu-hanh only; others 403, anonymous 401."
schemas["ArticleItem"] = {"type": "object", "required": ["slug", "title", "summary", "category", "tags", "published_at", "views"], "properties": {
    "slug": {"type": "string"}, "title": {"type": "string"}, "summary": {"type": "string"}, "category": CATEGORY,
    "tags": {"type": "array", "items": {"type": "string"}}, "published_at": {"type": ["string", "null"], "format": "date-time", "description": "Publication time (ahead of now when scheduled); null for a draft never published."},
    "views": {"type": "integer", "description": "Views counted so far; counts are written in batches every few seconds, so this may lag."}}}
schemas["Article"] = {"allOf": [ref("ArticleItem"), {"type": "object", "required": ["status", "scheduled", "body_html", "procedures", "related", "version", "updated_at"], "properties": {
    "status": ART_STATUS, "scheduled": {"type": "boolean", "description": "Published with a publication time still ahead: readers do not see it yet."},
    "body_html": {"type": "string", "description": "The Markdown body rendered (goldmark, raw HTML left out) and sanitised (bluemonday): no script, style, event attribute, SVG, javascript: or data: link; images only from the portal's own store."},
    "title_en": {"type": "string"}, "summary_en": {"type": "string"}, "body_html_en": {"type": "string", "description": "The English body, rendered alike, when the article has one."},
    "body": {"type": "string", "description": "The Markdown source, for those who may edit the article."},
    "procedures": {"type": "array", "items": {"type": "string"}, "description": "Codes of the catalog's procedures the article is about."},
    "related": {"type": "array", "items": ref("ArticleItem"), "description": "Up to 3 published articles: sharing most tags, then the newest of the category."},
    "version": {"type": "integer"}, "updated_at": DT}}]}
schemas["ArticleInput"] = {"type": "object", "required": ["title", "summary", "body", "category"], "additionalProperties": False, "properties": {
    "title": {"type": "string"}, "summary": {"type": "string"}, "body": {"type": "string", "description": "Markdown (CommonMark with tables and strikethrough)."},
    "title_en": {"type": "string"}, "summary_en": {"type": "string"}, "body_en": {"type": "string", "description": "The English version, shown to English readers when title_en and body_en are given."},
    "category": CATEGORY, "tags": {"type": "array", "items": {"type": "string"}},
    "procedures": {"type": "array", "items": {"type": "string"}, "description": "Codes of procedures in the catalog (an unknown code is 422 naming procedures.N)."},
    "publish_at": {"type": "string", "format": "date-time", "description": "RFC 3339; ahead of now schedules the publication."},
    "status": {"enum": ["draft", "review", "published"], "description": "Default published. Ignored by PUT, which keeps the status."},
    "note": {"type": "string", "description": "Why this version, kept in the history."}}}
schemas["ArticleVersion"] = {"type": "object", "required": ["version", "status", "category", "title", "summary", "body", "tags", "procedures", "publish_at", "note", "edited_by", "edited_at"], "properties": {
    "version": {"type": "integer"}, "status": ART_STATUS, "category": CATEGORY, "title": {"type": "string"}, "summary": {"type": "string"}, "body": {"type": "string"},
    "tags": {"type": "array", "items": {"type": "string"}}, "procedures": {"type": "array", "items": {"type": "string"}},
    "publish_at": {"type": ["string", "null"], "format": "date-time"}, "note": {"type": "string"}, "edited_by": {"type": "string"}, "edited_at": DT}}
schemas["Comment"] = {"type": "object", "required": ["id", "name", "body", "citizen", "created_at"], "properties": {
    "id": {"type": "integer"}, "name": {"type": "string"}, "body": {"type": "string", "description": "Plain text."},
    "citizen": {"type": "boolean", "description": "Written by a citizen signed in."}, "created_at": DT,
    "email": {"type": "string", "description": "Editors only."}, "status": {"enum": ["pending", "approved", "rejected"], "description": "Editors only."},
    "spam": {"type": "array", "items": {"enum": ["links", "banned", "repeated", "caps", "duplicate"]}, "description": "Editors only: the spam rules the comment broke (more than 2 links, a banned word, a character repeated more than 9 times, 20 letters or more all in capitals, the same text as a comment the article has)."},
    "reason": {"type": "string", "description": "Editors only: why it was rejected."},
    "article": {"type": "object", "description": "Editors only.", "properties": {"slug": {"type": "string"}, "title": {"type": "string"}}}}}
schemas["CommentInput"] = {"type": "object", "required": ["name", "body"], "additionalProperties": False, "properties": {
    "name": {"type": "string"}, "email": {"type": "string", "format": "email", "description": "Optional; never shown to readers."}, "body": {"type": "string", "description": "Plain text."}}}
schemas["ModerationInput"] = {"type": "object", "required": ["decision"], "additionalProperties": False, "properties": {
    "decision": {"enum": ["approve", "reject"]}, "reason": {"type": "string", "description": "Required to reject (422 naming reason)."}}}
SLUG = pp("slug", "The article's slug.")
paths["/articles"] = {
  "get": {"operationId": "listArticles", "summary": "Published articles, newest first.", "tags": ["portal"],
    "description": "Public. q matches whole words whatever the diacritics, case or Unicode normalisation of either side, đ matching d, like the catalog's search. Editors (and the office, for chi-dao-dieu-hanh) may ask status= for drafts, articles in review, published or withdrawn ones, most recently changed first; anyone else asking status= gets 401/404.",
    "parameters": [qp("q", "Search words (at most 200 bytes)."), qp("tag", "A tag."), qp("category", "A category.", CATEGORY), qp("status", "Editors: articles in this status.", ART_STATUS)] + PAGE,
    "responses": {"200": resp("One page.", lst(ref("ArticleItem"))), "400": E400, "422": E422}},
  "post": {"operationId": "createArticle", "summary": "Write an article: published at once unless publish_at lies ahead (scheduled) or status is draft or review.", "tags": ["portal"],
    "security": BEARER, "description": EDITORS + " The slug comes from the title (folded, hyphenated, made unique with -2, -3…). Every save is kept as a version.",
    "requestBody": {"required": True, "content": {"application/json": {"schema": ref("ArticleInput")}}},
    "responses": {"201": resp("The article.", ref("Article")), "400": E400, "401": E401, "403": E403, "413": E413, "422": E422}}}
paths["/articles/{slug}"] = {
  "get": {"operationId": "getArticle", "summary": "An article; reading it counts a view.", "tags": ["portal"], "parameters": [SLUG],
    "description": "Public once published and its time has come; before that, or withdrawn, only those who may write it see it (404 to others).",
    "responses": {"200": resp("The article.", ref("Article")), "404": E404}},
  "put": {"operationId": "updateArticle", "summary": "Save a new version of an article's content (its status stays).", "tags": ["portal"], "security": BEARER,
    "description": EDITORS + " An article the caller may not write is 404.", "parameters": [SLUG],
    "requestBody": {"required": True, "content": {"application/json": {"schema": ref("ArticleInput")}}},
    "responses": {"200": resp("The article.", ref("Article")), "400": E400, "401": E401, "403": E403, "404": E404, "413": E413, "422": E422}}}
paths["/articles/{slug}/status"] = {"post": {"operationId": "moveArticle", "summary": "Move an article along the editorial flow.", "tags": ["portal"], "security": BEARER,
    "description": EDITORS + " draft → review or published; review → published, or back to draft (editors); published → withdrawn (a note saying why is required: 422 naming note); withdrawn → draft. Any other move is 409 `bad_move`. Publishing keeps a publication time still ahead, else publishes now.",
    "parameters": [SLUG], "requestBody": {"required": True, "content": {"application/json": {"schema": {"type": "object", "required": ["status"], "additionalProperties": False, "properties": {
        "status": ART_STATUS, "note": {"type": "string"}}}}}},
    "responses": {"200": resp("The article.", ref("Article")), "400": E400, "401": E401, "403": E403, "404": E404, "409": E409, "422": E422}}}
paths["/articles/{slug}/versions"] = {"get": {"operationId": "articleVersions", "summary": "Every saved version of an article, newest first.", "tags": ["portal"], "security": BEARER,
    "description": "Those who may write the article; 404 to others.", "parameters": [SLUG],
    "responses": {"200": resp("The versions.", lst(ref("ArticleVersion"))), "401": E401, "404": E404}}}
paths["/articles/{slug}/comments"] = {
  "get": {"operationId": "listComments", "summary": "A published article's approved comments, oldest first.", "tags": ["portal"], "parameters": [SLUG] + PAGE,
    "responses": {"200": resp("One page.", lst(ref("Comment"))), "400": E400, "404": E404}},
  "post": {"operationId": "postComment", "summary": "Comment on a published article; nothing shows until an editor approves it.", "tags": ["portal"], "parameters": [SLUG],
    "description": "Anyone; a citizen signed in is shown as such. Each client address may post 5 comments a minute (more is 429 `rate_limited` with Retry-After). Spam rules mark the comment for the editors (Comment.spam); the answer is the same.",
    "requestBody": {"required": True, "content": {"application/json": {"schema": ref("CommentInput")}}},
    "responses": {"202": resp("Recorded, pending moderation.", {"type": "object", "required": ["id", "status"], "properties": {"id": {"type": "integer"}, "status": {"const": "pending"}}}),
        "400": E400, "404": E404, "413": E413, "422": E422, "429": err("Too many comments from this address: `rate_limited`.")}}}
paths["/comments"] = {"get": {"operationId": "moderationQueue", "summary": "The comments awaiting moderation: those no spam rule marked first, oldest first, at most 100.", "tags": ["portal"],
    "security": BEARER, "description": "Editors and system administrators; others 403.",
    "responses": {"200": resp("The queue; total counts every pending comment.", lst(ref("Comment"))), "401": E401, "403": E403}}}
paths["/comments/{id}/moderation"] = {"post": {"operationId": "moderateComment", "summary": "Approve or reject a comment.", "tags": ["portal"], "security": BEARER,
    "description": "Editors and system administrators; others 403. A decision may be changed later (an approved comment hidden); the same decision twice is 409 `already_moderated`.",
    "parameters": [pp("id", "The comment's id.")], "requestBody": {"required": True, "content": {"application/json": {"schema": ref("ModerationInput")}}},
    "responses": {"200": resp("The comment.", ref("Comment")), "400": E400, "401": E401, "403": E403, "404": E404, "409": E409, "422": E422}}}
paths["/articles/{slug}/images"] = {"post": {"operationId": "addArticleImage", "summary": "Upload an image for an article; its url goes in the Markdown.", "tags": ["portal"],
    "security": BEARER, "parameters": [SLUG],
    "description": EDITORS + " JPEG, PNG, GIF or WebP sniffed from the bytes (415 otherwise: never SVG), at most 8 MB and 40 million pixels (413); resized to at most 1200 pixels wide and re-encoded as JPEG (PNG stays PNG), which drops its metadata. Kept in the file store by the SHA-256 of the new bytes; served publicly at url.",
    "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {"type": "object", "required": ["file"],
        "properties": {"file": {"type": "string", "contentMediaType": "application/octet-stream"}}}}}},
    "responses": {"201": resp("The stored image.", {"type": "object", "required": ["sha256", "url", "content_type", "size", "width", "height"], "properties": {
        "sha256": {"type": "string"}, "url": {"type": "string", "description": "/tin-tuc/anh/{sha256}"}, "content_type": {"enum": ["image/jpeg", "image/png"]},
        "size": {"type": "integer"}, "width": {"type": "integer"}, "height": {"type": "integer"}}}),
        "400": E400, "401": E401, "403": E403, "404": E404, "413": E413, "415": E415, "422": E422}}}

# ---- Bounds of request bodies ---------------------------------------------------------------
# The API enforces every maxLength (in characters) and maxItems of a request body as written
# here (internal/api/bounds.go), and each body's size (x-max-bytes, the route table of
# internal/api/api.go). A test fails on a route whose figure differs or on any string or list
# of a body left unbounded.
def at(schema, path):
    node = schema
    for part in path.split("."):
        arr = part.endswith("[]"); name = part[:-2] if arr else part
        if name: node = deref(node)["properties"][name]
        if arr: node = deref(node)["items"]
    return deref(node)
def deref(node): return schemas[node["$ref"].rsplit("/", 1)[1]] if "$ref" in node else node
def bound(schema, paths):
    for path, n in paths.items():
        node = at(schema, path)
        node["maxItems" if node.get("type") == "array" else "maxLength"] = n
def bound_rest(s, text, items):
    """Bounds every string and list under s that has no bound yet, with the catalog's limits."""
    if not isinstance(s, dict) or "$ref" in s: return
    t = s.get("type"); types = t if isinstance(t, list) else [t]
    if "string" in types and "maxLength" not in s and s.get("format") not in ("date", "date-time"): s["maxLength"] = text
    if "array" in types and "maxItems" not in s: s["maxItems"] = items
    for sub in list(s.get("properties", {}).values()) + [s.get("items")]: bound_rest(sub, text, items)

ID = 64  # codes and ids: procedure, agency, component, file, step, account
bound(schemas["AttachmentInput"], {"component": 128, "file": ID})
bound(schemas["SubmitInput"], {"procedure_code": ID, "agency_code": ID, "attachments": 100})
bound(schemas["ActionInput"], {"assignee": ID, "attachments": 100, "new_due": 40})
bound(schemas["Definition"], {"procedure_code": ID, "name": 300, "decision": 100, "start": ID, "steps": 100, "steps[].id": ID,
    "steps[].name": 300, "steps[].actions": 50, "steps[].actions[].action": ID, "steps[].actions[].to": ID, "steps[].actions[].roles": 3})
bound(schemas["ProfileInput"], {"id_number": 12, "phone": 32, "email": 254, "unit_code": 5})
# The catalog's own limits (internal/catalog/validate.go); the rest are its 10,000 characters and 200 items.
bound(schemas["Procedure"], {"code": 32, "local_code": ID, "name": 1000, "field": 200, "implementing_agency": 1000, "deciding_agency": 1000,
    "source": 2000, "legal_bases[]": 1000, "agency_codes[]": ID, "fees[].name": 1000, "components[].id": ID, "components[].name": 2000})
bound(schemas["Fee"], {"legal_basis": 1000, "statement": 2000, "per_component": ID, "case": ID, "reductions": 20})
bound(schemas["Reduction"], {"name": 1000, "legal_basis": 1000, "statement": 2000, "categories": 20, "categories[]": ID})
bound(schemas["LegalDocument"], {"number": 200, "kind": 200, "title": 2000, "source": 2000})
bound(schemas["Citation"], {"figure": 200, "source": 2000})
bound(schemas["Synonym"], {"phrase": 200, "means": 200})  # and 8 words each
for name in ("Procedure", "Fee", "Reduction", "Component", "LegalDocument", "Citation"): bound_rest(schemas[name], 10000, 200)
bound(schemas["Decision"], {"number": 100, "signer": 200, "title": 1000, "publish": 5000, "amend": 5000, "abolish": 5000, "abolish[]": 32})  # and 5,000 in all
for op, paths_ in ((paths["/auth/signup"]["post"], {"login": 254}), (paths["/auth/verify"]["post"], {"login": 254}),
                   (paths["/auth/resend"]["post"], {"login": 254}), (paths["/catalog/import"]["post"], {"": 5000}),
                   (paths["/dossiers/{code}/consultations"]["post"], {"agency_code": ID, "question": 4000}),
                   (paths["/consultations/{id}/answer"]["post"], {"answer": 8000})):
    sch = op["requestBody"]["content"]["application/json"]["schema"]
    for path, n in paths_.items():
        node = sch if path == "" else at(sch, path)
        node["maxItems" if node.get("type") == "array" else "maxLength"] = n
at(paths["/auth/verify"]["post"]["requestBody"]["content"]["application/json"]["schema"], "code")["maxLength"] = 6
bound(schemas["Applicant"], {"name": 200, "id_number": 12, "phone": 32, "email": 254, "address": 300})
bound(schemas["PaymentInput"], {"invoice": ID, "bill": ID})
bound(schemas["WebhookCredit"], {"bank_bin": 6, "account": ID, "transaction_id": ID, "description": 500})
bound(schemas["ResolutionInput"], {"note": 500, "invoice": ID})
bound(schemas["RefundInput"], {"reason": 500})
bound(schemas["RefundClose"], {"note": 500})
# internal/news's limits (news.go).
bound(schemas["ArticleInput"], {"title": 500, "summary": 4000, "body": 100000, "title_en": 500, "summary_en": 4000, "body_en": 100000,
    "tags": 10, "tags[]": 50, "procedures": 20, "procedures[]": ID, "publish_at": 40, "note": 500})
bound(schemas["CommentInput"], {"name": 100, "email": 254, "body": 2000})
bound(schemas["ModerationInput"], {"reason": 500})
at(paths["/articles/{slug}/status"]["post"]["requestBody"]["content"]["application/json"]["schema"], "note")["maxLength"] = 500

KiB, MiB = 1 << 10, 1 << 20
MAX_BYTES = {("post", "/auth/token"): 16 * KiB, ("post", "/decisions"): 64 * MiB, ("post", "/catalog/import"): 64 * MiB,
             ("post", "/dossiers"): MiB, ("post", "/counter/dossiers"): MiB, ("post", "/processes"): MiB,
             ("post", "/drafts"): 512 * KiB, ("put", "/drafts/{id}"): 512 * KiB,
             ("post", "/articles"): MiB, ("put", "/articles/{slug}"): MiB, ("post", "/articles/{slug}/images"): 9 * MiB,
             ("post", "/files"): 21 * MiB, ("post", "/payments/statements"): 5 * MiB}  # the default 20 MB file limit (--max-upload-mb) and 1 MiB of framing
# ---- The committee's directives and their tasks (issue 14), internal/directive -------------
TASK_STATE = {"enum": ["done_on_time", "done_late", "in_progress", "overdue"], "description": "Computed when answered, in calendar days in "
    "Asia/Ho_Chi_Minh: done on or before due_on is done_on_time, after it done_late; an open task is overdue from the day after due_on, in_progress until then."}
schemas["DirectiveTaskInput"] = {"type": "object", "required": ["agency_code", "title", "due_on"], "additionalProperties": False, "properties": {
    "agency_code": {"type": "string", "description": "The agency assigned: a department's code or a ward's 5-digit unit code."},
    "title": {"type": "string"}, "due_on": {"type": "string", "format": "date", "description": "On or after signed_on."}}}
schemas["DirectiveInput"] = {"type": "object", "required": ["number", "signed_on", "title", "summary", "tasks"], "additionalProperties": False, "properties": {
    "number": {"type": "string", "examples": ["25/CT-UBND"]}, "signed_on": {"type": "string", "format": "date", "description": "Not after today."},
    "signer": {"type": "string"}, "title": {"type": "string"}, "summary": {"type": "string"},
    "document": {"type": "string", "description": "The signed document: the id of a PDF the caller uploaded (POST /files)."},
    "tasks": {"type": "array", "minItems": 1, "items": ref("DirectiveTaskInput")}}}
schemas["DirectiveReport"] = {"type": "object", "required": ["id", "status", "note", "author", "at", "files"], "properties": {
    "id": {"type": "integer"}, "status": {"enum": ["in_progress", "done"]}, "note": {"type": "string"}, "author": {"type": "string"},
    "at": {"type": "string", "format": "date-time"}, "files": {"type": "array", "items": {"type": "object", "required": ["id", "name"], "properties": {
        "id": {"type": "string"}, "name": {"type": "string"}}}}}}
schemas["DirectiveTask"] = {"type": "object", "required": ["id", "directive_id", "directive_number", "seq", "agency_code", "title", "due_on", "progress", "status"], "properties": {
    "id": {"type": "integer"}, "directive_id": {"type": "integer"}, "directive_number": {"type": "string"}, "directive_title": {"type": "string"},
    "seq": {"type": "integer", "description": "The task's place in its directive, from 1."}, "agency_code": {"type": "string"}, "agency_name": {"type": "string"},
    "title": {"type": "string"}, "due_on": {"type": "string", "format": "date"}, "progress": {"enum": ["assigned", "in_progress", "done"], "description": "What the agency last reported."},
    "done_at": {"type": "string", "format": "date-time"}, "done_on": {"type": "string", "format": "date"}, "reported_at": {"type": "string", "format": "date-time"},
    "status": TASK_STATE, "reports": {"type": "array", "items": ref("DirectiveReport"), "description": "With GET /directive-tasks/{id} only, oldest first."}}}
schemas["Directive"] = {"type": "object", "required": ["id", "number", "signed_on", "title", "summary", "agency_code", "created_at", "tasks"], "properties": {
    "id": {"type": "integer"}, "number": {"type": "string"}, "signed_on": {"type": "string", "format": "date"}, "signer": {"type": "string"},
    "title": {"type": "string"}, "summary": {"type": "string"}, "document": {"type": "string", "description": "The signed PDF's file id."},
    "slug": {"type": "string", "description": "Its article on the portal (category chi-dao-dieu-hanh)."}, "agency_code": {"type": "string", "description": "The issuing agency."},
    "created_at": {"type": "string", "format": "date-time"}, "tasks": {"type": "array", "items": ref("DirectiveTask")}}}
schemas["DirectiveFigures"] = {"type": "object", "required": ["total", "done", "done_on_time", "done_late", "in_progress", "overdue"], "properties": {
    k: {"type": "integer"} for k in ["total", "done", "done_on_time", "done_late", "in_progress", "overdue"]}}
schemas["DirectiveFigures"]["description"] = "done = done_on_time + done_late; total = done + in_progress + overdue."
schemas["ReportInput"] = {"type": "object", "required": ["status", "note"], "additionalProperties": False, "properties": {
    "status": {"enum": ["in_progress", "done"], "description": "done closes the task on today's date (Asia/Ho_Chi_Minh); later reports are 409 task_done."},
    "note": {"type": "string"}, "files": {"type": "array", "items": {"type": "string"}, "description": "Ids of files the caller uploaded (POST /files)."}}}
FOLLOW = ("The committee office (role office) and system administrators see every agency's tasks; officers (reception, specialist, leader) their own "
          "agency's (another agency: an empty list); others 403.")
DIR_Q = [qp("agency", "Only this agency's tasks (an unknown code is 422 naming agency)."), qp("directive", "Only this directive's tasks (its id).", {"type": "integer", "minimum": 1})]
paths["/directives"] = {"post": {"operationId": "createDirective", "summary": "Record a directive and the tasks it assigns.", "tags": ["directives"], "security": BEARER,
    "description": "The committee office only (403 otherwise). Published on the portal (category chi-dao-dieu-hanh) in the same transaction; each task's agency leaders are told by e-mail. "
        "422 names each offending field: tasks[1].agency_code for an unknown agency, tasks[0].due_on for a date before signed_on; 409 directive_exists for a number already recorded.",
    "requestBody": {"required": True, "content": {"application/json": {"schema": ref("DirectiveInput")}}},
    "responses": {"201": resp("The directive with each task's id.", ref("Directive")), "400": E400, "401": E401, "403": E403, "409": E409, "413": E413, "415": E415, "422": E422}},
  "get": {"operationId": "listDirectives", "summary": "The directives, newest recorded first.", "tags": ["directives"], "security": BEARER,
    "description": FOLLOW.split(";")[0] + "; officers too. Tasks are not listed here.", "parameters": PAGE,
    "responses": {"200": resp("A page of directives.", lst(ref("Directive"))), "400": E400, "401": E401, "403": E403}}}
paths["/directives/{id}"] = {"get": {"operationId": "getDirective", "summary": "A directive with the tasks the caller may see.", "tags": ["directives"], "security": BEARER,
    "description": FOLLOW, "parameters": [pp("id", "The directive's id.")],
    "responses": {"200": resp("The directive.", ref("Directive")), "401": E401, "403": E403, "404": E404}}}
paths["/directive-tasks"] = {"get": {"operationId": "listDirectiveTasks", "summary": "Tasks by agency, directive and state, soonest due first.", "tags": ["directives"], "security": BEARER,
    "description": FOLLOW, "parameters": DIR_Q + [qp("status", "done (either done state), done_on_time, done_late, in_progress or overdue.",
        {"enum": ["done", "done_on_time", "done_late", "in_progress", "overdue"]})] + PAGE,
    "responses": {"200": resp("A page of tasks.", lst(ref("DirectiveTask"))), "400": E400, "401": E401, "403": E403, "422": E422}}}
paths["/directive-tasks/{id}"] = {"get": {"operationId": "getDirectiveTask", "summary": "A task with its progress reports.", "tags": ["directives"], "security": BEARER,
    "description": FOLLOW.replace("(another agency: an empty list)", "(another agency's: 404)"), "parameters": [pp("id", "The task's id.")],
    "responses": {"200": resp("The task.", ref("DirectiveTask")), "401": E401, "404": E404}}}
paths["/directive-tasks/{id}/reports"] = {"post": {"operationId": "reportDirectiveTask", "summary": "Report a task's progress.", "tags": ["directives"], "security": BEARER,
    "description": "A leader of the task's agency only: whoever may see the task otherwise gets 403, anyone else 404. A task reported done is closed (409 task_done after).",
    "parameters": [pp("id", "The task's id.")], "requestBody": {"required": True, "content": {"application/json": {"schema": ref("ReportInput")}}},
    "responses": {"201": resp("The task as it now stands, with its reports.", ref("DirectiveTask")), "400": E400, "401": E401, "403": E403, "404": E404,
        "409": E409, "413": E413, "415": E415, "422": E422}}}
paths["/reports/directives"] = {"get": {"operationId": "directiveFigures", "summary": "The directives' tasks by state.", "tags": ["reports", "directives"], "security": BEARER,
    "description": "The committee office and system administrators any agency or all; officers their own agency (another agency is 403). The workbook for the committee's "
        "meeting (sheets by agency, by directive and every task with its state) is the office's page /chi-dao.xlsx.",
    "parameters": DIR_Q, "responses": {"200": resp("The figures.", ref("DirectiveFigures")), "400": E400, "401": E401, "403": E403, "422": E422}}}
bound(schemas["DirectiveInput"], {"number": 50, "signer": 500, "title": 500, "summary": 4000, "document": ID, "tasks": 100})
bound(schemas["DirectiveTaskInput"], {"agency_code": ID, "title": 500})
bound(schemas["ReportInput"], {"note": 4000, "files": 10, "files[]": ID})
MAX_BYTES[("post", "/directives")] = MiB
for p_, ops in paths.items():
    for m, op in ops.items():
        if "requestBody" in op:
            op["requestBody"]["x-max-bytes"] = MAX_BYTES.get((m, p_), 64 * KiB)
            op["requestBody"].setdefault("description", "")
            op["requestBody"]["description"] = (op["requestBody"]["description"] + " At most %s (413 `body_too_large`); a longer text or list than its field allows is 422 `too_long` naming the field, JSON nested deeper than 32 levels 400 `too_deep`." %
                (f"{op['requestBody']['x-max-bytes'] // MiB} MiB" if op['requestBody']['x-max-bytes'] >= MiB else f"{op['requestBody']['x-max-bytes'] // KiB} KiB")).strip()

doc = {"openapi": "3.1.0",
  "info": {"title": "motcua API", "version": "1",
    "summary": "Catalog of administrative procedures, online public services and the one-stop back office.",
    "description": "JSON in and out, UTF-8, NFC. Times are RFC 3339 with offset (+07:00); dates YYYY-MM-DD; money is an integer number of đồng. Lists take ?page= and ?per_page= and answer {items, total}.",
    "license": {"name": "MIT", "identifier": "MIT"}},
  "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
  "servers": [{"url": "/api/v1"}],
  "tags": [{"name": "auth"}, {"name": "organisation"}, {"name": "catalog"}, {"name": "calendar"}, {"name": "dossiers"}, {"name": "back office"}, {"name": "reports"}, {"name": "bills"}],
  "tags": [{"name": "auth"}, {"name": "organisation"}, {"name": "catalog"}, {"name": "calendar"}, {"name": "dossiers"}, {"name": "back office"}, {"name": "reports"}, {"name": "payments"}, {"name": "directives"}, {"name": "portal"}],
  "paths": paths,
  "components": {"schemas": schemas, "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer",
      "description": "A token from POST /auth/token."}}}}
out = pathlib.Path(__file__).resolve().parent.parent / "internal/api/openapi.json"
out.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n")
