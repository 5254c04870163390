// Secret detection in text: well-known token formats, private key headers, and high-entropy
// values assigned to names like password/secret/token. Pure: text in, matches out. A match
// never carries the secret itself, only a masked form.

/** One token format: a name for people, and a pattern whose group `secret` (or whole match) is the secret. */
export interface SecretPattern {
  id: string;
  name: string;
  pattern: RegExp;
}

// Trailing guards use lookarounds, not \b, because several formats end in `-` or `_`.
const END = '(?![A-Za-z0-9_-])';
const START = '(?<![A-Za-z0-9_-])';

/** The token formats looked for, most specific first. */
export const SECRET_PATTERNS: readonly SecretPattern[] = [
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids
  { id: 'aws-access-key-id', name: 'AWS access key id', pattern: new RegExp(`${START}(?<secret>(?:AKIA|ASIA)[0-9A-Z]{16})${END}`, 'g') },
  // https://github.blog/2021-04-05-behind-githubs-new-authentication-token-formats/
  { id: 'github-token', name: 'GitHub token', pattern: new RegExp(`${START}(?<secret>gh[pousr]_[A-Za-z0-9]{36,251})${END}`, 'g') },
  { id: 'github-fine-grained-token', name: 'GitHub fine-grained token', pattern: new RegExp(`${START}(?<secret>github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})${END}`, 'g') },
  // https://docs.gitlab.com/ee/security/tokens/#token-prefixes
  { id: 'gitlab-token', name: 'GitLab personal access token', pattern: new RegExp(`${START}(?<secret>glpat-[A-Za-z0-9_-]{20,})${END}`, 'g') },
  // https://api.slack.com/authentication/token-types
  { id: 'slack-token', name: 'Slack token', pattern: new RegExp(`${START}(?<secret>xox[bpars]-[A-Za-z0-9-]{10,})${END}`, 'g') },
  // https://docs.stripe.com/keys
  { id: 'stripe-live-key', name: 'Stripe live secret key', pattern: new RegExp(`${START}(?<secret>[sr]k_live_[A-Za-z0-9]{20,})${END}`, 'g') },
  { id: 'google-api-key', name: 'Google API key', pattern: new RegExp(`${START}(?<secret>AIza[0-9A-Za-z_-]{35})${END}`, 'g') },
  // https://github.blog/2021-09-23-announcing-npms-new-access-token-format/
  { id: 'npm-token', name: 'npm access token', pattern: new RegExp(`${START}(?<secret>npm_[A-Za-z0-9]{36})${END}`, 'g') },
  // RFC 7468 labels; the header itself is not secret, the key body after it is.
  { id: 'private-key', name: 'private key', pattern: /-----BEGIN (?:RSA |EC |OPENSSH |DSA |PGP |ENCRYPTED )?PRIVATE KEY(?: BLOCK)?-----/g },
];

/** Bits per character a generic assigned value needs to count as a secret. */
export const DEFAULT_ENTROPY_THRESHOLD = 3.5;
/** The shortest generic assigned value that counts. */
export const MIN_GENERIC_LENGTH = 16;

// A secret-ish word inside a name, then `= value`, `: value`, `"name": "value"`, `NAME=value`. The
// name is found by extending around the word by hand (a regex with `\w*word\w*` backtracks
// quadratically on long minified lines).
const KEYWORD = /passw(?:or)?d|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|auth[_-]?key|credentials?/gi;
const TAIL = /["']?[ \t]*(?::=|=>|[:=])[ \t]*(?<quote>["'`]?)(?<value>[^\s"'`;,(){}<>[\]]{1,512})\k<quote>(?<after>\(?)/y;
const MAX_NAME = 128;

function isNameChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 46 || c === 45;
}

/** Returns the Shannon entropy of `s` in bits per character. */
export function shannonEntropy(s: string): number {
  if (s.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/** Returns `secret` with all but its first 4 characters replaced by `*` (at most 16 stars, so length leaks little). */
export function maskSecret(secret: string): string {
  const keep = secret.slice(0, 4);
  return `${keep}${'*'.repeat(Math.min(Math.max(secret.length - 4, 4), 16))}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HEX = /^(?:0x)?[0-9a-f]+$/i;
// Placeholders and references to where the secret really lives.
const PLACEHOLDER = /^(?:\$|%|\{|<|env[.:(]|process\.env|os\.environ|secrets\.|vault:|arn:|https?:|file:)|(?:x{4,}|\*{3,}|changeme|example|placeholder|redacted|dummy|your[_-]?)/i;

/** Whether a value assigned to a secret-ish name looks like a real secret. */
export function looksLikeGenericSecret(value: string, threshold = DEFAULT_ENTROPY_THRESHOLD): boolean {
  if (value.length < MIN_GENERIC_LENGTH) return false;
  if (UUID.test(value) || HEX.test(value)) return false; // ids and hashes, not credentials
  if (PLACEHOLDER.test(value)) return false;
  if (!/[0-9]/.test(value) || !/[A-Za-z]/.test(value)) return false;
  // Generated secrets mix upper case, lower case and digits; words with a counter (`password1234`) do not.
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((r) => r.test(value)).length;
  if (classes < 3 && value.length < 24) return false;
  // Dotted or slashed paths (`config.auth.token`, `a/b/c.txt`) are references, not values.
  if (/^[A-Za-z_][\w-]*(?:[./][\w-]+)+$/.test(value) && !/[+=]/.test(value)) return false;
  return shannonEntropy(value) >= threshold;
}

/** One secret found in a text. */
export interface SecretMatch {
  /** The pattern id (`aws-access-key-id`, ..., `generic-assignment`). */
  kind: string;
  /** What it is, for people. */
  name: string;
  /** 1-based line and column. */
  line: number;
  column: number;
  /** The secret with all but 4 characters masked; the secret itself is never kept. */
  masked: string;
}

/** Options for scanning a text. */
export interface SecretScanOptions {
  entropyThreshold?: number;
  /** Stop after this many matches in one text (a dump of keys is one problem). */
  maxMatches?: number;
}

/** Finds secrets in `text`: token formats, private key headers, generic high-entropy assignments. */
export function findSecrets(text: string, options: SecretScanOptions = {}): SecretMatch[] {
  const threshold = options.entropyThreshold ?? DEFAULT_ENTROPY_THRESHOLD;
  const max = options.maxMatches ?? 100;
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const position = (offset: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - lineStarts[lo]! + 1 };
  };
  const found: Array<SecretMatch & { start: number; end: number }> = [];
  const overlaps = (start: number, end: number) => found.some((f) => start < f.end && end > f.start);
  for (const p of SECRET_PATTERNS) {
    p.pattern.lastIndex = 0;
    for (const m of text.matchAll(p.pattern)) {
      const secret = m.groups?.['secret'] ?? m[0];
      const start = m.index + (m.groups?.['secret'] !== undefined ? m[0].indexOf(secret) : 0);
      const end = start + secret.length;
      if (overlaps(start, end)) continue;
      // A private key header is not secret: name it as is (its body is never read out).
      const masked = p.id === 'private-key' ? secret : maskSecret(secret);
      found.push({ kind: p.id, name: p.name, ...position(start), masked, start, end });
      if (found.length >= max) return strip(found);
    }
  }
  let runEnd = -1;
  KEYWORD.lastIndex = 0;
  for (const k of text.matchAll(KEYWORD)) {
    if (k.index < runEnd) continue; // another keyword inside a name already looked at
    let e = k.index + k[0].length;
    while (e < text.length && isNameChar(text.charCodeAt(e))) e++;
    runEnd = e;
    let s = k.index;
    while (s > 0 && k.index - s < MAX_NAME && isNameChar(text.charCodeAt(s - 1))) s--;
    TAIL.lastIndex = e;
    const t = TAIL.exec(text);
    if (!t) continue;
    const value = t.groups!['value']!;
    if (t.groups!['after'] === '(' && t.groups!['quote'] === '') continue; // a function call
    if (!looksLikeGenericSecret(value, threshold)) continue;
    const start = t.index + t[0].lastIndexOf(value);
    const end = start + value.length;
    if (overlaps(start, end)) continue;
    found.push({ kind: 'generic-assignment', name: `high-entropy value assigned to "${text.slice(s, e)}"`, ...position(start), masked: maskSecret(value), start, end });
    if (found.length >= max) break;
  }
  return strip(found);
}

function strip(found: Array<SecretMatch & { start: number; end: number }>): SecretMatch[] {
  return found
    .sort((a, b) => a.start - b.start)
    .map(({ kind, name, line, column, masked }) => ({ kind, name, line, column, masked }));
}
