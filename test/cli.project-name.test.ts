import { expect, it } from 'vitest'
import { projectName } from '../src/cli/index.js'

it("takes the folder's own name, wherever the folder is", () => {
  expect(projectName('my-api')).toBe('my-api')
  expect(projectName('apps/billing.api_v2')).toBe('billing.api_v2')
  expect(projectName('/tmp/x/my-api/')).toBe('my-api')
})

it.each([
  ['My-API', 'npm wants in lowercase'],
  ['my api', 'npm wants URL-safe (letters, digits, - . _)'],
  ['.hidden', 'npm refuses when it starts with a dot or an underscore'],
  ['_private', 'npm refuses when it starts with a dot or an underscore'],
  ["it's", "npm refuses with any of ~'!()*"],
  ['node_modules', 'npm reserves'],
  ['a'.repeat(215), 'npm caps at 214 characters'],
])("refuses '%s': %s", (name, rule) => {
  expect(() => projectName(`/tmp/${name}`)).toThrow(expect.objectContaining({
    code: 'FFA_ERR_CLI_PROJECT_NAME',
    message: `'${name}' cannot name a project: the folder's name becomes its package.json name, which ${rule}. Pick a name such as my-api.`,
  }))
})

it('refuses the root folder, which has no name', () => {
  expect(() => projectName('/')).toThrow(expect.objectContaining({ code: 'FFA_ERR_CLI_PROJECT_NAME' }))
})
