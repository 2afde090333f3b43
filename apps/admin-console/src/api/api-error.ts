/** One problem with one field, as config-api's validation names it. */
export interface FieldProblem {
  field: string;
  message: string;
}

/** An error answer of the API: `{statusCode, code, message, details}`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown,
  ) {
    super(message);
  }

  /** The field problems of a 400 (`details: [{field, message}]`), else none. */
  get fieldProblems(): FieldProblem[] {
    return Array.isArray(this.details)
      ? this.details.filter(
          (item): item is FieldProblem =>
            typeof item === 'object' && item !== null && 'field' in item && 'message' in item,
        )
      : [];
  }
}
