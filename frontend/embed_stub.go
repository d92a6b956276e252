//go:build !spa

package frontend

import "io/fs"

// distFS reports that no dashboard is embedded: this binary was built without the spa tag.
func distFS() (fs.FS, bool) { return nil, false }
