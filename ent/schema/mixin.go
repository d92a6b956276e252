// Package schema holds linedesk's data model: the ent schema from which ent/ and the
// GraphQL types are generated.
package schema

import (
	"time"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"entgo.io/ent/schema/mixin"
)

// nowUTC is the default for every timestamp: times are stored in UTC on both databases.
func nowUTC() time.Time { return time.Now().UTC() }

// TimeMixin adds created_at and updated_at.
type TimeMixin struct{ mixin.Schema }

// Fields of the TimeMixin.
func (TimeMixin) Fields() []ent.Field {
	return []ent.Field{
		field.Time("created_at").Default(nowUTC).Immutable().
			Annotations(entgql.OrderField("CREATED_AT")),
		field.Time("updated_at").Default(nowUTC).UpdateDefault(nowUTC).
			Annotations(entgql.OrderField("UPDATED_AT")),
	}
}

// UsageMixin is a customer's traffic per period (a day, a month): the period's column, its
// length and its format; one row per customer and period.
type UsageMixin struct {
	mixin.Schema
	Period, Format string
	Len            int
}

// Fields of the UsageMixin.
func (m UsageMixin) Fields() []ent.Field {
	return []ent.Field{
		field.Int("customer_id"),
		field.String(m.Period).MaxLen(m.Len).Comment(m.Format + " in UTC"),
		field.Int64("bytes_in").Default(0),
		field.Int64("bytes_out").Default(0),
	}
}

// Indexes of the UsageMixin.
func (m UsageMixin) Indexes() []ent.Index {
	return []ent.Index{index.Fields("customer_id", m.Period).Unique()}
}

// Annotations of the UsageMixin: the usage tables are read through customer fields only.
func (UsageMixin) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}

// LoginMixin is a staff login attempt as the login throttle counts it: the username tried
// (it may not exist), the source address and the time.
type LoginMixin struct{ mixin.Schema }

// Fields of the LoginMixin.
func (LoginMixin) Fields() []ent.Field {
	return []ent.Field{
		field.String("username").MaxLen(64),
		field.String("address").MaxLen(64),
		field.Time("created_at").Default(nowUTC).Immutable(),
	}
}

// Annotations of the LoginMixin: the throttle's tables are not in the API.
func (LoginMixin) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}
