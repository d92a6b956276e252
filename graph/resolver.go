package graph

import (
	"github.com/linedesk/linedesk/internal/topups"
	"github.com/linedesk/linedesk/internal/windows"
	"sync"
	"time"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/internal/auditlog"
	"github.com/linedesk/linedesk/internal/billing"
	"github.com/linedesk/linedesk/internal/bulk"
	"github.com/linedesk/linedesk/internal/customers"
	"github.com/linedesk/linedesk/internal/documents"
	"github.com/linedesk/linedesk/internal/notes"
	"github.com/linedesk/linedesk/internal/payments"
	"github.com/linedesk/linedesk/internal/pools"
	"github.com/linedesk/linedesk/internal/profiles"
	"github.com/linedesk/linedesk/internal/radiuslog"
	"github.com/linedesk/linedesk/internal/reports"
	"github.com/linedesk/linedesk/internal/routerconfig"
	"github.com/linedesk/linedesk/internal/routers"
	"github.com/linedesk/linedesk/internal/settings"
	"github.com/linedesk/linedesk/internal/staff"
	"github.com/linedesk/linedesk/internal/vouchers"
)

// Resolver is the root resolver; the rules live in the services it calls.
type Resolver struct {
	deps      Deps
	client    *ent.Client
	customers *customers.Service
	documents *documents.Service
	billing   *billing.Service
	payments  *payments.Service
	profiles  *profiles.Service
	routers   *routers.Service
	// routerConfig makes, applies and checks routers' configuration (network.resolvers.go).
	routerConfig *routerconfig.Service
	staff        *staff.Service
	settings     *settings.Service
	reports      *reports.Service
	vouchers     *vouchers.Service
	auditlog     *auditlog.Service
	notes        *notes.Service
	bulk         *bulk.Service
	windows      *windows.Service
	topups       *topups.Service
	pools        *pools.Service // address pools and static addresses (pools.resolvers.go)
	radiuslog    *radiuslog.Service
	now          func() time.Time

	sockets sockets // open WebSockets and their authorisation
	// pushed holds whether each customer a subscription built from an event is online, from
	// when it is handed to GraphQL until GraphQL has written it (see pushed.go).
	pushed sync.Map
}
