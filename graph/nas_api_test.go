package graph

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/linedesk/linedesk/ent/auditlog"
	"github.com/linedesk/linedesk/internal/testutil"
	"github.com/linedesk/linedesk/nas/sim"
)

type nasOut struct {
	ID                string
	APIAddress        *string
	APITLS            bool
	APITLSFingerprint *string
	APICaCertificate  *string
	APIPlain          bool
	APIError          *string
}

const nasFields = `id apiAddress apiTLS apiTlsFingerprint apiCaCertificate apiPlain apiError`

func eachDBEnv(t *testing.T, fn func(t *testing.T, e *env)) {
	for _, kind := range []string{testutil.SQLite, testutil.Postgres} {
		t.Run(kind, func(t *testing.T) { fn(t, newEnvOn(t, kind, false)) })
	}
}

var nasSeq int

func (e *env) createNas(in map[string]any) (nasOut, *gqlError) {
	e.t.Helper()
	nasSeq++
	base := map[string]any{"name": fmt.Sprintf("api-r%d", nasSeq), "ipAddress": fmt.Sprintf("10.9.0.%d", nasSeq), "secret": "s3cret-s3cret"}
	for k, v := range in {
		base[k] = v
	}
	data, errs := e.do(e.admin, `mutation($in:CreateNasInput!){ x: createNas(input:$in){ `+nasFields+` } }`, "in", base)
	if len(errs) > 0 {
		return nasOut{}, &errs[0]
	}
	var out struct{ X nasOut }
	if err := json.Unmarshal(data, &out); err != nil {
		e.t.Fatal(err)
	}
	return out.X, nil
}

func (e *env) updateNas(token, id string, in map[string]any) (nasOut, *gqlError) {
	e.t.Helper()
	data, errs := e.do(token, `mutation($id:ID!,$in:UpdateNasInput!){ x: updateNas(id:$id, input:$in){ `+nasFields+` } }`, "id", id, "in", in)
	if len(errs) > 0 {
		return nasOut{}, &errs[0]
	}
	var out struct{ X nasOut }
	if err := json.Unmarshal(data, &out); err != nil {
		e.t.Fatal(err)
	}
	return out.X, nil
}

func badField(t *testing.T, err *gqlError, field string) {
	t.Helper()
	if err == nil {
		t.Fatalf("accepted, want BAD_USER_INPUT on %s", field)
	}
	if err.Extensions["code"] != "BAD_USER_INPUT" || err.Extensions["field"] != field {
		t.Fatalf("%v %v %q, want BAD_USER_INPUT on %s", err.Extensions["code"], err.Extensions["field"], err.Message, field)
	}
}

// updateNas used to store apiAddress "notanaddress" (and any other text): addresses are now
// host or host:port with an IP or a fully qualified name and a port 1–65535.
func TestNasAPIAddressIsValidated(t *testing.T) {
	eachDBEnv(t, func(t *testing.T, e *env) {
		good := []string{"192.0.2.1", "192.0.2.1:8729", " 192.0.2.1:8728 ", "router1.example.net", "router1.example.net:8729",
			"core-1.pop.example.net.", "2001:db8::1", "[2001:db8::1]:8729"}
		bad := []string{"notanaddress", "192.0.2.1:0", "192.0.2.1:65536", "192.0.2.1:-1", "192.0.2.1:abc", "192.0.2.1:", "192.0.2.1:08729",
			"router_1.example.net", "-bad.example.net", "bad-.example.net", "1.2.3", "999.1.1.1", "a..example.net", "http://192.0.2.1",
			"192.0.2.1:8729:1", "[2001:db8::1]", "router 1.example.net", "<script>.example.net", strings.Repeat("a", 101), strings.Repeat("a.", 50_000) + "net"}
		n, gerr := e.createNas(nil)
		if gerr != nil {
			t.Fatal(gerr.Message)
		}
		for _, a := range good {
			out, err := e.updateNas(e.admin, n.ID, map[string]any{"apiAddress": a})
			if err != nil {
				t.Fatalf("update %q: %s", a, err.Message)
			}
			if out.APIAddress == nil || *out.APIAddress != strings.TrimSpace(a) {
				t.Fatalf("update %q stored %v", a, out.APIAddress)
			}
			if _, err := e.createNas(map[string]any{"apiAddress": a}); err != nil {
				t.Fatalf("create %q: %s", a, err.Message)
			}
		}
		for _, a := range bad {
			_, err := e.updateNas(e.admin, n.ID, map[string]any{"apiAddress": a})
			badField(t, err, "apiAddress")
			if len(err.Message) > 200 {
				t.Fatalf("the error repeats the input (%d characters)", len(err.Message))
			}
			_, err = e.createNas(map[string]any{"apiAddress": a})
			badField(t, err, "apiAddress")
		}
		row := e.st.Client.Nas.GetX(context.Background(), atoi(t, n.ID))
		if row.APIAddress == nil || *row.APIAddress != "[2001:db8::1]:8729" {
			t.Fatalf("a refused update changed the address to %v", row.APIAddress)
		}
	})
}

// The plain API is an explicit choice, and a router using it says so (apiPlain).
func TestPlainAPIIsAnExplicitChoice(t *testing.T) {
	eachDBEnv(t, func(t *testing.T, e *env) {
		login := map[string]any{"apiAddress": "192.0.2.7", "apiUser": "linedesk", "apiPassword": "api-pass-1"}
		with := func(extra map[string]any) map[string]any {
			out := map[string]any{}
			for k, v := range login {
				out[k] = v
			}
			for k, v := range extra {
				out[k] = v
			}
			return out
		}
		_, err := e.createNas(login)
		badField(t, err, "apiTLS")
		plain, err := e.createNas(with(map[string]any{"apiTLS": false}))
		if err != nil || !plain.APIPlain || plain.APITLS {
			t.Fatalf("explicit plain API: %+v %v", plain, err)
		}
		tlsNas, err := e.createNas(with(map[string]any{"apiTLS": true}))
		if err != nil || tlsNas.APIPlain || !tlsNas.APITLS {
			t.Fatalf("API-SSL: %+v %v", tlsNas, err)
		}
		// A router without a login gains one: the transport must be chosen.
		bare, err := e.createNas(nil)
		if err != nil || bare.APIPlain {
			t.Fatalf("router without API: %+v %v", bare, err)
		}
		_, err = e.updateNas(e.admin, bare.ID, login)
		badField(t, err, "apiTLS")
		if out, err := e.updateNas(e.admin, bare.ID, with(map[string]any{"apiTLS": false})); err != nil || !out.APIPlain {
			t.Fatalf("explicit plain on update: %+v %v", out, err)
		}
		// Already chosen: a new password needs no new choice; switching to TLS ends the warning.
		if out, err := e.updateNas(e.admin, plain.ID, map[string]any{"apiPassword": "api-pass-2"}); err != nil || !out.APIPlain {
			t.Fatalf("password change: %+v %v", out, err)
		}
		if out, err := e.updateNas(e.admin, plain.ID, map[string]any{"apiTLS": true}); err != nil || out.APIPlain {
			t.Fatalf("switch to TLS: %+v %v", out, err)
		}
	})
}

// Fingerprints are accepted in any common form and stored normalised; CA bundles must be
// certificates; only admins change them, and the audit row carries the pinned value.
func TestNasCertificateSettings(t *testing.T) {
	eachDBEnv(t, func(t *testing.T, e *env) {
		const fp = "5a0c3e7f5a0c3e7f5a0c3e7f5a0c3e7f5a0c3e7f5a0c3e7f5a0c3e7f5a0c3e7f"
		var colons []string
		for i := 0; i < len(fp); i += 2 {
			colons = append(colons, strings.ToUpper(fp[i:i+2]))
		}
		n, err := e.createNas(map[string]any{"apiTLS": true, "apiTlsFingerprint": strings.Join(colons, ":")})
		if err != nil || n.APITLSFingerprint == nil || *n.APITLSFingerprint != fp {
			t.Fatalf("create with a pin: %+v %v", n, err)
		}
		for _, bad := range []string{"", "abc", fp[:63], fp + "0", "g" + fp[1:], strings.Repeat("A", 100_000)} {
			_, err := e.updateNas(e.admin, n.ID, map[string]any{"apiTlsFingerprint": bad})
			badField(t, err, "apiTlsFingerprint")
		}
		ca, cerr := sim.NewCA("test CA")
		if cerr != nil {
			t.Fatal(cerr)
		}
		key := "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBkg\n-----END EC PRIVATE KEY-----\n"
		for _, bad := range []string{"hello", key, ca.PEM + key, strings.Repeat("A", 100_000)} {
			_, err := e.updateNas(e.admin, n.ID, map[string]any{"apiCaCertificate": bad})
			badField(t, err, "apiCaCertificate")
			if strings.Contains(err.Message, "MHcCAQEEIBkg") {
				t.Fatal("the error repeats the key")
			}
		}
		_, err = e.updateNas(e.op, n.ID, map[string]any{"clearApiTlsFingerprint": true})
		if err == nil || err.Extensions["code"] != "FORBIDDEN" {
			t.Fatalf("operator changed the pin: %v", err)
		}
		out, err := e.updateNas(e.admin, n.ID, map[string]any{"clearApiTlsFingerprint": true, "apiCaCertificate": ca.PEM})
		if err != nil || out.APITLSFingerprint != nil || out.APICaCertificate == nil || !strings.Contains(*out.APICaCertificate, "BEGIN CERTIFICATE") {
			t.Fatalf("clear pin, set CA: %+v %v", out, err)
		}
		other := strings.Repeat("ab", 32)
		if out, err = e.updateNas(e.admin, n.ID, map[string]any{"apiTlsFingerprint": other, "clearApiCaCertificate": true}); err != nil ||
			out.APICaCertificate != nil || out.APITLSFingerprint == nil || *out.APITLSFingerprint != other {
			t.Fatalf("set pin, clear CA: %+v %v", out, err)
		}
		logs := e.st.Client.AuditLog.Query().Where(auditlog.Action("updateNas"), auditlog.TargetID(fmt.Sprint(atoi(t, n.ID)))).
			Order(auditlog.ByID()).AllX(context.Background())
		if len(logs) != 2 || !strings.Contains(logs[0].Changes, "(cleared)") || !strings.Contains(logs[1].Changes, other) {
			t.Fatalf("audit rows %+v", logs)
		}
		for _, l := range logs {
			if l.Actor != "admin" {
				t.Fatalf("audit actor %q", l.Actor)
			}
		}
	})
}
