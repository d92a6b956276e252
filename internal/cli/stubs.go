package cli

import (
	"context"
	"errors"
)

var errNotBuilt = errors.New("not available in this build yet")

func runImport(ctx context.Context, e *env, args []string) error { return errNotBuilt }
func runExport(ctx context.Context, e *env, args []string) error { return errNotBuilt }
func runDemo(ctx context.Context, e *env, args []string) error   { return errNotBuilt }
