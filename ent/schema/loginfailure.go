package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// LoginFailure is one failed staff login: the username tried (it may not exist), the source
// address and the time. The login throttle counts them within its window (per username and
// address, per address, per username for the back-off) and prunes older ones.
type LoginFailure struct{ ent.Schema }

// Mixin of the LoginFailure: username, address, created_at.
func (LoginFailure) Mixin() []ent.Mixin { return []ent.Mixin{LoginMixin{}} }

// Fields of the LoginFailure.
func (LoginFailure) Fields() []ent.Field {
	return []ent.Field{
		field.Bool("cleared").Default(false).
			Comment("a later successful login from the same address; no longer counted per username and address"),
	}
}

// Indexes of the LoginFailure.
func (LoginFailure) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("username", "address", "created_at"),
		index.Fields("username", "created_at"),
		index.Fields("address", "created_at"),
		index.Fields("created_at"),
	}
}
