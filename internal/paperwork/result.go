package paperwork

import "time"

// Result is a notice of the settlement of a procedure, the electronic result a one-stop system
// returns when the procedure's own result (a certificate, an extract, a licence) is issued by a
// registry motcua does not hold. The demo city returns it at approval.
type Result struct {
	ParentAgency, Agency, Place string
	Code, Procedure             string
	ApplicantName               string
	ReceivedAt, DecidedAt       time.Time
	Outcome                     string // what was decided, e.g. "Đồng ý cấp Giấy khai sinh"
	Note                        string // optional, e.g. that the document is sample data
	Signer                      Signatory
	TrackURL                    string
	// VerifyURL is the public verification page of the signed result: when set, the QR code
	// points there instead of TrackURL and the notice says it is signed electronically.
	VerifyURL string
}

// ResultTitle is the name of the notice as printed.
const ResultTitle = "THÔNG BÁO KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH"

// ResultPDF lays out r on A5 portrait, dated DecidedAt.
func ResultPDF(r Result) ([]byte, error) {
	cleanAll(&r.ParentAgency, &r.Agency, &r.Place, &r.Code, &r.Procedure, &r.ApplicantName, &r.Outcome, &r.Note,
		&r.Signer.Name, &r.Signer.Title, &r.Signer.Authority, &r.TrackURL, &r.VerifyURL)
	var c check
	c.text("code", r.Code)
	c.dossier(r.Agency, r.Procedure, r.ApplicantName)
	c.time("received_at", r.ReceivedAt)
	c.time("decided_at", r.DecidedAt)
	c.text("outcome", r.Outcome)
	c.text("signer.title", r.Signer.Title)
	c.notBefore("decided_at", r.DecidedAt, "received_at", r.ReceivedAt)
	if err := c.err("result_invalid", msgs.Text("result_invalid")); err != nil {
		return nil, err
	}
	f := startSlip(slip{name: "Thông báo kết quả giải quyết thủ tục hành chính", title: ResultTitle, code: r.Code,
		head: heading{Parent: r.ParentAgency, Agency: []string{r.Agency}, Place: r.Place, Date: r.DecidedAt}})
	f.centred(sizeBody+0.5, lineBody+0.6, span{"", "Kính gửi: Ông/Bà "}, span{"B", r.ApplicantName})
	f.pdf.Ln(1)
	f.para(sizeBody, lineBody, span{"", r.Agency + " đã tiếp nhận ngày " + shortDate(r.ReceivedAt) +
		" và giải quyết hồ sơ đề nghị thực hiện thủ tục hành chính "}, span{"B", r.Procedure},
		span{"", ", mã hồ sơ "}, span{"B", r.Code}, span{"", "."})
	f.para(sizeBody, lineBody, span{"", "Kết quả giải quyết: "}, span{"B", r.Outcome}, span{"", "."})
	if r.Note != "" {
		f.para(sizeBody, lineBody, span{"I", r.Note})
	}
	qr, caption, hint := r.TrackURL, "Quét mã để tra cứu hồ sơ "+r.Code, "(Ký, ghi rõ họ tên và đóng dấu)"
	if r.VerifyURL != "" {
		// Law 20/2023/QH15 on electronic transactions, Art. 23: a data message digitally signed by an
		// agency meets the requirement of its signature and seal.
		f.para(sizeBody, lineBody, span{"I", "Văn bản này được ký số bởi " + r.Agency +
			". Quét mã QR hoặc truy cập " + r.VerifyURL + " để xác thực văn bản và kiểm tra văn bản chưa bị thu hồi."})
		qr, caption, hint = r.VerifyURL, "Quét mã để xác thực văn bản", "(Đã ký số)"
	}
	if err := f.signOff(qr, caption, signer{Above: r.Signer.Authority,
		Title: r.Signer.Title, Hint: hint, Name: r.Signer.Name}); err != nil {
		return nil, err
	}
	return f.finish()
}
