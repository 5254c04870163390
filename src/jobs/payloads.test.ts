// Payloads and git URLs come from the queue, so from anyone who could send a job: each is checked.
import { describe, expect, it } from 'vitest';
import { InputError } from '../model/errors.js';
import { JOBS } from './registry.js';
import { checkGitUrl } from './kinds/scan.js';
import { PayloadError } from './job.js';

describe('checkGitUrl', () => {
  it.each([
    'https://github.com/owner/repo.git',
    'ssh://git@github.com/owner/repo.git',
    'git@github.com:owner/repo.git',
    'git://example.org/repo',
  ])('accepts %s', (url) => {
    expect(checkGitUrl(url)).toBe(url);
  });

  it.each([
    ['ext::sh -c touch% /tmp/pwned', /transport helpers|spaces/],
    ['ext::sh', /transport helpers/],
    ['--upload-pack=touch /tmp/x', /leading "-"/],
    ['file:///etc', /git over file is not allowed/],
    ['https://example.org/a\nb', /control characters/],
    ['/srv/repo', /not a git URL/],
    ['fd::17', /transport helpers/],
  ])('refuses %j', (url, message) => {
    expect(() => checkGitUrl(url)).toThrow(InputError);
    expect(() => checkGitUrl(url)).toThrow(message);
  });
});

describe('job payloads', () => {
  const job = (name: string) => JOBS.find((j) => j.name === name)!;
  const P = '6f1c3a8e-2b7d-4c1e-9a5f-0d3b2e1c4a5b';

  it('lists every job kind once, each with a retry policy that expires', () => {
    expect(JOBS.map((j) => j.name)).toEqual(['scan', 'ingest', 'rematch', 'metrics', 'osv-refresh', 'webhook', 'sla-check']);
    for (const j of JOBS) expect(j.policy.expireInSeconds).toBeGreaterThan(60);
  });

  it.each([
    ['scan', { projectId: P, path: '/srv/x' }, { projectId: P, path: '/srv/x' }],
    ['scan', { projectId: P.toUpperCase(), git: 'https://h/r.git', ref: 'v1.2' }, { projectId: P, git: 'https://h/r.git', ref: 'v1.2' }],
    ['ingest', { uploadId: P }, { uploadId: P }],
    ['rematch', { full: false, packages: [{ ecosystem: 'npm', name: 'lodash' }] }, { full: false, packages: [{ ecosystem: 'npm', name: 'lodash' }], advisoryIds: [] }],
    ['metrics', {}, {}],
    ['metrics', { day: '2026-11-20' }, { day: '2026-11-20' }],
    ['osv-refresh', null, {}],
    ['webhook', { deliveryId: P.toUpperCase() }, { deliveryId: P }],
    ['sla-check', {}, {}],
  ])('%s parses %j', (name, data, expected) => {
    expect(job(name).parse(data)).toEqual(expected);
  });

  it.each([
    ['scan', { projectId: P }, /exactly one of "path" and "git"/],
    ['scan', { projectId: P, path: '/a', git: 'https://h/r' }, /exactly one/],
    ['scan', { projectId: 'not-a-uuid', path: '/a' }, /"projectId" must be a uuid/],
    ['ingest', [], /must be an object/],
    ['ingest', { uploadId: 7 }, /"uploadId" must be a non-empty string/],
    ['rematch', { packages: [{ ecosystem: 'npm' }] }, /packages\[0\]/],
    ['rematch', { packages: 'lodash' }, /"packages" must be an array/],
    ['metrics', { day: '20-11-2026' }, /YYYY-MM-DD/],
    ['ingest', JSON.parse('{"__proto__": {"uploadId": "x"}}'), /"uploadId"/],
    ['webhook', { deliveryId: 'x' }, /"deliveryId" must be a uuid/],
    ['sla-check', 'now', /must be an object/],
  ])('%s refuses %j', (name, data, message) => {
    expect(() => job(name).parse(data)).toThrow(PayloadError);
    expect(() => job(name).parse(data)).toThrow(message);
  });
});
