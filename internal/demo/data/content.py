"""Citizen-facing statements and editors' citations for the demo catalogue, one entry per code.

The shared source records keep the portal's own wording, caveats and field names; those are for
the catalogue's editors. This file gives what a citizen reads instead, and where each figure
comes from:

  time        the processing time in plain words (catalog.Procedure.time_statement)
  fee         what the applicant pays, in plain words (fee_statement); where the city council
              sets a fee that no source gives, it says so and where to ask
  fees        one plain statement per source fee, in the source's order (fees[i].statement);
              None keeps the amount alone
  drop_fees   indexes of source fees that are not fees of this city (kept for editors as a
              citation, not shown as a fee)
  agency      the implementing agency in plain words, where the source's wording carries the
              compiler's remarks (kept for editors as a citation)
  cite        extra citations [(figure, text, source)] for the editors' view

build.py adds, for every record, a citation of the time and of each fee note from the stored
portal page the record was read from; legal_documents.json gives each legal basis its title.
Groups of alternatives ("one of") are in GROUPS.

Sources used here, besides the portal pages:
  LHT18   Luật Hộ tịch 2014, Điều 18 khoản 2, quoted on thuvienphapluat.vn
  HN_FEES the Hà Nội fee table compiled by a third party (secondary; SOURCE.md of the shared data)
  LONGAN  Long An provincial portal Q&A quoting Circular 244/2016/TT-BTC (SOURCE.md)
"""

LHT18 = ("Luật Hộ tịch 2014, Điều 18 khoản 2, trích tại "
         "https://cpdanluat.thuvienphapluat.vn/thu-tuc-va-y-nghia-cua-viec-dang-ky-ket-hon-187434.aspx?PostID=553586")
HN_FEES = ("Biểu phí Hà Nội do bên thứ ba tổng hợp (github.com/luuhainam-hht/demotrangweb src/data/serviceFees.js @571114f, "
           "'đối chiếu 08/10/2026'), dẫn Nghị quyết 06/2020/NQ-HĐND và 78/2026/NQ-HĐND TP Hà Nội; nguồn thứ cấp, chưa đối chiếu văn bản gốc")
LONGAN = "https://dichvucong.longan.gov.vn/dichvucong/hoi-dap/chi-tiet-cau-hoi?ma-cau-hoi=4926"
COPY_FEE = "https://dichvucong.gov.vn (thủ tục 2.000635, bảng Cách thức thực hiện: 8,000 VNĐ), bản lưu chatbot-tthc/chatbot_tthc@7b79a32"

SAME_DAY = "Trong ngày làm việc nhận đủ hồ sơ; hồ sơ nhận sau 15 giờ thì trả kết quả trong ngày làm việc tiếp theo."
EXEMPT = "người thuộc gia đình có công với cách mạng, hộ nghèo, người khuyết tật được miễn"
CITY_FEE = f"Mức lệ phí do Hội đồng nhân dân thành phố quy định; {EXEMPT}. Hỏi mức thu tại nơi nộp hồ sơ."
CITY_FEE_SHORT = f"Mức do Hội đồng nhân dân thành phố quy định; {EXEMPT}."
LAND_FEE = "Phí, lệ phí theo pháp luật về phí và lệ phí; mức cụ thể do Hội đồng nhân dân thành phố quy định. Hỏi mức thu tại nơi nộp hồ sơ."
BUILD_FEE = "Lệ phí cấp giấy phép xây dựng do Hội đồng nhân dân thành phố quy định; hỏi mức thu tại nơi nộp hồ sơ."
FREE = "Miễn phí."
COPY = "Nếu bạn yêu cầu bản sao {}: 8.000 đồng/bản."


def portal_days(n):
    """A time the portal gives as a bare number: say what is published, and where the date is."""
    return (f"{n} ngày theo công bố trên Cổng Dịch vụ công quốc gia; ngày trả kết quả cụ thể ghi trên "
            "Phiếu hẹn khi bạn nộp hồ sơ.")


def bare(n):
    return ("time_statement", f'Cột "Thời gian" của bảng "Cách thức thực hiện" ghi "{n}" không kèm đơn vị; câu cho người dân '
            "nói đúng con số được công bố và chỉ tới Phiếu hẹn, không suy ra ngày làm việc hay ngày lịch.", "PORTAL")


HOTICH_CITY = {"fee": CITY_FEE, "fees": [CITY_FEE_SHORT]}

C = {
    "1.001193": {"time": SAME_DAY,
                 "fee": "Miễn lệ phí khi đăng ký trong 60 ngày kể từ ngày sinh; đăng ký sau thời hạn này: 5.000 đồng/việc. "
                        + COPY.format("Giấy khai sinh"),
                 "fees": ["Miễn phí khi đăng ký trong 60 ngày kể từ ngày sinh.",
                          f"5.000 đồng/việc khi đăng ký sau 60 ngày kể từ ngày sinh; {EXEMPT}.",
                          "8.000 đồng/bản, chỉ khi bạn yêu cầu cấp bản sao."],
                 "cite": [("time_statement", "Trình tự: nếu tiếp nhận hồ sơ sau 15 giờ thì trả kết quả trong ngày làm việc tiếp theo; "
                           "trang Cổng DVCQG cũ: ngay trong ngày tiếp nhận yêu cầu.", "PORTAL"),
                          ("fee_statement", "Quá hạn 5.000 đ/việc (Hà Nội).", HN_FEES)]},
    "1.000894": {"time": "Ngay sau khi nhận đủ giấy tờ, nếu hai bên đủ điều kiện kết hôn; trường hợp cần xác minh điều kiện "
                         "kết hôn thì không quá 05 ngày làm việc.",
                 "fee": "Miễn lệ phí. " + COPY.format("Trích lục kết hôn"), "fees": ["Miễn lệ phí."],
                 "cite": [("time_statement", "“Ngay sau khi nhận đủ giấy tờ … Trường hợp cần xác minh điều kiện kết hôn của hai bên nam, "
                           "nữ thì thời hạn giải quyết không quá 05 ngày làm việc.” Cổng DVCQG ghi “1” không kèm đơn vị.", LHT18),
                          ("fee_statement", "Phí cấp bản sao trích lục hộ tịch 8.000 đ/bản.", COPY_FEE)]},
    "1.000656": {"time": SAME_DAY,
                 "fee": "Miễn lệ phí khi đăng ký khai tử đúng hạn; đăng ký quá hạn: 5.000 đồng/việc. " + COPY.format("Trích lục khai tử"),
                 "fees": [f"Miễn khi đăng ký đúng hạn; {EXEMPT}. Các trường hợp khác: mức do Hội đồng nhân dân thành phố quy định.",
                          "5.000 đồng/việc khi đăng ký quá hạn."],
                 "cite": [("time_statement", "Trình tự: nếu tiếp nhận hồ sơ sau 15 giờ thì trả kết quả trong ngày làm việc tiếp theo.", "PORTAL"),
                          ("fee_statement", "Quá hạn 5.000 đ/việc (Hà Nội).", HN_FEES), ("fee_statement", "Bản sao trích lục 8.000 đ/bản.", COPY_FEE)]},
    "1.004873": {"time": portal_days(3),
                 "fee": f"Mức lệ phí do Hội đồng nhân dân thành phố quy định (biểu phí của thành phố: 3.000 đồng/việc); {EXEMPT}. "
                        "Hỏi mức đang áp dụng tại nơi nộp hồ sơ.",
                 "fees": [CITY_FEE_SHORT, "3.000 đồng/việc."], "cite": [bare(3), ("fee_statement", "3.000 đ/việc (PARTIAL).", HN_FEES)]},
    "1.004859": {"time": portal_days(1),
                 "fee": "Mức lệ phí do Hội đồng nhân dân thành phố quy định (biểu phí của thành phố: 5.000 đồng/việc cho người chưa đủ "
                        f"14 tuổi, 25.000 đồng/việc cho người từ đủ 14 tuổi); {EXEMPT}. Hỏi mức đang áp dụng tại nơi nộp hồ sơ.",
                 "fees": [CITY_FEE_SHORT, "5.000 đồng/việc; hỏi mức đang áp dụng tại nơi nộp hồ sơ.",
                          "25.000 đồng/việc; hỏi mức đang áp dụng tại nơi nộp hồ sơ."],
                 "cite": [bare(1), ("fee_statement", "5.000 / 25.000 đ/việc (PARTIAL, trước đây thu ở cấp huyện).", HN_FEES)]},
    "1.001022": dict(HOTICH_CITY, time=portal_days(3), cite=[bare(3)]),
    "1.004837": {"time": "3 ngày làm việc.", "fee": FREE, "fees": ["Miễn phí."]},
    "1.004884": dict(HOTICH_CITY, time=portal_days(5), cite=[bare(5)]),
    "2.000635": {"time": SAME_DAY, "fee": "8.000 đồng/bản.", "fees": ["8.000 đồng/bản."],
                 "cite": [("time_statement", "Cột thời gian: “Không có thông tin”; trình tự: nếu tiếp nhận hồ sơ sau 15 giờ thì trả kết "
                           "quả trong ngày làm việc tiếp theo.", "PORTAL")]},
    "2.000528": dict(HOTICH_CITY, time=SAME_DAY,
                     cite=[("time_statement", "Trình tự: nếu tiếp nhận hồ sơ sau 15 giờ thì trả kết quả trong ngày làm việc tiếp theo; "
                            "cột thời gian ghi “1” không kèm đơn vị.", "PORTAL")]),
    "2.000806": dict(HOTICH_CITY, time=portal_days(5), cite=[bare(5)]),
    "2.000986": {"time": "Tối đa 20 ngày làm việc kể từ ngày nộp đủ hồ sơ.", "fee": FREE, "fees": ["Miễn phí."]},
    "1.004746": dict(HOTICH_CITY, time=portal_days(5), cite=[bare(5)]),
    "1.005461": dict(HOTICH_CITY, time=portal_days(5), cite=[bare(5)]),
    "2.000815": {"time": "Trong ngày nhận yêu cầu; yêu cầu nhận sau 15 giờ thì trả trong ngày làm việc tiếp theo. Yêu cầu chứng thực "
                         "nhiều bản, nhiều trang có thể kéo dài thêm không quá 02 ngày làm việc.",
                 "fee": "2.000 đồng/trang; từ trang thứ 3 trở đi 1.000 đồng/trang, tối đa 200.000 đồng/bản.",
                 "fees": ["2.000 đồng/trang; từ trang thứ 3 trở đi 1.000 đồng/trang, tối đa 200.000 đồng/bản. Số trang tính theo bản chính.",
                          "10 USD/bản khi chứng thực tại cơ quan đại diện Việt Nam ở nước ngoài."]},
    "2.000884": {"time": "Trong ngày nhận yêu cầu; yêu cầu nhận sau 15 giờ thì trả trong ngày làm việc tiếp theo.",
                 "fee": "10.000 đồng/trường hợp (một hoặc nhiều chữ ký trong một giấy tờ, văn bản).",
                 "fees": ["10.000 đồng/trường hợp (một hoặc nhiều chữ ký trong một giấy tờ, văn bản).",
                          "10 USD/bản khi chứng thực tại cơ quan đại diện Việt Nam ở nước ngoài."]},
    "2.001035": {"time": "Trang thủ tục không ghi thời hạn; ngày trả kết quả ghi trên Phiếu hẹn khi bạn nộp hồ sơ.",
                 "fee": "50.000 đồng/giao dịch.",
                 "fees": ["50.000 đồng/giao dịch. Không thu phí chứng thực hợp đồng thế chấp khi cá nhân, hộ gia đình vay vốn tại tổ chức "
                          "tín dụng để phục vụ phát triển nông nghiệp, nông thôn."]},
    "2.001019": {"time": "Trang thủ tục không ghi thời hạn; ngày trả kết quả ghi trên Phiếu hẹn khi bạn nộp hồ sơ.",
                 "fee": "50.000 đồng/di chúc.", "fees": ["50.000 đồng/di chúc."]},
    "2.000908": {"time": "Trong 01 ngày làm việc.", "fee": FREE, "fees": ["Miễn phí."]},
    "2.001406": {"time": "Trang thủ tục không ghi thời hạn; ngày trả kết quả ghi trên Phiếu hẹn khi bạn nộp hồ sơ.",
                 "fee": "50.000 đồng/văn bản.", "fees": ["50.000 đồng/văn bản."]},
    "2.001263": {"time": "Khoảng 30 ngày kể từ ngày nhận đủ hồ sơ hợp lệ: 10 ngày kiểm tra hồ sơ và lấy ý kiến, 15 ngày để người liên "
                         "quan có thể thay đổi ý kiến đồng ý, rồi 05 ngày để đăng ký việc nuôi con nuôi.",
                 "fee": "400.000 đồng/trường hợp, trừ các trường hợp được miễn.",
                 "fees": ["400.000 đồng/trường hợp. Miễn khi cha dượng, mẹ kế nhận con riêng của vợ hoặc chồng; cô, cậu, dì, chú, bác ruột "
                          "nhận cháu; nhận trẻ khuyết tật, nhiễm HIV/AIDS hoặc mắc bệnh hiểm nghèo; người có công với cách mạng nhận con nuôi."],
                 "cite": [("time_statement", "Mô tả: 10 ngày kiểm tra hồ sơ và lấy ý kiến; 15 ngày để thay đổi ý kiến; 05 ngày để đăng ký "
                           "(tổng 30 ngày do người biên tập cộng).", "PORTAL")]},
    "3.000333": {"time": "Trong 10 ngày.",
                 "fee": "200.000 đồng/lần/người; sinh viên, người có công với cách mạng, thân nhân liệt sĩ: 100.000 đồng/lần/người. "
                        "Từ Phiếu thứ 3 trong một lần yêu cầu: thêm 5.000 đồng/Phiếu.",
                 "fees": ["200.000 đồng/lần/người.", "100.000 đồng/lần/người.",
                          "Thêm 5.000 đồng cho mỗi Phiếu từ Phiếu thứ 3 trong một lần yêu cầu. Miễn phí cho trẻ em, người cao tuổi, "
                          "người khuyết tật, người thuộc hộ nghèo, người cư trú tại xã đặc biệt khó khăn, xã biên giới, xã an toàn khu."],
                 "cite": [("fee_statement", "Trả lời trên Cổng DVC Long An (2021) dẫn Thông tư 244/2016/TT-BTC; trang quốc gia dẫn cùng "
                           "thông tư nhưng không ghi số tiền.", LONGAN)]},
    "1.004222": {"time": "7 ngày làm việc.", "fee": "10.000 đồng/lần khi nộp trực tuyến; 20.000 đồng/lần khi nộp trực tiếp.",
                 "fees": ["10.000 đồng/lần đăng ký.",
                          "20.000 đồng/lần đăng ký. Người thuộc diện được miễn xuất trình giấy tờ chứng minh, trừ khi thông tin đã có trong "
                          "Cơ sở dữ liệu quốc gia về dân cư."]},
    "1.004194": {"time": "3 ngày làm việc.",
                 "fee": "7.000 đồng/lần khi nộp trực tuyến; đăng ký theo danh sách nộp trực tiếp: 10.000 đồng/người/lần. "
                        "Mức nộp trực tiếp cho cá nhân, hộ gia đình: hỏi tại nơi nộp hồ sơ.",
                 "fees": ["7.000 đồng/lần đăng ký.", "10.000 đồng/người/lần đăng ký."]},
    "1.002755": {"time": "3 ngày làm việc.",
                 "fee": "Nộp trực tuyến: trang thủ tục ghi hai mức khác nhau (5.000 và 7.000 đồng/lần), hỏi mức đang áp dụng tại nơi "
                        "nộp hồ sơ. Gia hạn theo danh sách nộp trực tiếp: 10.000 đồng/người/lần.",
                 "fees": ["Trang thủ tục ghi hai mức khác nhau, 5.000 và 7.000 đồng/lần; hỏi mức đang áp dụng tại nơi nộp hồ sơ.",
                          "10.000 đồng/người/lần."]},
    "1.014061": {"time": "Không quá 07 ngày làm việc.",
                 "fee": "Trang thủ tục không ghi lệ phí cho việc cấp thẻ căn cước lần đầu; hỏi tại nơi nộp hồ sơ.",
                 "fees": ["Trang thủ tục không ghi lệ phí; hỏi tại nơi nộp hồ sơ."]},
    "1.014063": {"time": "7 ngày làm việc.",
                 "fee": "50.000 đồng/thẻ; từ 01/7/2025 đến hết 31/12/2026 thu bằng 50%, tức 25.000 đồng/thẻ.",
                 "fees": ["50.000 đồng/thẻ; từ 01/7/2025 đến hết 31/12/2026 thu bằng 50% mức này (25.000 đồng/thẻ)."]},
    "1.001456": {"time": "8 ngày làm việc.",
                 "fee": "200.000 đồng/hộ chiếu; cấp lại do bị hỏng hoặc bị mất: 400.000 đồng/hộ chiếu.",
                 "fees": ["200.000 đồng/hộ chiếu; cấp lại do bị hỏng hoặc bị mất: 400.000 đồng/hộ chiếu.",
                          "Mức ưu đãi khi nộp trực tuyến, chỉ áp dụng đến hết 31/12/2023; nay thu như nộp trực tiếp."]},
    "3.000347": {"time": "5 ngày làm việc.", "fee": "135.000 đồng/lần.",
                 "fees": ["135.000 đồng/lần. Mức 115.000 đồng khi nộp trực tuyến chỉ áp dụng đến hết 31/12/2025."]},
    "1.001612": {"time": "03 ngày làm việc kể từ ngày nhận hồ sơ.",
                 "fee": "100.000 đồng/lần khi nộp hồ sơ giấy; miễn khi nộp trực tuyến (từ 25/7/2026).",
                 "fees": ["100.000 đồng/lần khi nộp hồ sơ giấy.", "Miễn khi nộp trực tuyến (từ 25/7/2026)."], "drop_fees": [2],
                 "cite": [("fee_statement", "Mức của thành phố theo Nghị quyết 78/2026/NQ-HĐND.", HN_FEES)]},
    "2.000720": {"time": "03 ngày làm việc kể từ ngày nhận hồ sơ.",
                 "fee": "100.000 đồng/lần khi nộp hồ sơ giấy; miễn khi nộp trực tuyến. Không thu khi chỉ điều chỉnh địa chỉ do thay đổi "
                        "địa giới hành chính, tên đường, phố hoặc số nhà.",
                 "fees": ["100.000 đồng/lần khi nộp hồ sơ giấy.", "Miễn khi nộp trực tuyến."],
                 "cite": [("fee_statement", "Mức của thành phố theo Nghị quyết 78/2026/NQ-HĐND.", HN_FEES)]},
    "1.001570": {"time": "01 ngày làm việc kể từ ngày nhận hồ sơ hợp lệ.", "fee": FREE, "fees": ["Miễn phí."]},
    "1.001266": {"time": "05 ngày làm việc kể từ ngày nhận hồ sơ.", "fee": FREE, "fees": ["Miễn phí."]},
    "2.001610": {"time": "3 ngày làm việc.", "fee": "Phí công bố nội dung đăng ký doanh nghiệp: 100.000 đồng/lần.",
                 "fees": ["100.000 đồng/lần."]},
    "1.013225": {"time": "15 ngày khi nộp trực tiếp; 20 ngày khi nộp trực tuyến hoặc qua bưu chính.", "fee": BUILD_FEE, "fees": [BUILD_FEE]},
    "1.013229": {"time": "15 ngày khi nộp trực tiếp; 20 ngày khi nộp trực tuyến hoặc qua bưu chính.", "fee": BUILD_FEE, "fees": [BUILD_FEE]},
    "1.013227": {"time": "5 ngày làm việc.", "fee": BUILD_FEE, "fees": [BUILD_FEE]},
    "1.013236": {"time": "20 ngày.", "fee": BUILD_FEE, "fees": [BUILD_FEE]},
    "1.013978": {"time": "17 ngày làm việc khi nộp trực tuyến; 20 ngày làm việc qua bưu chính; 27 ngày làm việc khi nộp trực tiếp.",
                 "fee": "Lệ phí cấp Giấy chứng nhận do Hội đồng nhân dân thành phố quy định. Theo biểu phí của thành phố: tại phường "
                        "25.000 đồng (chỉ có đất) hoặc 100.000 đồng (có nhà, tài sản gắn liền với đất); khu vực khác 10.000 đồng hoặc "
                        "50.000 đồng; miễn cho hộ gia đình, cá nhân ở nông thôn và hộ nghèo. Hỏi mức đang áp dụng tại nơi nộp hồ sơ.",
                 "fees": [LAND_FEE, "Tại phường 25.000 đồng (chỉ có đất) hoặc 100.000 đồng (có nhà, tài sản gắn liền với đất); khu vực khác "
                          "10.000 đồng hoặc 50.000 đồng; miễn cho hộ gia đình, cá nhân ở nông thôn và hộ nghèo."],
                 "cite": [("fee_statement", "Mức lệ phí cấp Giấy chứng nhận lần đầu (Nghị quyết 06/2020/NQ-HĐND).", HN_FEES)]},
    "1.012784": {"time": "12 ngày làm việc khi nộp trực tuyến hoặc qua bưu chính; 22 ngày làm việc khi nộp trực tiếp.",
                 "fee": LAND_FEE, "fees": [LAND_FEE]},
    "1.012786": {"time": "10 ngày làm việc khi nộp trực tuyến hoặc qua bưu chính; 20 ngày làm việc khi nộp trực tiếp.",
                 "fee": LAND_FEE, "fees": [LAND_FEE]},
    "1.013992": {"time": "7 ngày làm việc.", "fee": LAND_FEE, "fees": [LAND_FEE]},
    "1.012812": {"time": "40 ngày khi nộp trực tiếp; 30 ngày khi gửi qua bưu chính.", "fee": LAND_FEE, "fees": [LAND_FEE]},
    "1.011607": {"time": "15 ngày.", "fee": FREE, "fees": ["Miễn phí."]},
    "1.002211": {"time": "5 ngày làm việc.", "fee": FREE, "fees": ["Miễn phí."]},
    "3.000467": {"time": "Ngay trong ngày nhận yêu cầu, hoặc trong ngày làm việc tiếp theo nếu nhận sau 15 giờ; có thể kéo dài thêm "
                         "không quá 01 ngày làm việc khi yêu cầu nhiều bản sao, từ nhiều sổ gốc hoặc nội dung phức tạp.",
                 "fee": "Nguồn của danh mục không có thông tin về phí cho thủ tục này; hỏi tại nơi nộp hồ sơ.", "fees": []},
}

AGENCY = {
    "2.000635": "Cơ quan quản lý cơ sở dữ liệu hộ tịch điện tử (cấp tỉnh, cấp xã)",
    "3.000347": "Cục Cảnh sát giao thông, Công an tỉnh, Công an cấp xã",
    "1.013229": "Ủy ban nhân dân cấp xã",
    "1.013227": "Ủy ban nhân dân cấp xã",
}
for _code, _agency in AGENCY.items():
    C[_code]["agency"] = _agency

# Groups of alternatives ("one of"): the paper declaration and the electronic form of every
# procedure that lists both (build.py adds them), and these other pairs, where the source says
# the second document replaces the first when it is missing.
GROUPS = {
    "1.004884": {"giay-khai-sinh": ["ban-sao-giay-khai-sinh", "giay-to-thay-the"]},
    "2.000528": {"giay-chung-sinh": ["giay-chung-sinh", "van-ban-lam-chung"]},
    "1.000656": {"giay-bao-tu": ["giay-bao-tu", "giay-to-chung-minh-su-kien-chet"]},
}
