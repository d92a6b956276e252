//go:build !spa

package frontend

import "io/fs"

// portalFS reports that the subscriber portal's pages are not embedded: this binary was built
// without the spa tag.
func portalFS() (fs.FS, bool) { return nil, false }
