/**
 * An input Ospo cannot read or understand: a malformed lockfile, an SBOM that breaks its
 * schema, a file over a size limit. It carries where the problem is so a person can fix it.
 */
export class InputError extends Error {
  override readonly name = 'InputError';
  /** The input's path as the user named it (or relative to the scan root). */
  file: string | undefined;
  /** 1-based line, when known. */
  line: number | undefined;
  /** A JSON pointer (RFC 6901) into the document, when known. */
  pointer: string | undefined;

  constructor(message: string, where: { file?: string; line?: number; pointer?: string } = {}) {
    super(message);
    this.file = where.file;
    this.line = where.line;
    this.pointer = where.pointer;
  }

  /** Formats the error as `file:line: message` or `file (at /pointer): message`. */
  describe(): string {
    let where = this.file ?? '<input>';
    if (this.line !== undefined) where += `:${this.line}`;
    if (this.pointer !== undefined) where += ` (at ${this.pointer || '/'})`;
    return `${where}: ${this.message}`;
  }
}

/** A usage or configuration error: exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Returns the error as an InputError naming `file`, keeping a more precise position if it had one. */
export function asInputError(err: unknown, file: string): InputError {
  if (err instanceof InputError) {
    if (err.file === undefined) err.file = file;
    return err;
  }
  const message = err instanceof Error ? err.message : String(err);
  return new InputError(message, { file });
}
