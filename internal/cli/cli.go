package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"runtime/debug"
	"strings"
)

// Version is set at build time with -ldflags "-X github.com/linedesk/linedesk/internal/cli.Version=…".
var Version = "dev"

// errUsage marks a usage error already explained to the user.
var errUsage = errors.New("usage")

type command struct {
	name, summary string
	run           func(ctx context.Context, env *env, args []string) error
}

// env is what a subcommand gets: output streams and the parsed common config.
type env struct {
	stdout, stderr io.Writer
	cfg            Config
	logger         *slog.Logger
}

func commands() []command {
	return []command{
		{"serve", "run the dashboard, GraphQL API, RADIUS server and schedulers", runServe},
		{"migrate", "create or upgrade the database schema (never drops data)", runMigrate},
		{"admin", "manage staff accounts: admin create --username U --password P --role admin|operator|viewer", runAdmin},
		{"import", "import customers FILE.csv [--dry-run] [--passwords-out FILE]", runImport},
		{"export", "export customers [--out FILE]: write customers as CSV (never passwords)", runExport},
		{"demo", "load demo data; --simulate N runs a simulated router with N live subscribers", runDemo},
		{"sim", "simulated MikroTik: sim dial --user U --password P; simulated M-Pesa and Paystack: sim gateways", runSim},
		{"bench", "bench radius --addr --secret --mode pap|chap|mschapv2|acct --users N --requests N --concurrency N", runBench},
		{"backup", "backup --out FILE [--with-key --passphrase-file F]: consistent copy of the database while serving", runBackup},
		{"restore", "restore FILE [--passphrase-file F]: load a backup into the empty database named by --db", runRestore},
		{"version", "print the version", runVersion},
	}
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "linedesk — PPPoE subscriber management and RADIUS for MikroTik")
	fmt.Fprintln(w, "\nUsage: linedesk <command> [flags]\n\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nEvery command accepts --db, --http, --radius-auth, --radius-acct, --data-dir, --secret-key,")
	fmt.Fprintln(w, "--cors-origins and --log-level (or LINEDESK_* variables). `linedesk <command> --help` shows them.")
}

// Main runs the command line and returns the process exit code.
func Main(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(stdout)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range commands() {
		if c.name != args[0] {
			continue
		}
		e := &env{stdout: stdout, stderr: stderr}
		if err := c.run(ctx, e, args[1:]); err != nil {
			if errors.Is(err, errUsage) || errors.Is(err, flag.ErrHelp) {
				return 2
			}
			fmt.Fprintf(stderr, "linedesk %s: %v\n", c.name, err)
			return 1
		}
		return 0
	}
	fmt.Fprintf(stderr, "linedesk: unknown command %q\n\n", args[0])
	usage(stderr)
	return 2
}

// parse parses the common flags plus the subcommand's own into e.cfg and sets up logging.
func (e *env) parse(name string, args []string, extra func(fs *flag.FlagSet)) (*flag.FlagSet, error) {
	fs := flag.NewFlagSet("linedesk "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	e.cfg.register(fs)
	if extra != nil {
		extra(fs)
	}
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	var level slog.Level
	switch e.cfg.LogLevel {
	case "debug":
		level = slog.LevelDebug
	case "warn":
		level = slog.LevelWarn
	case "error":
		level = slog.LevelError
	}
	e.logger = slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: level}))
	return fs, nil
}

// parseSubcommand parses `linedesk <name> <sub> [flags]`: unless args start with sub it
// prints usage and returns errUsage; otherwise it parses the flags after sub as parse does.
func (e *env) parseSubcommand(name, sub, usage string, args []string, extra func(fs *flag.FlagSet)) (*flag.FlagSet, error) {
	if len(args) == 0 || args[0] != sub {
		fmt.Fprintln(e.stderr, "usage: "+usage)
		return nil, errUsage
	}
	return e.parse(name+" "+sub, args[1:], extra)
}

func runVersion(_ context.Context, e *env, args []string) error {
	if _, err := e.parse("version", args, nil); err != nil {
		return err
	}
	v := Version
	if bi, ok := debug.ReadBuildInfo(); ok && v == "dev" {
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" {
				v += "+" + s.Value[:min(12, len(s.Value))]
			}
		}
		v += " (" + strings.TrimPrefix(bi.GoVersion, "go") + ")"
	}
	fmt.Fprintln(e.stdout, "linedesk", v)
	return nil
}
