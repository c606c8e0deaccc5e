/** An opencode permission action. */
export type PermissionAction = 'allow' | 'ask' | 'deny';

/**
 * opencode's `permission` config: one action for everything, or per permission
 * name (`edit`, `bash`, `webfetch`, `external_directory`, `*`, …) an action or
 * a map from pattern to action.
 */
export type PermissionConfig =
  | PermissionAction
  | Record<string, PermissionAction | Record<string, PermissionAction>>;

/** The opencode agent a run uses: `build` has full access, `plan` is read-only. */
export type OpenCodeAgentName = 'build' | 'plan';

/**
 * The default permissions, as the Python ancestor set them: no `ask` for the
 * tools a coding turn needs, so an unattended run does not stop on a question.
 * opencode's built-in asks (`external_directory`, `doom_loop`, reading `.env`
 * files) stay, and are answered by the agent's permission handling.
 */
export function defaultPermission(agent: OpenCodeAgentName): Record<string, PermissionAction> {
  return agent === 'plan'
    ? { edit: 'deny', bash: 'deny', webfetch: 'allow' }
    : { edit: 'allow', bash: 'allow', webfetch: 'allow' };
}
