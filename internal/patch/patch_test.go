package patch

import (
	"slices"
	"testing"
)

type builder struct{ calls []string }

func (b *builder) SetName(v string) *builder { b.calls = append(b.calls, "set "+v); return b }
func (b *builder) ClearName() *builder       { b.calls = append(b.calls, "clear"); return b }

func TestSetOrClear(t *testing.T) {
	v := "x"
	cases := []struct {
		name  string
		value *string
		clear bool
		want  []string
	}{
		{"nothing given leaves the field", nil, false, nil},
		{"a value sets it", &v, false, []string{"set x"}},
		{"clear empties it", nil, true, []string{"clear"}},
		{"clear wins over a value", &v, true, []string{"clear"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b := &builder{}
			SetOrClear(c.value, c.clear, b.SetName, b.ClearName)
			if !slices.Equal(b.calls, c.want) {
				t.Fatalf("calls %v, want %v", b.calls, c.want)
			}
		})
	}
}

type mutation struct{ set, cleared []string }

func (m mutation) Fields() []string        { return m.set }
func (m mutation) ClearedFields() []string { return m.cleared }

func TestChanged(t *testing.T) {
	got := Changed(mutation{set: []string{"name"}, cleared: []string{"pool"}})
	if !slices.Equal(got, []string{"name", "pool"}) {
		t.Fatalf("%v", got)
	}
}
