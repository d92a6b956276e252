package portal

import (
	"log/slog"

	svc "github.com/linedesk/linedesk/internal/portal"
)

// Resolver answers the portal schema with one call into the portal service per field.
type Resolver struct {
	svc *svc.Service
	log *slog.Logger
}
