package graph

import (
	"testing"

	"github.com/linedesk/linedesk/internal/testutil"
)

// TestLanguages: the installation's language is Locale.language; each staff member sets their
// own (any role) and clears it back to the installation's; a customer's language is set and
// cleared through updateCustomer; an unknown language is refused with a translatable key.
func TestLanguages(t *testing.T) {
	e := newEnvOn(t, testutil.SQLite, false)
	var loc struct{ Locale struct{ Language string } }
	e.ok(&loc, e.viewer, `{ locale { language } }`)
	if loc.Locale.Language != "en" {
		t.Fatalf("installation language %q, want en", loc.Locale.Language)
	}
	e.ok(nil, e.admin, settingsMutation, "in", batch("default_language", "sw"))
	e.ok(&loc, e.viewer, `{ locale { language } }`)
	if loc.Locale.Language != "sw" {
		t.Fatalf("installation language %q after the setting, want sw", loc.Locale.Language)
	}

	steps := []struct {
		name string
		lang any
		want *string
	}{
		{"choose French", "fr", strp("fr")},
		{"back to the installation's with null", nil, nil},
		{"choose Indonesian", "id", strp("id")},
		{"back to the installation's with an empty string", "", nil},
	}
	for _, s := range steps {
		var out struct{ SetOwnLanguage struct{ Language *string } }
		e.ok(&out, e.viewer, `mutation($l:String){ setOwnLanguage(language:$l){ language } }`, "l", s.lang)
		var me struct{ Me struct{ Language *string } }
		e.ok(&me, e.viewer, `{ me { language } }`)
		if !sameStr(out.SetOwnLanguage.Language, s.want) || !sameStr(me.Me.Language, s.want) {
			t.Fatalf("%s: language %v / me %v, want %v", s.name, out.SetOwnLanguage.Language, me.Me.Language, s.want)
		}
	}
	bad := e.fails("BAD_USER_INPUT", e.viewer, `mutation{ setOwnLanguage(language:"de"){ id } }`)
	if bad.Extensions["messageKey"] != "language.unknown" || bad.Extensions["field"] != "language" {
		t.Fatalf("unknown language: extensions %v", bad.Extensions)
	}

	c := e.customer("amina", "0712345678", e.profile("Home", 30, nil))
	const upd = `mutation($id:ID!,$l:String){ updateCustomer(id:$id, input:{language:$l}){ language } }`
	for _, s := range []struct {
		lang string
		want *string
	}{{"pt", strp("pt")}, {"", nil}} {
		var out struct{ UpdateCustomer struct{ Language *string } }
		e.ok(&out, e.op, upd, "id", c.ID, "l", s.lang)
		if !sameStr(out.UpdateCustomer.Language, s.want) {
			t.Fatalf("customer language %v, want %v", out.UpdateCustomer.Language, s.want)
		}
	}
	bad = e.fails("BAD_USER_INPUT", e.op, upd, "id", c.ID, "l", "xx")
	if bad.Extensions["messageKey"] != "language.unknown" {
		t.Fatalf("unknown customer language: extensions %v", bad.Extensions)
	}
	e.fails("FORBIDDEN", e.viewer, upd, "id", c.ID, "l", "sw")
}

func strp(s string) *string { return &s }

func sameStr(a, b *string) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }
