package api

import "testing"

func TestBadText(t *testing.T) {
	for _, tc := range []struct {
		doc, path string
		bad       bool
	}{
		{`{"a":"x","b":[1,"y",{"c":"z"}]}`, "", false},
		{`{"a":"\\u0000"}`, "", false}, // an escaped backslash, then the letters u0000
		{`"\u0000"`, "body", true},
		{`{"a":"x\u0000"}`, "a", true},
		{`{"a":{"b":[true,null,"ok","\u0000"]}}`, "a.b[3]", true},
		{`[{"a":1},{"b":"\u0000"}]`, "[1].b", true},
		{`{"k\u0000":1}`, "k", true},
		{"{\"a\":1,\"n\":\"\xff\"}", "n", true},
		{`{"a":[[1,2],["\u0000"]]}`, "a[1][0]", true},
	} {
		path, bad := badText([]byte(tc.doc))
		if path != tc.path || bad != tc.bad {
			t.Errorf("badText(%s) = %q, %v; want %q, %v", tc.doc, path, bad, tc.path, tc.bad)
		}
	}
}
