package settings

// builtinTemplates are the shipped translations of the message templates, the defaults of
// "<key>.<lang>". English has none: its text is the template key's own default, so an
// installation that edits <key> changes what English readers get.
var builtinTemplates = map[string]string{
	"reminder_sms_template.sw": "Mpendwa {{name}}, kifurushi chako cha intaneti {{plan}} (akaunti {{account}}) kinaisha tarehe {{expiry}}. Lipa {{amount}} ili kuendelea.",
	"reminder_sms_template.fr": "Cher(e) {{name}}, votre forfait internet {{plan}} (compte {{account}}) expire le {{expiry}}. Payez {{amount}} pour le renouveler.",
	"reminder_sms_template.es": "Estimado/a {{name}}, su plan de internet {{plan}} (cuenta {{account}}) vence el {{expiry}}. Pague {{amount}} para renovarlo.",
	"reminder_sms_template.pt": "Caro(a) {{name}}, o seu plano de internet {{plan}} (conta {{account}}) expira em {{expiry}}. Pague {{amount}} para o renovar.",
	"reminder_sms_template.id": "Yth. {{name}}, paket internet {{plan}} Anda (akun {{account}}) berakhir pada {{expiry}}. Bayar {{amount}} untuk memperpanjang.",

	"reminder_email_subject.sw": "Kifurushi chako cha intaneti kinaisha tarehe {{expiry}}",
	"reminder_email_subject.fr": "Votre forfait internet expire le {{expiry}}",
	"reminder_email_subject.es": "Su plan de internet vence el {{expiry}}",
	"reminder_email_subject.pt": "O seu plano de internet expira em {{expiry}}",
	"reminder_email_subject.id": "Paket internet Anda berakhir pada {{expiry}}",

	"reminder_email_template.sw": "Mpendwa {{name}},\n\nKifurushi chako cha intaneti {{plan}} (akaunti {{account}}) kinaisha tarehe {{expiry}}.\nTafadhali lipa {{amount}} ili kukiendeleza.\n",
	"reminder_email_template.fr": "Cher(e) {{name}},\n\nVotre forfait internet {{plan}} (compte {{account}}) expire le {{expiry}}.\nVeuillez payer {{amount}} pour le renouveler.\n",
	"reminder_email_template.es": "Estimado/a {{name}}:\n\nSu plan de internet {{plan}} (cuenta {{account}}) vence el {{expiry}}.\nPague {{amount}} para renovarlo.\n",
	"reminder_email_template.pt": "Caro(a) {{name}},\n\nO seu plano de internet {{plan}} (conta {{account}}) expira em {{expiry}}.\nPague {{amount}} para o renovar.\n",
	"reminder_email_template.id": "Yth. {{name}},\n\nPaket internet {{plan}} Anda (akun {{account}}) berakhir pada {{expiry}}.\nSilakan bayar {{amount}} untuk memperpanjangnya.\n",

	"cap_alert_template.sw": "Habari {{name}}, umetumia {{percent}}% ya data ya {{plan}} kwa kipindi hiki ({{used}} kati ya {{total}}). {{hint}}",
	"cap_alert_template.fr": "Bonjour {{name}}, vous avez utilisé {{percent}} % de vos données {{plan}} pour cette période ({{used}} sur {{total}}). {{hint}}",
	"cap_alert_template.es": "Hola {{name}}, ha usado el {{percent}} % de sus datos de {{plan}} en este período ({{used}} de {{total}}). {{hint}}",
	"cap_alert_template.pt": "Olá {{name}}, já usou {{percent}}% dos seus dados do {{plan}} neste período ({{used}} de {{total}}). {{hint}}",
	"cap_alert_template.id": "Halo {{name}}, Anda telah memakai {{percent}}% kuota {{plan}} untuk periode ini ({{used}} dari {{total}}). {{hint}}",

	"cap_alert_full_template.sw": "Habari {{name}}, umetumia data yote ya {{plan}} kwa kipindi hiki ({{total}}). {{hint}}",
	"cap_alert_full_template.fr": "Bonjour {{name}}, vous avez utilisé toutes vos données {{plan}} pour cette période ({{total}}). {{hint}}",
	"cap_alert_full_template.es": "Hola {{name}}, ha usado todos sus datos de {{plan}} en este período ({{total}}). {{hint}}",
	"cap_alert_full_template.pt": "Olá {{name}}, já usou todos os seus dados do {{plan}} neste período ({{total}}). {{hint}}",
	"cap_alert_full_template.id": "Halo {{name}}, Anda telah memakai seluruh kuota {{plan}} untuk periode ini ({{total}}). {{hint}}",
}

// topUpHints is the {{hint}} of a cap alert per language: buy a top-up (at the portal's
// address when one is set), or call support (when a number is set).
var topUpHints = map[string][3]string{
	// plain, " at %s" (portal), " or call %s" (support)
	"en": {"Buy a data top-up from your balance", " at %s", " or call %s"},
	"sw": {"Nunua data ya ziada kutoka salio lako", " kwenye %s", " au piga simu %s"},
	"fr": {"Achetez un complément de données avec votre solde", " sur %s", " ou appelez le %s"},
	"es": {"Compre datos adicionales con su saldo", " en %s", " o llame al %s"},
	"pt": {"Compre dados extra com o seu saldo", " em %s", " ou ligue para %s"},
	"id": {"Beli kuota tambahan dari saldo Anda", " di %s", " atau hubungi %s"},
}
