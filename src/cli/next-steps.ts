import { relative } from 'node:path'

// A path a shell reads as one word as it is: anything else is single-quoted (POSIX shells;
// Windows' cmd has no quotes of this kind, and gets paths of this kind in practice).
const PLAIN = /^[\w./@%+=:,-]+$/

function shellWord (path: string): string {
  return PLAIN.test(path) ? path : `'${path.replaceAll("'", "'\\''")}'`
}

/**
 * The commands that run a project just created in `directory`, as typed from `cwd`: `cd` into
 * it (unless it is `cwd`), then the README's `npm install && npm start`.
 *
 * @example
 * nextSteps('/home/me/my-api', '/home/me')   // ['cd my-api', 'npm install && npm start']
 */
export function nextSteps (directory: string, cwd: string): string[] {
  const fromCwd = relative(cwd, directory)
  const steps = fromCwd === '' ? [] : [`cd ${shellWord(fromCwd)}`]
  steps.push('npm install && npm start')
  return steps
}
