package i18n

import (
	"strings"
	"testing"
	"testing/fstest"
)

func catalogFS(vi, en string) fstest.MapFS {
	return fstest.MapFS{
		"m/vi.json": {Data: []byte(vi)},
		"m/en.json": {Data: []byte(en)},
	}
}

func TestLoad(t *testing.T) {
	c, err := Load(catalogFS(`{"a":"Xin chào %s","b":"Có"}`, `{"a":"Hello %s","b":"Yes"}`), "m")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := c.T(VI, "a", "Lan"), "Xin chào Lan"; got != want {
		t.Errorf("T(VI, a) = %q; want %q", got, want)
	}
	if got, want := c.T(EN, "b"), "Yes"; got != want {
		t.Errorf("T(EN, b) = %q; want %q", got, want)
	}
	if got, want := c.T(EN, "missing"), "[missing]"; got != want {
		t.Errorf("T(EN, missing) = %q; want %q", got, want)
	}
	if !c.Has("a") || c.Has("c") {
		t.Errorf("Has: a=%v c=%v; want true false", c.Has("a"), c.Has("c"))
	}
	if got := strings.Join(c.Keys(), ","); got != "a,b" {
		t.Errorf("Keys() = %s; want a,b", got)
	}
}

func TestLoadRefuses(t *testing.T) {
	for _, tc := range []struct{ name, vi, en, want string }{
		{"missing in en", `{"a":"x","b":"y"}`, `{"a":"x"}`, `"b" has no en text`},
		{"missing in vi", `{"a":"x"}`, `{"a":"x","b":"y"}`, `"b" has no vi text`},
		{"empty", `{"a":" "}`, `{"a":"x"}`, `empty vi text`},
		{"verbs", `{"a":"%s và %d"}`, `{"a":"%s and %s"}`, `format verbs differ`},
		{"not json", `{`, `{}`, `vi.json`},
	} {
		_, err := Load(catalogFS(tc.vi, tc.en), "m")
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: Load error = %v; want one containing %q", tc.name, err, tc.want)
		}
	}
	if _, err := Load(fstest.MapFS{}, "m"); err == nil {
		t.Error("Load of a missing directory succeeded")
	}
}

func TestMerge(t *testing.T) {
	a := MustLoad(catalogFS(`{"a":"x"}`, `{"a":"x"}`), "m")
	b := MustLoad(catalogFS(`{"b":"y"}`, `{"b":"y"}`), "m")
	c, err := Merge(a, b)
	if err != nil || !c.Has("a") || !c.Has("b") {
		t.Fatalf("Merge(a, b) = %v, %v; want both keys", c, err)
	}
	if _, err := Merge(a, a); err == nil {
		t.Error("Merge(a, a) succeeded; want a duplicate-key error")
	}
}

func TestLang(t *testing.T) {
	if Parse("en") != EN || Parse("vi") != VI || Parse("fr") != VI {
		t.Error("Parse: en, vi, fr do not give EN, VI, VI")
	}
	if VI.Other() != EN || EN.Other() != VI || EN.String() != "en" || VI.String() != "vi" {
		t.Error("Other/String disagree")
	}
}

func TestText(t *testing.T) {
	c := MustLoad(catalogFS(`{"a":"Hồ sơ %s"}`, `{"a":"Dossier %s"}`), "m")
	got := c.Text("a", "X-1")
	if got.In(VI) != "Hồ sơ X-1" || got.In(EN) != "Dossier X-1" {
		t.Errorf(`Text("a", "X-1") = %q; want both languages formatted`, got)
	}
}

func TestTextFunc(t *testing.T) {
	c := MustLoad(catalogFS(`{"a":"Hạn %s"}`, `{"a":"Due %s"}`), "m")
	got := c.TextFunc("a", func(l Lang) []any { return []any{map[Lang]string{VI: "10/02/2026", EN: "2026-02-10"}[l]} })
	if got.In(VI) != "Hạn 10/02/2026" || got.In(EN) != "Due 2026-02-10" {
		t.Errorf(`TextFunc("a", ...) = %q; want each language with its own argument`, got)
	}
}
