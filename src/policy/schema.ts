// The JSON Schema of `ospo.policy.yaml`. schemas/ospo-policy.schema.json at the repository root is
// this object, written out (a test keeps the two identical); editors point at that file.
import { SCOPES } from '../model/package.js';
import { SEVERITIES } from '../model/finding.js';
import { DISTRIBUTION_MODELS, LICENSE_CATEGORIES, WAIVER_REASONS } from './types.js';

const ruleId = {
  type: 'string',
  pattern: '^[A-Za-z0-9][A-Za-z0-9._/-]*$',
  maxLength: 128,
  description: 'A stable id for the rule: letters, digits, `.`, `_`, `/`, `-`. Findings, waivers and reports name it.',
};
const severity = { enum: [...SEVERITIES], description: 'The severity of the finding the rule raises.' };
const text = (description: string) => ({ type: 'string', minLength: 1, maxLength: 4000, description });
const common = {
  id: ruleId,
  severity,
  message: text('One line: what is wrong when the rule fires.'),
  howToFix: text('What a developer should do about it.'),
  distributions: {
    type: 'array',
    items: { enum: [...DISTRIBUTION_MODELS] },
    minItems: 1,
    uniqueItems: true,
    description: 'The distribution models under which the rule applies; all when absent.',
  },
  scopes: {
    type: 'array',
    items: { enum: [...SCOPES] },
    minItems: 1,
    uniqueItems: true,
    description: 'The dependency scopes the rule applies to; all when absent (list `runtime`, `provided`, `optional`, `peer` to ignore dev and test dependencies).',
  },
};
const action = { enum: ['allow', 'deny', 'review'], description: '`deny` is a violation, `review` asks a person to look, `allow` exempts what it matches from later rules.' };
/** Rules that can fire need a severity, a message and a how-to-fix; `allow` rules raise nothing. */
const firingNeedsTexts = {
  if: { properties: { action: { const: 'allow' } }, required: ['action'] },
  then: {},
  else: { required: ['severity', 'message', 'howToFix'] },
};

/** The JSON Schema (draft-07) of a policy file. */
export const POLICY_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://github.com/ospo/ospo/schemas/ospo-policy.schema.json',
  title: 'Ospo policy (ospo.policy.yaml)',
  description: 'License, package, vulnerability and custom (CEL) rules, and waivers, for `ospo check`. See docs/policy.md.',
  type: 'object',
  additionalProperties: false,
  required: ['version'],
  properties: {
    $schema: { type: 'string' },
    version: { const: 1, description: 'The policy format version; always 1.' },
    name: { type: 'string', maxLength: 200, description: 'A name for the policy, shown in reports.' },
    distribution: {
      enum: [...DISTRIBUTION_MODELS],
      description: 'The default distribution model; `ospo check --distribution` overrides it.',
    },
    failOn: { ...severity, description: 'The default `--fail-on` severity for `ospo check` (high when absent).' },
    licenses: {
      type: 'array',
      maxItems: 10000,
      description: 'License rules. Each license term of a component takes the first rule that matches it.',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'action'],
        anyOf: [{ required: ['categories'] }, { required: ['licenses'] }],
        ...firingNeedsTexts,
        properties: {
          ...common,
          action,
          categories: {
            type: 'array',
            items: { enum: [...LICENSE_CATEGORIES] },
            minItems: 1,
            uniqueItems: true,
            description: 'License categories the rule matches.',
          },
          licenses: {
            type: 'array',
            items: { type: 'string', minLength: 1, maxLength: 200 },
            minItems: 1,
            description: 'SPDX license ids or globs (`GPL-*`, `*`) the rule matches.',
          },
        },
      },
    },
    packages: {
      type: 'array',
      maxItems: 10000,
      description: 'Package rules by purl pattern and version range. The first matching rule decides.',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'action', 'purl'],
        ...firingNeedsTexts,
        properties: {
          ...common,
          action,
          purl: {
            type: 'string',
            pattern: '^pkg:[A-Za-z.+-]+/',
            maxLength: 1000,
            description: 'A purl pattern: `pkg:npm/lodash`, `pkg:maven/org.apache.logging.log4j/*`; `*` matches within a segment, `**` across.',
          },
          versions: {
            type: 'string',
            minLength: 1,
            maxLength: 1000,
            description: 'A version range in the ecosystem\'s scheme: comparators (`>=2.0.0, <2.17.1`) joined by `||`.',
          },
        },
      },
    },
    vulnerabilities: {
      type: 'array',
      maxItems: 1000,
      description: 'Vulnerability gates over vulnerability findings.',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'minSeverity', 'severity', 'message', 'howToFix'],
        properties: {
          ...common,
          minSeverity: { enum: [...SEVERITIES], description: 'Vulnerabilities at or above this severity.' },
          olderThanDays: { type: 'integer', minimum: 0, maximum: 36500, description: 'Only advisories published more than this many days ago.' },
          fixAvailable: { type: 'boolean', description: 'true: only when a fixed version exists; false: only when none does.' },
        },
      },
    },
    health: {
      type: 'array',
      maxItems: 1000,
      description:
        'Component health rules: a rule fires on a component when any of its conditions holds. unpinned, sources and missingLicense are read from the inventory; maxDaysSinceRelease, deprecated, minMaintainers and minScorecard need registry data Ospo does not fetch yet, and are reported as not evaluated.',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'severity', 'message', 'howToFix'],
        anyOf: ['unpinned', 'sources', 'missingLicense', 'maxDaysSinceRelease', 'deprecated', 'minMaintainers', 'minScorecard'].map((k) => ({ required: [k] })),
        properties: {
          ...common,
          unpinned: { type: 'boolean', description: 'true: fires when the component has no resolved version, only a declared range.' },
          sources: {
            type: 'array',
            minItems: 1,
            uniqueItems: true,
            items: { enum: ['git', 'url', 'file', 'link'] },
            description: 'Fires when the component comes from one of these sources (a git repository, a tarball URL, a local path) instead of its registry.',
          },
          missingLicense: { type: 'boolean', description: 'true: fires when no license is known for the component.' },
          maxDaysSinceRelease: { type: 'integer', minimum: 0, description: 'Needs registry release dates: not evaluated yet.' },
          deprecated: { type: 'boolean', description: 'Needs registry deprecation data: not evaluated yet.' },
          minMaintainers: { type: 'integer', minimum: 0, description: 'Needs registry maintainer data: not evaluated yet.' },
          minScorecard: { type: 'number', minimum: 0, maximum: 10, description: 'Needs OpenSSF Scorecard data: not evaluated yet.' },
        },
      },
    },
    conditions: {
      type: 'array',
      maxItems: 1000,
      description: 'Custom rules: a CEL expression over `component` that fires the rule when true.',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'when', 'severity', 'message', 'howToFix'],
        properties: {
          ...common,
          when: {
            type: 'string',
            minLength: 1,
            maxLength: 4000,
            description: 'A CEL expression of type bool over `component` (name, version, ecosystem, purl, scope, direct, license, category, categories, projects).',
          },
        },
      },
    },
    waivers: {
      type: 'array',
      maxItems: 10000,
      description: 'Exceptions: findings in a waiver\'s scope are suppressed until it expires.',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['reason', 'comment', 'owner', 'expires'],
        anyOf: [{ required: ['rule'] }, { required: ['package'] }, { required: ['license'] }, { required: ['project'] }],
        properties: {
          id: ruleId,
          rule: { type: 'string', minLength: 1, maxLength: 200, description: 'A rule id or advisory id (globs with `*`).' },
          package: { type: 'string', pattern: '^pkg:[A-Za-z.+-]+/', maxLength: 1000, description: 'A purl pattern, as in package rules.' },
          license: { type: 'string', minLength: 1, maxLength: 200, description: 'An SPDX id (or glob) the finding is about.' },
          project: { type: 'string', minLength: 1, maxLength: 1000, description: 'A project directory relative to the scan root (globs with `*`).' },
          reason: { enum: [...WAIVER_REASONS], description: 'Why the exception exists.' },
          comment: text('The story behind the exception.'),
          owner: { type: 'string', minLength: 1, maxLength: 200, description: 'Who answers for the exception (a person or team).' },
          expires: { type: 'string', format: 'date', description: 'The last day (YYYY-MM-DD, UTC) the waiver applies.' },
        },
      },
    },
  },
} as const;
