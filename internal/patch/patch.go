// Package patch applies the optional fields of an update input to an ent update builder, so
// an update is a short table of fields instead of a chain of ifs: a nil value leaves a field
// as it is, a clear flag empties it (and wins over a value given with it).
package patch

// Set calls set with *v when v is not nil. set is an ent setter such as
// (*ent.ProfileUpdateOne).SetName bound to a builder; its result is ignored.
func Set[T, B any](v *T, set func(T) B) {
	if v != nil {
		set(*v)
	}
}

// SetOrClear clears the field when clear is true, else sets it to *v when v is not nil.
func SetOrClear[T, B any](v *T, clear bool, set func(T) B, clr func() B) {
	if clear {
		clr()
		return
	}
	Set(v, set)
}

// Mutation is the part of an ent mutation that says what it changes.
type Mutation interface {
	Fields() []string
	ClearedFields() []string
}

// Changed lists the fields m sets or clears (for the audit row).
func Changed(m Mutation) []string {
	return append(m.Fields(), m.ClearedFields()...)
}
