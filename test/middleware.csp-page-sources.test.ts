// allowPageSources: a docs page adds what it needs to the reply's Content-Security-Policy, in
// the directive the browser applies (CSP Level 3's fallbacks), and nothing else.
import Fastify from 'fastify'
import { describe, expect, it, onTestFinished } from 'vitest'
import { allowPageSources, scriptHashSource, type PageSources } from '../src/middleware/content-security-policy.js'

async function policyAfter (headers: Record<string, string>, sources: PageSources): Promise<Record<string, string | undefined>> {
  const app = Fastify()
  onTestFinished(() => app.close())
  app.get('/', async (_request, reply) => {
    for (const [name, value] of Object.entries(headers)) reply.header(name, value)
    allowPageSources(reply, sources)
    return 'page'
  })
  const res = await app.inject('/')
  return { policy: res.headers['content-security-policy'] as string | undefined, reportOnly: res.headers['content-security-policy-report-only'] as string | undefined }
}

const HASH = scriptHashSource('init()')

describe('allowPageSources', () => {
  it('hashes a script as CSP does: sha256, base64, quoted', () => {
    // `printf 'init()' | openssl dgst -sha256 -binary | base64`
    expect(HASH).toBe("'sha256-w4ujnOpjBoH2vcasx+reJRUwYivG8Q3afx/XevGJod8='")
  })

  it('adds the hash to script-src, and to script-src-elem when there is one', async () => {
    expect((await policyAfter({ 'content-security-policy': "default-src 'self'; script-src 'self'" }, { scripts: [HASH] })).policy)
      .toBe(`default-src 'self';script-src 'self' ${HASH}`)
    expect((await policyAfter({ 'content-security-policy': "script-src 'self'; script-src-elem 'self' https://cdn.example" }, { scripts: [HASH] })).policy)
      .toBe(`script-src 'self';script-src-elem 'self' https://cdn.example ${HASH}`)
  })

  it('writes a script-src from default-src when only that is there, and replaces \'none\'', async () => {
    expect((await policyAfter({ 'content-security-policy': "default-src 'self'" }, { scripts: [HASH] })).policy).toBe(`default-src 'self';script-src 'self' ${HASH}`)
    expect((await policyAfter({ 'content-security-policy': "script-src 'none'" }, { scripts: [HASH] })).policy).toBe(`script-src ${HASH}`)
  })

  it('writes a worker-src from the nearest fallback for workers', async () => {
    expect((await policyAfter({ 'content-security-policy': "default-src 'self'; script-src 'self'" }, { workers: ['blob:'] })).policy)
      .toBe("default-src 'self';script-src 'self';worker-src 'self' blob:")
    expect((await policyAfter({ 'content-security-policy': "default-src 'none'; worker-src 'self'" }, { workers: ['blob:'] })).policy)
      .toBe("default-src 'none';worker-src 'self' blob:")
  })

  it('changes a report-only policy too, leaves a policy without script rules and a reply without a policy alone', async () => {
    const both = await policyAfter({ 'content-security-policy': "img-src 'self'", 'content-security-policy-report-only': "script-src 'self'" }, { scripts: [HASH] })
    expect(both.policy).toBe("img-src 'self'")
    expect(both.reportOnly).toBe(`script-src 'self' ${HASH}`)
    expect(await policyAfter({}, { scripts: [HASH] })).toEqual({ policy: undefined, reportOnly: undefined })
  })
})
