// A hint about a new PPPoE password while it is typed. The server decides (the same rules as
// internal/customers.PasswordProblem: at least 8 characters, not a common password, not
// containing the username, not one character repeated); this only helps before submitting.

export type Problem = 'tooShort' | 'common' | 'hasUsername' | 'repeated';

export interface Strength {
  level: 'weak' | 'fair' | 'strong';
  /** what the server would refuse, or null */
  problem: Problem | null;
}

const COMMON = new Set([
  'password', 'password1', '12345678', '123456789', '1234567890', 'qwertyui', 'qwerty123', 'iloveyou',
  'internet', '11111111', '00000000', 'abcd1234', 'welcome1', 'passw0rd', 'admin123',
]);

export function passwordStrength(password: string, username = ''): Strength {
  let problem: Problem | null = null;
  const lower = password.toLowerCase();
  if (password.length < 8) problem = 'tooShort';
  else if (COMMON.has(lower)) problem = 'common';
  else if (username && lower.includes(username.toLowerCase())) problem = 'hasUsername';
  else if ([...password].every((c) => c === password[0])) problem = 'repeated';
  if (problem) return { level: 'weak', problem };
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z\d]/].filter((r) => r.test(password)).length;
  const score = password.length + classes * 3;
  return { level: score >= 20 ? 'strong' : score >= 14 ? 'fair' : 'weak', problem: null };
}

const ALPHABET = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A random 12-character password without look-alike characters (as the server generates). */
export function suggestPassword(): string {
  const out: string[] = [];
  const buf = new Uint32Array(1);
  while (out.length < 12) {
    crypto.getRandomValues(buf);
    // rejection sampling: no bias towards the first letters
    if (buf[0] < Math.floor(2 ** 32 / ALPHABET.length) * ALPHABET.length) out.push(ALPHABET[buf[0] % ALPHABET.length]);
  }
  return out.join('');
}
