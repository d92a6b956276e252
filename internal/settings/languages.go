package settings

import (
	"fmt"
	"slices"
	"strings"
)

// DefaultLanguage is the installation's language: staff and customers without their own
// choice see the dashboard, the portal and their messages in it.
const DefaultLanguage = "default_language"

// Keys of the cap-alert message templates (the 100 % one says the data is used up).
const (
	CapAlertTemplate     = "cap_alert_template"
	CapAlertFullTemplate = "cap_alert_full_template"
)

// GroupLanguages holds the installation's language and the messages written per language.
const GroupLanguages = "languages"

// Languages are the languages linedesk ships (the SPAs' frontend/shared/i18n/languages.ts
// keeps the same list), English first.
var Languages = []string{"en", "sw", "fr", "es", "pt", "id"}

// languageNames name each language in English, for setting descriptions.
var languageNames = map[string]string{
	"en": "English", "sw": "Swahili", "fr": "French", "es": "Spanish", "pt": "Portuguese", "id": "Indonesian",
}

// KnownLanguage reports whether s is one of Languages.
func KnownLanguage(s string) bool { return slices.Contains(Languages, s) }

// TemplateKeys are the message templates that may be written per language, as
// "<key>.<lang>" (e.g. "reminder_sms_template.sw"); an empty one falls back to <key>.
var TemplateKeys = []string{ReminderSMSTemplate, ReminderEmailSubject, ReminderEmailTemplate, CapAlertTemplate, CapAlertFullTemplate}

// TemplateKey is the key of template key in language lang.
func TemplateKey(key, lang string) string { return key + "." + lang }

// Language is the language a customer's messages are written in: their own when they chose
// a known one, else the installation's.
func (v Values) Language(own *string) string {
	if own != nil && KnownLanguage(*own) {
		return *own
	}
	if l := v[DefaultLanguage]; KnownLanguage(l) {
		return l
	}
	return "en"
}

// Template is the text of template key for a reader of lang: the language's own text when
// it is not empty, else the key's (the installation's language).
func (v Values) Template(key, lang string) string {
	if t := strings.TrimSpace(v[TemplateKey(key, lang)]); t != "" {
		return v[TemplateKey(key, lang)]
	}
	return v[key]
}

func language(s string) error {
	if !KnownLanguage(s) {
		return fmt.Errorf("must be one of %s", strings.Join(Languages, ", "))
	}
	return nil
}

func init() {
	Definitions = append(Definitions,
		Definition{DefaultLanguage, "en", "language of the dashboard, the portal and messages for staff and customers who chose none (en, sw, fr, es, pt, id)", false, language},
		Definition{CapAlertTemplate, "Hi {{name}}, you have used {{percent}}% of your {{plan}} data for this period ({{used}} of {{total}}). {{hint}}", "SMS/e-mail text when a customer reaches a cap-alert percentage; {{hint}} says where to buy a top-up", false, maxLen(640)},
		Definition{CapAlertFullTemplate, "Hi {{name}}, you have used all your {{plan}} data for this period ({{total}}). {{hint}}", "SMS/e-mail text when a customer has used all the period's data", false, maxLen(640)},
	)
	groups[DefaultLanguage] = GroupLanguages
	groups[CapAlertTemplate] = GroupReminders
	groups[CapAlertFullTemplate] = GroupReminders
	for _, key := range TemplateKeys {
		base, _ := Lookup(key)
		for _, lang := range Languages {
			k := TemplateKey(key, lang)
			Definitions = append(Definitions, Definition{k, builtinTemplates[k],
				fmt.Sprintf("%s in %s; empty: the text of %s", base.Description, languageNames[lang], key), false, base.validate})
			groups[k] = GroupLanguages
		}
	}
}

// TopUpHint is a cap alert's {{hint}} in lang: where to buy a top-up and whom to call (each
// part only when its setting is set), ending with a full stop.
func (v Values) TopUpHint(lang, portalURL string) string {
	h, ok := topUpHints[lang]
	if !ok {
		h = topUpHints["en"]
	}
	s := h[0]
	if portalURL != "" {
		s += fmt.Sprintf(h[1], portalURL)
	}
	if p := v[SupportPhone]; p != "" {
		s += fmt.Sprintf(h[2], p)
	}
	return s + "."
}
