package deploy

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/goccy/go-yaml"

	"github.com/linedesk/linedesk/internal/testutil"
	"github.com/linedesk/linedesk/test/fault/kit"
)

var metricName = regexp.MustCompile(`\blinedesk_[a-z0-9_]+\b`)

// dashboardExprs returns every query of the Grafana dashboard.
func dashboardExprs(t *testing.T) []string {
	t.Helper()
	b, err := os.ReadFile("grafana/linedesk.json")
	if err != nil {
		t.Fatal(err)
	}
	var d struct {
		Title  string
		Panels []struct {
			Title   string
			Targets []struct{ Expr string }
		}
	}
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatalf("grafana/linedesk.json: %v", err)
	}
	var out []string
	for _, p := range d.Panels {
		if len(p.Targets) == 0 {
			t.Errorf("panel %q has no query", p.Title)
		}
		for _, tg := range p.Targets {
			out = append(out, tg.Expr)
		}
	}
	return out
}

// alertExprs returns every rule's expression, checking each rule is named and summarised.
func alertExprs(t *testing.T) []string {
	t.Helper()
	b, err := os.ReadFile("prometheus/alerts.yml")
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Groups []struct {
			Name  string
			Rules []struct {
				Alert       string
				Expr        string
				Annotations map[string]string
			}
		}
	}
	if err := yaml.Unmarshal(b, &f); err != nil {
		t.Fatalf("prometheus/alerts.yml: %v", err)
	}
	var out []string
	for _, g := range f.Groups {
		for _, r := range g.Rules {
			if r.Alert == "" || r.Expr == "" || r.Annotations["summary"] == "" {
				t.Errorf("rule %+v needs alert, expr and a summary", r)
			}
			out = append(out, r.Expr)
		}
	}
	return out
}

// TestDashboardsUseExistingMetrics starts linedesk, lets a router authenticate and send
// accounting, and checks that every linedesk_* metric named in the Grafana dashboard and the
// alert rules is on /metrics.
func TestDashboardsUseExistingMetrics(t *testing.T) {
	exprs := append(dashboardExprs(t), alertExprs(t)...)
	if len(exprs) < 20 {
		t.Fatalf("only %d queries found in the dashboard and the rules", len(exprs))
	}
	srv := testutil.StartServer(t, testutil.SQLiteDSN(t))
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	fx, err := kit.Setup(ctx, srv, "127.0.0.1", "deploy-nas-secret", "dp", 1)
	if err != nil {
		t.Fatalf("setup: %v", err)
	}
	acct := &kit.AcctLoad{Addr: srv.Acct, Secret: []byte("deploy-nas-secret"), Users: fx.Usernames, Prefix: "dp-" + kit.RandomPrefix(), Interims: 1}
	if err := acct.Run(ctx); err != nil {
		t.Fatal(err)
	}
	used := map[string][]string{}
	for _, e := range exprs {
		for _, m := range metricName.FindAllString(e, -1) {
			used[m] = append(used[m], e)
		}
	}
	var names []string
	for m := range used {
		names = append(names, m)
	}
	sort.Strings(names)
	// Some figures come from the database (a router's last request is flushed to it every
	// few seconds): scrape until every name is there, or for at most 30 s.
	have := scrape(t, "http://"+srv.HTTP+"/metrics")
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline) && !all(have, names); {
		time.Sleep(500 * time.Millisecond)
		have = scrape(t, "http://"+srv.HTTP+"/metrics")
	}
	for _, m := range names {
		if !have[m] {
			t.Errorf("metric %s (in %q) is not on /metrics", m, used[m][0])
		}
	}
	t.Logf("%d queries name %d metrics, all on /metrics", len(exprs), len(names))
}

// scrape returns the names of the samples /metrics shows.
func scrape(t *testing.T, url string) map[string]bool {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	have := map[string]bool{}
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, _, _ := strings.Cut(line, "{")
		name, _, _ = strings.Cut(name, " ")
		have[name] = true
	}
	return have
}

// all reports whether have holds every name.
func all(have map[string]bool, names []string) bool {
	for _, n := range names {
		if !have[n] {
			return false
		}
	}
	return true
}
