package cli

import (
	"context"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/schollz/progressbar/v3"

	"github.com/linedesk/linedesk/internal/customers"
)

// runImport: linedesk import customers FILE.csv [--dry-run] [--passwords-out FILE]
func runImport(ctx context.Context, e *env, args []string) error {
	var dryRun, quiet bool
	var passwordsOut string
	fs, err := e.parseSubcommand("import", "customers", "linedesk import customers FILE.csv [--dry-run] [--passwords-out FILE]", args, func(fs *flag.FlagSet) {
		fs.BoolVar(&dryRun, "dry-run", false, "validate every row and report, writing nothing")
		fs.StringVar(&passwordsOut, "passwords-out", "", "write generated passwords of new customers to this CSV file (mode 0600)")
		fs.BoolVar(&quiet, "quiet", false, "no progress bar")
	})
	if err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New("give exactly one CSV file (flags go before it)")
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		return fmt.Errorf("opening %s: %w", fs.Arg(0), err)
	}
	defer f.Close()
	st, box, err := e.openAll(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	var bar *progressbar.ProgressBar
	opts := customers.ImportOptions{DryRun: dryRun}
	if !quiet {
		opts.Progress = func(phase string, done, total int) {
			if bar == nil || bar.GetMax() != total {
				bar = progressbar.NewOptions(total, progressbar.OptionSetWriter(e.stderr), progressbar.OptionSetDescription(phase),
					progressbar.OptionShowCount(), progressbar.OptionClearOnFinish())
			}
			_ = bar.Set(done)
		}
	}
	res, err := customers.Import(ctx, st, box, f, opts)
	if bar != nil {
		_ = bar.Finish()
	}
	if err != nil {
		return err
	}
	for _, w := range res.Warnings {
		fmt.Fprintf(e.stdout, "row %d: warning: %s\n", w.Row, w.Message)
	}
	for _, re := range res.Errors {
		col := ""
		if re.Column != "" {
			col = " (" + re.Column + ")"
		}
		fmt.Fprintf(e.stdout, "row %d%s: %s\n", re.Row, col, re.Message)
	}
	if len(res.Errors) > 0 {
		if len(res.Errors) == 1 {
			return errors.New("the file has 1 error; nothing was imported")
		}
		return fmt.Errorf("the file has %d errors; nothing was imported", len(res.Errors))
	}
	verb := "imported"
	if dryRun {
		verb = "dry run, nothing written:"
	}
	fmt.Fprintf(e.stdout, "%s %d rows: %d new, %d updated, %d unchanged\n", verb, res.Rows, res.Created, res.Updated, res.Unchanged)
	if len(res.Generated) > 0 && !dryRun {
		if passwordsOut == "" {
			fmt.Fprintf(e.stdout, "%d new customers got generated passwords; they were not shown (use --passwords-out FILE)\n", len(res.Generated))
			return nil
		}
		if err := writePasswords(passwordsOut, res.Generated); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "generated passwords of %d new customers written to %s\n", len(res.Generated), passwordsOut)
	}
	return nil
}

func writePasswords(path string, gen []customers.GeneratedPassword) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return fmt.Errorf("writing passwords: %w", err)
	}
	w := csv.NewWriter(f)
	_ = w.Write([]string{"row", "username", "password"})
	for _, g := range gen {
		_ = w.Write([]string{fmt.Sprint(g.Row), g.Username, g.Password})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		f.Close()
		return fmt.Errorf("writing passwords: %w", err)
	}
	return f.Close()
}

// runExport: linedesk export customers [--out FILE]
func runExport(ctx context.Context, e *env, args []string) error {
	var out string
	if _, err := e.parseSubcommand("export", "customers", "linedesk export customers [--out FILE]", args, func(fs *flag.FlagSet) {
		fs.StringVar(&out, "out", "", "file to write (default: standard output)")
	}); err != nil {
		return err
	}
	st, _, err := e.openAll(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	var w io.Writer = e.stdout
	if out != "" {
		f, err := os.Create(out)
		if err != nil {
			return fmt.Errorf("creating %s: %w", out, err)
		}
		defer f.Close()
		w = f
	}
	n, err := customers.Export(ctx, st.Client, w, customers.ExportOptions{})
	if err != nil {
		return err
	}
	if out != "" {
		fmt.Fprintf(e.stdout, "exported %d customers to %s\n", n, out)
	}
	return nil
}
