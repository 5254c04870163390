// Safe parsers for untrusted input: every scanner and SBOM reader parses through these.
export * from './json.js';
export * from './yaml.js';
export * from './toml.js';
export * from './xml.js';
export * from './lines.js';
export * from './limits.js';
