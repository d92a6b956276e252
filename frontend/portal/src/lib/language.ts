// The portal's language from the server: the installation's (Isp.language) for a device where
// nobody chose one, and the subscriber's own (me.language, saved with setLanguage) once signed
// in, which is then remembered on the device. Each is applied when it arrives or changes, never
// again on a re-render, so a choice made since (the chooser) stands.
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { graphql } from '../gql';
import { hasChosenLanguage, loadPortalLanguage } from '../i18n/load';

export const SetLanguageMutation = graphql(`
  mutation SetLanguage($language: String) {
    setLanguage(language: $language)
  }
`);

/** Runs apply(language) once for each new non-empty value of language. */
function useOnNew(language: string | null | undefined, apply: (language: string) => void) {
  const applied = useRef<string | null>(null);
  useEffect(() => {
    if (!language || applied.current === language) return;
    applied.current = language;
    apply(language);
  });
}

/** Switches to the installation's language on a device where no language was chosen. */
export function useInstallationLanguage(language: string | null | undefined) {
  const { i18n } = useTranslation();
  useOnNew(language, (l) => {
    if (!hasChosenLanguage() && l !== i18n.language) void loadPortalLanguage(i18n, l);
  });
}

/** Switches to the subscriber's saved language (at sign-in) and remembers it on the device. */
export function useSubscriberLanguage(language: string | null | undefined) {
  const { i18n } = useTranslation();
  useOnNew(language, (l) => {
    if (l !== i18n.language) void loadPortalLanguage(i18n, l, true);
  });
}
