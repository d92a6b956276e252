package cli

import (
	"context"
)

// runBenchRadius is wired to radius/bench once it lands.
func runBenchRadius(ctx context.Context, e *env, args []string) error { return errNotBuilt }
