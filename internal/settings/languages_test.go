package settings

import (
	"slices"
	"strings"
	"testing"
)

func TestLanguageAndTemplateChoice(t *testing.T) {
	sw, xx, empty := "sw", "xx", ""
	v := Defaults()
	v[TemplateKey(ReminderSMSTemplate, "fr")] = "  " // blank: falls back
	tests := []struct {
		name        string
		defaultLang string
		own         *string
		wantLang    string
		wantPrefix  string
	}{
		{"installation default", "en", nil, "en", "Dear {{name}}"},
		{"own language wins", "en", &sw, "sw", "Mpendwa {{name}}"},
		{"unknown own language: the installation's", "sw", &xx, "sw", "Mpendwa"},
		{"empty own language: the installation's", "en", &empty, "en", "Dear"},
		{"blank translation falls back to the key's text", "fr", nil, "fr", "Dear"},
		{"unknown installation language: English", "xx", nil, "en", "Dear"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v[DefaultLanguage] = tc.defaultLang
			lang := v.Language(tc.own)
			if lang != tc.wantLang {
				t.Fatalf("Language = %q, want %q", lang, tc.wantLang)
			}
			if got := v.Template(ReminderSMSTemplate, lang); !strings.HasPrefix(got, tc.wantPrefix) {
				t.Errorf("Template = %q, want prefix %q", got, tc.wantPrefix)
			}
		})
	}
}

func TestLanguageSettingsValidate(t *testing.T) {
	tests := []struct {
		key, value string
		ok         bool
	}{
		{DefaultLanguage, "sw", true},
		{DefaultLanguage, "de", false},
		{DefaultLanguage, "", false},
		{TemplateKey(ReminderSMSTemplate, "sw"), "Habari {{name}}", true},
		{TemplateKey(ReminderSMSTemplate, "sw"), strings.Repeat("x", 641), false},
		{TemplateKey(CapAlertTemplate, "id"), "", true},
		{"reminder_sms_template.de", "Hallo", false},
	}
	for _, tc := range tests {
		if err := Validate(tc.key, tc.value); (err == nil) != tc.ok {
			t.Errorf("Validate(%s, %.20q) = %v, want ok %v", tc.key, tc.value, err, tc.ok)
		}
	}
}

func TestEveryTemplateTranslatedWithTheSamePlaceholders(t *testing.T) {
	for _, key := range TemplateKeys {
		base, _ := Lookup(key)
		want := placeholders(base.Default)
		for _, lang := range Languages[1:] {
			got := builtinTemplates[TemplateKey(key, lang)]
			if got == "" {
				t.Errorf("%s has no %s text", key, lang)
				continue
			}
			if placeholders(got) != want {
				t.Errorf("%s.%s has %s, English %s", key, lang, placeholders(got), want)
			}
		}
	}
}

func placeholders(s string) string {
	var out []string
	for _, part := range strings.Split(s, "{{")[1:] {
		out = append(out, strings.SplitN(part, "}}", 2)[0])
	}
	slices.Sort(out)
	return strings.Join(out, ",")
}

func TestTopUpHint(t *testing.T) {
	v := Defaults()
	v[SupportPhone] = "0700 000 000"
	if got, want := v.TopUpHint("fr", "https://isp.example/portal/"), "Achetez un complément de données avec votre solde sur https://isp.example/portal/ ou appelez le 0700 000 000."; got != want {
		t.Errorf("fr hint = %q, want %q", got, want)
	}
	v[SupportPhone] = ""
	if got, want := v.TopUpHint("zz", ""), "Buy a data top-up from your balance."; got != want {
		t.Errorf("fallback hint = %q, want %q", got, want)
	}
}
