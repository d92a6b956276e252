package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Notification is one outbox entry: a reminder to a customer through one channel.
type Notification struct{ ent.Schema }

// Fields of the Notification.
func (Notification) Fields() []ent.Field {
	return []ent.Field{
		field.Int("customer_id").Optional().Nillable(),
		field.Enum("channel").Values("SMS", "EMAIL", "WEBHOOK").Annotations(entgql.Type("NotificationChannel")),
		field.String("kind").MaxLen(64),
		field.String("dedupe_key").MaxLen(200).Unique().Annotations(entgql.Skip()),
		field.String("recipient").MaxLen(500),
		field.String("subject").MaxLen(200).Default(""),
		field.Text("body"),
		field.Enum("status").Values("PENDING", "SENT", "FAILED").Default("PENDING").
			Annotations(entgql.Type("NotificationStatus")),
		field.Int("attempts").Default(0),
		field.String("last_error").MaxLen(500).Default(""),
		field.Time("next_attempt_at").Default(nowUTC),
		field.Time("sent_at").Optional().Nillable(),
		field.Time("created_at").Default(nowUTC).Immutable().Annotations(entgql.OrderField("CREATED_AT")),
	}
}

// Edges of the Notification.
func (Notification) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("customer", Customer.Type).Ref("notifications").Field("customer_id").Unique(),
	}
}

// Indexes of the Notification.
func (Notification) Indexes() []ent.Index {
	return []ent.Index{index.Fields("status", "next_attempt_at"), index.Fields("created_at")}
}

// Annotations of the Notification.
func (Notification) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.QueryField("notifications"), entgql.RelayConnection()}
}
