// The naming rule of the Agent Skills specification, in one place so the parser
// and the "New Skill" command agree: 1-64 characters, lowercase letters, digits
// and hyphens, no hyphen at either end and never two in a row.

export const MAX_NAME_LENGTH = 64;

const NAME_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Why `name` is not a valid skill name, or undefined when it is. */
export function skillNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'the name is empty';
  if (name.length > MAX_NAME_LENGTH) return `the name is ${name.length} characters long (at most ${MAX_NAME_LENGTH})`;
  if (NAME_PATTERN.test(name)) return undefined;
  if (/[A-Z]/.test(name)) return 'the name has uppercase letters (use lowercase letters, digits and hyphens)';
  if (name.startsWith('-') || name.endsWith('-')) return 'the name starts or ends with a hyphen';
  if (name.includes('--')) return 'the name has two hyphens in a row';
  return 'the name may only contain lowercase letters, digits and single hyphens';
}

/**
 * Whether `name` can safely be a single path segment (the mount point
 * /skills/<name> and a folder name). A skill whose name fails the specification
 * still loads with a warning, but never one that could escape its mount.
 */
export function isSafePathSegment(name: string): boolean {
  return (
    name.length > 0 &&
    name.length <= 255 &&
    name !== '.' &&
    name !== '..' &&
    !/[/\\]/.test(name) &&
    // eslint-disable-next-line no-control-regex
    !/[\u0000-\u001f\u007f]/.test(name)
  );
}
