import { readFileSync } from 'node:fs';
import { Spec, Validation } from '@cyclonedx/cyclonedx-library';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import parseSpdxExpression from 'spdx-expression-parse';

/** Validates CycloneDX 1.6 JSON against the official schema (strict); returns the errors or null. */
export async function cycloneDxJsonErrors(json: string): Promise<unknown> {
  return new Validation.JsonStrictValidator(Spec.Version.v1dot6).validate(json);
}

/**
 * Validates CycloneDX 1.6 XML against the official XSD with the CycloneDX library's own
 * validator (libxmljs2, network access off); returns the errors or null.
 */
export async function cycloneDxXmlErrors(xml: string): Promise<unknown> {
  return new Validation.XmlValidator(Spec.Version.v1dot6).validate(xml);
}

let spdxValidate: ReturnType<Ajv['compile']> | undefined;

/**
 * Validates SPDX 2.3 JSON against the schema written from the SPDX 2.3 specification
 * (see docs/adr/0003-sbom-output.md), and every license field against the SPDX expression
 * grammar; returns the errors or null.
 */
export function spdxJsonErrors(json: string): unknown {
  if (!spdxValidate) {
    const schema = JSON.parse(readFileSync(new URL('../sbom/write/__fixtures__/spdx-2.3.schema.json', import.meta.url), 'utf8')) as object;
    const ajv = new Ajv({ allErrors: true, strict: false });
    (addFormats as unknown as (a: Ajv) => void)(ajv);
    spdxValidate = ajv.compile(schema);
  }
  const doc = JSON.parse(json) as { packages?: Array<Record<string, string>>; hasExtractedLicensingInfos?: Array<{ licenseId: string }> };
  if (!spdxValidate(doc)) return spdxValidate.errors;
  const refs = new Set((doc.hasExtractedLicensingInfos ?? []).map((l) => l.licenseId));
  for (const p of doc.packages ?? []) {
    for (const field of ['licenseConcluded', 'licenseDeclared'] as const) {
      const v = p[field];
      if (v === undefined || v === 'NOASSERTION' || v === 'NONE') continue;
      if (v.startsWith('LicenseRef-')) {
        if (!refs.has(v)) return [`${p.SPDXID}.${field}: ${v} is not defined in hasExtractedLicensingInfos`];
        continue;
      }
      try {
        parseSpdxExpression(v);
      } catch {
        return [`${p.SPDXID}.${field}: "${v}" is not an SPDX license expression`];
      }
    }
  }
  return null;
}

/** A CycloneDX JSON document with every list in one order, so two writers can be compared. */
export function canonicalCycloneDx(text: string): unknown {
  type Doc = { components: Array<Record<string, unknown>>; dependencies: Array<{ ref: string; dependsOn?: string[] }> };
  const doc = JSON.parse(text) as Doc;
  const key = (x: Record<string, unknown>) => String(x['bom-ref']);
  for (const c of doc.components) {
    if (Array.isArray(c.properties)) {
      c.properties = [...(c.properties as Array<{ name: string; value: string }>)].sort((a, b) => `${a.name}=${a.value}`.localeCompare(`${b.name}=${b.value}`));
    }
  }
  doc.components.sort((a, b) => key(a).localeCompare(key(b)));
  doc.dependencies.sort((a, b) => a.ref.localeCompare(b.ref));
  for (const d of doc.dependencies) d.dependsOn?.sort();
  return doc;
}
