package cli

import "errors"

var errNotBuilt = errors.New("not available in this build yet")
