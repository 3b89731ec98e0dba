import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import Fastify from 'fastify'
import { describe, expect, it, onTestFinished } from 'vitest'
import * as library from 'fastify-fastapi'
import { fastapi } from 'fastify-fastapi'

// The README's porting guide names no API the package does not have: every name it spells as
// FastAPI does is exported, and the route and docs options it names are the ones the plugins
// take (each refuses an option it does not know, at registration).
const readme = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8')
const start = readme.indexOf('\n## Porting guide')
const guide = readme.slice(start, readme.indexOf('\n## ', start + 1))
const rows = guide.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| Tutorial section') && !line.startsWith('|---'))
  .map((line) => line.split(/(?<!\\)\|/).slice(1, -1).map((cell) => cell.trim()))
const codeOf = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((match) => match[1] as string).join(' ')
// Names in code, not the words of its strings.
const identifiers = (code: string) => new Set(code.replace(/'[^']*'|"[^"]*"/g, '').match(/[A-Za-z_$][\w$]*/g) ?? [])

// Names of ours with no FastAPI twin, which the guide uses.
const OWN_NAMES = ['fastapi', 'fastapiServerOptions', 'JWT', 'hashPassword', 'verifyPassword']
const ROUTE_OPTIONS = ['params', 'query', 'headers', 'cookies', 'body', 'form', 'deps', 'dependencies', 'response', 'status', 'tags', 'summary', 'description',
  'responseDescription', 'deprecated', 'responseClass', 'responseModelExcludeUnset', 'responseModelInclude', 'responseModelExclude']
const DOCS_OPTIONS = { title: 'T', summary: 'S', description: 'D', version: '1.0.0', termsOfService: 'https://example.com/terms', contact: { name: 'C' }, licenseInfo: { name: 'MIT' }, openapiTags: [{ name: 'items' }], openapiUrl: '/openapi.json', docsUrl: '/docs', redocUrl: null }

describe('the README\'s porting guide', () => {
  it('has one row per tutorial section, each with FastAPI\'s spelling and ours', () => {
    expect(rows.length).toBeGreaterThan(40)
    for (const row of rows) {
      expect(row, row[0]).toHaveLength(3)
      expect(codeOf(row[1] as string), row[0]).not.toBe('')
      expect(codeOf(row[2] as string), row[0]).not.toBe('')
    }
    expect(new Set(rows.map((row) => row[0])).size).toBe(rows.length)
  })

  it('exports every name it spells as FastAPI does, and the names of ours it uses', () => {
    const exported = new Set(Object.keys(library))
    const missing: string[] = []
    for (const [section, fastapiCell, oursCell] of rows as Array<[string, string, string]>) {
      const theirs = identifiers(codeOf(fastapiCell))
      for (const name of identifiers(codeOf(oursCell))) {
        // A capitalised name both sides share is a class or function ported by name.
        if (theirs.has(name) && /^[A-Z]/.test(name) && !exported.has(name) && !['Item', 'User', 'UserOut', 'Image', 'Cookies', 'CommonHeaders', 'FilterParams', 'FormData', 'UnicornException', 'DBSession', 'CommonQueryParams', 'Fastify'].includes(name)) {
          missing.push(`${section}: ${name}`)
        }
      }
    }
    expect(missing).toEqual([])
    for (const name of OWN_NAMES) {
      expect(guide).toContain(name)
      expect(exported.has(name), name).toBe(true)
    }
    // Some names it shares with FastAPI, checked above: the check reads what it judges.
    expect(exported.has('OAuth2PasswordBearer') && guide.includes('OAuth2PasswordBearer({')).toBe(true)
  })

  it('names route options a route takes, and docs options the preset takes', async () => {
    const app = Fastify()
    onTestFinished(() => app.close())
    await app.register(fastapi, { docs: DOCS_OPTIONS })
    let known = ''
    try {
      // @ts-expect-error  'unknownOption' is not a route option: the types refuse it too
      app.api.get('/probe', { unknownOption: true }, () => ({}))
    } catch (error) {
      known = String((error as Error).message)
    }
    expect(known).toMatch(/^Route GET \/probe has an unknown option 'unknownOption'\. Known options: /)
    const options = new Set(known.replace(/^.*Known options: /, '').replace(/\.$/, '').split(', '))
    for (const option of ROUTE_OPTIONS) {
      expect(guide, option).toMatch(new RegExp(`\\b${option}\\b`))
      expect(options.has(option), option).toBe(true)
    }
    for (const option of Object.keys(DOCS_OPTIONS)) expect(guide, option).toContain(option)
    await app.ready()
    const openapi = (await app.inject('/openapi.json')).json()
    expect(openapi.info).toMatchObject({ title: 'T', summary: 'S', termsOfService: 'https://example.com/terms', license: { name: 'MIT' } })
  })

  it('spells the decorators the preset adds to the app', async () => {
    const app = Fastify()
    onTestFinished(() => app.close())
    await app.register(fastapi)
    for (const decorator of ['api', 'middleware', 'exceptionHandler', 'dependencyOverrides'] as const) {
      expect(guide).toContain(`app.${decorator}`)
      expect(app[decorator], decorator).toBeDefined()
    }
  })
})
