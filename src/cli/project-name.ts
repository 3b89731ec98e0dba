import { basename, resolve } from 'node:path'
import { FFA_ERR_CLI_PROJECT_NAME } from '../shared/codes.js'

// npm's rules for a new package's name (validate-npm-package-name's errors, for an unscoped
// name: a folder's name holds no '/'). Each says what the name breaks.
const RULES: ReadonlyArray<readonly [(name: string) => boolean, string]> = [
  [(name) => name.length > 0, 'npm needs to hold a character at least (a folder, not the root)'],
  [(name) => name.length <= 214, 'npm caps at 214 characters'],
  [(name) => !/^[._]/.test(name), 'npm refuses when it starts with a dot or an underscore'],
  [(name) => name === name.trim(), 'npm refuses with spaces around it'],
  [(name) => name === name.toLowerCase(), 'npm wants in lowercase'],
  [(name) => !/[~'!()*]/.test(name), "npm refuses with any of ~'!()*"],
  [(name) => encodeURIComponent(name) === name, 'npm wants URL-safe (letters, digits, - . _)'],
  [(name) => name !== 'node_modules' && name !== 'favicon.ico', 'npm reserves'],
]

/**
 * The package.json name of a project created in `directory`: the folder's own name, as
 * `npm init` takes it. A name npm would refuse is FFA_ERR_CLI_PROJECT_NAME, saying which rule.
 *
 * @example
 * projectName('apps/my-api')   // 'my-api'
 * projectName('My API')        // throws: npm wants it in lowercase
 */
export function projectName (directory: string): string {
  const name = basename(resolve(directory))
  for (const [holds, rule] of RULES) {
    if (!holds(name)) throw new FFA_ERR_CLI_PROJECT_NAME(name, rule)
  }
  return name
}
