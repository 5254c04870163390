// RFC 9457 problem details: every error the API returns is application/problem+json.
import { Type, type Static } from '@sinclair/typebox';

/** The problem+json body (RFC 9457), with the fields a validation error lists. */
export const Problem = Type.Object(
  {
    type: Type.String({ description: 'A URI reference naming the kind of problem' }),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.Optional(Type.String()),
    instance: Type.Optional(Type.String()),
    errors: Type.Optional(
      Type.Array(Type.Object({ field: Type.String({ description: 'JSON pointer into the request part' }), message: Type.String() })),
    ),
  },
  { $id: 'Problem', title: 'Problem' },
);
/** A problem+json body. */
export type ProblemBody = Static<typeof Problem>;

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** An error a handler throws to answer with a problem. */
export class HttpProblem extends Error {
  override readonly name = 'HttpProblem';
  constructor(
    readonly status: number,
    readonly slug: string,
    detail: string,
    readonly errors?: { field: string; message: string }[],
  ) {
    super(detail);
  }
}

/** Builds a problem body: `type` is `/api/v1/problems/<slug>` (documented in docs/api.md). */
export function problem(status: number, slug: string, detail: string | undefined, instance: string, errors?: ProblemBody['errors']): ProblemBody {
  return {
    type: `/api/v1/problems/${slug}`,
    title: TITLES[status] ?? 'Error',
    status,
    ...(detail !== undefined ? { detail } : {}),
    instance,
    ...(errors ? { errors } : {}),
  };
}
