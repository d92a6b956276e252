package cli

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"golang.org/x/term"

	"github.com/linedesk/linedesk/ent/staff"
	"github.com/linedesk/linedesk/internal/auth"
	"github.com/linedesk/linedesk/internal/events"
	"github.com/linedesk/linedesk/internal/store"
)

func runServe(ctx context.Context, e *env, args []string) error {
	if _, err := e.parse("serve", args, nil); err != nil {
		return err
	}
	if err := e.cfg.validate(true); err != nil {
		return err
	}
	// Bind HTTP first so "port in use" is reported before anything is written.
	httpLn, err := net.Listen("tcp", e.cfg.HTTP)
	if err != nil {
		return fmt.Errorf("cannot listen on --http %s: %w", e.cfg.HTTP, err)
	}
	defer httpLn.Close()

	st, box, err := e.openAll(ctx)
	if err != nil {
		return err
	}
	defer st.Close()

	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	reg.MustRegister(auth.Collectors()...)
	bus := events.NewBus()

	app, err := startApp(ctx, e, st, box, bus, reg)
	if err != nil {
		return err
	}

	if err := ensureFirstAdmin(ctx, e, st); err != nil {
		app.shutdown(context.Background())
		return err
	}

	if addr := os.Getenv("LINEDESK_PPROF"); addr != "" {
		if err := servePprof(ctx, e, addr); err != nil {
			app.shutdown(context.Background())
			return err
		}
	}

	mux := http.NewServeMux()
	mux.Handle("GET /healthz", healthz(st))
	mux.Handle("GET /metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{Registry: reg}))
	app.mount(mux)

	srv := &http.Server{Handler: app.front(mux, httpLn.Addr().String()), ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 120 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(httpLn) }()

	url := "http://" + httpLn.Addr().String()
	if host, port, _ := net.SplitHostPort(httpLn.Addr().String()); host == "::" || host == "0.0.0.0" {
		url = "http://localhost:" + port
	}
	fmt.Fprintf(e.stdout, "linedesk is serving the dashboard at %s/ (GraphQL at %s/graphql)\n", url, url)
	e.logger.Info("serving", "http", httpLn.Addr().String(), "db", store.Redact(e.cfg.DB), "radius_auth", app.authAddr(), "radius_acct", app.acctAddr())

	select {
	case <-ctx.Done():
		e.logger.Info("shutting down: draining requests and accounting")
	case err := <-errc:
		if err != nil && !errors.Is(err, http.ErrServerClosed) {
			app.shutdown(context.Background())
			return fmt.Errorf("http server: %w", err)
		}
	}
	shutCtx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	_ = srv.Shutdown(shutCtx)
	app.shutdown(shutCtx)
	e.logger.Info("stopped")
	return nil
}

// healthz answers "ok" while the database answers a ping within two seconds, 503 otherwise.
func healthz(st *store.Store) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		pingCtx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if err := st.DB.PingContext(pingCtx); err != nil {
			http.Error(w, "database unavailable", http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(w, "ok")
	})
}

// AdminPasswordFile is the file in the data directory that receives the first admin's
// generated password when stdout is not a terminal.
const AdminPasswordFile = "admin-password"

// ensureFirstAdmin creates the user admin on a first start with no staff. The password is
// LINEDESK_ADMIN_PASSWORD, or a random one that is printed once when stdout is a terminal and
// otherwise (a service whose stdout is a captured log) written to <data-dir>/admin-password,
// mode 0600, the password alone; the log then names only that file. It is never logged.
func ensureFirstAdmin(ctx context.Context, e *env, st *store.Store) error {
	n, err := st.Client.Staff.Query().Count(ctx)
	if err != nil {
		return fmt.Errorf("checking staff accounts: %w", err)
	}
	if n > 0 {
		return nil
	}
	password, given := os.LookupEnv("LINEDESK_ADMIN_PASSWORD")
	generated := !given || password == ""
	if generated {
		password = randomPassword(16)
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		return fmt.Errorf("LINEDESK_ADMIN_PASSWORD: %w", err)
	}
	// Written before the account exists, so a password that could not be kept never becomes
	// the only way in; published under its name once the account is created.
	var pending string
	if generated && !isTerminal(e.stdout) {
		if pending, err = writePending(e.cfg.DataDir, password); err != nil {
			return err
		}
		defer os.Remove(pending) // gone once renamed; removed on any failure
	}
	err = st.Client.Staff.Create().SetUsername("admin").SetPasswordHash(hash).SetRole(staff.RoleADMIN).Exec(ctx)
	if store.AsConflict(err) != nil {
		return nil // another instance created it first
	}
	if err != nil {
		return fmt.Errorf("creating the first admin: %w", err)
	}
	switch {
	case !generated:
		fmt.Fprintln(e.stdout, "First start: created staff user \"admin\" with the password from LINEDESK_ADMIN_PASSWORD")
	case pending != "":
		file := filepath.Join(e.cfg.DataDir, AdminPasswordFile)
		if err := os.Rename(pending, file); err != nil {
			return fmt.Errorf("first admin created, but its password file cannot be put in place: %w", err)
		}
		e.logger.Warn("first start: created staff user admin with a generated password; it is in this file only (mode 0600): read it, log in, change the password and delete the file", "file", file)
	default:
		fmt.Fprintf(e.stdout, "\nFirst start: created staff user \"admin\" with password: %s\n(shown only now; change it after logging in)\n\n", password)
	}
	return nil
}

// isTerminal reports whether w is a terminal (not a pipe, file or /dev/null).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// writePending writes password alone to a new file of mode 0600 in dir (created 0700 if
// missing) and returns its name. O_EXCL: never through a planted file or symbolic link.
func writePending(dir, password string) (string, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("creating the data directory for the first admin's password: %w", err)
	}
	name := filepath.Join(dir, fmt.Sprintf(".%s.%s", AdminPasswordFile, randomPassword(8)))
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return "", fmt.Errorf("writing the first admin's password file: %w", err)
	}
	_, werr := f.WriteString(password)
	if err := errors.Join(werr, f.Sync(), f.Close()); err != nil {
		os.Remove(name)
		return "", fmt.Errorf("writing the first admin's password file: %w", err)
	}
	return name, nil
}

const passwordAlphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"

// randomPassword returns n characters from an unambiguous alphabet.
func randomPassword(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = passwordAlphabet[int(b[i])%len(passwordAlphabet)]
	}
	return string(b)
}
