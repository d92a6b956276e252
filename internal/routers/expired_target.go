package routers

import (
	"context"
	"net"

	"github.com/linedesk/linedesk/ent"
)

// ExpiredTarget is where router n's expired customers' web traffic goes (host and port, host
// "" when it is not an address the router can use as is) and the expired page's script lines,
// for the router configuration.
func (s *Service) ExpiredTarget(ctx context.Context, n *ent.Nas, publicURL string) (host, port, script string, err error) {
	script, err = s.ExpiredRedirectScript(ctx, n)
	if err != nil {
		return "", "", "", err
	}
	t := ExpiredRedirect{PublicURL: publicURL, ListenAddr: s.listen}.target()
	if ip := net.ParseIP(t.host); ip == nil || ip.IsLoopback() || ip.IsUnspecified() {
		return "", t.port, script, nil
	}
	return t.host, t.port, script, nil
}
