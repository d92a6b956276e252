//go:build spa

package frontend

import (
	"embed"
	"io/fs"
)

// dist holds the Vite build. Building with the spa tag needs frontend/dist (npm run build).
//
//go:embed all:dist
var dist embed.FS

func distFS() (fs.FS, bool) {
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		return nil, false
	}
	if _, err := fs.Stat(sub, "index.html"); err != nil {
		return nil, false
	}
	return sub, true
}
