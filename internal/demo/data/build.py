#!/usr/bin/env python3
"""Build internal/demo/data/procedures.json, the demo catalogue seed.

Input:
  * the shared compilation of 46 real procedures (default
    /work/shared/data/procedures/procedures.json, or --source / $MOTCUA_TTHC_SOURCE);
  * overlay.py (hand-written: component ids, steps, channels, competent bodies, form schemas),
    which uses formlib.py;
  * content.py (hand-written: citizens' statements of time and fees, "one of" groups, editors'
    citations) and legal_documents.json (the legal documents cited, with titles and sources);
  * schedules.py (hand-written: each fee's legal basis and schedule: per copy, page or
    component, channel, case, reductions and exemptions).

Output: a JSON array in the shape of catalog.Procedure (internal/catalog/procedure.go), NFC,
UTF-8, 2-space indent, keys in struct order.

Usage:
  python3 build.py                 # write procedures.json next to this file
  python3 build.py --check         # exit 1 if procedures.json is not what the inputs produce
"""

import argparse
import json
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # keep __pycache__ out of the source tree

from overlay import O, ALL3, ONLINE, COUNTER, POST  # noqa: E402
import content  # noqa: E402
import schedules  # noqa: E402
from english import with_english  # noqa: E402

DEFAULT_SOURCE = os.environ.get("MOTCUA_TTHC_SOURCE", "/work/shared/data/procedures/procedures.json")
DEFAULT_OUT = os.path.join(HERE, "procedures.json")
LEGAL_DOCUMENTS = os.path.join(HERE, "legal_documents.json")

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
KEY = re.compile(r"^[a-z][a-z0-9_]*$")
CHANNEL_ORDER = [ONLINE, COUNTER, POST]
CHANNEL_VI = {ONLINE: "Trực tuyến", COUNTER: "Trực tiếp", POST: "Dịch vụ bưu chính"}
LEGACY = {"full": 4, "partial": 3, "none": 2}
BASE_FORMATS = ["pdf", "jpg", "png"]


def nfc(v):
    if isinstance(v, str):
        return unicodedata.normalize("NFC", v)
    if isinstance(v, list):
        return [nfc(x) for x in v]
    if isinstance(v, dict):
        return {nfc(k): nfc(x) for k, x in v.items()}
    return v


def default_channels(level):
    """The lead's rule: full → online+post (+counter when in-person filing exists; every full
    record here shows it), partial → all three, none → counter+post."""
    return {"full": ALL3, "partial": ALL3, "none": [COUNTER, POST]}[level]


def leaf_count(schema, depth=0):
    """Count leaf fields; assert at most one level of nested objects."""
    n = 0
    for key, prop in schema["properties"].items():
        assert KEY.match(key), key
        assert prop.get("title"), key
        if prop.get("type") == "object":
            assert depth == 0, f"nested object deeper than one level: {key}"
            n += leaf_count(prop, depth + 1)
        else:
            n += 1
    return n


def groups_of(code, ids):
    """The "one of" groups of a procedure: the paper declaration with the electronic form, and
    the pairs content.GROUPS names. Returns component id → group."""
    out = {}
    if "to-khai" in ids and "to-khai-dien-tu" in ids:
        out["to-khai"] = out["to-khai-dien-tu"] = "to-khai"
    for group, members in content.GROUPS.get(code, {}).items():
        assert len(members) >= 2 and all(m in ids for m in members), f"{code}: group {group} {members}"
        for m in members:
            out[m] = group
    return out


def portal(src):
    """The stored portal page a record was read from, as editors cite it."""
    if src.get("source_copy"):
        return f"{src['source']} (bản lưu {src['source_copy']})"
    return src["source"]


def fee_source(src, note):
    """Where a fee note's figure comes from: the secondary Hà Nội table, the Long An answer,
    or the record's own page."""
    if "luuhainam-hht" in note:
        return content.HN_FEES
    if "Long An" in note:
        return content.LONGAN
    if "2.000635" in note:
        return content.COPY_FEE
    return portal(src)


def citations(src, c, dropped):
    """The editors' citations: the time and each fee as the source gives them, the other pages
    the compilation used, what content.py adds, and the fees that are not this city's."""
    page = portal(src)
    out = [{"figure": "processing_time", "text": src["processing_time"], "source": page}]
    if c.get("agency"):
        out.append({"figure": "implementing_agency", "text": src["implementing_agency"], "source": page})
    for i, f in enumerate(src["fees"]):
        if f.get("note"):
            fig = f"fees[{i}]" if i not in dropped else "fees (không áp dụng)"
            out.append({"figure": fig, "text": f"{f['name']}: {f['note']}", "source": fee_source(src, f["note"])})
    for e in src.get("extra_sources") or []:
        out.append({"figure": e["used_for"], "text": e["quote"] + (f" ({e['note']})" if e.get("note") else ""), "source": e["url"]})
    for fig, text, source in c.get("cite", []):
        out.append({"figure": fig, "text": text, "source": page if source == "PORTAL" else source})
    return out


def build_components(code, src_comps, ov_comps):
    assert len(src_comps) == len(ov_comps), f"{code}: {len(src_comps)} source components, {len(ov_comps)} in overlay"
    out, seen = [], set()
    groups = groups_of(code, [oc["id"] for oc in ov_comps])
    for sc, oc in zip(src_comps, ov_comps):
        assert oc["match"] in sc["name"], f"{code}: overlay {oc['id']!r} expects {oc['match']!r} in {sc['name']!r}"
        assert SLUG.match(oc["id"]) and oc["id"] not in seen, f"{code}: bad or duplicate id {oc['id']!r}"
        seen.add(oc["id"])
        if not sc["required"]:
            assert oc["condition"], f"{code}: optional component {oc['id']} needs a condition"
        formats = oc["formats"] if oc["formats"] is not None else (BASE_FORMATS + ["docx"] if oc["form"] else list(BASE_FORMATS))
        c = {"id": oc["id"], "name": sc["name"], "originals": sc["originals"], "copies": sc["copies"],
             "required": sc["required"]}
        if oc["condition"]:
            c["condition"] = oc["condition"]
        if formats:  # an empty list means "not uploaded" and is left out
            c["formats"] = formats
        if oc["template_name"]:
            c["template_name"] = oc["template_name"]
        if oc["id"] in groups:
            c["group"] = groups[oc["id"]]
        out.append(c)
    return out


def build_record(src, legal):
    code = src["code"]
    ov = O[code]
    c = content.C[code]
    notes = []
    if src.get("notes"):
        notes.append(src["notes"].strip())
    if src.get("decision"):
        notes.append(f"Quyết định công bố trên trang nguồn: {src['decision']}.")

    # Online level (Decree 42/2022 Art. 11) and the legacy 1–4 level.
    level = src["online_level"] or "partial"
    if src["online_level"] is None:
        if ov.get("channels") is None:
            notes.append("online_level 'partial' theo quy ước mặc định khi nguồn không ghi mức độ dịch vụ trực tuyến.")
        else:
            notes.append("online_level 'partial' do người biên soạn suy ra: nguồn không ghi mức độ; trang Cổng DVCQG có kênh nộp "
                         "Trực tuyến nhưng không ghi 'toàn trình', nên theo Điều 11 Nghị định 42/2022/NĐ-CP xếp là dịch vụ trực tuyến một phần.")

    # Channels: the portal's channel table where we have it, checked against the level.
    from_source = ov.get("channels")
    channels = list(from_source if from_source is not None else default_channels(level))
    added_online = False
    if level == "full" and ONLINE not in channels:
        notes.append("Trang nguồn chỉ liệt kê hình thức " + ", ".join(CHANNEL_VI[c] for c in channels)
                     + "; channels thêm 'online' vì online_level 'full' (Chỉ thị 24/CT-TTg).")
        channels.append(ONLINE)
        added_online = True
    if level == "partial":
        assert ONLINE in channels, code
    if level == "none":
        assert ONLINE not in channels, code
    channels = [c for c in CHANNEL_ORDER if c in channels]
    if from_source is not None and channels != default_channels(level) and not added_online:
        notes.append("channels theo bảng 'Cách thức thực hiện' của trang nguồn, chỉ gồm: "
                     + ", ".join(CHANNEL_VI[c] for c in channels) + ".")

    # Fees: headline = the first fee's amount when it is a number.
    dropped = set(c.get("drop_fees", []))
    fees = [{"name": f["name"], "amount_vnd": f["amount_vnd"], **({"note": f["note"]} if f.get("note") else {})}
            for i, f in enumerate(src["fees"]) if i not in dropped]
    assert len(c["fees"]) == len(fees), f"{code}: {len(fees)} fees, {len(c['fees'])} statements"
    for f, statement in zip(fees, c["fees"]):
        if statement:
            f["statement"] = statement
    schedules.apply(code, fees)  # how Quote charges each fee, with its basis
    fee_vnd = fees[0]["amount_vnd"] if fees and isinstance(fees[0]["amount_vnd"], int) else None
    if not fees:
        notes.append("Nguồn không có thông tin phí, lệ phí: fee_vnd để null, fees rỗng.")
    elif fee_vnd is None and any(isinstance(f["amount_vnd"], int) for f in fees[1:]):
        notes.append("fee_vnd để null vì khoản phí đầu tiên của nguồn không có số liệu dùng được; các mức khác (nguồn thứ cấp) xem fees.")

    if ov.get("note"):
        notes.append(ov["note"])

    # Processing time: at most one of days / hours / calendar days.
    days, cal, hours = src["processing_days"], src["processing_calendar_days"], src["processing_hours"]
    assert sum(x is not None for x in (days, cal, hours)) <= 1, code

    steps = ov["steps"]
    assert 3 <= len(steps) <= 6, code

    schema = ov["schema"]
    n = leaf_count(schema)
    assert 5 <= n <= 20, f"{code}: form has {n} fields"

    agency = c.get("agency") or src["implementing_agency"]
    rec = {
        "code": code,
        "name": src["name"],
        "field": src["field"],
        "level": src["level"],
        "implementing_agency": agency,
        "deciding_agency": ov.get("deciding") or agency,
        "processing_days": days,
    }
    if hours is not None:
        rec["processing_hours"] = hours
    if cal is not None:
        rec["processing_calendar_days"] = cal
    rec["processing_time_text"] = src["processing_time"]
    rec["time_statement"] = c["time"]
    rec["fee_vnd"] = fee_vnd
    rec["fees"] = fees
    rec["fee_statement"] = c["fee"]
    rec["components"] = build_components(code, src["components"], ov["components"])
    rec["steps"] = steps
    if src.get("result"):
        rec["result"] = src["result"]
    rec["legal_bases"] = src["legal_bases"]
    if src["legal_bases"]:
        rec["legal_documents"] = [legal[n] for n in src["legal_bases"]]
    rec["channels"] = channels
    rec["online_level"] = level
    rec["legacy_level"] = LEGACY[level]
    rec["form_schema"] = with_english(code, schema)  # the English beside each text, as "x-en"
    rec["source"] = src["source"]
    rec["notes"] = " ".join(notes)
    rec["citations"] = citations(src, c, dropped)
    rec["status"] = "active"
    return nfc(rec)


def render(source_path):
    with open(source_path, encoding="utf-8") as f:
        src = json.load(f)
    codes = [p["code"] for p in src]
    assert len(codes) == len(set(codes)), "duplicate codes in source"
    missing, extra = set(codes) - set(O), set(O) - set(codes)
    assert not missing and not extra, f"overlay missing {sorted(missing)}, extra {sorted(extra)}"
    assert set(content.C) == set(codes), "content.py and the source disagree on codes"
    with open(LEGAL_DOCUMENTS, encoding="utf-8") as f:
        legal = {d["number"]: d for d in json.load(f)}
    missing = {n for p in src for n in p["legal_bases"]} - set(legal)
    assert not missing, f"legal_documents.json lacks {sorted(missing)}"
    out = [build_record(p, legal) for p in src]
    return json.dumps(out, ensure_ascii=False, indent=2) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--source", default=DEFAULT_SOURCE)
    ap.add_argument("--out", default=DEFAULT_OUT)
    ap.add_argument("--check", action="store_true", help="compare with --out instead of writing it")
    args = ap.parse_args()
    text = render(args.source)
    if args.check:
        with open(args.out, encoding="utf-8") as f:
            if f.read() != text:
                print(f"{args.out} is stale; run build.py", file=sys.stderr)
                sys.exit(1)
        print(f"{args.out} is up to date")
        return
    with open(args.out, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
