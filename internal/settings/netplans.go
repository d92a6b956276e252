package settings

import (
	"fmt"
	"strconv"
	"strings"
)

// Keys of the network engineer's plan settings: time windows, cap alerts and top-ups.
const (
	CoASpreadSeconds = "coa_spread_seconds" // a window edge's CoAs are spread over this many seconds
	CapAlertPercents = "cap_alert_percents" // the shares of the period's data at which customers are told
	TopupPricePerGB  = "topup_price_per_gb" // minor units per GB of top-up data; 0 turns portal top-ups off
)

func init() {
	Definitions = append(Definitions,
		Definition{CoASpreadSeconds, "300", "a time window's rate change is sent to the online sessions spread over this many seconds, so routers see no burst", false, intRange(1, 3600)},
		Definition{CapAlertPercents, "80,100", "customers get an SMS/e-mail once per period when their data use reaches each of these percentages of the plan's data; empty for none", false, percentList},
		Definition{TopupPricePerGB, "0", "price of 1 GB of top-up data, in minor units of the currency; 0 turns top-ups in the portal off", false, intRange(0, 1_000_000_000)},
	)
	groups[CoASpreadSeconds] = GroupRADIUS
	groups[CapAlertPercents] = GroupReminders
	groups[TopupPricePerGB] = GroupPortal
}

func percentList(s string) error {
	_, err := ParsePercents(s)
	return err
}

// ParsePercents reads a comma-separated list of percentages from 1 to 100, smallest first.
func ParsePercents(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		n, err := strconv.Atoi(f)
		if err != nil || n < 1 || n > 100 {
			return nil, fmt.Errorf("must be a comma-separated list of percentages from 1 to 100, e.g. 80,100")
		}
		out = append(out, n)
	}
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j] < out[j-1]; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out, nil
}
