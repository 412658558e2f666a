"""Fee schedules of the demo catalogue: how catalog.Procedure.Quote charges each source fee.

SCHEDULE maps a code to one entry per fee that build.py keeps (the source's order, after
content.py's drop_fees); None leaves a fee as the source gives it (charged once per dossier
when it has a figure). An entry gives the fee's legal basis and the schedule fields of
catalog.Fee (internal/catalog/procedure.go): per, per_component, from_unit, then, cap_vnd,
filed, case, info_only, reductions. Entries after the source's fees are fees the source
mentions without a figure (name, amount_vnd None, statement), added so that Quote reports them
unpriced rather than a filing way as free.

Only figures and conditions the fee notes of procedures.json (and their sources, see SOURCE.md
of the shared data) state are written here. Bases name the document and, where the fee note
or the document's text read names it, the article. Where no source gives a figure (the
building permits, the land procedures, the council's civil-status fees) nothing is added:
Quote reports such a fee as unpriced.

Categories of applicants (reductions) and cases (fees due only in a case) are slugs that an
applicant declares and an officer confirms:
  nguoi-co-cong, ho-ngheo, nguoi-khuyet-tat, tre-em, nguoi-cao-tuoi, sinh-vien,
  than-nhan-liet-si, xa-dac-biet-kho-khan, mien-le-phi-cu-tru, vay-von-nong-nghiep,
  vneid-muc-2, chi-dieu-chinh-dia-chi; cases: qua-han.
"""

# Luật Hộ tịch 2014 (60/2014/QH13), Điều 11 khoản 1: civil-status registration is free for
# these people, and birth and death registrations in time are free for everyone.
HOTICH_EXEMPT = {"name": "Miễn lệ phí cho người thuộc gia đình có công với cách mạng, người thuộc hộ nghèo, người khuyết tật",
                 "percent": 100, "categories": ["nguoi-co-cong", "ho-ngheo", "nguoi-khuyet-tat"],
                 "legal_basis": "Luật Hộ tịch số 60/2014/QH13, Điều 11 khoản 1",
                 "statement": "Được miễn nếu bạn thuộc gia đình có công với cách mạng, hộ nghèo hoặc là người khuyết tật."}
HN_HOTICH = "Nghị quyết 06/2020/NQ-HĐND Thành phố Hà Nội"
COPY_EXTRACT = {"legal_basis": "Thông tư 281/2016/TT-BTC", "per": "copy", "from_unit": 2}
# Thông tư 226/2016/TT-BTC, Điều 4: the fees for authentication (chứng thực) at the commune.
CT = "Thông tư 226/2016/TT-BTC, Điều 4"
EMBASSY = {"legal_basis": "Thông tư 264/2016/TT-BTC", "info_only": True}
LLTP = "Thông tư 244/2016/TT-BTC"
CU_TRU = "Thông tư 75/2022/TT-BTC"
CU_TRU_EXEMPT = {"name": "Miễn lệ phí cho người thuộc diện miễn theo Điều 4 Thông tư 75/2022/TT-BTC", "percent": 100,
                 "categories": ["mien-le-phi-cu-tru"], "legal_basis": "Thông tư 75/2022/TT-BTC, Điều 4; Thông tư 71/2025/TT-BTC",
                 "statement": "Người thuộc diện được miễn xuất trình giấy tờ chứng minh, trừ khi thông tin đã có trong Cơ sở dữ liệu "
                              "quốc gia về dân cư."}
HKD = "Nghị quyết 78/2026/NQ-HĐND Thành phố Hà Nội"
HKD_ONLINE = {"name": "Miễn lệ phí khi nộp hồ sơ trực tuyến", "percent": 100, "online": True, "legal_basis": HKD,
              "statement": "Không phải nộp lệ phí khi bạn nộp hồ sơ trực tuyến."}

SCHEDULE = {
    "1.001193": [None,
                 {"legal_basis": HN_HOTICH, "case": "qua-han", "reductions": [HOTICH_EXEMPT]},
                 COPY_EXTRACT],
    "1.000656": [None, {"legal_basis": HN_HOTICH, "case": "qua-han", "reductions": [HOTICH_EXEMPT]}],
    "1.004873": [{"info_only": True}, {"legal_basis": HN_HOTICH, "reductions": [HOTICH_EXEMPT]}],
    "2.000635": [{"legal_basis": "Thông tư 281/2016/TT-BTC", "per": "copy", "reductions": [
        {"name": "Miễn phí cho người có tài khoản định danh điện tử VNeID mức 2 đủ điều kiện", "percent": 100,
         "categories": ["vneid-muc-2"], "from": "2026-08-15", "until": "2027-02-28", "legal_basis": "Thông tư 117/2026/TT-BTC",
         "statement": "Từ 15/8/2026 đến hết 28/02/2027, miễn phí nếu bạn có tài khoản VNeID mức 2 và đủ điều kiện."}]}],
    "2.000815": [{"legal_basis": CT + " khoản 1", "per": "page", "then": {"from_unit": 3, "amount_vnd": 1000}, "cap_vnd": 200000},
                 EMBASSY],
    "2.000884": [{"legal_basis": CT + " khoản 2"}, EMBASSY],
    "2.001035": [{"legal_basis": CT, "reductions": [
        {"name": "Không thu phí chứng thực hợp đồng thế chấp khi vay vốn phục vụ phát triển nông nghiệp, nông thôn", "percent": 100,
         "categories": ["vay-von-nong-nghiep"], "legal_basis": "Nghị định 55/2015/NĐ-CP",
         "statement": "Không thu khi cá nhân, hộ gia đình vay vốn tại tổ chức tín dụng để phục vụ phát triển nông nghiệp, nông thôn."}]}],
    "2.001019": [{"legal_basis": CT}],
    "2.001406": [{"legal_basis": CT}],
    "3.000333": [{"legal_basis": LLTP, "reductions": [
                     {"name": "Giảm 50% cho sinh viên, người có công với cách mạng, thân nhân liệt sĩ", "percent": 50,
                      "categories": ["sinh-vien", "nguoi-co-cong", "than-nhan-liet-si"], "legal_basis": LLTP,
                      "statement": "Sinh viên, người có công với cách mạng, thân nhân liệt sĩ nộp 100.000 đồng/lần/người."},
                     {"name": "Miễn phí cho trẻ em, người cao tuổi, người khuyết tật, người thuộc hộ nghèo, người cư trú tại xã đặc biệt "
                              "khó khăn, xã biên giới, xã an toàn khu", "percent": 100,
                      "categories": ["tre-em", "nguoi-cao-tuoi", "nguoi-khuyet-tat", "ho-ngheo", "xa-dac-biet-kho-khan"],
                      "legal_basis": LLTP, "statement": "Được miễn nếu bạn thuộc một trong các đối tượng này."}]},
                 {"legal_basis": LLTP, "info_only": True},
                 # The source lists no exemption of this print charge; the exemptions above are of the fee.
                 {"legal_basis": LLTP, "per": "copy", "from_unit": 3}],
    "1.004222": [{"legal_basis": CU_TRU, "filed": "online", "reductions": [CU_TRU_EXEMPT]},
                 {"legal_basis": CU_TRU, "filed": "paper", "reductions": [CU_TRU_EXEMPT]}],
    "1.004194": [{"legal_basis": CU_TRU, "filed": "online", "reductions": [CU_TRU_EXEMPT]},
                 {"legal_basis": CU_TRU, "info_only": True}],
    "1.014063": [{"legal_basis": "Thông tư 73/2024/TT-BTC", "reductions": [
        {"name": "Thu bằng 50% mức lệ phí từ 01/7/2025 đến hết 31/12/2026", "percent": 50, "from": "2025-07-01", "until": "2026-12-31",
         "legal_basis": "Thông tư 64/2025/TT-BTC", "statement": "Từ 01/7/2025 đến hết 31/12/2026 nộp 25.000 đồng/thẻ."}]}],
    "1.001456": [{"legal_basis": "Thông tư 25/2021/TT-BTC", "reductions": [
                     {"name": "Mức thu khi nộp hồ sơ trực tuyến: 160.000 đồng/hộ chiếu (đến hết 31/12/2023)", "amount_vnd": 40000,
                      "online": True, "from": "2023-07-01", "until": "2023-12-31", "legal_basis": "Thông tư 44/2023/TT-BTC"}]},
                 {"legal_basis": "Thông tư 44/2023/TT-BTC", "info_only": True}],
    "3.000347": [{"legal_basis": "Thông tư 37/2023/TT-BTC", "reductions": [
        {"name": "Mức thu khi nộp hồ sơ trực tuyến: 115.000 đồng/lần (01/12/2023 đến hết 31/12/2025)", "amount_vnd": 20000,
         "online": True, "from": "2023-12-01", "until": "2025-12-31", "legal_basis": "Thông tư 63/2023/TT-BTC"}]}],
    "1.001612": [{"legal_basis": HKD, "reductions": [dict(HKD_ONLINE, **{"from": "2026-07-25"})]},
                 {"legal_basis": HKD, "info_only": True}],
    "2.000720": [{"legal_basis": HKD, "reductions": [
                     HKD_ONLINE,
                     {"name": "Không thu khi chỉ điều chỉnh địa chỉ do thay đổi địa giới hành chính, tên đường, phố hoặc số nhà",
                      "percent": 100, "categories": ["chi-dieu-chinh-dia-chi"], "legal_basis": HKD}]},
                 {"legal_basis": HKD, "info_only": True}],
    "2.001610": [{"legal_basis": "Thông tư 47/2019/TT-BTC"}],
    # The city's rates (secondary source, marked PARTIAL there): shown; the agency states the fee.
    "1.004859": [None, {"legal_basis": HN_HOTICH, "info_only": True}, {"legal_basis": HN_HOTICH, "info_only": True}],
    "1.002755": [{"legal_basis": CU_TRU, "filed": "online"}, {"legal_basis": CU_TRU, "info_only": True},
                 {"name": "Lệ phí gia hạn tạm trú (cá nhân, hộ gia đình, nộp trực tiếp)", "amount_vnd": None, "legal_basis": CU_TRU,
                  "statement": "Trang thủ tục không ghi mức nộp trực tiếp cho cá nhân, hộ gia đình; hỏi tại nơi nộp hồ sơ.",
                  "filed": "paper"}],
    "1.013978": [{"info_only": True}, {"legal_basis": HN_HOTICH}],
}
# Tạm trú: the page gives no paper rate for a person or a household, so one is added without a
# figure (Quote reports it unpriced); the list rate (per person) is shown, not charged.
SCHEDULE["1.004194"].append({"name": "Lệ phí đăng ký tạm trú (cá nhân, hộ gia đình, nộp trực tiếp)", "amount_vnd": None,
                             "legal_basis": CU_TRU, "statement": "Trang thủ tục không ghi mức nộp trực tiếp cho cá nhân, hộ gia đình; "
                             "hỏi tại nơi nộp hồ sơ.", "filed": "paper"})

# The order of catalog.Fee's fields, which procedures.json keeps.
FEE_KEYS = ["name", "amount_vnd", "note", "legal_basis", "statement", "per", "per_component", "from_unit", "then", "cap_vnd",
            "filed", "case", "info_only", "reductions"]
REDUCTION_KEYS = ["name", "percent", "amount_vnd", "online", "categories", "from", "until", "legal_basis", "statement"]


def apply(code, fees):
    """Merges the schedule of code into its fees, in place, keys in the struct's order."""
    sched = SCHEDULE.get(code)
    if sched is None:
        return
    assert len(sched) >= len(fees), f"{code}: {len(fees)} fees, {len(sched)} schedules"
    for extra in sched[len(fees):]:
        assert extra["amount_vnd"] is None and extra["statement"], f"{code}: an added fee has a figure or no statement"
        fees.append({})
    for i, (f, s) in enumerate(zip(fees, sched)):
        if s is None:
            continue
        assert not set(s) - set(FEE_KEYS), f"{code} fees[{i}]: {set(s) - set(FEE_KEYS)}"
        merged = dict(f, **s)
        if "reductions" in merged:
            for r in merged["reductions"]:
                assert set(r) <= set(REDUCTION_KEYS) and r.get("legal_basis"), f"{code} fees[{i}]: {r}"
            merged["reductions"] = [{k: r[k] for k in REDUCTION_KEYS if k in r} for r in merged["reductions"]]
        f.clear()
        f.update({k: merged[k] for k in FEE_KEYS if k in merged})
