"""Reusable JSON Schema (draft 2020-12) snippets for the demo application forms.

Every form in overlay.py is assembled from these helpers so that the same kind of field
(họ tên, số định danh, điện thoại, ngày sinh, địa chỉ…) has the same title, pattern and limits
in every procedure. Schemas stay flat: the top level may hold groups (one level of nested
objects such as "nguoi_yeu_cau", "cha", "me"), and groups hold only scalar fields or arrays of
scalars.
"""

DRAFT = "https://json-schema.org/draft/2020-12/schema"

# Patterns. The Go test in internal/demo/data_test.go knows a sample value for each of these;
# add a sample there when adding a pattern here.
CCCD = "^[0-9]{12}$"  # số định danh cá nhân / số thẻ căn cước: 12 chữ số
PHONE = "^0[0-9]{9}$"  # số điện thoại di động/cố định 10 chữ số
PASSPORT = "^[A-Z][0-9]{7}$"  # số hộ chiếu phổ thông Việt Nam, ví dụ C1234567
GPLX = "^[0-9]{12}$"  # số giấy phép lái xe (12 chữ số)
HKD_NAME = "^Hộ kinh doanh .+$"  # tên hộ kinh doanh bắt đầu bằng "Hộ kinh doanh"


def _with(d, description=None, **extra):
    if description:
        d["description"] = description
    d.update(extra)
    return d


def string(title, description=None, min_length=1, max_length=255, **extra):
    d = {"type": "string", "title": title, "minLength": min_length, "maxLength": max_length}
    return _with(d, description, **extra)


def text(title, description=None, min_length=1, max_length=2000):
    """Free text (lý do, nội dung…)."""
    return string(title, description, min_length=min_length, max_length=max_length)


def pattern(title, regex, description=None):
    return _with({"type": "string", "title": title, "pattern": regex}, description)


def date(title, description=None):
    return _with({"type": "string", "format": "date", "title": title}, description)


def enum(title, values, description=None):
    assert len(values) == len(set(values)), values
    return _with({"type": "string", "title": title, "enum": list(values)}, description)


def integer(title, minimum=None, maximum=None, description=None):
    d = {"type": "integer", "title": title}
    if minimum is not None:
        d["minimum"] = minimum
    if maximum is not None:
        d["maximum"] = maximum
    return _with(d, description)


def number(title, description=None, exclusive_minimum=0, maximum=None):
    d = {"type": "number", "title": title, "exclusiveMinimum": exclusive_minimum}
    if maximum is not None:
        d["maximum"] = maximum
    return _with(d, description)


def boolean(title, description=None):
    return _with({"type": "boolean", "title": title}, description)


def must_be_true(title, description=None):
    """A declaration the applicant must tick (cam đoan)."""
    return _with({"type": "boolean", "title": title, "const": True}, description)


def array(title, item, min_items=1, max_items=None, description=None):
    d = {"type": "array", "title": title, "items": item, "minItems": min_items, "uniqueItems": True}
    if max_items is not None:
        d["maxItems"] = max_items
    return _with(d, description)


def group(title, props, required, description=None):
    for k in required:
        assert k in props, (title, k)
    d = {"type": "object", "title": title, "properties": props, "required": list(required),
         "additionalProperties": False}
    return _with(d, description)


def form(title, props, required, description=None):
    for k in required:
        assert k in props, (title, k)
    d = {"$schema": DRAFT, "type": "object", "title": title}
    if description:
        d["description"] = description
    d.update({"properties": props, "required": list(required), "additionalProperties": False})
    return d


# ---- Common fields -------------------------------------------------------------------------

def ho_ten(title="Họ, chữ đệm và tên"):
    return string(title, min_length=2, max_length=100)


def so_dinh_danh(title="Số định danh cá nhân"):
    return pattern(title, CCCD, "Số thẻ căn cước/căn cước công dân, gồm 12 chữ số.")


def ngay_sinh(title="Ngày, tháng, năm sinh"):
    return date(title)


def dien_thoai(title="Số điện thoại"):
    return pattern(title, PHONE, "10 chữ số, bắt đầu bằng 0; dùng để nhận tin nhắn hẹn trả kết quả.")


def email(title="Thư điện tử"):
    return _with({"type": "string", "format": "email", "title": title, "maxLength": 254}, None)


def dia_chi(title="Địa chỉ", description=None):
    return string(title, description, min_length=5, max_length=255)


def noi_cu_tru(title="Nơi cư trú"):
    return dia_chi(title, "Số nhà, đường/thôn, xã/phường, tỉnh/thành phố.")


def gioi_tinh():
    return enum("Giới tính", ["Nam", "Nữ"])


def dan_toc():
    return string("Dân tộc", max_length=50)


def quoc_tich(title="Quốc tịch"):
    return string(title, max_length=60, default="Việt Nam")


def so_giay_to(title="Số giấy tờ tùy thân"):
    return string(title, "Số định danh cá nhân (công dân Việt Nam) hoặc số hộ chiếu/giấy tờ thay thế (người nước ngoài).",
                  min_length=6, max_length=20)


def so_ban(title="Số bản sao đề nghị cấp", maximum=20, minimum=0):
    return integer(title, minimum, maximum)


def thua_dat_so():
    return integer("Thửa đất số", 1, description="Số thứ tự thửa đất trên tờ bản đồ địa chính.")


def to_ban_do_so():
    return integer("Tờ bản đồ số", 1)


def dien_tich(title="Diện tích (m²)", maximum=None):
    return number(title, "Đơn vị: mét vuông.", maximum=maximum)


def hinh_thuc_nhan():
    return enum("Hình thức nhận kết quả", ["Nhận trực tiếp", "Nhận qua dịch vụ bưu chính", "Nhận bản điện tử"])


RELATION_REQUESTER = ["Cha", "Mẹ", "Ông", "Bà", "Anh, chị, em ruột", "Người thân thích khác",
                      "Người được ủy quyền", "Cá nhân, tổ chức đang nuôi dưỡng"]


def nguoi_yeu_cau(title="Người yêu cầu", quan_he=None, quan_he_values=None, with_address=False,
                  extra=None):
    """The requester group used across procedures: ho_ten, so_dinh_danh, dien_thoai
    [, dia_chi][, quan_he]."""
    props = {"ho_ten": ho_ten(), "so_dinh_danh": so_dinh_danh(), "dien_thoai": dien_thoai()}
    req = ["ho_ten", "so_dinh_danh", "dien_thoai"]
    if with_address:
        props["dia_chi"] = noi_cu_tru()
        req.append("dia_chi")
    if quan_he:
        props["quan_he"] = enum(quan_he, quan_he_values) if quan_he_values else string(quan_he, max_length=60)
        req.append("quan_he")
    for k, v in (extra or {}).items():
        props[k] = v
    return group(title, props, req)


def person(title, fields, required):
    """A person group built from the common field helpers, by key."""
    makers = {
        "ho_ten": ho_ten, "so_dinh_danh": so_dinh_danh, "ngay_sinh": ngay_sinh,
        "gioi_tinh": gioi_tinh, "dan_toc": dan_toc, "quoc_tich": quoc_tich,
        "noi_cu_tru": noi_cu_tru, "dien_thoai": dien_thoai, "email": email,
        "dia_chi": dia_chi, "so_giay_to": so_giay_to,
    }
    props = {}
    for f in fields:
        if isinstance(f, tuple):
            props[f[0]] = f[1]
        else:
            props[f] = makers[f]()
    return group(title, props, required)


def chu_dau_tu(title="Chủ đầu tư"):
    return group(title, {
        "ho_ten": string("Tên chủ đầu tư (cá nhân hoặc tổ chức)", min_length=2, max_length=200),
        "so_dinh_danh": string("Số định danh cá nhân hoặc mã số doanh nghiệp", min_length=9, max_length=14),
        "dia_chi": dia_chi("Địa chỉ liên hệ"),
        "dien_thoai": dien_thoai(),
    }, ["ho_ten", "so_dinh_danh", "dia_chi", "dien_thoai"])


def nguoi_su_dung_dat(title="Người sử dụng đất"):
    return group(title, {
        "ho_ten": ho_ten(), "so_dinh_danh": so_dinh_danh(),
        "dia_chi": noi_cu_tru("Địa chỉ thường trú"), "dien_thoai": dien_thoai(),
    }, ["ho_ten", "so_dinh_danh", "dia_chi", "dien_thoai"])


def chu_ho_kinh_doanh(title="Chủ hộ kinh doanh"):
    return group(title, {
        "ho_ten": ho_ten(), "so_dinh_danh": so_dinh_danh(), "dien_thoai": dien_thoai(),
    }, ["ho_ten", "so_dinh_danh", "dien_thoai"])


def ma_so_ho_kinh_doanh():
    return string("Mã số hộ kinh doanh", "Ghi trên Giấy chứng nhận đăng ký hộ kinh doanh.", min_length=8, max_length=20)


def ten_ho_kinh_doanh():
    return pattern("Tên hộ kinh doanh", HKD_NAME, "Gồm cụm từ \"Hộ kinh doanh\" và tên riêng.")


def nganh_nghe(title="Ngành, nghề kinh doanh", min_items=1):
    return array(title, string("Ngành, nghề", "Mã ngành cấp 4 và tên ngành theo Hệ thống ngành kinh tế Việt Nam.",
                              min_length=4, max_length=300), min_items=min_items, max_items=50)
