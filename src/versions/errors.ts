/**
 * Thrown by a version scheme's `compare` when an argument is not a valid version in that
 * scheme. Carries the scheme id and the offending string so a caller can report it.
 */
export class InvalidVersionError extends Error {
  override readonly name = 'InvalidVersionError';
  constructor(
    readonly scheme: string,
    readonly version: string,
  ) {
    super(`invalid ${scheme} version ${JSON.stringify(version.length > 200 ? version.slice(0, 200) + '…' : version)}`);
  }
}
