//go:build spa

package frontend

import (
	"embed"
	"io/fs"
)

// portalDist holds the subscriber portal's Vite build. Building with the spa tag needs
// frontend/portal/dist (npm run build, which builds the portal after the dashboard).
//
//go:embed all:portal/dist
var portalDist embed.FS

func portalFS() (fs.FS, bool) {
	sub, err := fs.Sub(portalDist, "portal/dist")
	if err != nil {
		return nil, false
	}
	if _, err := fs.Stat(sub, "index.html"); err != nil {
		return nil, false
	}
	return sub, true
}
