package graph

import (
	"context"
	"errors"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/internal/routerconfig"
	"github.com/linedesk/linedesk/nas/routeros"
)

// noRouterAPI answers when the server runs without a router module.
type noRouterAPI struct{}

func (noRouterAPI) APIClient(context.Context, *ent.Nas) (*routeros.Client, error) {
	return nil, errors.New("the RouterOS API is not available in this server")
}

func routerAPI(a routerconfig.API) routerconfig.API {
	if a == nil {
		return noRouterAPI{}
	}
	return a
}
