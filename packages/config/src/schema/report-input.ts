/**
 * Asks a zod schema to keep the offending value in its issues:
 * `describeIssues` quotes it for enum mismatches, and never otherwise.
 */
export const reportInput = { reportInput: true } as const;
