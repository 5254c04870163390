/** A row the caller named does not exist (the API maps it to 404). */
export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
  /** What was looked for, as `kind:id`. */
  readonly target: string;

  constructor(kind: string, id: string) {
    super(`${kind} ${id} does not exist`);
    this.target = `${kind}:${id}`;
  }
}

/** A write conflicts with existing data, such as a duplicate name (the API maps it to 409). */
export class ConflictError extends Error {
  override readonly name = 'ConflictError';
}
