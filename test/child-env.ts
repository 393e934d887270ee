/**
 * An environment for a child process that runs the sources through another loader (tsx, in the build and in
 * some checks): tap still follows the child, but records no coverage there, whose line maps are not tap's
 * and would skew the report (@tapjs/processinfo excludes from coverage the files this pattern matches).
 */
export const withoutCoverage = (env: NodeJS.ProcessEnv): NodeJS.ProcessEnv => ({ ...env, _TAPJS_PROCESSINFO_COV_EXCLUDE_: '/./' })
