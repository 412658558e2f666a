package admin

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/job"
	"github.com/motcua/motcua/internal/web/webtest"
)

// TestJobsPage: administrators see every kind with its cadence and failures and retry a dead
// job from the page; nobody else sees or retries anything.
func TestJobsPage(t *testing.T) {
	st := webtest.NewStores(t)
	ctx := context.Background()
	q := job.New(st.DB, nil)
	q.Register(job.Kind{Name: "send-test", Handle: func(context.Context, *job.Job) error {
		return job.Permanent(errors.New("máy chủ thư từ chối"))
	}})
	q.Register(job.Kind{Name: "sweep-test", Every: 10 * time.Minute, Handle: func(context.Context, *job.Job) error { return nil }})
	var id int64
	if err := st.DB.InTx(ctx, func(tx *db.Tx) (err error) {
		id, err = job.Enqueue(ctx, tx, "send-test", map[string]string{"to": "a@example.vn"})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := q.Work(ctx, "send-test"); err != nil {
		t.Fatal(err)
	}
	site := st.Site(t)
	h, err := New(site, st.Calendar, q)
	if err != nil {
		t.Fatal(err)
	}
	srv := webtest.NewServer(st.Identity, site, h)
	createUsers(t, st)
	retryURL := fmt.Sprintf("/quan-tri/cong-viec/%d/thu-lai", id)

	if res, _ := srv.Do(t, "GET", "/quan-tri/cong-viec", nil); res.StatusCode != http.StatusSeeOther {
		t.Errorf("anonymous GET = %d; want 303 to sign in", res.StatusCode)
	}
	citizen := srv.SignIn(t, "congdan", "demo")
	if res, _ := srv.Do(t, "GET", "/quan-tri/cong-viec", nil, citizen); res.StatusCode != http.StatusForbidden {
		t.Errorf("citizen GET = %d; want 403", res.StatusCode)
	}
	if res, _ := srv.Do(t, "POST", retryURL, nil, citizen); res.StatusCode != http.StatusForbidden {
		t.Errorf("citizen POST retry = %d; want 403", res.StatusCode)
	}
	if dead, _ := q.Dead(ctx, 10); len(dead) != 1 {
		t.Fatalf("after the citizen's retry: %d dead jobs; want 1", len(dead))
	}

	admin := srv.SignIn(t, "admin", "demo")
	for lang, want := range map[string][]string{
		"vi": {"Công việc chạy nền", "send-test", "sweep-test", "10 phút một lần", "máy chủ thư từ chối", `action="` + retryURL + `"`},
		"en": {"Background jobs", "Every 10 minutes", "Dead jobs", "Run again"},
	} {
		res, body := srv.Do(t, "GET", "/quan-tri/cong-viec?lang="+lang, nil, admin)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("admin GET (%s) = %d; want 200", lang, res.StatusCode)
		}
		for _, s := range want {
			if !strings.Contains(body, s) {
				t.Errorf("admin GET (%s): the page lacks %q", lang, s)
			}
		}
		webtest.CheckHTML(t, "GET /quan-tri/cong-viec?lang="+lang, body)
	}

	res, _ := srv.Do(t, "POST", retryURL, nil, admin)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != fmt.Sprintf("/quan-tri/cong-viec?retried=%d", id) {
		t.Fatalf("admin POST retry = %d %s; want 303 back to the list", res.StatusCode, res.Header.Get("Location"))
	}
	if dead, _ := q.Dead(ctx, 10); len(dead) != 0 {
		t.Errorf("after the retry: %d dead jobs; want 0", len(dead))
	}
	_, body := srv.Do(t, "GET", res.Header.Get("Location"), nil, admin)
	if !strings.Contains(body, "Không có công việc hỏng.") || !strings.Contains(body, "Đã xếp lại công việc") {
		t.Errorf("the list after a retry shows no banner or still a dead job")
	}
	// The job is queued now, not dead: retrying it again is a conflict; an unknown id is 404.
	if res, _ := srv.Do(t, "POST", retryURL, nil, admin); res.StatusCode != http.StatusConflict {
		t.Errorf("second retry = %d; want 409", res.StatusCode)
	}
	for _, bad := range []string{"/quan-tri/cong-viec/999999/thu-lai", "/quan-tri/cong-viec/abc/thu-lai", "/quan-tri/cong-viec/-1/thu-lai"} {
		if res, _ := srv.Do(t, "POST", bad, nil, admin); res.StatusCode != http.StatusNotFound {
			t.Errorf("POST %s = %d; want 404", bad, res.StatusCode)
		}
	}
}
