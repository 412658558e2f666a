package app_test

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/app/apptest"
	"github.com/motcua/motcua/internal/vntime"
)

// The committee's directives through the API of CONTRACT.md on both engines: the office
// records a directive with its signed PDF, bad tasks are 422 naming the field, each agency
// sees its own tasks, only its leader reports, and the figures count the task done on time.
func TestDirectivesAPI(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			_, base := apptest.Start(t, engine)
			office, leader := login(t, base, "vanphong"), login(t, base, "lanhdao")
			today := time.Now().In(vntime.Location())
			signed, due := today.Format(time.DateOnly), today.AddDate(0, 0, 30).Format(time.DateOnly)

			status, file := office.upload("25-CT-UBND.pdf", testPDF)
			if status != 201 {
				t.Fatalf("upload = %d %v", status, file)
			}
			body := map[string]any{"number": "25/CT-UBND", "signed_on": signed, "title": "Về đẩy mạnh dịch vụ công trực tuyến toàn trình",
				"summary": "Giao các sở, phường triển khai.", "document": file["id"], "tasks": []map[string]string{
					{"agency_code": "00070", "title": "Rà soát, công khai thủ tục tại Bộ phận Một cửa", "due_on": due},
					{"agency_code": "CATP", "title": "Hướng dẫn cấp Phiếu lý lịch tư pháp trực tuyến", "due_on": due}}}
			var dv struct {
				ID        int64
				Document  string
				CreatedAt string `json:"created_at"`
				Tasks     []struct {
					ID     int64
					Status string
				}
			}
			office.json("POST", "/api/v1/directives", body, 201, &dv)
			if dv.ID == 0 || len(dv.Tasks) != 2 || dv.Tasks[0].ID == 0 || dv.Tasks[1].ID == 0 || dv.Document != file["id"] {
				t.Fatalf("created = %+v; want each task's id and the document", dv)
			}
			if !strings.HasSuffix(dv.CreatedAt, "+07:00") { // CONTRACT: times with the +07:00 offset
				t.Errorf("created_at = %q; want Hà Nội's offset", dv.CreatedAt)
			}
			office.json("POST", "/api/v1/directives", body, 409, nil)
			leader.json("POST", "/api/v1/directives", body, 403, nil)

			for _, tc := range []struct {
				task       int
				key, value string
				field      string
			}{
				{1, "agency_code", "KHONG-CO", "tasks[1].agency_code"},
				{0, "due_on", today.AddDate(0, 0, -1).Format(time.DateOnly), "tasks[0].due_on"},
			} {
				bad := map[string]any{"number": "26/CT-UBND", "signed_on": signed, "title": "T", "summary": "", "tasks": []map[string]string{
					{"agency_code": "00070", "title": "A", "due_on": due}, {"agency_code": "00070", "title": "B", "due_on": due}}}
				bad["tasks"].([]map[string]string)[tc.task][tc.key] = tc.value
				status, out, _ := office.do("POST", "/api/v1/directives", bad)
				var e errBody
				_ = json.Unmarshal(out, &e)
				if status != 422 || len(e.Error.Fields) != 1 || e.Error.Fields[0].Path != tc.field {
					t.Errorf("POST with a bad %s = %d %s; want 422 naming %s", tc.field, status, out, tc.field)
				}
			}

			var tasks struct {
				Items []struct {
					ID         int64
					AgencyCode string `json:"agency_code"`
					Status     string
				}
				Total int
			}
			// Beside the demo directive's four tasks (demo.SeedDirective).
			office.json("GET", "/api/v1/directive-tasks", nil, 200, &tasks)
			if tasks.Total != 6 {
				t.Errorf("office's tasks = %+v; want all six", tasks)
			}
			leader.json("GET", "/api/v1/directive-tasks?per_page=1&page=2", nil, 200, &tasks)
			if tasks.Total != 2 || len(tasks.Items) != 1 || tasks.Items[0].AgencyCode != "00070" || tasks.Items[0].Status != "in_progress" {
				t.Errorf("Hoàn Kiếm's tasks, page 2 of 1 = %+v; want its own, in progress", tasks)
			}
			leader.json("GET", "/api/v1/directive-tasks?agency=CATP", nil, 200, &tasks)
			if tasks.Total != 0 || tasks.Items == nil {
				t.Errorf("another agency's tasks = %+v; want an empty list", tasks)
			}
			login(t, base, "congdan").json("GET", "/api/v1/directive-tasks", nil, 403, nil)
			office.json("GET", "/api/v1/directive-tasks?status=late", nil, 422, nil)

			hk := dv.Tasks[0].ID
			path := "/api/v1/directive-tasks/" + strconv.FormatInt(hk, 10) + "/reports"
			report := map[string]any{"status": "done", "note": "Đã rà soát và công khai 120 thủ tục."}
			login(t, base, "lanhdao.catp").json("POST", path, report, 404, nil)
			login(t, base, "chuyenvien").json("POST", path, report, 403, nil)
			office.json("POST", path, report, 403, nil)
			leader.json("POST", path, map[string]any{"status": "finished", "note": "x"}, 422, nil)
			_, proof := leader.upload("bien-ban.pdf", testPDF)
			report["files"] = []any{proof["id"]}
			var done struct {
				Status  string
				Reports []struct{ Files []struct{ ID string } }
			}
			leader.json("POST", path, report, 201, &done)
			if done.Status != "done_on_time" || len(done.Reports) != 1 || len(done.Reports[0].Files) != 1 {
				t.Errorf("after the report: %+v; want done on time with the report and its file", done)
			}
			leader.json("POST", path, report, 409, nil)

			var figures map[string]int
			office.json("GET", "/api/v1/reports/directives?directive="+strconv.FormatInt(dv.ID, 10), nil, 200, &figures)
			if figures["total"] != 2 || figures["done_on_time"] != 1 {
				t.Errorf("the directive's figures = %v; want two tasks, one done on time", figures)
			}
			office.json("GET", "/api/v1/reports/directives", nil, 200, &figures)
			want := map[string]int{"total": 6, "done": 2, "done_on_time": 2, "done_late": 0, "in_progress": 3, "overdue": 1}
			if !equalCounts(figures, want) {
				t.Errorf("figures = %v; want %v", figures, want)
			}
			leader.json("GET", "/api/v1/reports/directives?agency=00070", nil, 200, &figures)
			if figures["total"] != 2 || figures["done_on_time"] != 1 || figures["in_progress"] != 1 {
				t.Errorf("Hoàn Kiếm's figures = %v", figures)
			}
			leader.json("GET", "/api/v1/reports/directives?agency=CATP", nil, 403, nil)
		})
	}
}

func equalCounts(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range b {
		if a[k] != v {
			return false
		}
	}
	return true
}
