package apperr

import (
	"testing"

	"github.com/motcua/motcua/internal/i18n"
)

func TestMessages(t *testing.T) {
	msg := i18n.Text{i18n.VI: "Không hợp lệ.", i18n.EN: "Invalid."}
	var fe Fields
	fe.Add("name", i18n.Text{i18n.VI: "Cần tên.", i18n.EN: "A name is required."})
	err := fe.Err("invalid_x", msg)
	e, ok := As(err)
	if !ok || e.Kind != KindUnprocessable || e.Code != "invalid_x" {
		t.Fatalf("Fields.Err = %v; want a 422 invalid_x", err)
	}
	if e.In(i18n.VI) != "Không hợp lệ." || e.In(i18n.EN) != "Invalid." || e.Text() != msg {
		t.Errorf("In/Text = %q, %q, %q; want the message in each language", e.In(i18n.VI), e.In(i18n.EN), e.Text())
	}
	if got, want := err.Error(), "invalid_x: Invalid.; name: A name is required."; got != want {
		t.Errorf("Error() = %q; want %q", got, want)
	}
	// A field error made elsewhere with only Vietnamese shows Vietnamese to an English reader.
	if got := (FieldError{Message: "Sai."}).In(i18n.EN); got != "Sai." {
		t.Errorf("In(EN) without English = %q; want the Vietnamese", got)
	}
	if nf := NotFound("draft", msg); nf.Code != "draft_not_found" || nf.Kind != KindNotFound {
		t.Errorf("NotFound = %v; want draft_not_found", nf)
	}
}
