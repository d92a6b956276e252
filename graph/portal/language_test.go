package portal_test

import (
	"testing"

	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/internal/testutil"
)

// TestPortalLanguage: the portal starts in the installation's language (isp.language, before
// sign-in); the subscriber's own choice is saved and read back, cleared with null, and an
// unknown language is refused with a translatable key.
func TestPortalLanguage(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		var isp struct{ Isp struct{ Language string } }
		e.must("", `{isp{language}}`, nil, &isp)
		if isp.Isp.Language != "en" {
			t.Fatalf("isp.language %q, want en", isp.Isp.Language)
		}
		tok := e.login("alice", alicePW)
		for _, s := range []struct {
			lang any
			want string
		}{{"sw", "sw"}, {nil, ""}, {"fr", "fr"}} {
			e.must(tok, `mutation($l:String){setLanguage(language:$l)}`, map[string]any{"l": s.lang}, nil)
			var me struct{ Me struct{ Language *string } }
			e.must(tok, `{me{language}}`, nil, &me)
			got := ""
			if me.Me.Language != nil {
				got = *me.Me.Language
			}
			if got != s.want {
				t.Fatalf("after setLanguage(%v): me.language %q, want %q", s.lang, got, s.want)
			}
		}
		g := e.refused(e.portal(tok, `mutation{setLanguage(language:"klingon")}`, nil, nil), "BAD_USER_INPUT", "unknown language")
		if g.Extensions["messageKey"] != "language.unknown" {
			t.Fatalf("extensions %v", g.Extensions)
		}
	})
}
