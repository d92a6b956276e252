package customers

import (
	"strings"
	"testing"
	"time"
)

func TestNormalizePhone(t *testing.T) {
	for _, tc := range []struct{ in, region, want string }{
		{"+254712345678", "KE", "+254712345678"},
		{"0712345678", "KE", "+254712345678"},
		{"712345678", "KE", "+254712345678"},
		{"0712 345-678", "KE", "+254712345678"},
		{"+256 772 123456", "KE", "+256772123456"},
		{"0772123456", "UG", "+256772123456"},
		{"12", "KE", ""},
		{"hello", "KE", ""},
		{"", "KE", ""},
	} {
		got, err := NormalizePhone(tc.in, tc.region)
		if (err != nil) != (tc.want == "") || got != tc.want {
			t.Errorf("NormalizePhone(%q, %s) = %q, %v; want %q", tc.in, tc.region, got, err, tc.want)
		}
	}
}

func TestPhoneQuery(t *testing.T) {
	for _, tc := range []struct {
		q    string
		want string
	}{
		{"0712345678", "+254712345678"}, {"712345678", "+254712345678"}, {"+254712345678", "+254712345678"},
		{"100001", ""}, {"jane", ""}, {"07123", ""},
	} {
		got, ok := PhoneQuery(tc.q, "KE")
		if ok != (tc.want != "") || got != tc.want {
			t.Errorf("PhoneQuery(%q) = %q, %v", tc.q, got, ok)
		}
	}
}

func TestUsernames(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{"Jane.Doe", "jane.doe", true}, {"a@b-c_d", "a@b-c_d", true}, {"ab", "ab", false},
		{"jane doe", "", false}, {"jané", "", false}, {strings.Repeat("a", 65), "", false}, {strings.Repeat("a", 64), strings.Repeat("a", 64), true},
	} {
		got, err := NormalizeUsername(tc.in)
		if (err == nil) != tc.ok || (tc.ok && got != tc.want) {
			t.Errorf("NormalizeUsername(%q) = %q, %v", tc.in, got, err)
		}
	}
	for u, warn := range map[string]bool{"user1": true, "test": true, "12345": true, "jane.doe": false, "user.jane": false} {
		if got := len(UsernameWarnings(u)) > 0; got != warn {
			t.Errorf("UsernameWarnings(%q) = %v", u, got)
		}
	}
}

func TestPasswords(t *testing.T) {
	for pw, ok := range map[string]bool{"Kx9-lantern-42": true, "short": false, "password1": false,
		"aaaaaaaaaa": false, "janedoe123": false, "12345678": false} {
		if got := PasswordProblem(pw, "janedoe") == ""; got != ok {
			t.Errorf("PasswordProblem(%q) ok=%v", pw, got)
		}
	}
	seen := map[string]bool{}
	for i := 0; i < 100; i++ {
		p := GeneratePassword()
		if len(p) != 12 || PasswordProblem(p, "") != "" || seen[p] || strings.ContainsAny(p, "0O1lI") {
			t.Fatalf("generated %q", p)
		}
		seen[p] = true
	}
}

func TestStatusOf(t *testing.T) {
	now := time.Now()
	if StatusOf(now, true, now) != Expired || StatusOf(now.Add(time.Hour), true, now) != Online ||
		StatusOf(now.Add(time.Hour), false, now) != Offline {
		t.Fatal("StatusOf")
	}
}

func TestNeutralise(t *testing.T) {
	for _, v := range []string{"=1+2", "+254712345678", "-3", "@SUM(A1)", "\tx", "plain", "", "'quoted"} {
		n := neutralise(v)
		if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) && n[0] != '\'' {
			t.Errorf("neutralise(%q) = %q", v, n)
		}
		if back := unneutralise(n); back != v {
			t.Errorf("round trip %q -> %q -> %q", v, n, back)
		}
	}
}

func TestParseExpiry(t *testing.T) {
	loc, _ := time.LoadLocation("Africa/Nairobi")
	got, err := parseExpiry("2030-01-31", loc)
	if err != nil || !got.Equal(time.Date(2030, 1, 31, 21, 0, 0, 0, time.UTC)) {
		t.Fatalf("date: %v %v", got, err)
	}
	got, err = parseExpiry("2030-01-31T10:00:00+03:00", loc)
	if err != nil || !got.Equal(time.Date(2030, 1, 31, 7, 0, 0, 0, time.UTC)) {
		t.Fatalf("RFC 3339: %v %v", got, err)
	}
	if _, err := parseExpiry("31/01/2030", loc); err == nil {
		t.Fatal("accepted 31/01/2030")
	}
}

func TestReadRowsRefusesNonUTF8(t *testing.T) {
	for name, data := range map[string]string{
		"utf16":  "\xff\xfeu\x00s\x00",
		"latin1": "username,full_name\njose,Jos\xe9\n",
		"nul":    "username,full_name\njose,Jo\x00se\n",
	} {
		res := &ImportResult{}
		if _, err := readRows(strings.NewReader(data), res); err != nil {
			t.Fatal(err)
		}
		if len(res.Errors) != 1 || !strings.Contains(res.Errors[0].Message+name, "UTF") && name != "nul" {
			t.Errorf("%s: %+v", name, res.Errors)
		}
	}
}
