package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// TotpRecoveryCode is one of the ten one-time codes a staff member receives when TOTP is
// confirmed; only the SHA-256 of the code is stored, and used_at marks it spent.
type TotpRecoveryCode struct{ ent.Schema }

// Fields of the TotpRecoveryCode.
func (TotpRecoveryCode) Fields() []ent.Field {
	return []ent.Field{
		field.Int("staff_id"),
		field.String("code_hash").Sensitive(),
		field.Time("used_at").Optional().Nillable(),
		field.Time("created_at").Default(nowUTC).Immutable(),
	}
}

// Indexes of the TotpRecoveryCode.
func (TotpRecoveryCode) Indexes() []ent.Index {
	return []ent.Index{index.Fields("staff_id", "code_hash").Unique()}
}

// Annotations of the TotpRecoveryCode.
func (TotpRecoveryCode) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}
