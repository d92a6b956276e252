package kit

import (
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/linedesk/linedesk/internal/testutil"
)

// Known holds every secret the tests of this process used; Watched servers' logs and
// every recorded response are scanned for them when the tests end (see Main).
var Known Secrets

var (
	watchMu   sync.Mutex
	watched   []*watchedText
	responses []string
)

type watchedText struct {
	name string
	s    *testutil.Server
}

// Watch registers a server whose logs are scanned for secrets at the end.
func Watch(name string, s *testutil.Server) *testutil.Server {
	watchMu.Lock()
	defer watchMu.Unlock()
	watched = append(watched, &watchedText{name: name, s: s})
	return s
}

// Record keeps a response body (or error message) to scan for secrets at the end.
func Record(text string) {
	watchMu.Lock()
	defer watchMu.Unlock()
	if len(text) > 1<<20 {
		text = text[:1<<20]
	}
	responses = append(responses, text)
}

// ScanForSecrets returns one line per log or response that contains a known secret.
func ScanForSecrets() (scanned int, bytes int, leaks []string) {
	watchMu.Lock()
	defer watchMu.Unlock()
	for _, w := range watched {
		logs := w.s.Logs()
		scanned++
		bytes += len(logs)
		for _, f := range Known.Find(logs) {
			leaks = append(leaks, fmt.Sprintf("logs of %s contain %s", w.name, f))
		}
	}
	for i, r := range responses {
		scanned++
		bytes += len(r)
		for _, f := range Known.Find(r) {
			leaks = append(leaks, fmt.Sprintf("recorded response #%d contains %s", i, f))
		}
	}
	return scanned, bytes, leaks
}

// Main runs the tests and then scans every watched log and recorded response for the
// known secrets; a leak fails the run. Use it as TestMain.
func Main(m *testing.M) {
	code := m.Run()
	scanned, n, leaks := ScanForSecrets()
	fmt.Printf("secrets: %d known secrets searched in %d logs and responses (%d bytes): %d found\n", Known.Len(), scanned, n, len(leaks))
	if len(leaks) > 0 {
		fmt.Println("FAIL: secrets leaked:\n  " + strings.Join(leaks, "\n  "))
		if code == 0 {
			code = 1
		}
	}
	os.Exit(code)
}
