package settings

// RequireAdminTOTP: admins without TOTP are told at every sign-in to enrol.
const RequireAdminTOTP = "require_admin_totp"

func init() {
	Definitions = append(Definitions, Definition{RequireAdminTOTP, "false",
		"admins must use TOTP two-factor sign-in: an admin without it is sent to enrol at sign-in", false, boolean})
}
