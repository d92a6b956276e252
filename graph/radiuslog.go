package graph

import (
	"errors"

	"github.com/linedesk/linedesk/internal/radiuslog"
)

// radiusLogErr maps the RADIUS log service's range errors to the input error of their field.
func radiusLogErr(err error) error {
	var re *radiuslog.RangeError
	if errors.As(err, &re) {
		return badInput(re.Field, re.Msg)
	}
	return err
}
