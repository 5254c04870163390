import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkRepository, findSecrets, maskSecret, shannonEntropy } from './index.js';
import { repoFactory } from './test-repos.js';
import { budget } from '../test-support/budget.js';

// Every value is assembled from pieces at run time, so no real-looking credential sits in the
// repository (and secret scanners on it stay quiet). They are fake: repeated words and counters.
const rep = (s: string, n: number) => s.repeat(n).slice(0, n);
const FAKE = {
  aws: ['AK', 'IA', 'FAKE', 'FAKE', 'EXAMPLE7'].join(''),
  githubClassic: ['gh', 'p_', rep('FakeToken0', 36)].join(''),
  githubOauth: ['gh', 'o_', rep('FakeToken1', 36)].join(''),
  githubServer: ['gh', 's_', rep('FakeToken2', 36)].join(''),
  githubFine: ['github', '_pat_', rep('Fake1', 22), '_', rep('FakeTokenX9', 59)].join(''),
  gitlab: ['gl', 'pat-', rep('Fake-Token_', 20)].join(''),
  slack: ['xo', 'xb-', '0000000000-', rep('FakeSlack', 24)].join(''),
  stripe: ['sk', '_live_', rep('FakeStripe0', 24)].join(''),
  google: ['AI', 'za', rep('Fake_Google-Key0', 35)].join(''),
  npm: ['np', 'm_', rep('FakeNpm000', 36)].join(''),
  generic: ['Zq8', 'vN2pL', 'x7Rk4', 'Wm9tYb3'].join(''),
};
const privateKey = (label: string) => [`-----BEGIN ${label}PRIVATE KEY${label === 'PGP ' ? ' BLOCK' : ''}-----`, 'not-a-real-key-body', `-----END ${label}PRIVATE KEY-----`].join('\n');

describe('findSecrets: one case per token format', () => {
  it.each([
    ['aws-access-key-id', `aws_region = "eu-west-1"\naws_key = ${FAKE.aws}\n`, FAKE.aws, 2, 11],
    ['github-token', `export GH=${FAKE.githubClassic}`, FAKE.githubClassic, 1, 11],
    ['github-token', `"token": "${FAKE.githubOauth}"`, FAKE.githubOauth, 1, 11],
    ['github-token', `url: https://x-access-token:${FAKE.githubServer}@github.com/o/r`, FAKE.githubServer, 1, 29],
    ['github-fine-grained-token', `GITHUB_PAT=${FAKE.githubFine}`, FAKE.githubFine, 1, 12],
    ['gitlab-token', `CI_TOKEN: ${FAKE.gitlab}`, FAKE.gitlab, 1, 11],
    ['slack-token', `slack = '${FAKE.slack}'`, FAKE.slack, 1, 10],
    ['stripe-live-key', `Stripe.apiKey = "${FAKE.stripe}";`, FAKE.stripe, 1, 18],
    ['google-api-key', `const maps = '${FAKE.google}';`, FAKE.google, 1, 15],
    ['npm-token', `//registry.npmjs.org/:_authToken=${FAKE.npm}`, FAKE.npm, 1, 34],
    ['generic-assignment', `db_password = "${FAKE.generic}"`, FAKE.generic, 1, 16],
    ['generic-assignment', `"clientSecret": "${FAKE.generic}",`, FAKE.generic, 1, 18],
    ['generic-assignment', `API_KEY=${FAKE.generic}`, FAKE.generic, 1, 9],
  ])('%s in %j', (kind, text, secret, line, column) => {
    const found = findSecrets(text);
    expect(found).toEqual([{ kind, name: expect.any(String), line, column, masked: maskSecret(secret) }]);
    expect(JSON.stringify(found)).not.toContain(secret.slice(4));
  });

  it.each(['', 'RSA ', 'EC ', 'OPENSSH ', 'DSA ', 'PGP ', 'ENCRYPTED '])('private key %j', (label) => {
    const found = findSecrets(`key:\n${privateKey(label)}\n`);
    expect(found.map((f) => [f.kind, f.line, f.masked])).toEqual([['private-key', 2, `-----BEGIN ${label}PRIVATE KEY${label === 'PGP ' ? ' BLOCK' : ''}-----`]]);
  });
});

describe('findSecrets: negatives that must not match', () => {
  it.each([
    ['a UUID', 'id = "123e4567-e89b-12d3-a456-426614174000"'],
    ['a UUID as a token', 'token = "123e4567-e89b-12d3-a456-426614174000"'],
    ['a sha256 hash', 'secret_hash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"'],
    ['a git sha', 'commit: 3f2c1b0a9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b'],
    ['an npm integrity hash', '"integrity": "sha512-z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg/SpIdNs6c5H0NE8XoXJPASHX1X40IDgJfHtQXLp9Z3rL7v6E0Xy7w=="'],
    ['a public key', '-----BEGIN PUBLIC KEY-----'],
    ['a low-entropy password', 'password = "password12345678"'],
    ['a short password', 'password = "hunter2"'],
    ['lower case and digits, short', 'secret = "abcdefgh12345678"'],
    ['an environment reference', 'token = "${GITHUB_TOKEN}"'],
    ['process.env', 'const apiKey = process.env.API_KEY_2;'],
    ['a placeholder', 'api_key: "your-api-key-goes-here-1234"'],
    ['a function call', 'const token = createToken2Provider(options);'],
    ['a dotted reference', 'auth_token: config.auth.token2value'],
    ['a prefix alone', 'tokens start with ghp_ or glpat- or AKIA'],
    ['AKIA too short', `key = ${['AK', 'IA', 'SHORT'].join('')}`],
    ['a longer word containing AKIA', `X${['AK', 'IA', 'FAKE', 'FAKE', 'EXAMPLE7'].join('')}`],
  ])('%s', (_name, text) => {
    expect(findSecrets(text)).toEqual([]);
  });
});

describe('masking and entropy', () => {
  it.each([
    [FAKE.aws, 'AKIA****************'],
    ['abcdefgh', 'abcd****'],
    ['abcde', 'abcd****'],
  ])('maskSecret(%s) = %s', (secret, masked) => {
    expect(maskSecret(secret)).toBe(masked);
  });

  it('Shannon entropy in bits per character', () => {
    expect(shannonEntropy('')).toBe(0);
    expect(shannonEntropy('aaaa')).toBe(0);
    expect(shannonEntropy('abcd')).toBe(2);
  });

  it('stays linear on a long minified line full of keywords', () => {
    const line = `${'tokenpasswordsecret'.repeat(50_000)}=x`;
    const t = performance.now();
    expect(findSecrets(line)).toEqual([]);
    expect(performance.now() - t).toBeLessThan(budget(5000));
  });
});

describe('checkRepository: secrets', () => {
  const repos = repoFactory();
  afterAll(() => repos.cleanup());

  it('reports file and line and never prints the secret', () => {
    const dir = repos.make({ 'config/settings.env': `# settings\nREGION=eu\nAWS_KEY=${FAKE.aws}\n`, 'deploy/id_rsa': privateKey('RSA ') });
    const result = checkRepository(dir);
    const rule = result.rules.find((r) => r.id === 'repo/no-secrets')!;
    expect(rule.status).toBe('fail');
    expect(rule.findings.map((f) => [f.severity, f.title, f.locations])).toEqual([
      ['critical', 'AWS access key id in config/settings.env:3', [{ file: 'config/settings.env', line: 3 }]],
      ['critical', 'Private key in deploy/id_rsa:1', [{ file: 'deploy/id_rsa', line: 1 }]],
    ]);
    const text = JSON.stringify(result);
    expect(text).toContain('AKIA****************');
    expect(text).not.toContain(FAKE.aws);
    expect(text).not.toContain('not-a-real-key-body');
  });

  it('skips binary and huge files, node_modules, .git and vendored code', () => {
    const binary = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0]), Buffer.from(FAKE.aws)]);
    const dir = repos.make({
      'bin/tool': binary,
      'node_modules/x/index.js': `k='${FAKE.aws}'`,
      '.git/config': `token=${FAKE.githubClassic}`,
      'vendor/lib/keys.txt': FAKE.stripe,
    });
    writeFileSync(join(dir, 'huge.txt'), `${'x'.repeat(2 * 1024 * 1024)}\n${FAKE.aws}\n`);
    const result = checkRepository(dir);
    const rule = result.rules.find((r) => r.id === 'repo/no-secrets')!;
    expect(rule.findings).toEqual([]);
    expect(rule.note).toMatch(/1 binary and 1 over the size limit skipped/);
  });

  it('a lower entropy threshold finds weaker generic values', () => {
    const text = 'password = "xXyY1122xXyY1122"';
    expect(findSecrets(text)).toEqual([]);
    expect(findSecrets(text, { entropyThreshold: 2 }).map((f) => f.kind)).toEqual(['generic-assignment']);
  });
});
