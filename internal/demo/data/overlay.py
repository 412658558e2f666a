"""Hand-written additions to the shared procedure data, one entry per TTHC code.

For every procedure in /work/shared/data/procedures/procedures.json this file gives what the
shared file does not have:

  components  one entry per source component, in the source's order: a stable slug id, a
              substring that must occur in the source component's name (guards against
              misalignment), the condition for conditional items, the form's template name, and
              whether the item is a form/declaration (accepts .docx).
  steps       the trình tự thực hiện in 3–6 short sentences. Summarised from the "Trình tự thực
              hiện" section of the stored copy of the national-portal page that the shared
              record cites in source_copy (chatbot-tthc/chatbot_tthc@7b79a32), except 3.000467
              (see its note).
  channels    the submission channels listed in the page's "Cách thức thực hiện" table
              (Trực tuyến / Trực tiếp / Dịch vụ bưu chính), read from the same stored copy.
  deciding    the competent body ("Cơ quan có thẩm quyền") where the page names one, else None
              (build.py then uses the implementing agency).
  schema      the application form as JSON Schema 2020-12, built with formlib.py.
  note        caveats specific to this overlay entry (added to the record's notes).
"""

from formlib import (
    array, boolean, chu_dau_tu, chu_ho_kinh_doanh, date, dia_chi, dien_thoai, dien_tich, email,
    enum, form, gioi_tinh, group, hinh_thuc_nhan, ho_ten, integer, ma_so_ho_kinh_doanh,
    must_be_true, nganh_nghe, ngay_sinh, nguoi_su_dung_dat, nguoi_yeu_cau, noi_cu_tru, number,
    pattern, person, quoc_tich, so_ban, so_dinh_danh, so_giay_to, string, ten_ho_kinh_doanh,
    text, thua_dat_so, to_ban_do_so, dan_toc, GPLX, PASSPORT, RELATION_REQUESTER,
)

ONLINE, COUNTER, POST = "online", "counter", "post"
ALL3 = [ONLINE, COUNTER, POST]


def C(id, match, cond=None, tpl=None, form=False, formats=None):
    return {"id": id, "match": match, "condition": cond, "template_name": tpl, "form": form,
            "formats": formats}


# ---- Shared component conditions and templates ---------------------------------------------

TT04 = "mẫu ban hành kèm theo Thông tư số 04/2020/TT-BTP"
WHEN_PAPER = "Khi nộp hồ sơ trực tiếp hoặc qua bưu chính"
WHEN_COUNTER = "Khi nộp hồ sơ trực tiếp"
WHEN_ONLINE = "Khi nộp hồ sơ trực tuyến"
WHEN_AUTH = "Trường hợp ủy quyền thực hiện thủ tục"
WHEN_NO_RESIDENCE_DATA = "Khi không khai thác được thông tin cư trú từ Cơ sở dữ liệu quốc gia về dân cư"
WHEN_NO_VNEID = "Khi người ủy quyền chưa có tài khoản định danh điện tử"
TT68 = "mẫu ban hành kèm theo Thông tư số 68/2025/TT-BTC"
CT01 = "Tờ khai thay đổi thông tin cư trú (Mẫu CT01 ban hành kèm theo Thông tư số 53/2025/TT-BCA)"
DC02 = "Phiếu đề nghị giải quyết thủ tục về căn cước (Mẫu DC02 ban hành kèm theo Thông tư số 17/2024/TT-BCA)"
ND175_M1 = "Đơn đề nghị cấp giấy phép xây dựng (Mẫu số 1 Phụ lục II Nghị định số 175/2024/NĐ-CP)"
ND151_M18 = "Đơn đăng ký biến động đất đai, tài sản gắn liền với đất (Mẫu số 18 ban hành kèm theo Nghị định số 151/2025/NĐ-CP)"


def hotich_steps(doc, result, extra=None, same_day=False, signer="Lãnh đạo Ủy ban nhân dân cấp xã"):
    """The civil-status (hộ tịch) sequence of the 2026 national pages: submit → check at the
    public-service centre → civil-status officer verifies and records → online applicants confirm
    the e-draft → signature and return."""
    s = [
        f"Người yêu cầu nộp hồ sơ {doc} tại Trung tâm Phục vụ hành chính công, qua bưu chính hoặc trực tuyến trên Cổng Dịch vụ công quốc gia/Ứng dụng định danh quốc gia (VNeID).",
        ("Cán bộ tiếp nhận kiểm tra hồ sơ: hồ sơ đầy đủ, hợp lệ thì tiếp nhận (nhận sau 15 giờ thì hẹn trả trong ngày làm việc tiếp theo); chưa hợp lệ thì hướng dẫn bổ sung, hoàn thiện."
         if same_day else
         "Cán bộ tiếp nhận kiểm tra hồ sơ: hồ sơ đầy đủ, hợp lệ thì tiếp nhận và cấp Phiếu hẹn trả kết quả; chưa hợp lệ thì hướng dẫn bổ sung, hoàn thiện."),
    ]
    s += extra or [f"Công chức tư pháp - hộ tịch thẩm tra hồ sơ, ghi vào Sổ hộ tịch và cập nhật Phần mềm đăng ký, quản lý hộ tịch điện tử dùng chung."]
    s.append(f"Trường hợp nộp trực tuyến, người yêu cầu kiểm tra và xác nhận biểu mẫu {result} điện tử được gửi lại (tối đa một ngày).")
    s.append(f"{signer} ký {result}; Trung tâm Phục vụ hành chính công trả kết quả cho người yêu cầu.")
    return s


def chungthuc_sign_steps(doc, signer_phrase):
    return [
        f"Người yêu cầu chứng thực xuất trình giấy tờ tùy thân và nộp 01 bộ hồ sơ ({doc}) tại Trung tâm Phục vụ hành chính công cấp xã.",
        f"Người thực hiện chứng thực (hoặc người tiếp nhận hồ sơ) kiểm tra hồ sơ và sự tự nguyện, minh mẫn, nhận thức và làm chủ hành vi của {signer_phrase}.",
        f"{signer_phrase[0].upper() + signer_phrase[1:]} ký trước mặt người thực hiện chứng thực hoặc người tiếp nhận hồ sơ, ký từng trang nếu văn bản có từ 02 trang; người không ký được thì điểm chỉ, trường hợp không đọc, không nghe, không ký, không điểm chỉ được thì phải có 02 người làm chứng.",
        "Người thực hiện chứng thực ghi lời chứng theo mẫu, ký, ghi rõ họ tên, đóng dấu và ghi vào sổ chứng thực; văn bản từ 02 tờ trở lên được đóng dấu giáp lai.",
        "Người yêu cầu nộp phí chứng thực và nhận văn bản đã được chứng thực.",
    ]


HKD_SUBMIT = ("nộp hồ sơ tại Cơ quan đăng ký kinh doanh cấp xã nơi đặt trụ sở (hoặc bất kỳ Cơ quan đăng ký kinh doanh cấp xã trong tỉnh), "
              "qua bưu chính hoặc qua Hệ thống thông tin về đăng ký hộ kinh doanh bằng tài khoản định danh điện tử")

DAT_DAI_SUBMIT = ("nộp hồ sơ tại Trung tâm Phục vụ hành chính công, Văn phòng đăng ký đất đai hoặc Chi nhánh Văn phòng đăng ký đất đai "
                  "(trực tiếp, qua bưu chính hoặc trực tuyến)")

# ---- Per-procedure overlay ------------------------------------------------------------------

O = {}

# 1. Đăng ký khai sinh ------------------------------------------------------------------------
O["1.001193"] = dict(
    components=[
        C("to-khai", "Tờ khai đăng ký khai sinh", WHEN_PAPER, f"Tờ khai đăng ký khai sinh ({TT04})", True),
        C("to-khai-dien-tu", "Mẫu hộ tịch điện tử tương tác đăng ký khai sinh", WHEN_ONLINE, "Mẫu hộ tịch điện tử tương tác đăng ký khai sinh", True),
        C("giay-chung-sinh", "Giấy chứng sinh"),
        C("giay-to-tuy-than", "Hộ chiếu/Thẻ căn cước"),
        C("van-ban-uy-quyen", "Văn bản ủy quyền", "Trường hợp ủy quyền thực hiện việc đăng ký khai sinh"),
        C("bien-ban-tre-bi-bo-roi", "trẻ em bị bỏ rơi", "Trường hợp trẻ em bị bỏ rơi"),
        C("xac-nhan-mang-thai-ho", "mang thai hộ", "Trường hợp trẻ em sinh ra do mang thai hộ"),
        C("giay-to-cu-tru", "chứng minh thông tin về cư trú", WHEN_NO_RESIDENCE_DATA),
    ],
    steps=hotich_steps("đăng ký khai sinh (kèm yêu cầu cấp bản sao Giấy khai sinh nếu cần)", "Giấy khai sinh", same_day=True, extra=[
        "Công chức tư pháp - hộ tịch thẩm tra hồ sơ, ghi vào Sổ đăng ký khai sinh, cập nhật Phần mềm đăng ký, quản lý hộ tịch điện tử dùng chung và lấy Số định danh cá nhân từ Cơ sở dữ liệu quốc gia về dân cư.",
    ]),
    channels=ALL3,
    deciding=None,
    schema=form("Tờ khai đăng ký khai sinh", {
        "nguoi_yeu_cau": nguoi_yeu_cau(quan_he="Quan hệ với người được khai sinh", quan_he_values=RELATION_REQUESTER),
        "nguoi_duoc_khai_sinh": person("Người được khai sinh", [
            ("ho", string("Họ", max_length=30)), ("chu_dem", string("Chữ đệm", max_length=50)), ("ten", string("Tên", max_length=30)),
            "gioi_tinh", ("ngay_sinh", date("Ngày, tháng, năm sinh")),
            ("noi_sinh", string("Nơi sinh", "Tên cơ sở y tế hoặc địa chỉ nơi sinh.", max_length=255)),
            "dan_toc", "quoc_tich"], ["ho", "ten", "gioi_tinh", "ngay_sinh", "noi_sinh", "dan_toc", "quoc_tich"]),
        "cha": person("Cha", ["ho_ten", "so_dinh_danh", "dan_toc", "quoc_tich"], ["ho_ten"]),
        "me": person("Mẹ", ["ho_ten", "so_dinh_danh", "dan_toc", "quoc_tich"], ["ho_ten"]),
    }, ["nguoi_yeu_cau", "nguoi_duoc_khai_sinh"],
        "Phần khai về cha hoặc mẹ để trống khi chưa xác định được cha, mẹ."),
)

# 2. Đăng ký kết hôn --------------------------------------------------------------------------
def _ben(title):
    return person(title, ["ho_ten", "ngay_sinh", "dan_toc", "quoc_tich", "so_dinh_danh", "noi_cu_tru",
                          ("lan_ket_hon", integer("Kết hôn lần thứ", 1, 10))],
                  ["ho_ten", "ngay_sinh", "dan_toc", "quoc_tich", "so_dinh_danh", "noi_cu_tru"])


O["1.000894"] = dict(
    components=[
        C("to-khai", "Tờ khai đăng ký kết hôn", WHEN_COUNTER, f"Tờ khai đăng ký kết hôn ({TT04})", True),
        C("to-khai-dien-tu", "Mẫu hộ tịch điện tử tương tác đăng ký kết hôn", WHEN_ONLINE, "Mẫu hộ tịch điện tử tương tác đăng ký kết hôn", True),
        C("giay-to-tuy-than", "Hộ chiếu/Thẻ căn cước"),
        C("giay-to-cu-tru", "chứng minh thông tin về cư trú", WHEN_NO_RESIDENCE_DATA),
    ],
    steps=[
        "Hai bên nam, nữ nộp hồ sơ đăng ký kết hôn tại Trung tâm Phục vụ hành chính công, qua bưu chính hoặc trực tuyến trên Cổng Dịch vụ công quốc gia/Ứng dụng định danh quốc gia (VNeID).",
        "Cán bộ tiếp nhận kiểm tra hồ sơ: hồ sơ đầy đủ, hợp lệ thì cấp Phiếu hẹn trả kết quả; chưa hợp lệ thì hướng dẫn bổ sung, hoàn thiện.",
        "Công chức tư pháp - hộ tịch thẩm tra hồ sơ và tra cứu tình trạng hôn nhân; nếu phải xác minh, Ủy ban nhân dân cấp xã được đề nghị trả lời trong 03 ngày làm việc.",
        "Nếu hai bên đủ điều kiện kết hôn, công chức ghi vào Sổ đăng ký kết hôn, cập nhật phần mềm hộ tịch và trình Lãnh đạo Ủy ban nhân dân cấp xã ký Giấy chứng nhận kết hôn.",
        "Hai bên nam, nữ có mặt, xuất trình giấy tờ tùy thân, ký vào Sổ đăng ký kết hôn và Giấy chứng nhận kết hôn; mỗi bên nhận 01 bản chính.",
    ],
    channels=ALL3,
    deciding="Ủy ban Nhân dân xã, phường, thị trấn",
    schema=form("Tờ khai đăng ký kết hôn", {
        "ben_nam": _ben("Bên nam"),
        "ben_nu": _ben("Bên nữ"),
        "dien_thoai": dien_thoai("Số điện thoại liên hệ"),
    }, ["ben_nam", "ben_nu", "dien_thoai"],
        "Hai bên nam, nữ có thể khai chung vào một tờ khai."),
)

# 3. Đăng ký khai tử --------------------------------------------------------------------------
O["1.000656"] = dict(
    components=[
        C("to-khai", "Tờ khai đăng ký khai tử", WHEN_COUNTER, f"Tờ khai đăng ký khai tử ({TT04})", True),
        C("to-khai-dien-tu", "Mẫu hộ tịch điện tử tương tác đăng ký khai tử", WHEN_ONLINE, "Mẫu hộ tịch điện tử tương tác đăng ký khai tử", True),
        C("giay-bao-tu", "Giấy báo tử"),
        C("giay-to-tuy-than", "Hộ chiếu/Thẻ căn cước"),
        C("giay-to-chung-minh-su-kien-chet", "chứng minh sự kiện chết", "Người chết đã lâu, không có Giấy báo tử hoặc giấy tờ thay thế"),
        C("van-ban-uy-quyen", "Văn bản ủy quyền", "Trường hợp ủy quyền thực hiện việc đăng ký khai tử"),
    ],
    steps=hotich_steps("đăng ký khai tử (trong 15 ngày kể từ ngày có người chết)", "Trích lục khai tử", same_day=True, extra=[
        "Công chức tư pháp - hộ tịch thẩm tra hồ sơ, ghi vào Sổ đăng ký khai tử và cập nhật Phần mềm đăng ký, quản lý hộ tịch điện tử dùng chung.",
    ]),
    channels=ALL3,
    deciding="Ủy ban Nhân dân xã, phường, thị trấn",
    schema=form("Tờ khai đăng ký khai tử", {
        "nguoi_yeu_cau": nguoi_yeu_cau(quan_he="Quan hệ với người đã chết"),
        "nguoi_chet": person("Người đã chết", [
            "ho_ten", "gioi_tinh", "ngay_sinh", "so_dinh_danh", "dan_toc", "quoc_tich",
            ("noi_cu_tru_cuoi_cung", noi_cu_tru("Nơi cư trú cuối cùng")),
            ("ngay_chet", date("Ngày chết")),
            ("noi_chet", string("Nơi chết", max_length=255)),
            ("nguyen_nhan_chet", string("Nguyên nhân chết", max_length=255)),
        ], ["ho_ten", "gioi_tinh", "ngay_sinh", "dan_toc", "quoc_tich", "noi_cu_tru_cuoi_cung", "ngay_chet", "noi_chet"]),
        "so_ban_sao": so_ban("Số bản sao Trích lục khai tử đề nghị cấp"),
    }, ["nguoi_yeu_cau", "nguoi_chet"]),
)

# 4. Xác nhận tình trạng hôn nhân ---------------------------------------------------------------
O["1.004873"] = dict(
    components=[
        C("to-khai", "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân", WHEN_COUNTER, f"Tờ khai cấp Giấy xác nhận tình trạng hôn nhân ({TT04})", True),
        C("to-khai-dien-tu", "Mẫu điện tử tương tác cấp Giấy xác nhận", WHEN_ONLINE, "Mẫu điện tử tương tác cấp Giấy xác nhận tình trạng hôn nhân", True),
        C("giay-to-tuy-than", "Hộ chiếu/Thẻ căn cước"),
        C("van-ban-uy-quyen", "Văn bản ủy quyền", WHEN_AUTH),
        C("giay-to-cu-tru", "chứng minh thông tin về cư trú", WHEN_NO_RESIDENCE_DATA),
        C("giay-xac-nhan-da-cap", "nộp lại Giấy xác nhận", "Trường hợp đề nghị cấp lại Giấy xác nhận tình trạng hôn nhân"),
    ],
    steps=hotich_steps("cấp Giấy xác nhận tình trạng hôn nhân", "Giấy xác nhận tình trạng hôn nhân", extra=[
        "Công chức tư pháp - hộ tịch thẩm tra hồ sơ và tra cứu tình trạng hôn nhân trên Cơ sở dữ liệu hộ tịch điện tử, Cơ sở dữ liệu quốc gia về dân cư; không tra cứu được thì đề nghị Ủy ban nhân dân cấp xã nơi cư trú trước đây xác minh (trả lời trong 03 ngày làm việc).",
    ]),
    channels=ALL3,
    deciding=None,
    schema=form("Tờ khai cấp Giấy xác nhận tình trạng hôn nhân", {
        "nguoi_yeu_cau": nguoi_yeu_cau(quan_he="Quan hệ với người được xác nhận", quan_he_values=["Bản thân", "Người được ủy quyền"]),
        "nguoi_duoc_xac_nhan": person("Người được xác nhận tình trạng hôn nhân",
                                      ["ho_ten", "gioi_tinh", "ngay_sinh", "so_dinh_danh", "dan_toc", "quoc_tich", "noi_cu_tru"],
                                      ["ho_ten", "gioi_tinh", "ngay_sinh", "so_dinh_danh", "noi_cu_tru"]),
        "tinh_trang_hon_nhan": enum("Tình trạng hôn nhân", [
            "Chưa đăng ký kết hôn với ai", "Đã đăng ký kết hôn nhưng đã ly hôn",
            "Đã đăng ký kết hôn nhưng vợ/chồng đã chết", "Đang có vợ/chồng"]),
        "muc_dich": enum("Mục đích sử dụng", ["Đăng ký kết hôn", "Mục đích khác"]),
        "muc_dich_chi_tiet": string("Ghi rõ mục đích", "Khi dùng để kết hôn: họ tên, năm sinh, quốc tịch của người dự định kết hôn và nơi dự định đăng ký kết hôn.", max_length=500),
        "so_luong": integer("Số lượng Giấy xác nhận đề nghị cấp", 1, 10, "Dùng để kết hôn thì chỉ cấp 01 bản."),
    }, ["nguoi_yeu_cau", "nguoi_duoc_xac_nhan", "tinh_trang_hon_nhan", "muc_dich", "so_luong"]),
)

# 5. Thay đổi, cải chính, bổ sung thông tin hộ tịch --------------------------------------------
O["1.004859"] = dict(
    components=[
        C("to-khai", "Tờ khai đăng ký thay đổi, cải chính", WHEN_PAPER, f"Tờ khai đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch, xác định lại dân tộc ({TT04})", True),
        C("to-khai-dien-tu", "Mẫu hộ tịch điện tử tương tác thực hiện đăng ký thay đổi", WHEN_ONLINE, "Mẫu hộ tịch điện tử tương tác đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch, xác định lại dân tộc", True),
        C("giay-to-lam-can-cu", "Giấy tờ làm căn cứ"),
        C("giay-to-tuy-than", "Hộ chiếu/Thẻ căn cước"),
        C("van-ban-uy-quyen", "Văn bản ủy quyền", WHEN_AUTH),
        C("giay-to-cu-tru", "chứng minh thông tin về cư trú", WHEN_NO_RESIDENCE_DATA),
    ],
    steps=hotich_steps("đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch, xác định lại dân tộc", "Trích lục thay đổi, cải chính, bổ sung thông tin hộ tịch", extra=[
        "Công chức tư pháp - hộ tịch thẩm tra hồ sơ; nếu yêu cầu có cơ sở, phù hợp pháp luật dân sự thì ghi vào Sổ đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch, xác định lại dân tộc và cập nhật phần mềm hộ tịch.",
    ]),
    channels=ALL3,
    deciding=None,
    schema=form("Tờ khai đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch, xác định lại dân tộc", {
        "nguoi_yeu_cau": nguoi_yeu_cau(quan_he="Quan hệ với người được đăng ký"),
        "nguoi_duoc_dang_ky": person("Người được thay đổi, cải chính, bổ sung thông tin",
                                     ["ho_ten", "ngay_sinh", "gioi_tinh", "so_dinh_danh"], ["ho_ten", "ngay_sinh"]),
        "loai_yeu_cau": enum("Nội dung yêu cầu", ["Thay đổi thông tin hộ tịch", "Cải chính thông tin hộ tịch",
                                                 "Bổ sung thông tin hộ tịch", "Xác định lại dân tộc"]),
        "giay_to_ho_tich": enum("Giấy tờ hộ tịch có thông tin cần điều chỉnh", [
            "Giấy khai sinh", "Giấy chứng nhận kết hôn", "Trích lục khai tử", "Giấy tờ hộ tịch khác"]),
        "so_dang_ky": string("Số đăng ký trong Sổ hộ tịch", max_length=30),
        "ngay_dang_ky": date("Ngày đăng ký"),
        "noi_dang_ky": string("Cơ quan đã đăng ký", max_length=255),
        "noi_dung_cu": text("Thông tin hiện ghi trong giấy tờ hộ tịch", max_length=500),
        "noi_dung_moi": text("Thông tin đề nghị ghi lại", max_length=500),
        "ly_do": text("Lý do", max_length=1000),
    }, ["nguoi_yeu_cau", "nguoi_duoc_dang_ky", "loai_yeu_cau", "giay_to_ho_tich", "noi_dung_moi", "ly_do"]),
)

# 6. Đăng ký nhận cha, mẹ, con -----------------------------------------------------------------
_cmc = ["ho_ten", "ngay_sinh", "so_dinh_danh", "dan_toc", "quoc_tich", "noi_cu_tru"]
O["1.001022"] = dict(
    components=[
        C("to-khai", "Tờ khai đăng ký đăng ký nhận cha, mẹ, con", WHEN_COUNTER, f"Tờ khai đăng ký nhận cha, mẹ, con ({TT04})", True),
        C("to-khai-dien-tu", "Mẫu hộ tịch điện tử tương tác đăng ký nhận cha, mẹ, con", WHEN_ONLINE, "Mẫu hộ tịch điện tử tương tác đăng ký nhận cha, mẹ, con", True),
        C("van-ban-xac-nhan-quan-he", "xác nhận quan hệ cha con"),
        C("van-ban-cam-doan", "văn bản cam đoan", "Khi không có văn bản xác nhận quan hệ cha, mẹ, con: cam đoan của các bên và ít nhất hai người làm chứng", form=True),
        C("giay-to-tuy-than", "Hộ chiếu/Thẻ căn cước"),
    ],
    steps=hotich_steps("đăng ký nhận cha, mẹ, con", "Trích lục đăng ký nhận cha, mẹ, con", extra=[
        "Công chức tư pháp - hộ tịch thẩm tra hồ sơ; nếu việc nhận cha, mẹ, con là đúng và không có tranh chấp thì ghi vào Sổ đăng ký nhận cha, mẹ, con và cập nhật phần mềm hộ tịch.",
    ]),
    channels=ALL3,
    deciding="Ủy ban Nhân dân xã, phường, thị trấn",
    schema=form("Tờ khai đăng ký nhận cha, mẹ, con", {
        "nguoi_nhan": person("Người nhận", _cmc, ["ho_ten", "ngay_sinh", "so_dinh_danh", "noi_cu_tru"]),
        "nguoi_duoc_nhan": person("Người được nhận", _cmc, ["ho_ten", "ngay_sinh", "noi_cu_tru"]),
        "loai_quan_he": enum("Nội dung đăng ký", ["Cha nhận con", "Mẹ nhận con", "Con nhận cha", "Con nhận mẹ"]),
        "dien_thoai": dien_thoai("Số điện thoại liên hệ"),
    }, ["nguoi_nhan", "nguoi_duoc_nhan", "loai_quan_he", "dien_thoai"]),
)

# 7. Đăng ký giám hộ ---------------------------------------------------------------------------
O["1.004837"] = dict(
    components=[
        C("to-khai", "Tờ khai đăng ký giám hộ", WHEN_COUNTER, f"Tờ khai đăng ký giám hộ ({TT04})", True),
        C("to-khai-dien-tu", "Mẫu hộ tịch điện tử tương tác đăng ký giám hộ", WHEN_ONLINE, "Mẫu hộ tịch điện tử tương tác đăng ký giám hộ", True),
        C("giay-to-giam-ho-duong-nhien", "giám hộ đương nhiên", "Trường hợp đăng ký giám hộ đương nhiên"),
        C("van-ban-cu-nguoi-giam-ho", "Văn bản cử người giám hộ", "Trường hợp đăng ký giám hộ cử"),
        C("giay-to-tuy-than", "Hộ chiếu/Thẻ căn cước"),
        C("van-ban-uy-quyen", "Văn bản ủy quyền", WHEN_AUTH),
    ],
    steps=hotich_steps("đăng ký giám hộ", "Trích lục đăng ký giám hộ", extra=[
        "Công chức tư pháp - hộ tịch thẩm tra hồ sơ; nếu đủ điều kiện giám hộ theo Bộ luật Dân sự thì ghi vào Sổ đăng ký giám hộ và cập nhật phần mềm hộ tịch trong 03 ngày làm việc.",
    ]),
    channels=ALL3,
    deciding=None,
    schema=form("Tờ khai đăng ký giám hộ", {
        "nguoi_giam_ho": person("Người giám hộ", ["ho_ten", "ngay_sinh", "so_dinh_danh", "noi_cu_tru", "dien_thoai"],
                                ["ho_ten", "ngay_sinh", "so_dinh_danh", "noi_cu_tru", "dien_thoai"]),
        "nguoi_duoc_giam_ho": person("Người được giám hộ", ["ho_ten", "gioi_tinh", "ngay_sinh", "so_dinh_danh", "noi_cu_tru"],
                                     ["ho_ten", "gioi_tinh", "ngay_sinh", "noi_cu_tru"]),
        "loai_giam_ho": enum("Hình thức giám hộ", ["Giám hộ đương nhiên", "Giám hộ cử"]),
        "can_cu": text("Căn cứ xác lập việc giám hộ", "Ví dụ: quan hệ thân thích theo Bộ luật Dân sự, văn bản cử người giám hộ số…", max_length=1000),
    }, ["nguoi_giam_ho", "nguoi_duoc_giam_ho", "loai_giam_ho", "can_cu"]),
)

# 8. Đăng ký lại khai sinh ----------------------------------------------------------------------
O["1.004884"] = dict(
    components=[
        C("to-khai", "Tờ khai đăng ký lại khai sinh", WHEN_PAPER, f"Tờ khai đăng ký lại khai sinh ({TT04})", True),
        C("to-khai-dien-tu", "Mẫu hộ tịch điện tử tương tác đăng ký lại khai sinh", WHEN_ONLINE, "Mẫu hộ tịch điện tử tương tác đăng ký lại khai sinh", True),
        C("ban-sao-giay-khai-sinh", "Bản sao Giấy khai sinh"),
        C("giay-to-thay-the", "không có giấy tờ nêu trên", "Khi không có bản sao Giấy khai sinh hoặc giấy tờ có giá trị thay thế"),
        C("giay-to-tuy-than", "Hộ chiếu/Thẻ căn cước"),
        C("van-ban-uy-quyen", "Văn bản ủy quyền", WHEN_AUTH),
    ],
    steps=hotich_steps("đăng ký lại khai sinh, cam đoan đã nộp đủ các giấy tờ hiện có", "Giấy khai sinh", extra=[
        "Công chức tư pháp - hộ tịch thẩm tra hồ sơ, tra cứu việc đăng ký khai sinh trước đây trên Cơ sở dữ liệu hộ tịch điện tử; nếu giấy tờ không chứng minh được quan hệ cha, mẹ, con thì đề nghị cơ quan công an xác minh.",
    ]),
    channels=ALL3,
    deciding=None,
    schema=form("Tờ khai đăng ký lại khai sinh", {
        "nguoi_yeu_cau": nguoi_yeu_cau(quan_he="Quan hệ với người được khai sinh", quan_he_values=["Bản thân"] + RELATION_REQUESTER),
        "nguoi_duoc_khai_sinh": person("Người được đăng ký lại khai sinh", [
            "ho_ten", "gioi_tinh", "ngay_sinh", ("noi_sinh", string("Nơi sinh", max_length=255)), "dan_toc", "quoc_tich",
            ("que_quan", string("Quê quán", max_length=255))],
            ["ho_ten", "gioi_tinh", "ngay_sinh", "noi_sinh", "dan_toc", "quoc_tich"]),
        "cha": person("Cha", ["ho_ten", "dan_toc", "quoc_tich"], ["ho_ten"]),
        "me": person("Mẹ", ["ho_ten", "dan_toc", "quoc_tich"], ["ho_ten"]),
        "noi_da_dang_ky": string("Nơi đã đăng ký khai sinh trước đây", max_length=255),
        "cam_doan": must_be_true("Cam đoan không còn bản chính Giấy khai sinh và đã nộp đủ các giấy tờ hiện có"),
    }, ["nguoi_yeu_cau", "nguoi_duoc_khai_sinh", "noi_da_dang_ky", "cam_doan"]),
)

# 9. Cấp bản sao Trích lục hộ tịch, bản sao Giấy khai sinh ---------------------------------------
O["2.000635"] = dict(
    components=[
        C("to-khai", "Tờ khai đề nghị bản sao Trích lục hộ tịch", WHEN_COUNTER, f"Tờ khai cấp bản sao trích lục hộ tịch ({TT04})", True),
        C("to-khai-dien-tu", "Mẫu điện tử tương tác yêu cầu cấp bản sao", WHEN_ONLINE, "Mẫu điện tử tương tác yêu cầu cấp bản sao Giấy khai sinh, bản sao Trích lục hộ tịch", True),
        C("giay-to-tuy-than", "Hộ chiếu/Thẻ căn cước"),
        C("van-ban-uy-quyen", "Văn bản ủy quyền", WHEN_AUTH),
    ],
    steps=[
        "Người yêu cầu nộp tờ khai tại Trung tâm Phục vụ hành chính công, qua bưu chính hoặc trực tuyến trên Cổng Dịch vụ công quốc gia/VNeID và nộp phí; cơ quan, tổ chức gửi văn bản yêu cầu nêu rõ lý do.",
        "Cán bộ tiếp nhận kiểm tra hồ sơ: hồ sơ đầy đủ, hợp lệ thì tiếp nhận (nhận sau 15 giờ thì hẹn trả trong ngày làm việc tiếp theo); chưa hợp lệ thì hướng dẫn bổ sung, hoàn thiện.",
        "Công chức làm công tác hộ tịch tra cứu Cơ sở dữ liệu hộ tịch điện tử và thẩm tra hồ sơ; không tra cứu được thông tin thì từ chối giải quyết.",
        "Trường hợp nộp trực tuyến, người yêu cầu kiểm tra và xác nhận biểu mẫu trích lục điện tử được gửi lại (tối đa một ngày).",
        "Thủ trưởng Cơ quan quản lý Cơ sở dữ liệu hộ tịch điện tử ký bản sao; Trung tâm Phục vụ hành chính công trả kết quả.",
    ],
    channels=ALL3,
    deciding=None,
    schema=form("Tờ khai cấp bản sao trích lục hộ tịch", {
        "nguoi_yeu_cau": nguoi_yeu_cau(with_address=True),
        "nguoi_duoc_cap": person("Người có thông tin hộ tịch cần cấp bản sao", ["ho_ten", "ngay_sinh", "so_dinh_danh"], ["ho_ten", "ngay_sinh"]),
        "loai_giay_to": enum("Loại giấy tờ đề nghị cấp bản sao", [
            "Giấy khai sinh", "Trích lục kết hôn", "Trích lục khai tử", "Trích lục đăng ký nhận cha, mẹ, con",
            "Trích lục đăng ký giám hộ", "Trích lục thay đổi, cải chính, bổ sung thông tin hộ tịch", "Trích lục hộ tịch khác"]),
        "so_dang_ky": string("Số đăng ký (nếu biết)", max_length=30),
        "ngay_dang_ky": date("Ngày đăng ký (nếu biết)"),
        "co_quan_dang_ky": string("Cơ quan đã đăng ký hộ tịch", max_length=255),
        "so_ban_sao": so_ban("Số bản sao đề nghị cấp", minimum=1),
        "muc_dich": string("Mục đích sử dụng", max_length=255),
    }, ["nguoi_yeu_cau", "nguoi_duoc_cap", "loai_giay_to", "co_quan_dang_ky", "so_ban_sao"]),
)

# 10. Đăng ký khai sinh có yếu tố nước ngoài -----------------------------------------------------
_parent_ytnn = ["ho_ten", "quoc_tich", "so_giay_to"]
O["2.000528"] = dict(
    components=[
        C("to-khai", "Tờ khai đăng ký khai sinh", WHEN_PAPER, f"Tờ khai đăng ký khai sinh ({TT04})", True),
        C("to-khai-dien-tu", "Mẫu hộ tịch điện tử tương tác đăng ký khai sinh", WHEN_ONLINE, "Mẫu hộ tịch điện tử tương tác đăng ký khai sinh", True),
        C("giay-chung-sinh", "Giấy Chứng sinh"),
        C("van-ban-lam-chung", "người làm chứng", "Khi không có Giấy chứng sinh"),
        C("thoa-thuan-quoc-tich", "lựa chọn quốc tịch", "Khi cha hoặc mẹ hoặc cả cha, mẹ là người nước ngoài", form=True),
        C("giay-to-tuy-than", "Hộ chiếu/Thẻ căn cước"),
        C("van-ban-uy-quyen", "Văn bản ủy quyền", "Trường hợp ủy quyền thực hiện việc đăng ký khai sinh"),
    ],
    steps=hotich_steps("đăng ký khai sinh có yếu tố nước ngoài", "Giấy khai sinh", same_day=True, extra=[
        "Công chức tư pháp - hộ tịch thẩm tra hồ sơ, ghi vào Sổ đăng ký khai sinh, cập nhật phần mềm hộ tịch; nếu cha, mẹ chọn quốc tịch Việt Nam cho con thì lấy Số định danh cá nhân từ Cơ sở dữ liệu quốc gia về dân cư.",
    ]),
    channels=ALL3,
    deciding=None,
    schema=form("Tờ khai đăng ký khai sinh (có yếu tố nước ngoài)", {
        "nguoi_yeu_cau": group("Người yêu cầu", {
            "ho_ten": ho_ten(), "so_giay_to": so_giay_to(), "dien_thoai": dien_thoai(),
            "quan_he": enum("Quan hệ với người được khai sinh", RELATION_REQUESTER),
        }, ["ho_ten", "so_giay_to", "dien_thoai", "quan_he"]),
        "nguoi_duoc_khai_sinh": person("Người được khai sinh", [
            ("ho", string("Họ", max_length=30)), ("chu_dem", string("Chữ đệm", max_length=50)), ("ten", string("Tên", max_length=60)),
            "gioi_tinh", ("ngay_sinh", date("Ngày, tháng, năm sinh")), ("noi_sinh", string("Nơi sinh", max_length=255)),
            ("quoc_tich", string("Quốc tịch được lựa chọn", max_length=60))],
            ["ho", "ten", "gioi_tinh", "ngay_sinh", "noi_sinh", "quoc_tich"]),
        "cha": person("Cha", _parent_ytnn, ["ho_ten", "quoc_tich"]),
        "me": person("Mẹ", _parent_ytnn, ["ho_ten", "quoc_tich"]),
    }, ["nguoi_yeu_cau", "nguoi_duoc_khai_sinh"]),
)

# 11. Đăng ký kết hôn có yếu tố nước ngoài --------------------------------------------------------
def _ben_ytnn(title):
    return person(title, ["ho_ten", "ngay_sinh", "quoc_tich", "so_giay_to", "noi_cu_tru",
                          ("lan_ket_hon", integer("Kết hôn lần thứ", 1, 10))],
                  ["ho_ten", "ngay_sinh", "quoc_tich", "so_giay_to", "noi_cu_tru"])


O["2.000806"] = dict(
    components=[
        C("to-khai", "Tờ khai đăng ký kết hôn", WHEN_COUNTER, f"Tờ khai đăng ký kết hôn ({TT04})", True),
        C("to-khai-dien-tu", "Mẫu hộ tịch điện tử tương tác đăng ký kết hôn", WHEN_ONLINE, "Mẫu hộ tịch điện tử tương tác đăng ký kết hôn", True),
        C("giay-xac-nhan-hon-nhan-nuoc-ngoai", "tình trạng hôn nhân của người nước ngoài"),
        C("giay-xac-nhan-y-te", "tổ chức y tế"),
        C("ban-sao-ho-chieu", "bản sao hộ chiếu", "Đối với người nước ngoài, công dân Việt Nam định cư ở nước ngoài"),
        C("xac-nhan-co-quan-quan-ly", "công chức, viên chức", "Công dân Việt Nam là công chức, viên chức hoặc đang phục vụ trong lực lượng vũ trang"),
        C("trich-luc-ghi-chu-ly-hon", "Trích lục ghi chú ly hôn", "Công dân Việt Nam đã ly hôn, hủy việc kết hôn ở nước ngoài"),
        C("giay-to-tuy-than", "Hộ chiếu/Thẻ căn cước"),
    ],
    steps=[
        "Hai bên nam, nữ nộp hồ sơ đăng ký kết hôn tại Trung tâm Phục vụ hành chính công, qua bưu chính hoặc trực tuyến trên Cổng Dịch vụ công quốc gia/VNeID.",
        "Cán bộ tiếp nhận kiểm tra hồ sơ: hồ sơ đầy đủ, hợp lệ thì cấp Phiếu hẹn trả kết quả; chưa hợp lệ thì hướng dẫn bổ sung, hoàn thiện.",
        "Công chức tư pháp - hộ tịch thẩm tra hồ sơ; khi có vấn đề cần làm rõ về nhân thân, sự tự nguyện, mục đích kết hôn thì phối hợp xác minh và có thể làm việc trực tiếp với các bên.",
        "Nếu hai bên đủ điều kiện kết hôn, công chức ghi vào Sổ đăng ký kết hôn, cập nhật phần mềm hộ tịch và trình Lãnh đạo Ủy ban nhân dân cấp xã ký Giấy chứng nhận kết hôn.",
        "Hai bên có mặt ký vào Sổ và Giấy chứng nhận kết hôn, mỗi bên nhận 01 bản chính; không thể có mặt thì được gia hạn trao không quá 60 ngày, quá hạn Giấy chứng nhận bị hủy.",
    ],
    channels=ALL3,
    deciding=None,
    schema=form("Tờ khai đăng ký kết hôn (có yếu tố nước ngoài)", {
        "ben_nam": _ben_ytnn("Bên nam"),
        "ben_nu": _ben_ytnn("Bên nữ"),
        "dien_thoai": dien_thoai("Số điện thoại liên hệ"),
        "email": email("Thư điện tử liên hệ"),
    }, ["ben_nam", "ben_nu", "dien_thoai"]),
)

# 12. Liên thông khai sinh – thường trú – thẻ BHYT ------------------------------------------------
O["2.000986"] = dict(
    components=[
        C("to-khai-khai-sinh", "Tờ khai đăng ký khai sinh", None, f"Tờ khai đăng ký khai sinh ({TT04})", True),
        C("giay-chung-sinh", "Giấy chứng sinh"),
        C("phieu-bao-thay-doi-ho-khau", "Phiếu báo thay đổi hộ khẩu", None, "Phiếu báo thay đổi hộ khẩu, nhân khẩu", True),
        C("to-khai-bhyt", "Tờ khai tham gia bảo hiểm y tế", None, "Tờ khai tham gia bảo hiểm y tế; Danh sách đề nghị cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi", True),
        C("y-kien-cha-me-va-chu-ho", "không đăng ký thường trú cùng hộ khẩu", "Trẻ em đăng ký thường trú theo hộ của người khác, không cùng cha, mẹ", form=True),
    ],
    steps=[
        "Người có yêu cầu nộp hồ sơ tại Bộ phận tiếp nhận và trả kết quả theo cơ chế một cửa của Ủy ban nhân dân cấp xã.",
        "Cán bộ tiếp nhận kiểm tra hồ sơ; hồ sơ đầy đủ, hợp lệ thì tiếp nhận, tạm thu lệ phí đăng ký thường trú và hẹn trả kết quả từng việc; chưa hợp lệ thì hướng dẫn bổ sung, hoàn thiện.",
        "Công chức tư pháp - hộ tịch đăng ký khai sinh cho trẻ em ngay trong ngày tiếp nhận hồ sơ.",
        "Ủy ban nhân dân cấp xã chuyển hồ sơ đăng ký thường trú cho cơ quan Công an có thẩm quyền (giải quyết trong 15 ngày) và hồ sơ cấp thẻ bảo hiểm y tế cho cơ quan Bảo hiểm xã hội (giải quyết trong 10 ngày).",
        "Bộ phận một cửa cấp xã nhận lại kết quả và trả Giấy khai sinh, thông báo kết quả đăng ký thường trú và thẻ bảo hiểm y tế cho người có yêu cầu.",
    ],
    channels=[COUNTER],
    deciding=None,
    note=("deciding_agency để theo cơ quan thực hiện: trang nguồn ghi 'Cơ quan có thẩm quyền: Bảo hiểm xã hội Việt Nam', "
          "không phản ánh đủ thủ tục liên thông (Giấy khai sinh do Ủy ban nhân dân cấp xã cấp, thường trú do Công an giải quyết). "
          "Thành phần hồ sơ giữ nguyên văn trang nguồn, vẫn nhắc Sổ hộ khẩu và Phiếu báo thay đổi hộ khẩu, nhân khẩu, là giấy tờ đã bị bãi bỏ theo Luật Cư trú 2020; "
          "trình tự trên trang nguồn còn nhắc Công an, Bảo hiểm xã hội cấp huyện (không còn từ 01/7/2025), steps ghi chung là cơ quan có thẩm quyền."),
    schema=form("Tờ khai liên thông đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi", {
        "nguoi_yeu_cau": nguoi_yeu_cau(quan_he="Quan hệ với trẻ em", quan_he_values=RELATION_REQUESTER),
        "tre_em": person("Trẻ em được khai sinh", [
            ("ho", string("Họ", max_length=30)), ("chu_dem", string("Chữ đệm", max_length=50)), ("ten", string("Tên", max_length=30)),
            "gioi_tinh", ("ngay_sinh", date("Ngày, tháng, năm sinh")), ("noi_sinh", string("Nơi sinh", max_length=255)),
            "dan_toc", "quoc_tich"], ["ho", "ten", "gioi_tinh", "ngay_sinh", "noi_sinh", "dan_toc", "quoc_tich"]),
        "dang_ky_thuong_tru_theo": enum("Đăng ký thường trú cho trẻ theo", ["Cha và mẹ", "Mẹ", "Cha", "Người nuôi dưỡng, chăm sóc trẻ"]),
        "noi_thuong_tru": noi_cu_tru("Địa chỉ đăng ký thường trú"),
        "ho_ten_chu_ho": ho_ten("Họ, chữ đệm và tên chủ hộ"),
        "noi_kcb_ban_dau": string("Nơi đăng ký khám bệnh, chữa bệnh bảo hiểm y tế ban đầu", max_length=255),
    }, ["nguoi_yeu_cau", "tre_em", "dang_ky_thuong_tru_theo", "noi_thuong_tru", "ho_ten_chu_ho", "noi_kcb_ban_dau"]),
)

# 13. Đăng ký lại kết hôn -----------------------------------------------------------------------
_ben_lai = ["ho_ten", "ngay_sinh", "so_dinh_danh", "dan_toc", "quoc_tich", "noi_cu_tru"]
O["1.004746"] = dict(
    components=[
        C("to-khai", "Tờ khai đăng ký lại kết hôn", WHEN_COUNTER, f"Tờ khai đăng ký lại kết hôn ({TT04})", True),
        C("to-khai-dien-tu", "Mẫu hộ tịch điện tử tương tác đăng ký lại kết hôn", WHEN_ONLINE, "Mẫu hộ tịch điện tử tương tác đăng ký lại kết hôn", True),
        C("ban-sao-giay-chung-nhan-ket-hon", "Bản sao Giấy chứng nhận kết hôn"),
        C("giay-to-tuy-than", "Hộ chiếu/Thẻ căn cước"),
        C("giay-to-cu-tru", "Giấy tờ chứng minh nơi cư trú", "Khi đăng ký lại tại nơi khác nơi đã đăng ký kết hôn và không khai thác được thông tin cư trú"),
    ],
    steps=[
        "Người yêu cầu nộp hồ sơ đăng ký lại kết hôn tại Trung tâm Phục vụ hành chính công, qua bưu chính hoặc trực tuyến trên Cổng Dịch vụ công quốc gia/VNeID.",
        "Cán bộ tiếp nhận kiểm tra hồ sơ: hồ sơ đầy đủ, hợp lệ thì cấp Phiếu hẹn trả kết quả; chưa hợp lệ thì hướng dẫn bổ sung, hoàn thiện.",
        "Công chức tư pháp - hộ tịch thẩm tra hồ sơ và tra cứu việc đăng ký kết hôn trước đây trên Cơ sở dữ liệu hộ tịch điện tử để xác định đủ điều kiện đăng ký lại.",
        "Hồ sơ hợp lệ thì ghi vào Sổ đăng ký kết hôn, cập nhật phần mềm hộ tịch (nộp trực tuyến thì người yêu cầu xác nhận biểu mẫu điện tử) và trình Lãnh đạo Ủy ban nhân dân cấp xã ký Giấy chứng nhận kết hôn.",
        "Hai bên nam, nữ có mặt, xuất trình giấy tờ tùy thân, ký vào Sổ và Giấy chứng nhận kết hôn; mỗi bên nhận 01 bản chính.",
    ],
    channels=ALL3,
    deciding="Ủy ban Nhân dân xã, phường, thị trấn",
    schema=form("Tờ khai đăng ký lại kết hôn", {
        "ben_nam": person("Bên nam", _ben_lai, _ben_lai),
        "ben_nu": person("Bên nữ", _ben_lai, _ben_lai),
        "ngay_dang_ky_truoc": date("Ngày đăng ký kết hôn trước đây"),
        "noi_dang_ky_truoc": string("Cơ quan đã đăng ký kết hôn trước đây", max_length=255),
        "dien_thoai": dien_thoai("Số điện thoại liên hệ"),
    }, ["ben_nam", "ben_nu", "noi_dang_ky_truoc", "dien_thoai"]),
)

# 14. Đăng ký lại khai tử -----------------------------------------------------------------------
O["1.005461"] = dict(
    components=[
        C("to-khai", "Tờ khai đăng ký lại khai tử", WHEN_PAPER, f"Tờ khai đăng ký lại khai tử ({TT04})", True),
        C("to-khai-dien-tu", "Mẫu hộ tịch điện tử tương tác đăng ký lại khai tử", WHEN_ONLINE, "Mẫu hộ tịch điện tử tương tác đăng ký lại khai tử", True),
        C("ban-sao-giay-chung-tu", "Bản sao Giấy chứng tử"),
        C("giay-to-tuy-than", "Hộ chiếu/Thẻ căn cước"),
        C("van-ban-uy-quyen", "Văn bản ủy quyền", WHEN_AUTH),
    ],
    steps=hotich_steps("đăng ký lại khai tử", "Trích lục khai tử", extra=[
        "Công chức tư pháp - hộ tịch thẩm tra hồ sơ; nếu thông tin khai tử đầy đủ và phù hợp thì ghi vào Sổ đăng ký khai tử và cập nhật phần mềm hộ tịch.",
    ]),
    channels=ALL3,
    deciding=None,
    schema=form("Tờ khai đăng ký lại khai tử", {
        "nguoi_yeu_cau": nguoi_yeu_cau(quan_he="Quan hệ với người đã chết"),
        "nguoi_chet": person("Người đã chết", [
            "ho_ten", "gioi_tinh", "ngay_sinh", "dan_toc", "quoc_tich",
            ("noi_cu_tru_cuoi_cung", noi_cu_tru("Nơi cư trú cuối cùng")),
            ("ngay_chet", date("Ngày chết")), ("noi_chet", string("Nơi chết", max_length=255))],
            ["ho_ten", "gioi_tinh", "ngay_chet", "noi_chet"]),
        "noi_da_dang_ky": string("Nơi đã đăng ký khai tử trước đây", max_length=255),
        "so_ban_sao": so_ban("Số bản sao Trích lục khai tử đề nghị cấp"),
    }, ["nguoi_yeu_cau", "nguoi_chet", "noi_da_dang_ky"]),
)

# 15. Chứng thực bản sao từ bản chính -------------------------------------------------------------
O["2.000815"] = dict(
    components=[
        C("ban-chinh-va-ban-sao", "Bản chính giấy tờ, văn bản làm cơ sở"),
    ],
    steps=[
        "Người yêu cầu xuất trình bản chính giấy tờ, văn bản và bản sao cần chứng thực tại Ủy ban nhân dân cấp xã (Trung tâm Phục vụ hành chính công) hoặc tổ chức hành nghề công chứng; nếu chỉ có bản chính thì nơi tiếp nhận chụp từ bản chính.",
        "Người thực hiện chứng thực kiểm tra bản chính, đối chiếu với bản sao; từ chối nếu bản chính thuộc trường hợp không được dùng làm cơ sở để chứng thực bản sao.",
        "Người thực hiện chứng thực ghi lời chứng theo mẫu, ký, ghi rõ họ tên, đóng dấu và ghi vào sổ chứng thực; bản sao từ 02 tờ trở lên được đóng dấu giáp lai.",
        "Người yêu cầu nộp phí và nhận bản sao đã chứng thực tại nơi nộp hồ sơ, trong ngày (hoặc ngày làm việc tiếp theo nếu tiếp nhận sau 15 giờ).",
    ],
    channels=[COUNTER],
    deciding=None,
    note="Không có kênh trực tuyến, bưu chính: người thực hiện chứng thực phải đối chiếu bản chính.",
    schema=form("Yêu cầu chứng thực bản sao từ bản chính", {
        "nguoi_yeu_cau": nguoi_yeu_cau(),
        "loai_giay_to": enum("Loại giấy tờ", [
            "Giấy tờ tùy thân", "Giấy tờ hộ tịch", "Văn bằng, chứng chỉ, bảng điểm",
            "Giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở", "Giấy tờ do cơ quan có thẩm quyền nước ngoài cấp",
            "Giấy tờ, văn bản khác"]),
        "ten_giay_to": string("Tên giấy tờ, văn bản", max_length=255),
        "co_quan_cap": string("Cơ quan, tổ chức cấp", max_length=255),
        "so_trang": integer("Số trang của bản chính", 1, 500, "Phí chứng thực tính theo số trang của bản chính."),
        "so_ban_sao": integer("Số bản sao cần chứng thực", 1, 50),
    }, ["nguoi_yeu_cau", "loai_giay_to", "ten_giay_to", "so_trang", "so_ban_sao"],
        "Thủ tục không có mẫu đơn; biểu mẫu này ghi nhận yêu cầu để chuẩn bị và tính phí."),
)

# 16. Chứng thực chữ ký ---------------------------------------------------------------------------
O["2.000884"] = dict(
    components=[
        C("giay-to-tuy-than", "Căn cước điện tử"),
        C("giay-to-can-chung-thuc", "Giấy tờ, văn bản mà mình sẽ yêu cầu chứng thực chữ ký"),
    ],
    steps=[
        "Người yêu cầu xuất trình giấy tờ tùy thân và giấy tờ, văn bản cần chứng thực chữ ký tại Ủy ban nhân dân cấp xã (Trung tâm Phục vụ hành chính công) hoặc tổ chức hành nghề công chứng; không thông thạo tiếng Việt thì phải có người phiên dịch.",
        "Người thực hiện chứng thực kiểm tra giấy tờ; nếu người yêu cầu minh mẫn, làm chủ được hành vi và văn bản không thuộc trường hợp không được chứng thực chữ ký thì yêu cầu ký hoặc điểm chỉ trước mặt.",
        "Người thực hiện chứng thực ghi lời chứng theo mẫu, ký, ghi rõ họ tên, đóng dấu và ghi vào sổ chứng thực; văn bản từ 02 tờ trở lên được đóng dấu giáp lai.",
        "Người yêu cầu nộp phí và nhận giấy tờ đã chứng thực chữ ký, trong ngày (hoặc ngày làm việc tiếp theo nếu tiếp nhận sau 15 giờ).",
    ],
    channels=[COUNTER],
    deciding=None,
    note="Không có kênh trực tuyến, bưu chính: người yêu cầu phải ký, điểm chỉ trước mặt người thực hiện chứng thực.",
    schema=form("Yêu cầu chứng thực chữ ký", {
        "nguoi_yeu_cau": nguoi_yeu_cau(),
        "ten_giay_to": string("Tên giấy tờ, văn bản cần chứng thực chữ ký", max_length=255),
        "hinh_thuc": enum("Hình thức", ["Ký", "Điểm chỉ", "Không thể ký, không thể điểm chỉ"]),
        "ngon_ngu": enum("Ngôn ngữ của văn bản", ["Tiếng Việt", "Tiếng nước ngoài"]),
        "can_phien_dich": boolean("Cần người phiên dịch"),
        "so_ban": integer("Số bản cần chứng thực", 1, 50),
    }, ["nguoi_yeu_cau", "ten_giay_to", "hinh_thuc", "ngon_ngu", "so_ban"],
        "Thủ tục không có mẫu đơn; biểu mẫu này ghi nhận yêu cầu trước khi đến ký."),
)

# 17. Chứng thực giao dịch ----------------------------------------------------------------------
_WHEN_REGISTERED_ASSET = "Khi giao dịch liên quan đến tài sản pháp luật quy định phải đăng ký quyền sở hữu, quyền sử dụng"
O["2.001035"] = dict(
    components=[
        C("du-thao-giao-dich", "Dự thảo giao dịch", form=True),
        C("giay-chung-nhan-quyen-so-huu", "giấy chứng nhận quyền sở hữu, quyền sử dụng", _WHEN_REGISTERED_ASSET),
    ],
    steps=chungthuc_sign_steps("dự thảo giao dịch và giấy chứng nhận quyền sở hữu, quyền sử dụng tài sản", "các bên tham gia giao dịch"),
    channels=ALL3,
    deciding=None,
    schema=form("Yêu cầu chứng thực hợp đồng, giao dịch", {
        "nguoi_yeu_cau": nguoi_yeu_cau(with_address=True),
        "ben_kia": person("Bên còn lại của giao dịch", ["ho_ten", "so_dinh_danh"], ["ho_ten"]),
        "loai_giao_dich": enum("Loại giao dịch", ["Chuyển nhượng", "Tặng cho", "Thế chấp", "Cho thuê, cho mượn, cho ở nhờ",
                                                 "Mua bán", "Góp vốn", "Giao dịch khác"]),
        "loai_tai_san": enum("Tài sản của giao dịch", ["Động sản", "Quyền sử dụng đất", "Nhà ở", "Quyền sử dụng đất và nhà ở"]),
        "mo_ta_tai_san": text("Mô tả tài sản", "Ví dụ: thửa đất số, tờ bản đồ số, địa chỉ; hoặc loại, biển số phương tiện.", max_length=1000),
        "so_giay_chung_nhan": string("Số giấy chứng nhận quyền sở hữu, quyền sử dụng", max_length=50),
        "so_ban": integer("Số bản giao dịch cần chứng thực", 1, 20),
    }, ["nguoi_yeu_cau", "ben_kia", "loai_giao_dich", "loai_tai_san", "mo_ta_tai_san", "so_ban"]),
)

# 18. Chứng thực di chúc ------------------------------------------------------------------------
O["2.001019"] = dict(
    components=[
        C("du-thao-di-chuc", "Dự thảo di chúc", form=True),
        C("giay-chung-nhan-quyen-so-huu", "giấy chứng nhận quyền sở hữu, quyền sử dụng", "Khi di chúc định đoạt tài sản phải đăng ký quyền sở hữu, quyền sử dụng"),
    ],
    steps=chungthuc_sign_steps("dự thảo di chúc, kèm giấy chứng nhận quyền sở hữu, quyền sử dụng tài sản nếu có", "người lập di chúc"),
    channels=ALL3,
    deciding=None,
    schema=form("Yêu cầu chứng thực di chúc", {
        "nguoi_lap_di_chuc": person("Người lập di chúc", ["ho_ten", "so_dinh_danh", "ngay_sinh", "dien_thoai", "noi_cu_tru"],
                                    ["ho_ten", "so_dinh_danh", "ngay_sinh", "dien_thoai", "noi_cu_tru"]),
        "tai_san": text("Tài sản được định đoạt trong di chúc", max_length=2000),
        "co_tai_san_phai_dang_ky": boolean("Di chúc có định đoạt quyền sử dụng đất, nhà ở hoặc tài sản phải đăng ký"),
        "so_trang": integer("Số trang của di chúc", 1, 100),
        "can_nguoi_lam_chung": boolean("Cần người làm chứng"),
        "can_phien_dich": boolean("Cần người phiên dịch"),
    }, ["nguoi_lap_di_chuc", "tai_san", "co_tai_san_phai_dang_ky", "so_trang"]),
)

# 19. Cấp bản sao từ sổ gốc ---------------------------------------------------------------------
O["2.000908"] = dict(
    components=[
        C("giay-to-tuy-than", "Căn cước điện tử"),
        C("giay-to-chung-minh-quan-he", "chứng minh quan hệ với người được cấp bản chính", "Khi người yêu cầu không phải người được cấp bản chính (người đại diện, thân nhân, người thừa kế)"),
    ],
    steps=[
        "Người yêu cầu nộp hồ sơ tại cơ quan, tổ chức đang quản lý sổ gốc: trực tiếp, qua bưu chính (kèm phong bì dán tem ghi rõ địa chỉ nhận) hoặc trực tuyến.",
        "Người tiếp nhận kiểm tra giấy tờ; cơ quan khai thác Cơ sở dữ liệu quốc gia về dân cư, Cơ sở dữ liệu hộ tịch điện tử để thay thế giấy tờ khi có thể.",
        "Cơ quan, tổ chức căn cứ sổ gốc để cấp bản sao đúng nội dung sổ gốc trong 01 ngày làm việc; sổ gốc không còn lưu trữ hoặc không có thông tin thì trả lời bằng văn bản.",
        "Kết quả được trả trực tiếp, qua bưu chính công ích hoặc trực tuyến theo phương thức người yêu cầu đã đăng ký.",
    ],
    channels=ALL3,
    deciding=None,
    schema=form("Yêu cầu cấp bản sao từ sổ gốc", {
        "nguoi_yeu_cau": nguoi_yeu_cau(with_address=True),
        "quan_he": enum("Người yêu cầu là", ["Người được cấp bản chính", "Người đại diện theo pháp luật, theo ủy quyền",
                                             "Cha, mẹ, con, vợ, chồng, anh, chị, em ruột", "Người thừa kế khác"]),
        "ten_giay_to": string("Tên giấy tờ đã được cấp bản chính", max_length=255),
        "ho_ten_nguoi_duoc_cap": ho_ten("Họ, chữ đệm và tên người được cấp bản chính"),
        "so_giay_to": string("Số, ký hiệu của bản chính (nếu biết)", max_length=50),
        "ngay_cap": date("Ngày cấp bản chính (nếu biết)"),
        "so_ban_sao": so_ban("Số bản sao đề nghị cấp", minimum=1),
        "hinh_thuc_nhan": hinh_thuc_nhan(),
    }, ["nguoi_yeu_cau", "quan_he", "ten_giay_to", "ho_ten_nguoi_duoc_cap", "so_ban_sao", "hinh_thuc_nhan"]),
)

# 20. Chứng thực văn bản phân chia di sản --------------------------------------------------------
O["2.001406"] = dict(
    components=[
        C("du-thao-van-ban-phan-chia", "Dự thảo văn bản phân chia di sản", form=True),
        C("giay-chung-nhan-quyen-so-huu", "giấy chứng nhận quyền sở hữu, quyền sử dụng", "Khi di sản là tài sản phải đăng ký quyền sở hữu, quyền sử dụng"),
    ],
    steps=chungthuc_sign_steps("dự thảo văn bản phân chia di sản và giấy chứng nhận quyền sở hữu, quyền sử dụng di sản", "các bên tham gia phân chia di sản"),
    channels=ALL3,
    deciding=None,
    schema=form("Yêu cầu chứng thực văn bản phân chia di sản", {
        "nguoi_yeu_cau": nguoi_yeu_cau(with_address=True),
        "nguoi_de_lai_di_san": person("Người để lại di sản", ["ho_ten", ("ngay_chet", date("Ngày chết")), "so_dinh_danh"], ["ho_ten", "ngay_chet"]),
        "loai_di_san": enum("Loại di sản", ["Động sản", "Quyền sử dụng đất", "Nhà ở", "Quyền sử dụng đất và nhà ở"]),
        "mo_ta_di_san": text("Mô tả di sản", max_length=2000),
        "so_nguoi_thua_ke": integer("Số người thừa kế tham gia phân chia", 1, 50),
        "so_giay_chung_nhan": string("Số giấy chứng nhận quyền sở hữu, quyền sử dụng", max_length=50),
    }, ["nguoi_yeu_cau", "nguoi_de_lai_di_san", "loai_di_san", "mo_ta_di_san", "so_nguoi_thua_ke"]),
)

# 21. Đăng ký nuôi con nuôi trong nước ------------------------------------------------------------
_EXEMPT_RELATIVE = "Không áp dụng khi cha dượng, mẹ kế nhận con riêng hoặc cô, cậu, dì, chú, bác ruột nhận cháu làm con nuôi"
O["2.001263"] = dict(
    components=[
        C("don-xin-nhan-con-nuoi", "Đơn xin nhận con nuôi", None, "Đơn xin nhận con nuôi", True),
        C("ban-sao-giay-to-tuy-than", "Bản sao Hộ chiếu, Thẻ căn cước"),
        C("van-ban-xac-nhan-tinh-trang-hon-nhan", "xác nhận tình trạng hôn nhân"),
        C("giay-kham-suc-khoe", "Giấy khám sức khỏe", _EXEMPT_RELATIVE),
        C("van-ban-xac-nhan-hoan-canh", "xác nhận hoàn cảnh gia đình", _EXEMPT_RELATIVE),
        C("giay-khai-sinh-tre-em", "Giấy khai sinh"),
        C("anh-tre-em", "ảnh toàn thân", None, None, False, ["jpg", "png"]),
    ],
    steps=[
        "Người nhận con nuôi nộp hồ sơ của mình và của người được nhận làm con nuôi tại Ủy ban nhân dân cấp xã có thẩm quyền (trực tiếp, qua bưu chính hoặc trực tuyến).",
        "Ủy ban nhân dân cấp xã khai thác Cơ sở dữ liệu quốc gia về dân cư, hộ tịch điện tử, lý lịch tư pháp để thay thế giấy tờ và kiểm tra hồ sơ trong 10 ngày kể từ ngày nhận đủ hồ sơ hợp lệ.",
        "Công chức cấp xã tìm hiểu hoàn cảnh, lấy ý kiến của những người liên quan và giải thích quyền thay đổi ý kiến đồng ý trong thời hạn luật định.",
        "Nếu đủ điều kiện, Ủy ban nhân dân cấp xã đăng ký nuôi con nuôi, ghi vào Sổ đăng ký nuôi con nuôi và tổ chức giao nhận con nuôi, trao Giấy chứng nhận nuôi con nuôi tại trụ sở với sự có mặt của các bên.",
        "Trường hợp từ chối đăng ký, Ủy ban nhân dân cấp xã trả lời bằng văn bản cho người nhận con nuôi, cha mẹ đẻ hoặc người giám hộ.",
    ],
    channels=ALL3,
    deciding="Ủy ban Nhân dân xã, phường, thị trấn",
    schema=form("Đơn xin nhận con nuôi", {
        "nguoi_nhan": person("Người nhận con nuôi", ["ho_ten", "ngay_sinh", "so_dinh_danh", "noi_cu_tru", "dien_thoai",
                                                     ("nghe_nghiep", string("Nghề nghiệp", max_length=100))],
                             ["ho_ten", "ngay_sinh", "so_dinh_danh", "noi_cu_tru", "dien_thoai"]),
        "ho_ten_vo_chong": ho_ten("Họ, chữ đệm và tên vợ/chồng cùng nhận con nuôi (nếu có)"),
        "tre_em": person("Người được nhận làm con nuôi", ["ho_ten", "gioi_tinh", "ngay_sinh",
                                                          ("noi_sinh", string("Nơi sinh", max_length=255)), "noi_cu_tru"],
                         ["ho_ten", "gioi_tinh", "ngay_sinh", "noi_cu_tru"]),
        "quan_he_voi_tre": enum("Quan hệ giữa người nhận và người được nhận", [
            "Không có quan hệ thân thích", "Cha dượng, mẹ kế", "Cô, cậu, dì, chú, bác ruột", "Quan hệ khác"]),
        "ly_do": text("Lý do xin nhận con nuôi", max_length=1000),
    }, ["nguoi_nhan", "tre_em", "quan_he_voi_tre", "ly_do"]),
)

# 22. Cấp Phiếu lý lịch tư pháp -----------------------------------------------------------------
O["3.000333"] = dict(
    components=[
        C("to-khai", "Mẫu số 01/2025/LLTP", WHEN_PAPER, "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp (Mẫu số 01/2025/LLTP)", True),
        C("to-khai-dien-tu", "Mẫu số 04/2025/LLTP", WHEN_ONLINE, "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp điện tử tương tác (Mẫu số 04/2025/LLTP)", True),
        C("ban-sao-giay-to-tuy-than", "Bản sao Thẻ Căn cước"),
        C("van-ban-uy-quyen", "Văn bản ủy quyền", "Trường hợp ủy quyền yêu cầu cấp Phiếu lý lịch tư pháp số 1"),
        C("to-khai-uy-quyen", "Mẫu số 02/2025/LLTP", "Trường hợp ủy quyền, hoặc cha, mẹ yêu cầu cấp Phiếu cho người chưa thành niên", "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp (Mẫu số 02/2025/LLTP)", True),
        C("giay-to-mien-giam-phi", "miễn, hoặc giảm phí", "Người thuộc đối tượng được miễn, giảm phí"),
    ],
    steps=[
        "Người yêu cầu đăng nhập Cổng Dịch vụ công quốc gia hoặc Ứng dụng định danh quốc gia (VNeID) bằng tài khoản định danh điện tử mức độ 2 và chọn thủ tục Cấp Phiếu lý lịch tư pháp (hoặc nộp tờ khai trực tiếp, qua bưu chính tại Công an tỉnh).",
        "Người yêu cầu kê khai tờ khai điện tử tương tác, chọn thông tin trả kết quả và loại đối tượng nộp phí, cam đoan lời khai rồi gửi yêu cầu.",
        "Hệ thống thông báo mã hồ sơ, ngày hẹn trả kết quả và hướng dẫn nộp phí; người yêu cầu nộp phí qua tiện ích thanh toán trực tuyến.",
        "Công an tỉnh tra cứu, xác minh thông tin lý lịch tư pháp và cấp Phiếu lý lịch tư pháp số 1 hoặc số 2 trong thời hạn 10 ngày.",
        "Người yêu cầu theo dõi tình trạng hồ sơ trên Cổng Dịch vụ công/VNeID và nhận Phiếu theo phương thức đã chọn.",
    ],
    channels=ALL3,
    deciding="Công an tỉnh",
    schema=form("Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp", {
        "nguoi_yeu_cau": person("Người yêu cầu cấp Phiếu", [
            "ho_ten", "gioi_tinh", "ngay_sinh", ("noi_sinh", string("Nơi sinh", max_length=255)), "quoc_tich", "dan_toc",
            "so_dinh_danh", ("noi_thuong_tru", noi_cu_tru("Nơi thường trú")), ("noi_tam_tru", noi_cu_tru("Nơi tạm trú")),
            "dien_thoai", "email"],
            ["ho_ten", "gioi_tinh", "ngay_sinh", "noi_sinh", "quoc_tich", "so_dinh_danh", "noi_thuong_tru", "dien_thoai"]),
        "ho_ten_cha": ho_ten("Họ, chữ đệm và tên cha"),
        "ho_ten_me": ho_ten("Họ, chữ đệm và tên mẹ"),
        "loai_phieu": enum("Loại Phiếu yêu cầu cấp", ["Phiếu lý lịch tư pháp số 1", "Phiếu lý lịch tư pháp số 2"]),
        "muc_dich": string("Mục đích sử dụng Phiếu", max_length=255),
        "so_luong": integer("Số lượng Phiếu", 1, 10, "Từ Phiếu thứ 3 trở đi thu thêm 5.000 đồng/Phiếu."),
        "xac_nhan_cam_dam_nhiem": boolean("Yêu cầu xác nhận về việc cấm đảm nhiệm chức vụ, thành lập, quản lý doanh nghiệp, hợp tác xã", "Chỉ áp dụng với Phiếu số 1."),
        "doi_tuong_phi": enum("Đối tượng nộp phí", ["Thông thường", "Sinh viên, người có công với cách mạng, thân nhân liệt sĩ",
                                                   "Thuộc diện miễn phí"]),
    }, ["nguoi_yeu_cau", "loai_phieu", "muc_dich", "so_luong", "doi_tuong_phi"]),
)

# 23. Đăng ký thường trú ------------------------------------------------------------------------
_cu_tru_steps = lambda thu_tuc, dieu, phi: [
    f"Công dân chuẩn bị hồ sơ và nộp tại Công an cấp xã hoặc trực tuyến qua Cổng Dịch vụ công quốc gia, Cổng dịch vụ công Bộ Công an, ứng dụng VNeID.",
    f"Cán bộ đăng ký kiểm tra hồ sơ, đối chiếu thông tin khai báo với Cơ sở dữ liệu quốc gia về dân cư, Cơ sở dữ liệu về cư trú và các cơ sở dữ liệu liên quan.",
    f"Hồ sơ đủ điều kiện theo {dieu} Luật Cư trú thì cấp Phiếu tiếp nhận hồ sơ và hẹn trả kết quả (Mẫu CT04); không đủ điều kiện thì cấp Phiếu từ chối tiếp nhận, giải quyết hồ sơ (Mẫu CT06).",
    f"Công dân nộp lệ phí {thu_tuc} theo quy định ({phi}).",
    f"Công an cấp xã cập nhật Cơ sở dữ liệu về cư trú; công dân nhận thông báo kết quả theo ngày hẹn.",
]
_nguoi_de_nghi = lambda: person("Người đề nghị", ["ho_ten", "ngay_sinh", "gioi_tinh", "so_dinh_danh", "dien_thoai", "email"],
                                ["ho_ten", "ngay_sinh", "gioi_tinh", "so_dinh_danh", "dien_thoai"])
O["1.004222"] = dict(
    components=[
        C("to-khai", "Tờ khai thay đổi thông tin cư trú", None, CT01, True),
        C("thong-tin-cho-o-hop-phap", "chứng minh về chỗ ở hợp pháp"),
        C("hop-dong-thue-muon-o-nho", "Hợp đồng, văn bản về việc cho thuê", "Đăng ký thường trú vào chỗ ở hợp pháp do thuê, mượn, ở nhờ"),
        C("thong-tin-dien-tich-nha-o", "đủ diện tích nhà ở", "Đăng ký thường trú vào chỗ ở hợp pháp do thuê, mượn, ở nhờ"),
        C("thong-tin-quan-he-nhan-than", "quan hệ nhân thân", "Đăng ký thường trú về ở với người thân (khoản 2 Điều 20 Luật Cư trú)"),
    ],
    steps=_cu_tru_steps("đăng ký thường trú", "Điều 20", "10.000 đồng khi nộp trực tuyến, 20.000 đồng khi nộp trực tiếp; trừ trường hợp được miễn"),
    channels=[ONLINE, COUNTER],
    deciding="Công an cấp xã",
    schema=form("Tờ khai thay đổi thông tin cư trú (đăng ký thường trú)", {
        "nguoi_de_nghi": _nguoi_de_nghi(),
        "noi_de_nghi_thuong_tru": noi_cu_tru("Địa chỉ đề nghị đăng ký thường trú"),
        "loai_cho_o": enum("Trường hợp đăng ký", [
            "Chỗ ở hợp pháp thuộc quyền sở hữu của mình", "Về ở với người thân (khoản 2 Điều 20 Luật Cư trú)",
            "Chỗ ở hợp pháp do thuê, mượn, ở nhờ", "Cơ sở tín ngưỡng, cơ sở tôn giáo",
            "Cơ sở trợ giúp xã hội hoặc hộ gia đình nhận chăm sóc, nuôi dưỡng", "Phương tiện dùng để ở", "Đơn vị đóng quân, nhà ở công vụ"]),
        "chu_ho": person("Chủ hộ (nếu nhập vào hộ đã có)", ["ho_ten", "so_dinh_danh",
                                                            ("quan_he_voi_chu_ho", string("Quan hệ với chủ hộ", max_length=60))],
                         ["ho_ten", "so_dinh_danh", "quan_he_voi_chu_ho"]),
        "y_kien_dong_y": boolean("Chủ hộ, chủ sở hữu chỗ ở hợp pháp đã đồng ý", "Ý kiến đồng ý được xác nhận trên tờ khai hoặc qua VNeID."),
    }, ["nguoi_de_nghi", "noi_de_nghi_thuong_tru", "loai_cho_o"]),
)

# 24. Đăng ký tạm trú ---------------------------------------------------------------------------
O["1.004194"] = dict(
    components=[
        C("to-khai", "Tờ khai thay đổi thông tin cư trú", None, CT01, True),
        C("thong-tin-cho-o-hop-phap", "chứng minh về chỗ ở hợp pháp"),
        C("van-ban-de-nghi-kem-danh-sach", "Văn bản đề nghị đăng ký tạm trú", "Đăng ký tạm trú theo danh sách", None, True),
    ],
    steps=_cu_tru_steps("đăng ký tạm trú", "Điều 27", "7.000 đồng khi nộp trực tuyến; 10.000 đồng/người khi đăng ký theo danh sách nộp trực tiếp"),
    channels=[ONLINE, COUNTER],
    deciding="Công an cấp xã",
    schema=form("Tờ khai thay đổi thông tin cư trú (đăng ký tạm trú)", {
        "nguoi_de_nghi": _nguoi_de_nghi(),
        "noi_tam_tru": noi_cu_tru("Địa chỉ đề nghị đăng ký tạm trú"),
        "thoi_han_thang": integer("Thời hạn tạm trú đề nghị (tháng)", 1, 24, "Tối đa 02 năm, có thể gia hạn."),
        "chu_so_huu": person("Chủ hộ hoặc chủ sở hữu chỗ ở hợp pháp", ["ho_ten", "so_dinh_danh",
                                                                     ("quan_he", string("Quan hệ với người đề nghị", max_length=60))],
                             ["ho_ten"]),
        "y_kien_dong_y": boolean("Chủ hộ, chủ sở hữu chỗ ở hợp pháp đã đồng ý"),
        "y_kien_cha_me": string("Ý kiến đồng ý của cha, mẹ hoặc người giám hộ", "Bắt buộc khi người đăng ký tạm trú là người chưa thành niên.", max_length=255),
    }, ["nguoi_de_nghi", "noi_tam_tru", "thoi_han_thang"]),
)

# 25. Gia hạn tạm trú ---------------------------------------------------------------------------
O["1.002755"] = dict(
    components=[
        C("to-khai", "Tờ khai thay đổi thông tin cư trú", None, CT01, True),
        C("van-ban-de-nghi-kem-danh-sach", "Văn bản đề nghị gia hạn tạm trú", "Gia hạn tạm trú theo danh sách", None, True),
    ],
    steps=[
        "Trong thời hạn 15 ngày trước ngày hết thời hạn tạm trú, công dân nộp hồ sơ gia hạn tạm trú tại Công an cấp xã hoặc trực tuyến qua Cổng Dịch vụ công quốc gia, Cổng dịch vụ công Bộ Công an, ứng dụng VNeID.",
        "Cơ quan đăng ký cư trú kiểm tra tính pháp lý và nội dung hồ sơ.",
        "Hồ sơ đầy đủ, hợp lệ thì cấp Phiếu tiếp nhận hồ sơ và hẹn trả kết quả (Mẫu CT04); không đủ điều kiện thì cấp Phiếu từ chối tiếp nhận, giải quyết hồ sơ (Mẫu CT06).",
        "Công dân nộp lệ phí gia hạn tạm trú theo quy định.",
        "Công an cấp xã cập nhật Cơ sở dữ liệu về cư trú; công dân nhận thông báo kết quả theo ngày hẹn.",
    ],
    channels=[ONLINE, COUNTER],
    deciding="Công an cấp xã",
    schema=form("Tờ khai thay đổi thông tin cư trú (gia hạn tạm trú)", {
        "nguoi_de_nghi": person("Người đề nghị", ["ho_ten", "ngay_sinh", "so_dinh_danh", "dien_thoai"],
                                ["ho_ten", "ngay_sinh", "so_dinh_danh", "dien_thoai"]),
        "noi_tam_tru": noi_cu_tru("Địa chỉ đang đăng ký tạm trú"),
        "han_tam_tru_hien_tai": date("Ngày hết hạn tạm trú hiện tại"),
        "thoi_han_gia_han_thang": integer("Thời hạn gia hạn đề nghị (tháng)", 1, 24),
        "chu_so_huu": person("Chủ sở hữu chỗ ở hợp pháp", ["ho_ten", "so_dinh_danh"], ["ho_ten"]),
        "y_kien_dong_y": must_be_true("Chủ sở hữu chỗ ở hợp pháp đồng ý cho tiếp tục tạm trú"),
    }, ["nguoi_de_nghi", "noi_tam_tru", "han_tam_tru_hien_tai", "thoi_han_gia_han_thang", "y_kien_dong_y"]),
)

# 26. Cấp thẻ căn cước cho người từ đủ 14 tuổi ----------------------------------------------------
_cc_base = {
    "ho_ten": ho_ten("Họ, chữ đệm và tên khai sinh"), "so_dinh_danh": so_dinh_danh(), "ngay_sinh": ngay_sinh(),
    "gioi_tinh": gioi_tinh(), "noi_cu_tru": noi_cu_tru(), "dien_thoai": dien_thoai(),
}
O["1.014061"] = dict(
    components=[
        C("phieu-thu-thap-thong-tin-dan-cu", "Phiếu thu thập thông tin dân cư", "Khi thông tin của công dân chưa có trong Cơ sở dữ liệu quốc gia về dân cư",
          "Phiếu thu thập thông tin dân cư (Mẫu DC01 ban hành kèm theo Thông tư số 53/2025/TT-BCA)", True),
        C("phieu-de-nghi", "Phiếu đề nghị giải quyết thủ tục về căn cước", None, DC02, True),
    ],
    steps=[
        "Công dân đến Công an cấp xã hoặc Bộ phận Một cửa cấp xã bất kỳ (không phụ thuộc nơi cư trú), hoặc đăng ký trước thời gian, địa điểm làm thủ tục qua Cổng Dịch vụ công/VNeID.",
        "Cán bộ thu nhận tra cứu thông tin công dân trong Cơ sở dữ liệu quốc gia về dân cư để lập hồ sơ; thông tin chưa có hoặc có thay đổi thì hướng dẫn thu thập, điều chỉnh trước.",
        "Cán bộ thu nhận vân tay, chụp ảnh khuôn mặt, thu nhận ảnh mống mắt; công dân kiểm tra và ký Phiếu thu nhận thông tin căn cước.",
        "Cán bộ thu thẻ Căn cước công dân cũ (nếu có), thu lệ phí (nếu có) và cấp giấy hẹn trả kết quả (Mẫu CC02).",
        "Công dân nhận thẻ căn cước tại Công an cấp xã hoặc qua dịch vụ bưu chính, trong thời hạn không quá 07 ngày làm việc.",
    ],
    channels=[ONLINE, COUNTER],
    deciding="Cục cảnh sát quản lý hành chính về trật tự, xã hội",
    schema=form("Phiếu đề nghị giải quyết thủ tục về căn cước (cấp thẻ căn cước)", dict(_cc_base, **{
        "noi_lam_thu_tuc": string("Nơi đăng ký làm thủ tục", "Công an cấp xã hoặc Bộ phận Một cửa cấp xã.", max_length=255),
        "ngay_hen": date("Ngày đăng ký đến làm thủ tục"),
        "hinh_thuc_nhan": enum("Hình thức nhận thẻ", ["Nhận tại Công an cấp xã", "Nhận qua dịch vụ bưu chính"]),
        "dia_chi_nhan": dia_chi("Địa chỉ nhận thẻ qua bưu chính"),
    }), ["ho_ten", "so_dinh_danh", "ngay_sinh", "gioi_tinh", "noi_cu_tru", "dien_thoai", "noi_lam_thu_tuc", "hinh_thuc_nhan"]),
)

# 27. Cấp đổi thẻ căn cước ----------------------------------------------------------------------
O["1.014063"] = dict(
    components=[
        C("phieu-de-nghi", "Phiếu đề nghị giải quyết thủ tục về căn cước", None, DC02, True),
        C("giay-to-nguoi-dai-dien", "người đại diện hợp pháp của người dưới 14 tuổi", "Người đề nghị là người đại diện hợp pháp của người dưới 14 tuổi"),
    ],
    steps=[
        "Công dân đến Công an cấp xã hoặc Bộ phận Một cửa cấp xã bất kỳ, hoặc lựa chọn thủ tục trên Cổng Dịch vụ công/VNeID, kiểm tra thông tin và đăng ký thời gian, địa điểm làm thủ tục.",
        "Cán bộ thu nhận tra cứu thông tin trong Cơ sở dữ liệu quốc gia về dân cư để lập hồ sơ cấp đổi; thông tin có thay đổi thì hướng dẫn điều chỉnh trước (trừ thay đổi do sắp xếp đơn vị hành chính).",
        "Cán bộ thu nhận vân tay, ảnh khuôn mặt, mống mắt của công dân từ đủ 06 tuổi (không thu nhận lại nếu chỉ đổi do sắp xếp đơn vị hành chính); công dân hoặc người đại diện ký Phiếu thu nhận thông tin căn cước.",
        "Cán bộ thu thẻ căn cước cũ, thu lệ phí (nếu có) và cấp giấy hẹn trả kết quả (Mẫu CC02).",
        "Công dân nhận thẻ tại Công an cấp xã hoặc qua dịch vụ bưu chính, trong thời hạn 07 ngày làm việc.",
    ],
    channels=ALL3,
    deciding="Cục cảnh sát quản lý hành chính về trật tự, xã hội",
    schema=form("Phiếu đề nghị giải quyết thủ tục về căn cước (cấp đổi thẻ căn cước)", dict(_cc_base, **{
        "ly_do": enum("Lý do cấp đổi", [
            "Đủ tuổi phải đổi thẻ", "Thay đổi, cải chính họ, chữ đệm, tên khai sinh hoặc ngày sinh",
            "Thay đổi nhân dạng, xác định lại giới tính hoặc chuyển đổi giới tính", "Có sai sót về thông tin in trên thẻ",
            "Thông tin trên thẻ thay đổi do sắp xếp đơn vị hành chính", "Xác lập lại số định danh cá nhân",
            "Theo yêu cầu của người được cấp thẻ"]),
        "nguoi_dai_dien": person("Người đại diện hợp pháp (với người dưới 14 tuổi)", ["ho_ten", "so_dinh_danh",
                                                                                   ("quan_he", string("Quan hệ với người được cấp thẻ", max_length=60))],
                                 ["ho_ten", "so_dinh_danh", "quan_he"]),
        "hinh_thuc_nhan": enum("Hình thức nhận thẻ", ["Nhận tại Công an cấp xã", "Nhận qua dịch vụ bưu chính"]),
        "dia_chi_nhan": dia_chi("Địa chỉ nhận thẻ qua bưu chính"),
    }), ["ho_ten", "so_dinh_danh", "ngay_sinh", "gioi_tinh", "noi_cu_tru", "dien_thoai", "ly_do", "hinh_thuc_nhan"]),
)

# 28. Cấp hộ chiếu phổ thông ở trong nước ---------------------------------------------------------
O["1.001456"] = dict(
    components=[
        C("to-khai", "Tờ khai đề nghị cấp hộ chiếu phổ thông", None,
          "Tờ khai đề nghị cấp hộ chiếu phổ thông ở trong nước (Mẫu TK01/TK01a ban hành kèm theo Thông tư số 31/2023/TT-BCA)", True),
        C("anh-chan-dung", "Ảnh mới chụp", None, None, False, ["jpg", "png"]),
        C("ho-chieu-cu", "Hộ chiếu phổ thông cấp lần gần nhất", "Người đã được cấp hộ chiếu (bị mất thì kèm đơn báo mất)"),
        C("ban-sao-giay-khai-sinh", "Bản sao giấy khai sinh", "Người chưa đủ 14 tuổi chưa được cấp số định danh cá nhân"),
    ],
    steps=[
        "Người đề nghị nộp hồ sơ trực tiếp tại Cơ quan Quản lý xuất nhập cảnh Công an cấp tỉnh, hoặc trực tuyến qua Cổng Dịch vụ công quốc gia/Cổng dịch vụ công Bộ Công an và gửi bổ sung qua bưu chính công ích khi được thông báo.",
        "Cán bộ quản lý xuất nhập cảnh kiểm tra tính pháp lý và nội dung hồ sơ; hồ sơ thiếu hoặc chưa hợp lệ thì hướng dẫn hoàn chỉnh, không đủ điều kiện thì trả lời bằng văn bản nêu rõ lý do.",
        "Hồ sơ hợp lệ thì cấp giấy hẹn trả kết quả và thu lệ phí (trực tiếp hoặc thanh toán trực tuyến, nhận biên lai điện tử).",
        "Người đề nghị nhận hộ chiếu tại Cơ quan Quản lý xuất nhập cảnh Công an cấp tỉnh (xuất trình giấy hẹn, giấy tờ tùy thân) hoặc qua dịch vụ bưu chính, trong thời hạn 08 ngày làm việc.",
    ],
    channels=ALL3,
    deciding="Cục quản lý xuất nhập cảnh",
    schema=form("Tờ khai đề nghị cấp hộ chiếu phổ thông ở trong nước", {
        "ho_ten": ho_ten(), "gioi_tinh": gioi_tinh(), "ngay_sinh": ngay_sinh(),
        "noi_sinh": string("Nơi sinh (tỉnh, thành phố)", max_length=100),
        "so_dinh_danh": so_dinh_danh(), "dien_thoai": dien_thoai(), "email": email(),
        "noi_thuong_tru": noi_cu_tru("Nơi thường trú"),
        "nghe_nghiep": string("Nghề nghiệp", max_length=100),
        "loai_ho_chieu": enum("Loại hộ chiếu đề nghị cấp", ["Hộ chiếu có gắn chíp điện tử", "Hộ chiếu không gắn chíp điện tử"]),
        "ly_do": enum("Nội dung đề nghị", ["Cấp hộ chiếu lần đầu", "Cấp lại do hộ chiếu hết hạn hoặc sắp hết hạn",
                                           "Cấp lại do hộ chiếu bị mất", "Cấp lại do hộ chiếu bị hư hỏng",
                                           "Cấp lại do thay đổi thông tin nhân thân", "Lý do khác"]),
        "so_ho_chieu_gan_nhat": pattern("Số hộ chiếu cấp lần gần nhất (nếu có)", PASSPORT),
        "hinh_thuc_nhan": enum("Hình thức nhận hộ chiếu", ["Nhận trực tiếp", "Nhận qua dịch vụ bưu chính"]),
        "dia_chi_nhan": dia_chi("Địa chỉ nhận qua bưu chính"),
    }, ["ho_ten", "gioi_tinh", "ngay_sinh", "noi_sinh", "so_dinh_danh", "dien_thoai", "noi_thuong_tru", "loai_ho_chieu", "ly_do", "hinh_thuc_nhan"]),
)

# 29. Đổi giấy phép lái xe ----------------------------------------------------------------------
O["3.000347"] = dict(
    components=[
        C("don-de-nghi", "Đề nghị đổi giấy phép lái xe", None,
          "Đề nghị đổi giấy phép lái xe (mẫu tại Phụ lục XII ban hành kèm theo Thông tư số 12/2025/TT-BCA)", True),
        C("giay-kham-suc-khoe", "Giấy khám sức khỏe", "Trừ người có giấy phép lái xe hạng A1, A, B1"),
        C("ho-chieu", "Hộ chiếu còn thời hạn", "Người nước ngoài, người Việt Nam định cư ở nước ngoài"),
    ],
    steps=[
        "Cá nhân nộp hồ sơ trực tiếp tại Phòng Cảnh sát giao thông hoặc Công an cấp xã được bố trí điểm tiếp nhận (chụp ảnh tại chỗ), hoặc qua hệ thống dịch vụ công trực tuyến, và nộp lệ phí.",
        "Cơ quan tiếp nhận tra cứu thông tin giấy phép lái xe và vi phạm giao thông; giấy phép chưa có thông tin trên hệ thống thì phải có kết quả xác minh trước khi giải quyết.",
        "Hồ sơ chưa đúng quy định thì thông báo nội dung cần bổ sung trong 02 ngày làm việc; hồ sơ hợp lệ thì hẹn trả kết quả sau 05 ngày làm việc.",
        "Phòng Cảnh sát giao thông chuyển dữ liệu về Cục Cảnh sát giao thông để cấp giấy phép lái xe, tổ chức in và trả tại nơi tiếp nhận hoặc qua bưu chính.",
        "Giấy phép lái xe cũ được thu hồi, tiêu hủy; nộp trực tuyến thì người lái xe gửi giấy phép cũ về cơ quan cấp.",
    ],
    channels=[ONLINE, COUNTER],
    deciding="Cục cảnh sát giao thông",
    schema=form("Đề nghị đổi giấy phép lái xe", {
        "ho_ten": ho_ten(), "ngay_sinh": ngay_sinh(), "gioi_tinh": gioi_tinh(), "so_dinh_danh": so_dinh_danh(),
        "quoc_tich": quoc_tich(), "noi_cu_tru": noi_cu_tru(), "dien_thoai": dien_thoai(),
        "so_gplx": pattern("Số giấy phép lái xe", GPLX, "12 chữ số in trên giấy phép lái xe."),
        "hang_gplx": enum("Hạng giấy phép lái xe", ["A1", "A", "B1", "B", "C1", "C", "D1", "D2", "D",
                                                    "BE", "C1E", "CE", "D1E", "D2E", "DE"]),
        "ngay_cap_gplx": date("Ngày cấp giấy phép lái xe"),
        "noi_cap_gplx": string("Cơ quan cấp giấy phép lái xe", max_length=255),
        "ly_do": enum("Lý do đổi", ["Giấy phép lái xe hết hạn sử dụng", "Giấy phép lái xe bị hỏng",
                                    "Thay đổi thông tin trên giấy phép lái xe", "Đổi giấy phép lái xe của nước ngoài", "Lý do khác"]),
        "hinh_thuc_nhan": enum("Hình thức nhận giấy phép lái xe", ["Nhận trực tiếp", "Nhận qua dịch vụ bưu chính"]),
        "dia_chi_nhan": dia_chi("Địa chỉ nhận qua bưu chính"),
    }, ["ho_ten", "ngay_sinh", "gioi_tinh", "so_dinh_danh", "noi_cu_tru", "dien_thoai", "so_gplx", "hang_gplx", "ly_do", "hinh_thuc_nhan"]),
)

# 30. Đăng ký thành lập hộ kinh doanh -------------------------------------------------------------
O["1.001612"] = dict(
    components=[
        C("giay-de-nghi", "Giấy đề nghị đăng ký hộ kinh doanh", None, f"Giấy đề nghị đăng ký hộ kinh doanh ({TT68})", True),
        C("van-ban-uy-quyen-thanh-vien-ho-gia-dinh", "thành viên hộ gia đình cho một thành viên làm chủ hộ", "Hộ kinh doanh do các thành viên hộ gia đình đăng ký thành lập"),
        C("ban-sao-the-can-cuoc-nguoi-uy-quyen", "chưa có tài khoản định danh điện tử", WHEN_NO_VNEID),
        C("van-ban-uy-quyen", "ủy quyền cho cá nhân thực hiện thủ tục", "Trường hợp ủy quyền cho cá nhân thực hiện thủ tục đăng ký"),
    ],
    steps=[
        f"Chủ hộ kinh doanh hoặc người được ủy quyền {HKD_SUBMIT}.",
        "Người nộp hồ sơ nộp lệ phí đăng ký hộ kinh doanh cùng lúc nộp hồ sơ và nhận giấy tiếp nhận hồ sơ, hẹn trả kết quả.",
        "Cơ quan đăng ký kinh doanh cấp xã kiểm tra điều kiện cấp Giấy chứng nhận đăng ký hộ kinh doanh theo khoản 2 Điều 85 Nghị định số 168/2025/NĐ-CP.",
        "Trong 03 ngày làm việc, cơ quan cấp Giấy chứng nhận đăng ký hộ kinh doanh và gửi thông tin cho Cơ quan thuế; hồ sơ chưa đủ điều kiện thì thông báo bằng văn bản nêu rõ lý do và yêu cầu sửa đổi, bổ sung.",
    ],
    channels=ALL3,
    deciding=None,
    schema=form("Giấy đề nghị đăng ký hộ kinh doanh", {
        "ten_ho_kinh_doanh": ten_ho_kinh_doanh(),
        "dia_chi_tru_so": dia_chi("Địa chỉ trụ sở hộ kinh doanh"),
        "dien_thoai": dien_thoai("Điện thoại của hộ kinh doanh"),
        "email": email(),
        "nganh_nghe": nganh_nghe(),
        "von_kinh_doanh": integer("Vốn kinh doanh (đồng)", 0),
        "so_lao_dong": integer("Số lao động dự kiến", 0, 10000),
        "chu_ho": person("Chủ hộ kinh doanh", ["ho_ten", "ngay_sinh", "gioi_tinh", "so_dinh_danh", "noi_cu_tru"],
                         ["ho_ten", "ngay_sinh", "gioi_tinh", "so_dinh_danh", "noi_cu_tru"]),
        "thanh_lap_boi": enum("Hộ kinh doanh do", ["Một cá nhân thành lập", "Các thành viên hộ gia đình thành lập"]),
        "ngay_bat_dau": date("Ngày bắt đầu hoạt động kinh doanh"),
    }, ["ten_ho_kinh_doanh", "dia_chi_tru_so", "dien_thoai", "nganh_nghe", "von_kinh_doanh", "chu_ho", "thanh_lap_boi"]),
)

# 31. Đăng ký thay đổi nội dung đăng ký hộ kinh doanh ---------------------------------------------
O["2.000720"] = dict(
    components=[
        C("giay-de-nghi", "Giấy đề nghị đăng ký thay đổi", None, f"Giấy đề nghị đăng ký thay đổi nội dung đăng ký hộ kinh doanh ({TT68})", True),
        C("van-ban-uy-quyen-thanh-vien-moi", "thành viên mới", "Trường hợp tiếp nhận thành viên mới của hộ gia đình"),
        C("ban-sao-the-can-cuoc-nguoi-uy-quyen", "chưa có tài khoản định danh điện tử", WHEN_NO_VNEID),
    ],
    steps=[
        f"Trong 10 ngày kể từ ngày có thay đổi, chủ hộ kinh doanh {HKD_SUBMIT}.",
        "Người nộp hồ sơ nhận giấy tiếp nhận hồ sơ và hẹn trả kết quả; thay đổi địa chỉ làm thay đổi Cơ quan thuế quản lý thì phải làm thủ tục với Cơ quan thuế trước.",
        "Trong 03 ngày làm việc, Cơ quan đăng ký kinh doanh cấp xã xem xét tính hợp lệ của hồ sơ và cập nhật thông tin thay đổi vào Cơ sở dữ liệu về đăng ký hộ kinh doanh; hồ sơ chưa hợp lệ thì thông báo bằng văn bản nội dung cần sửa đổi, bổ sung.",
        "Khi thay đổi tên, địa chỉ trụ sở, chủ hộ, thành viên, vốn hoặc ngành, nghề kinh doanh, cơ quan cấp lại Giấy chứng nhận đăng ký hộ kinh doanh.",
    ],
    channels=ALL3,
    deciding=None,
    schema=form("Giấy đề nghị đăng ký thay đổi nội dung đăng ký hộ kinh doanh", {
        "ma_so_ho_kinh_doanh": ma_so_ho_kinh_doanh(),
        "ten_ho_kinh_doanh": ten_ho_kinh_doanh(),
        "chu_ho": chu_ho_kinh_doanh(),
        "noi_dung_thay_doi": array("Nội dung đăng ký thay đổi", enum("Nội dung", [
            "Tên hộ kinh doanh", "Địa chỉ trụ sở", "Chủ hộ kinh doanh", "Thành viên hộ gia đình", "Vốn kinh doanh",
            "Ngành, nghề kinh doanh", "Thông tin đăng ký thuế"]), max_items=7),
        "ten_moi": pattern("Tên hộ kinh doanh mới", "^Hộ kinh doanh .+$"),
        "dia_chi_moi": dia_chi("Địa chỉ trụ sở mới"),
        "von_kinh_doanh_moi": integer("Vốn kinh doanh sau thay đổi (đồng)", 0),
        "nganh_nghe_moi": nganh_nghe("Ngành, nghề kinh doanh sau thay đổi"),
        "ngay_thay_doi": date("Ngày có thay đổi"),
    }, ["ma_so_ho_kinh_doanh", "ten_ho_kinh_doanh", "chu_ho", "noi_dung_thay_doi", "ngay_thay_doi"]),
)

# 32. Tạm ngừng / tiếp tục kinh doanh của hộ kinh doanh --------------------------------------------
O["1.001570"] = dict(
    components=[
        C("giay-de-nghi", "Giấy đề nghị đăng ký tạm ngừng kinh doanh", None,
          f"Giấy đề nghị đăng ký tạm ngừng kinh doanh/tiếp tục kinh doanh trước thời hạn đã đăng ký của hộ kinh doanh ({TT68})", True),
        C("ban-sao-the-can-cuoc-nguoi-uy-quyen", "chưa có tài khoản định danh điện tử", WHEN_NO_VNEID),
    ],
    steps=[
        f"Chậm nhất 03 ngày làm việc trước ngày tạm ngừng (từ 15 ngày trở lên) hoặc tiếp tục kinh doanh trước thời hạn, hộ kinh doanh {HKD_SUBMIT}.",
        "Cơ quan đăng ký kinh doanh cấp xã trao giấy tiếp nhận hồ sơ và hẹn trả kết quả.",
        "Trong 01 ngày làm việc kể từ ngày nhận hồ sơ hợp lệ, cơ quan cấp giấy xác nhận việc tạm ngừng hoặc tiếp tục kinh doanh và cập nhật tình trạng pháp lý của hộ kinh doanh.",
        "Hồ sơ chưa hợp lệ thì cơ quan thông báo để hộ kinh doanh sửa đổi, bổ sung.",
    ],
    channels=ALL3,
    deciding=None,
    schema=form("Giấy đề nghị đăng ký tạm ngừng kinh doanh/tiếp tục kinh doanh trước thời hạn đã đăng ký của hộ kinh doanh", {
        "ma_so_ho_kinh_doanh": ma_so_ho_kinh_doanh(),
        "ten_ho_kinh_doanh": ten_ho_kinh_doanh(),
        "chu_ho": chu_ho_kinh_doanh(),
        "loai_dang_ky": enum("Nội dung đăng ký", ["Tạm ngừng kinh doanh", "Tiếp tục kinh doanh trước thời hạn đã thông báo"]),
        "tu_ngay": date("Từ ngày"),
        "den_ngay": date("Đến ngày (khi tạm ngừng)"),
        "ly_do": text("Lý do", max_length=1000),
    }, ["ma_so_ho_kinh_doanh", "ten_ho_kinh_doanh", "chu_ho", "loai_dang_ky", "tu_ngay"]),
)

# 33. Chấm dứt hoạt động hộ kinh doanh -------------------------------------------------------------
O["1.001266"] = dict(
    components=[
        C("thong-bao-cham-dut", "Thông báo chấm dứt hoạt động hộ kinh doanh", None, f"Thông báo chấm dứt hoạt động hộ kinh doanh ({TT68})", True),
        C("ban-sao-the-can-cuoc-nguoi-uy-quyen", "chưa có tài khoản định danh điện tử", WHEN_NO_VNEID),
    ],
    steps=[
        f"Trong 05 ngày làm việc kể từ ngày thanh toán hết các khoản nợ, hộ kinh doanh {HKD_SUBMIT}.",
        "Cơ quan đăng ký kinh doanh cấp xã gửi thông tin về việc chấm dứt hoạt động cho Cơ quan thuế; Cơ quan thuế có ý kiến về nghĩa vụ thuế trong 02 ngày làm việc.",
        "Trong 05 ngày làm việc kể từ ngày nhận hồ sơ, nếu Cơ quan thuế không có ý kiến hoặc xác nhận đã hoàn thành nghĩa vụ thuế, cơ quan chuyển tình trạng hộ kinh doanh sang đã chấm dứt hoạt động và đăng thông báo trên Cổng thông tin quốc gia về đăng ký doanh nghiệp.",
        "Trường hợp Cơ quan thuế từ chối do hộ kinh doanh chưa hoàn thành nghĩa vụ thuế, cơ quan đăng ký kinh doanh thông báo bằng văn bản cho hộ kinh doanh.",
    ],
    channels=ALL3,
    deciding=None,
    schema=form("Thông báo chấm dứt hoạt động hộ kinh doanh", {
        "ma_so_ho_kinh_doanh": ma_so_ho_kinh_doanh(),
        "ten_ho_kinh_doanh": ten_ho_kinh_doanh(),
        "dia_chi_tru_so": dia_chi("Địa chỉ trụ sở hộ kinh doanh"),
        "chu_ho": chu_ho_kinh_doanh(),
        "ngay_cham_dut": date("Ngày chấm dứt hoạt động"),
        "cam_ket": must_be_true("Cam kết đã thanh toán đầy đủ các khoản nợ, kể cả nợ thuế"),
        "ly_do": text("Lý do chấm dứt hoạt động", max_length=1000),
    }, ["ma_so_ho_kinh_doanh", "ten_ho_kinh_doanh", "dia_chi_tru_so", "chu_ho", "ngay_cham_dut", "cam_ket"]),
)

# 34. Đăng ký thành lập doanh nghiệp tư nhân ------------------------------------------------------
O["2.001610"] = dict(
    components=[
        C("giay-de-nghi", "Giấy đề nghị đăng ký doanh nghiệp", None, f"Giấy đề nghị đăng ký doanh nghiệp ({TT68})", True),
        C("ban-sao-giay-to-phap-ly-ca-nhan", "Bản sao giấy tờ pháp lý của cá nhân",
          "Không phải nộp nếu chủ doanh nghiệp kê khai số định danh cá nhân (khoản 1 Điều 11 Nghị định số 168/2025/NĐ-CP)"),
    ],
    steps=[
        "Người thành lập doanh nghiệp nộp hồ sơ tại Cơ quan đăng ký kinh doanh cấp tỉnh nơi đặt trụ sở chính, qua bưu chính, hoặc qua Cổng thông tin quốc gia về đăng ký doanh nghiệp bằng tài khoản định danh điện tử.",
        "Người nộp hồ sơ đề nghị công bố nội dung đăng ký doanh nghiệp, nộp phí, lệ phí và nhận giấy tiếp nhận hồ sơ, hẹn trả kết quả.",
        "Cơ quan đăng ký kinh doanh khai thác Cơ sở dữ liệu quốc gia về đăng ký doanh nghiệp, về dân cư để thay thế thành phần hồ sơ và xem xét tính hợp lệ.",
        "Trong 03 ngày làm việc, cơ quan cấp Giấy chứng nhận đăng ký doanh nghiệp; hồ sơ chưa hợp lệ thì thông báo sửa đổi, bổ sung, từ chối thì thông báo bằng văn bản nêu rõ lý do.",
        "Nội dung đăng ký doanh nghiệp được công bố trên Cổng thông tin quốc gia về đăng ký doanh nghiệp.",
    ],
    channels=ALL3,
    deciding=None,
    schema=form("Giấy đề nghị đăng ký doanh nghiệp tư nhân", {
        "ten_doanh_nghiep": string("Tên doanh nghiệp viết bằng tiếng Việt", "Gồm loại hình \"Doanh nghiệp tư nhân\" và tên riêng.", min_length=5, max_length=255),
        "ten_nuoc_ngoai": string("Tên doanh nghiệp viết bằng tiếng nước ngoài", max_length=255),
        "ten_viet_tat": string("Tên doanh nghiệp viết tắt", max_length=100),
        "dia_chi_tru_so": dia_chi("Địa chỉ trụ sở chính"),
        "dien_thoai": dien_thoai("Điện thoại doanh nghiệp"),
        "email": email(),
        "nganh_nghe": nganh_nghe(),
        "von_dau_tu": integer("Vốn đầu tư của chủ doanh nghiệp tư nhân (đồng)", 0),
        "chu_doanh_nghiep": person("Chủ doanh nghiệp tư nhân", ["ho_ten", "ngay_sinh", "gioi_tinh", "so_dinh_danh", "noi_cu_tru", "dien_thoai"],
                                   ["ho_ten", "ngay_sinh", "gioi_tinh", "so_dinh_danh", "noi_cu_tru"]),
        "doanh_nghiep_xa_hoi": boolean("Đăng ký là doanh nghiệp xã hội"),
        "chuyen_doi_tu_ho_kinh_doanh": boolean("Thành lập trên cơ sở chuyển đổi từ hộ kinh doanh"),
    }, ["ten_doanh_nghiep", "dia_chi_tru_so", "nganh_nghe", "von_dau_tu", "chu_doanh_nghiep"]),
)

# 35–38. Giấy phép xây dựng -----------------------------------------------------------------------
_LOAI_CT_III_IV = ["Nhà ở riêng lẻ", "Công trình không theo tuyến", "Công trình theo tuyến trong đô thị",
                   "Công trình tín ngưỡng, tôn giáo", "Tượng đài, tranh hoành tráng", "Công trình theo giai đoạn", "Dự án"]


def _dia_diem(extra_area=True):
    props = {"dia_chi": dia_chi("Địa chỉ công trình"), "thua_dat_so": thua_dat_so(), "to_ban_do_so": to_ban_do_so()}
    if extra_area:
        props["dien_tich_lo_dat"] = dien_tich("Diện tích lô đất (m²)")
    return group("Địa điểm xây dựng", props, ["dia_chi", "thua_dat_so", "to_ban_do_so"])


O["1.013225"] = dict(
    components=[
        C("don-de-nghi", "Đơn đề nghị cấp giấy phép", None, ND175_M1, True),
        C("giay-to-dat-dai", "giấy tờ hợp pháp về đất đai"),
        C("ban-ve-thiet-ke", "Hồ sơ thiết kế xây dựng"),
    ],
    steps=[
        "Chủ đầu tư nộp hồ sơ đề nghị cấp giấy phép xây dựng tại Trung tâm Phục vụ hành chính công cấp xã, qua bưu chính hoặc trực tuyến.",
        "Trong 07 ngày làm việc, cơ quan cấp phép thẩm định hồ sơ, kiểm tra thực địa và thông báo một lần bằng văn bản nếu hồ sơ cần bổ sung, hoàn thiện.",
        "Cơ quan cấp phép kiểm tra điều kiện cấp phép theo Điều 50 Nghị định số 175/2024/NĐ-CP và lấy ý kiến cơ quan quản lý nhà nước liên quan (trả lời trong 12 ngày).",
        "Trong 15 ngày với nhà ở riêng lẻ (20 ngày với công trình khác) kể từ ngày nhận đủ hồ sơ hợp lệ, Ủy ban nhân dân cấp xã xem xét cấp giấy phép; không cấp thì thông báo lý do bằng văn bản.",
        "Chủ đầu tư nhận giấy phép xây dựng kèm bản vẽ thiết kế có đóng dấu của cơ quan cấp phép.",
    ],
    channels=ALL3,
    deciding=None,
    schema=form("Đơn đề nghị cấp giấy phép xây dựng", {
        "chu_dau_tu": chu_dau_tu(),
        "dia_diem": _dia_diem(),
        "loai_cong_trinh": enum("Loại công trình", _LOAI_CT_III_IV),
        "cap_cong_trinh": enum("Cấp công trình", ["Cấp III", "Cấp IV"]),
        "dien_tich_xay_dung": dien_tich("Diện tích xây dựng tầng 1 (m²)"),
        "tong_dien_tich_san": dien_tich("Tổng diện tích sàn (m²)"),
        "chieu_cao": number("Chiều cao công trình (m)", maximum=200),
        "so_tang": integer("Số tầng", 1, 7, "Không kể tầng hầm; công trình cấp III cao 2–7 tầng, cấp IV 1 tầng (Thông tư số 06/2021/TT-BXD)."),
        "so_tang_ham": integer("Số tầng hầm", 0, 5),
        "thoi_gian_hoan_thanh_thang": integer("Dự kiến thời gian hoàn thành (tháng)", 1, 120),
    }, ["chu_dau_tu", "dia_diem", "loai_cong_trinh", "cap_cong_trinh", "dien_tich_xay_dung", "tong_dien_tich_san", "chieu_cao", "so_tang"]),
)

O["1.013229"] = dict(
    components=[
        C("don-de-nghi", "Đơn đề nghị cấp giấy phép sửa chữa, cải tạo", None, ND175_M1, True),
        C("giay-to-dat-dai", "giấy tờ hợp pháp về đất đai"),
        C("ho-so-thiet-ke", "Hồ sơ thiết kế xây dựng"),
    ],
    steps=[
        "Chủ đầu tư nộp hồ sơ đề nghị cấp giấy phép sửa chữa, cải tạo công trình tại Trung tâm Phục vụ hành chính công cấp xã, qua bưu chính hoặc trực tuyến.",
        "Trong 07 ngày làm việc, cơ quan cấp phép thẩm định hồ sơ, kiểm tra thực địa và thông báo một lần bằng văn bản nếu hồ sơ cần bổ sung, hoàn thiện.",
        "Cơ quan cấp phép đối chiếu điều kiện theo Luật Xây dựng và lấy ý kiến cơ quan quản lý nhà nước liên quan (trả lời trong 12 ngày).",
        "Trong 15 ngày với nhà ở riêng lẻ (20 ngày với công trình khác) kể từ ngày nhận đủ hồ sơ hợp lệ, Ủy ban nhân dân cấp xã xem xét cấp giấy phép sửa chữa, cải tạo; không cấp thì thông báo lý do.",
        "Chủ đầu tư nhận giấy phép kèm hồ sơ thiết kế có đóng dấu của cơ quan cấp phép.",
    ],
    channels=ALL3,
    deciding=None,
    schema=form("Đơn đề nghị cấp giấy phép sửa chữa, cải tạo công trình", {
        "chu_dau_tu": chu_dau_tu(),
        "dia_diem": _dia_diem(extra_area=False),
        "so_giay_phep_da_cap": string("Số giấy phép xây dựng đã được cấp (nếu có)", max_length=50),
        "loai_cong_trinh": enum("Loại công trình", _LOAI_CT_III_IV),
        "cap_cong_trinh": enum("Cấp công trình", ["Cấp III", "Cấp IV"]),
        "noi_dung_sua_chua": text("Nội dung sửa chữa, cải tạo", min_length=5, max_length=2000),
        "dien_tich_xay_dung": dien_tich("Diện tích xây dựng sau sửa chữa (m²)"),
        "so_tang": integer("Số tầng sau sửa chữa", 1, 7, "Không kể tầng hầm; công trình cấp III cao 2–7 tầng, cấp IV 1 tầng."),
        "chieu_cao": number("Chiều cao công trình sau sửa chữa (m)", maximum=200),
        "thoi_gian_thuc_hien_thang": integer("Dự kiến thời gian thực hiện (tháng)", 1, 60),
    }, ["chu_dau_tu", "dia_diem", "loai_cong_trinh", "cap_cong_trinh", "noi_dung_sua_chua"]),
)

O["1.013227"] = dict(
    components=[
        C("don-de-nghi-gia-han", "Đơn đề nghị gia hạn giấy phép xây dựng", None,
          "Đơn đề nghị gia hạn giấy phép xây dựng (Mẫu số 2 Phụ lục II Nghị định số 175/2024/NĐ-CP)", True),
        C("giay-phep-xay-dung-da-cap", "Bản chính giấy phép xây dựng"),
    ],
    steps=[
        "Chủ đầu tư nộp đơn đề nghị gia hạn kèm bản chính giấy phép xây dựng đã cấp tại Trung tâm Phục vụ hành chính công hoặc Bộ phận tiếp nhận và trả kết quả của Ủy ban nhân dân cấp xã, qua bưu chính hoặc trực tuyến.",
        "Bộ phận tiếp nhận kiểm tra thành phần hồ sơ, hẹn trả kết quả; hồ sơ chưa đầy đủ thì hướng dẫn bổ sung.",
        "Trong 05 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ, cơ quan có thẩm quyền xem xét gia hạn giấy phép xây dựng.",
        "Chủ đầu tư nhận giấy phép xây dựng đã được gia hạn.",
    ],
    channels=ALL3,
    deciding=None,
    schema=form("Đơn đề nghị gia hạn giấy phép xây dựng", {
        "chu_dau_tu": chu_dau_tu(),
        "so_giay_phep": string("Số giấy phép xây dựng", max_length=50),
        "ngay_cap": date("Ngày cấp giấy phép"),
        "co_quan_cap": string("Cơ quan cấp giấy phép", max_length=255),
        "dia_diem_xay_dung": dia_chi("Địa điểm xây dựng"),
        "chua_khoi_cong": must_be_true("Công trình chưa được khởi công xây dựng",
                                       "Giấy phép chỉ được gia hạn khi công trình chưa khởi công, tối đa 02 lần, mỗi lần 12 tháng."),
        "lan_gia_han": integer("Lần gia hạn thứ", 1, 2),
        "ly_do": text("Lý do đề nghị gia hạn", max_length=1000),
    }, ["chu_dau_tu", "so_giay_phep", "ngay_cap", "dia_diem_xay_dung", "chua_khoi_cong", "lan_gia_han", "ly_do"]),
)

O["1.013236"] = dict(
    components=[
        C("don-de-nghi", "Đơn đề nghị cấp giấy phép xây dựng", None, ND175_M1, True),
        C("giay-to-dat-dai", "giấy tờ hợp pháp về đất đai"),
        C("ban-ve-thiet-ke", "02 bộ bản vẽ thiết kế xây dựng"),
        C("quyet-dinh-phe-duyet-du-an", "Quyết định phê duyệt dự án", "Nếu có (công trình thuộc dự án đã được thẩm định, phê duyệt)"),
        # BIM data is handed over on a storage device (native formats and IFC 4.0), not uploaded:
        # no accepted upload formats, and the catalog's format list has no IFC anyway.
        C("du-lieu-bim", "dữ liệu BIM", "Công trình phải cung cấp dữ liệu BIM theo khoản 2 Điều 8 Nghị định số 175/2024/NĐ-CP; nộp trên thiết bị lưu trữ", None, False, []),
    ],
    steps=[
        "Chủ đầu tư nộp hồ sơ tại Trung tâm Phục vụ hành chính công cấp tỉnh hoặc ban quản lý khu công nghiệp, khu chế xuất, khu công nghệ cao, khu kinh tế theo phân cấp (trực tiếp, qua bưu chính hoặc trực tuyến).",
        "Trong 07 ngày làm việc, cơ quan cấp phép thẩm định hồ sơ, kiểm tra thực địa và thông báo một lần bằng văn bản nếu hồ sơ cần bổ sung, hoàn thiện.",
        "Cơ quan cấp phép kiểm tra điều kiện theo Điều 50 Nghị định số 175/2024/NĐ-CP (thiết kế cơ sở, phòng cháy chữa cháy, thẩm tra thiết kế) và lấy ý kiến cơ quan quản lý nhà nước liên quan trong 12 ngày.",
        "Trong 20 ngày kể từ ngày nhận đủ hồ sơ hợp lệ, cơ quan có thẩm quyền xem xét cấp giấy phép xây dựng; không cấp thì thông báo lý do bằng văn bản.",
        "Chủ đầu tư nhận giấy phép xây dựng kèm hồ sơ thiết kế có đóng dấu của cơ quan cấp phép.",
    ],
    channels=ALL3,
    deciding=None,
    schema=form("Đơn đề nghị cấp giấy phép xây dựng (công trình cấp đặc biệt, cấp I, cấp II)", {
        "chu_dau_tu": group("Chủ đầu tư", {
            "ten": string("Tên chủ đầu tư", min_length=2, max_length=255),
            "nguoi_dai_dien": ho_ten("Người đại diện theo pháp luật"),
            "ma_so": string("Mã số doanh nghiệp hoặc số định danh cá nhân", min_length=9, max_length=14),
            "dia_chi": dia_chi("Địa chỉ liên hệ"), "dien_thoai": dien_thoai(),
        }, ["ten", "nguoi_dai_dien", "ma_so", "dia_chi", "dien_thoai"]),
        "ten_du_an": string("Tên dự án/công trình", max_length=255),
        "dia_diem": _dia_diem(),
        "loai_cong_trinh": enum("Loại công trình", _LOAI_CT_III_IV[1:]),
        "cap_cong_trinh": enum("Cấp công trình", ["Cấp đặc biệt", "Cấp I", "Cấp II"]),
        "tong_dien_tich_san": dien_tich("Tổng diện tích sàn (m²)"),
        "chieu_cao": number("Chiều cao công trình (m)", maximum=1000),
        "so_tang": integer("Số tầng", 1, 200),
        "so_tang_ham": integer("Số tầng hầm", 0, 10),
        "co_du_lieu_bim": boolean("Nộp kèm dữ liệu BIM"),
    }, ["chu_dau_tu", "ten_du_an", "dia_diem", "loai_cong_trinh", "cap_cong_trinh", "tong_dien_tich_san", "chieu_cao", "so_tang"]),
)

# 39–43. Đất đai ------------------------------------------------------------------------------
O["1.013978"] = dict(
    components=[
        C("don-dang-ky", "Đơn đăng ký đất đai", None, "Đơn đăng ký đất đai, tài sản gắn liền với đất", True),
        C("giay-to-ve-quyen-su-dung-dat", "Điều 137", "Nếu có giấy tờ về quyền sử dụng đất, sơ đồ nhà ở, công trình xây dựng"),
        C("manh-trich-do", "Mảnh trích đo bản đồ địa chính", "Nếu có"),
        C("chung-tu-nghia-vu-tai-chinh", "Chứng từ thực hiện nghĩa vụ tài chính", "Nếu có"),
        C("van-ban-dai-dien", "Văn bản về việc đại diện", "Trường hợp thực hiện thủ tục thông qua người đại diện"),
    ],
    steps=[
        "Người yêu cầu đăng ký nộp hồ sơ tại Trung tâm Phục vụ hành chính công, qua bưu chính hoặc trực tuyến (hồ sơ trực tuyến được số hóa từ bản chính hoặc bản sao có công chứng, chứng thực).",
        "Cơ quan tiếp nhận kiểm tra thành phần hồ sơ, cấp Giấy tiếp nhận và hẹn trả kết quả, rồi chuyển hồ sơ đến Ủy ban nhân dân cấp xã nơi có đất.",
        "Ủy ban nhân dân cấp xã trích lục hoặc trích đo bản đồ địa chính, xác nhận hiện trạng, tình trạng tranh chấp, nguồn gốc sử dụng đất và kiểm tra sự phù hợp quy hoạch.",
        "Ủy ban nhân dân cấp xã niêm yết công khai kết quả kiểm tra trong 15 ngày; nếu đủ điều kiện cấp Giấy chứng nhận thì gửi thông tin để cơ quan thuế xác định nghĩa vụ tài chính.",
        "Khi người sử dụng đất hoàn thành hoặc được ghi nợ nghĩa vụ tài chính, Chủ tịch Ủy ban nhân dân cấp xã cấp Giấy chứng nhận; không đủ điều kiện hoặc không có nhu cầu thì ban hành Thông báo xác nhận kết quả đăng ký đất đai.",
    ],
    channels=ALL3,
    deciding="Chủ tịch Ủy ban nhân dân cấp xã",
    note="deciding_agency lấy từ trình tự trên trang nguồn: 'Chủ tịch Ủy ban nhân dân cấp xã cấp Giấy chứng nhận'.",
    schema=form("Đơn đăng ký đất đai, tài sản gắn liền với đất", {
        "nguoi_su_dung_dat": nguoi_su_dung_dat(),
        "thua_dat": group("Thửa đất", {
            "thua_dat_so": thua_dat_so(), "to_ban_do_so": to_ban_do_so(), "dia_chi": dia_chi("Địa chỉ thửa đất"),
            "dien_tich": dien_tich(), "muc_dich_su_dung": string("Mục đích sử dụng", max_length=255),
            "nguon_goc": string("Nguồn gốc sử dụng", max_length=500),
            "thoi_diem_bat_dau_su_dung": date("Thời điểm bắt đầu sử dụng đất"),
        }, ["thua_dat_so", "to_ban_do_so", "dia_chi", "dien_tich", "muc_dich_su_dung", "nguon_goc"]),
        "tai_san_gan_lien": enum("Tài sản gắn liền với đất đề nghị chứng nhận", [
            "Không có", "Nhà ở riêng lẻ", "Công trình xây dựng khác", "Rừng sản xuất là rừng trồng", "Cây lâu năm"]),
        "dien_tich_san_nha_o": dien_tich("Diện tích sàn nhà ở, công trình (m²)"),
        "de_nghi_cap_gcn": boolean("Đề nghị cấp Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất"),
        "de_nghi_ghi_no": boolean("Đề nghị ghi nợ nghĩa vụ tài chính"),
    }, ["nguoi_su_dung_dat", "thua_dat", "tai_san_gan_lien", "de_nghi_cap_gcn"]),
)

O["1.012784"] = dict(
    components=[
        C("don-de-nghi", "Đơn đề nghị tách thửa đất, hợp thửa đất", None,
          "Đơn đề nghị tách thửa đất, hợp thửa đất (Mẫu số 21 ban hành kèm theo Nghị định số 151/2025/NĐ-CP)", True),
        C("giay-chung-nhan-da-cap", "Giấy chứng nhận đã cấp"),
        C("ban-ve-tach-hop-thua", "Bản vẽ tách thửa đất, hợp thửa đất", None,
          "Bản vẽ tách thửa đất, hợp thửa đất (Mẫu số 22 ban hành kèm theo Nghị định số 151/2025/NĐ-CP)"),
        C("van-ban-co-quan-tham-quyen", "Các văn bản của cơ quan có thẩm quyền", "Nếu có văn bản của cơ quan có thẩm quyền thể hiện nội dung tách thửa, hợp thửa"),
    ],
    steps=[
        f"Người sử dụng đất {DAT_DAI_SUBMIT}.",
        "Cơ quan tiếp nhận kiểm tra thành phần hồ sơ, cấp Giấy tiếp nhận và hẹn trả kết quả; tiếp nhận tại Trung tâm thì chuyển hồ sơ đến Văn phòng đăng ký đất đai.",
        "Văn phòng đăng ký đất đai kiểm tra hồ sơ, đối chiếu điều kiện tách thửa, hợp thửa theo Điều 220 Luật Đất đai; không đủ điều kiện thì trả hồ sơ, nêu rõ lý do trong 03 ngày làm việc.",
        "Đủ điều kiện thì trong 05 ngày làm việc xác nhận vào Đơn và Bản vẽ tách thửa, hợp thửa, chỉnh lý hồ sơ địa chính, cơ sở dữ liệu đất đai.",
        "Văn phòng đăng ký đất đai cấp Giấy chứng nhận cho các thửa đất sau tách, hợp và trao cho người được cấp; có thay đổi người sử dụng đất thì thực hiện thủ tục đăng ký biến động.",
    ],
    channels=ALL3,
    deciding="Chi nhánh Văn phòng đăng ký đất đai, Văn phòng đăng ký đất đai",
    schema=form("Đơn đề nghị tách thửa đất, hợp thửa đất", {
        "nguoi_su_dung_dat": nguoi_su_dung_dat(),
        "loai_de_nghi": enum("Nội dung đề nghị", ["Tách thửa đất", "Hợp thửa đất"]),
        "thua_dat_so": thua_dat_so(),
        "to_ban_do_so": to_ban_do_so(),
        "dia_chi_thua_dat": dia_chi("Địa chỉ thửa đất"),
        "dien_tich": dien_tich("Diện tích thửa đất (m²)"),
        "so_giay_chung_nhan": string("Số phát hành Giấy chứng nhận đã cấp", max_length=30),
        "cac_thua_hop": array("Các thửa đất khác đề nghị hợp (thửa số/tờ bản đồ số)", string("Thửa đất", max_length=50), max_items=20),
        "so_thua_sau": integer("Số thửa đất sau khi tách/hợp", 1, 50),
        "ly_do": text("Lý do tách thửa, hợp thửa", max_length=1000),
    }, ["nguoi_su_dung_dat", "loai_de_nghi", "thua_dat_so", "to_ban_do_so", "dia_chi_thua_dat", "dien_tich", "so_thua_sau"]),
)

O["1.012786"] = dict(
    components=[
        C("don-dang-ky-bien-dong", "Đơn đăng ký biến động đất đai", None, ND151_M18, True),
        C("manh-trich-do", "Mảnh trích đo bản đồ địa chính", "Người sử dụng đất có nhu cầu đo đạc xác định lại kích thước các cạnh, diện tích thửa đất"),
    ],
    steps=[
        f"Người yêu cầu {DAT_DAI_SUBMIT}.",
        "Văn phòng đăng ký đất đai kiểm tra thông tin Giấy chứng nhận đã cấp; nếu đất đã chuyển quyền hoặc đang thế chấp thì thông báo, trả lại hồ sơ.",
        "Với cá nhân, cộng đồng dân cư, Ủy ban nhân dân cấp xã niêm yết công khai việc mất Giấy chứng nhận trong 15 ngày; với tổ chức, người nước ngoài thì đăng tin 03 lần trên phương tiện thông tin đại chúng.",
        "Hết thời hạn niêm yết, Văn phòng đăng ký đất đai hủy Giấy chứng nhận bị mất, chỉnh lý hồ sơ địa chính và cấp lại Giấy chứng nhận cho người được cấp.",
    ],
    channels=ALL3,
    deciding="Văn phòng đăng ký đất đai, Chi nhánh Văn phòng đăng ký đất đai",
    schema=form("Đơn đăng ký biến động đất đai, tài sản gắn liền với đất (cấp lại Giấy chứng nhận do bị mất)", {
        "nguoi_su_dung_dat": nguoi_su_dung_dat(),
        "so_phat_hanh_gcn": string("Số phát hành Giấy chứng nhận bị mất (nếu biết)", max_length=30),
        "so_vao_so": string("Số vào sổ cấp Giấy chứng nhận (nếu biết)", max_length=30),
        "ngay_cap": date("Ngày cấp Giấy chứng nhận"),
        "thua_dat_so": thua_dat_so(),
        "to_ban_do_so": to_ban_do_so(),
        "dia_chi_thua_dat": dia_chi("Địa chỉ thửa đất"),
        "hoan_canh_mat": text("Hoàn cảnh bị mất Giấy chứng nhận", max_length=1000),
        "ngay_phat_hien_mat": date("Ngày phát hiện bị mất"),
        "do_dac_lai": boolean("Có nhu cầu đo đạc xác định lại kích thước, diện tích thửa đất"),
    }, ["nguoi_su_dung_dat", "thua_dat_so", "to_ban_do_so", "dia_chi_thua_dat", "hoan_canh_mat"]),
)

O["1.013992"] = dict(
    components=[
        C("don-dang-ky-bien-dong", "Đơn đăng ký biến động đất đai", None, ND151_M18, True),
        C("giay-chung-nhan-da-cap", "Giấy chứng nhận đã cấp"),
        C("manh-trich-do", "Mảnh trích đo bản đồ địa chính", "Người sử dụng đất có nhu cầu đo đạc xác định lại kích thước các cạnh, diện tích thửa đất"),
        C("van-ban-dai-dien", "Văn bản về việc đại diện", "Trường hợp thực hiện thủ tục thông qua người đại diện"),
    ],
    steps=[
        f"Người yêu cầu {DAT_DAI_SUBMIT}, kèm bản gốc Giấy chứng nhận đã cấp.",
        "Cơ quan tiếp nhận kiểm tra thành phần hồ sơ, cấp Giấy tiếp nhận và hẹn trả kết quả, chuyển hồ sơ đến Văn phòng đăng ký đất đai.",
        "Văn phòng đăng ký đất đai kiểm tra hồ sơ, trích lục hoặc trích đo bản đồ địa chính khi cần và gửi thông tin để cơ quan thuế xác định nghĩa vụ tài chính (nếu có).",
        "Văn phòng đăng ký đất đai chỉnh lý hồ sơ địa chính, cơ sở dữ liệu đất đai, xác nhận thay đổi trên Giấy chứng nhận hoặc cấp Giấy chứng nhận mới và trao cho người được cấp.",
    ],
    channels=ALL3,
    deciding="Văn phòng đăng ký đất đai, Chi nhánh Văn phòng đăng ký đất đai",
    schema=form("Đơn đăng ký biến động đất đai, tài sản gắn liền với đất (chuyển mục đích sử dụng đất không phải xin phép)", {
        "nguoi_su_dung_dat": nguoi_su_dung_dat(),
        "thua_dat_so": thua_dat_so(),
        "to_ban_do_so": to_ban_do_so(),
        "dia_chi_thua_dat": dia_chi("Địa chỉ thửa đất"),
        "so_phat_hanh_gcn": string("Số phát hành Giấy chứng nhận đã cấp", max_length=30),
        "dien_tich_chuyen": dien_tich("Diện tích chuyển mục đích (m²)"),
        "muc_dich_hien_tai": string("Mục đích sử dụng hiện tại", max_length=255),
        "muc_dich_moi": string("Mục đích sử dụng sau khi chuyển", max_length=255),
        "de_nghi_cap_gcn_moi": boolean("Đề nghị cấp mới Giấy chứng nhận"),
    }, ["nguoi_su_dung_dat", "thua_dat_so", "to_ban_do_so", "dia_chi_thua_dat", "dien_tich_chuyen", "muc_dich_hien_tai", "muc_dich_moi"]),
)

O["1.012812"] = dict(
    components=[
        C("don-yeu-cau-hoa-giai", "Đơn yêu cầu yêu cầu hòa giải", None, "Đơn yêu cầu hòa giải tranh chấp đất đai", True),
        C("giay-to-ve-su-dung-dat", "Các giấy tờ có liên quan đến việc sử dụng đất"),
    ],
    steps=[
        "Người đề nghị nộp đơn yêu cầu hòa giải tranh chấp đất đai tại Ủy ban nhân dân cấp xã nơi có đất (trực tiếp hoặc qua bưu chính).",
        "Trong 03 ngày làm việc, Ủy ban nhân dân cấp xã thông báo bằng văn bản việc thụ lý (hoặc không thụ lý, nêu rõ lý do) cho các bên và Văn phòng đăng ký đất đai.",
        "Ủy ban nhân dân cấp xã thẩm tra, xác minh nguyên nhân tranh chấp, thu thập giấy tờ về nguồn gốc, quá trình và hiện trạng sử dụng đất, thành lập Hội đồng hòa giải tranh chấp đất đai.",
        "Hội đồng tổ chức họp hòa giải khi các bên đều có mặt (một bên vắng mặt lần thứ hai thì coi là hòa giải không thành), lập biên bản có chữ ký, đóng dấu và gửi ngay cho các bên.",
        "Hòa giải không thành thì Ủy ban nhân dân cấp xã hướng dẫn các bên gửi đơn đến cơ quan có thẩm quyền giải quyết tranh chấp tiếp theo.",
    ],
    channels=[COUNTER, POST],
    deciding=None,
    schema=form("Đơn yêu cầu hòa giải tranh chấp đất đai", {
        "nguoi_yeu_cau": nguoi_yeu_cau(with_address=True),
        "ben_tranh_chap": group("Bên tranh chấp", {"ho_ten": ho_ten(), "dia_chi": noi_cu_tru()}, ["ho_ten", "dia_chi"]),
        "thua_dat_so": thua_dat_so(),
        "to_ban_do_so": to_ban_do_so(),
        "dia_chi_thua_dat": dia_chi("Địa chỉ thửa đất tranh chấp"),
        "dien_tich_tranh_chap": dien_tich("Diện tích đang tranh chấp (m²)"),
        "noi_dung_tranh_chap": text("Nội dung tranh chấp", min_length=10, max_length=2000),
        "yeu_cau": text("Yêu cầu cụ thể", max_length=1000),
    }, ["nguoi_yeu_cau", "ben_tranh_chap", "dia_chi_thua_dat", "noi_dung_tranh_chap", "yeu_cau"]),
)

# 44. Công nhận hộ nghèo, hộ cận nghèo -----------------------------------------------------------
O["1.011607"] = dict(
    components=[
        C("giay-de-nghi-ra-soat", "Giấy đề nghị rà soát hộ nghèo", None,
          "Giấy đề nghị rà soát hộ nghèo, hộ cận nghèo (Mẫu số 01 Phụ lục ban hành kèm theo Quyết định số 24/2021/QĐ-TTg)", True),
    ],
    steps=[
        "Hộ gia đình nộp Giấy đề nghị rà soát hộ nghèo, hộ cận nghèo (Mẫu số 01) trực tiếp hoặc qua bưu điện đến Chủ tịch Ủy ban nhân dân cấp xã.",
        "Ban Chỉ đạo rà soát cấp xã cùng thôn, tổ dân phố lập danh sách hộ gia đình và dùng Phiếu A nhận dạng nhanh đặc điểm hộ cần rà soát.",
        "Rà soát viên dùng Phiếu B thu thập thông tin, tính điểm và phân loại hộ gia đình.",
        "Họp dân thống nhất kết quả rà soát (ít nhất 50% người dự họp đồng ý), niêm yết công khai 03 ngày làm việc và phúc tra nếu có khiếu nại.",
        "Chủ tịch Ủy ban nhân dân cấp xã quyết định công nhận danh sách hộ nghèo, hộ cận nghèo và cấp Giấy chứng nhận; không đủ điều kiện thì trả lời bằng văn bản nêu rõ lý do.",
    ],
    channels=[COUNTER, POST],
    deciding="Chủ tịch Ủy ban nhân dân cấp xã",
    note="deciding_agency lấy từ trình tự trên trang nguồn: 'Chủ tịch Ủy ban nhân dân cấp xã quyết định công nhận danh sách hộ nghèo, hộ cận nghèo'.",
    schema=form("Giấy đề nghị rà soát hộ nghèo, hộ cận nghèo", {
        "chu_ho": person("Chủ hộ", ["ho_ten", "ngay_sinh", "so_dinh_danh", "dien_thoai"], ["ho_ten", "ngay_sinh", "so_dinh_danh"]),
        "noi_cu_tru": noi_cu_tru(),
        "thon_to_dan_pho": string("Thôn, tổ dân phố", max_length=100),
        "so_nhan_khau": integer("Số nhân khẩu của hộ", 1, 50),
        "ly_do": text("Lý do đề nghị rà soát", "Ví dụ: hộ gặp khó khăn đột xuất, thay đổi thu nhập.", max_length=1000),
        "thu_nhap_binh_quan": integer("Thu nhập bình quân đầu người/tháng tự kê khai (đồng)", 0),
        "thieu_hut": array("Chỉ số thiếu hụt dịch vụ xã hội cơ bản (tự kê khai)", enum("Chỉ số", [
            "Việc làm", "Người phụ thuộc trong hộ gia đình", "Dinh dưỡng", "Bảo hiểm y tế",
            "Trình độ giáo dục của người lớn", "Tình trạng đi học của trẻ em", "Chất lượng nhà ở",
            "Diện tích nhà ở bình quân đầu người", "Nguồn nước sinh hoạt", "Nhà tiêu hợp vệ sinh",
            "Sử dụng dịch vụ viễn thông", "Phương tiện phục vụ tiếp cận thông tin"]), min_items=0, max_items=12),
    }, ["chu_ho", "noi_cu_tru", "thon_to_dan_pho", "so_nhan_khau", "ly_do"]),
)

# 45. Công nhận hòa giải viên ---------------------------------------------------------------------
O["1.002211"] = dict(
    components=[
        C("danh-sach-de-nghi", "Danh sách người được đề nghị công nhận", None,
          "Danh sách người được đề nghị công nhận là hòa giải viên (Mẫu số 06 Phụ lục ban hành kèm theo Nghị quyết liên tịch số 01/2014/NQLT-CP-UBTƯMTTQVN)", True),
        C("bien-ban-bau", "Biên bản kiểm phiếu", "Kèm theo danh sách, theo hình thức bầu hòa giải viên đã áp dụng",
          "Biên bản kiểm phiếu hoặc biên bản kết quả biểu quyết bầu hòa giải viên (Mẫu số 01, 02, 03 Phụ lục ban hành kèm theo Nghị quyết liên tịch số 01/2014/NQLT-CP-UBTƯMTTQVN)", True),
    ],
    steps=[
        "Trưởng ban công tác Mặt trận ở thôn, tổ dân phố lập danh sách người được đề nghị công nhận là hòa giải viên kèm biên bản kiểm phiếu hoặc biên bản kết quả biểu quyết, gửi Chủ tịch Ủy ban nhân dân cấp xã.",
        "Trường hợp số người đạt số phiếu cao nhiều hơn số hòa giải viên cần công nhận, danh sách gồm cả những người có số phiếu bằng nhau để Chủ tịch Ủy ban nhân dân cấp xã xem xét.",
        "Bộ phận tiếp nhận kiểm tra thành phần hồ sơ và chuyển Chủ tịch Ủy ban nhân dân cấp xã.",
        "Trong 05 ngày làm việc kể từ ngày nhận danh sách, Chủ tịch Ủy ban nhân dân cấp xã xem xét, ban hành Quyết định công nhận hòa giải viên.",
    ],
    channels=ALL3,
    deciding=None,
    schema=form("Danh sách người được đề nghị công nhận là hòa giải viên", {
        "nguoi_de_nghi": group("Người lập danh sách", {
            "ho_ten": ho_ten(), "chuc_vu": string("Chức vụ", max_length=100, default="Trưởng ban công tác Mặt trận"),
            "dien_thoai": dien_thoai(),
        }, ["ho_ten", "chuc_vu", "dien_thoai"]),
        "to_hoa_giai": string("Tổ hòa giải (thôn, tổ dân phố)", max_length=150),
        "hinh_thuc_bau": enum("Hình thức bầu hòa giải viên", ["Biểu quyết công khai", "Bỏ phiếu kín", "Phát phiếu bầu đến hộ gia đình"]),
        "ngay_bau": date("Ngày tổ chức bầu"),
        "danh_sach": array("Họ tên những người được đề nghị công nhận", ho_ten("Họ, chữ đệm và tên"), max_items=30),
        "ghi_chu": text("Ghi chú", max_length=1000),
    }, ["nguoi_de_nghi", "to_hoa_giai", "hinh_thuc_bau", "ngay_bau", "danh_sach"]),
)

# 46. Cấp bản sao văn bằng, chứng chỉ từ sổ gốc (cấp xã) ------------------------------------------
O["3.000467"] = dict(
    components=[],
    steps=[
        "Người yêu cầu nộp yêu cầu cấp bản sao văn bằng, chứng chỉ từ sổ gốc tại Trung tâm Phục vụ hành chính công cấp xã và xuất trình giấy tờ tùy thân.",
        "Người tiếp nhận kiểm tra yêu cầu, đối chiếu thông tin của người yêu cầu với thông tin trong sổ gốc.",
        "Cơ quan quản lý sổ gốc cấp bản sao đúng nội dung sổ gốc; sổ gốc không còn lưu trữ hoặc không có thông tin thì trả lời bằng văn bản.",
        "Bản sao được trả ngay trong ngày tiếp nhận (hoặc ngày làm việc tiếp theo nếu tiếp nhận sau 15 giờ), có thể kéo dài thêm không quá 01 ngày làm việc khi yêu cầu nhiều sổ gốc, nhiều bản sao.",
    ],
    channels=None,  # unknown: the source is an excerpt without the channel table
    deciding=None,
    note=("Trình tự (steps) do người biên soạn viết theo trình tự một cửa chuẩn và thời hạn trong đoạn trích nguồn, chưa đối chiếu mục Trình tự thực hiện. "
          "Thành phần hồ sơ để trống như nguồn (chưa xác nhận); kênh nộp (channels) chưa xác nhận, dùng mặc định của mức 'partial'."),
    schema=form("Đơn đề nghị cấp bản sao văn bằng, chứng chỉ từ sổ gốc", {
        "nguoi_yeu_cau": nguoi_yeu_cau(with_address=True),
        "quan_he": enum("Người yêu cầu là", ["Người được cấp văn bằng, chứng chỉ", "Người đại diện theo pháp luật, theo ủy quyền",
                                             "Cha, mẹ, con, vợ, chồng, anh, chị, em ruột, người thừa kế"]),
        "ho_ten_nguoi_duoc_cap": ho_ten("Họ, chữ đệm và tên người được cấp văn bằng"),
        "ngay_sinh_nguoi_duoc_cap": date("Ngày sinh của người được cấp văn bằng"),
        "ten_van_bang": string("Tên văn bằng, chứng chỉ", "Ví dụ: Bằng tốt nghiệp trung học cơ sở.", max_length=255),
        "co_so_cap": string("Cơ sở giáo dục, nơi cấp", max_length=255),
        "nam_cap": integer("Năm cấp", 1945, 2100),
        "so_hieu": string("Số hiệu văn bằng (nếu biết)", max_length=30),
        "so_ban_sao": so_ban("Số bản sao đề nghị cấp", minimum=1),
        "muc_dich": string("Mục đích sử dụng", max_length=255),
    }, ["nguoi_yeu_cau", "quan_he", "ho_ten_nguoi_duoc_cap", "ngay_sinh_nguoi_duoc_cap", "ten_van_bang", "co_so_cap", "nam_cap", "so_ban_sao"]),
)
