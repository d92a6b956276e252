// Package deps pins modules that parts of linedesk under construction will import.
// It is removed once every module is imported by real code.
package deps

import (
	_ "entgo.io/contrib/entgql"
	_ "github.com/alexedwards/argon2id"
	_ "github.com/coder/websocket"
	_ "github.com/go-routeros/routeros/v3"
	_ "github.com/hashicorp/golang-lru/v2"
	_ "github.com/lib/pq"
	_ "github.com/nyaruka/phonenumbers"
	_ "github.com/prometheus/client_golang/prometheus"
	_ "github.com/rs/cors"
	_ "github.com/schollz/progressbar/v3"
	_ "github.com/vektah/gqlparser/v2"
	_ "golang.org/x/crypto/argon2"
	_ "golang.org/x/sync/errgroup"
	_ "layeh.com/radius"
	_ "layeh.com/radius/rfc2759"
	_ "modernc.org/sqlite"
)
