package cli

import "testing"

func TestParseTraffic(t *testing.T) {
	for _, tc := range []struct {
		spec     string
		up, down uint64
		bad      bool
	}{
		{spec: ""},
		{spec: "200k/2M", up: 200_000, down: 2_000_000},
		{spec: "10/20", up: 10, down: 20},
		{spec: "1G/0", up: 1_000_000_000},
		{spec: "2M", bad: true},
		{spec: "x/1M", bad: true},
		{spec: "1M/-5", bad: true},
		{spec: "1T/1M", bad: true},
		{spec: "2000000/1", bad: true},
	} {
		up, down, err := parseTraffic(tc.spec)
		if tc.bad {
			if err == nil {
				t.Errorf("parseTraffic(%q) accepted", tc.spec)
			}
			continue
		}
		if err != nil || up != tc.up || down != tc.down {
			t.Errorf("parseTraffic(%q) = %d, %d, %v; want %d, %d", tc.spec, up, down, err, tc.up, tc.down)
		}
	}
}
