package settings

// StaffMoneyLimit is the largest refund or balance adjustment (minor units, the absolute
// value) an operator may make; larger ones need an admin. 0 means no limit.
const StaffMoneyLimit = "staff_money_limit"

func init() {
	Definitions = append(Definitions, Definition{StaffMoneyLimit, "0",
		"refunds and balance adjustments larger than this amount (minor units) need an admin; 0: no limit",
		false, intRange(0, 1<<50)})
}
