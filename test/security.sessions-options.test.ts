import Fastify from 'fastify'
import { describe, expect, it, onTestFinished } from 'vitest'
import { fastapi, fastapiSessions, sessionAuth, type SessionsOptions } from 'fastify-fastapi'
import { SECRET } from './helpers/sessions.js'

// The sessions plugin checks its options when it is registered: each mistake is refused with
// FFA_ERR_OPTION_INVALID, naming the option and the fix. A secret is never printed.

async function register (options: unknown): Promise<void> {
  const app = Fastify()
  onTestFinished(() => app.close())
  await app.register(fastapiSessions, options as SessionsOptions)
  await app.ready()
}

const FIX = "generate one with `node -e \"console.log(require('node:crypto').randomBytes(32).toString('base64url'))\"` and read it from the environment"

describe('the sessions plugin\'s options', () => {
  it.each([
    [{}, `fastify-fastapi/sessions: option 'secret' is required: it signs the session cookie; ${FIX}`],
    [{ secret: 'too-short-but-secret' }, `fastify-fastapi/sessions: option 'secret' must be at least 32 bytes long, to resist guessing; got 20 bytes; ${FIX}`],
    [{ secret: [SECRET, 'short-one'] }, `fastify-fastapi/sessions: option 'secret[1]' must be at least 32 bytes long, to resist guessing; got 9 bytes; ${FIX}`],
    [{ secret: [] }, `fastify-fastapi/sessions: option 'secret' must hold at least one secret; ${FIX}`],
    [{ secret: 42 }, `fastify-fastapi/sessions: option 'secret' must be a string of at least 32 bytes; got number; ${FIX}`],
    [{ secret: SECRET, store: 'redis' }, "fastify-fastapi/sessions: option 'store' must be 'memory', { url: 'redis://...' } or a store with get, set and destroy; got string 'redis'"],
    [{ secret: SECRET, store: { url: 'http://127.0.0.1:6379' } }, "fastify-fastapi/sessions: option 'store.url' must be a Redis URL, like 'redis://127.0.0.1:6379'; got string 'http://127.0.0.1:6379'"],
    [{ secret: SECRET, store: { url: 'redis://127.0.0.1:6379', db: 1 } }, "fastify-fastapi/sessions: option 'store' takes { url, prefix } for Redis; got the unknown key 'db'"],
    [{ secret: SECRET, ttl: 0 }, "fastify-fastapi/sessions: option 'ttl' must be an integer of at least 1, in milliseconds, like 86_400_000 for 24 hours; got number 0"],
    [{ secret: SECRET, maxSessions: 1.5 }, "fastify-fastapi/sessions: option 'maxSessions' must be an integer of at least 1, like 10_000; got number 1.5"],
    [{ secret: SECRET, cookie: { sameSite: 'none' } }, "fastify-fastapi/sessions: option 'cookie.sameSite' 'none' needs cookie.secure: true (browsers refuse SameSite=None without Secure); got secure string 'auto'"],
    [{ secret: SECRET, cookie: { sameSite: 'loose' } }, "fastify-fastapi/sessions: option 'cookie.sameSite' must be 'lax', 'strict' or 'none'; got string 'loose'"],
    [{ secret: SECRET, cookie: { secure: 'yes' } }, "fastify-fastapi/sessions: option 'cookie.secure' must be 'auto', true or false; got string 'yes'"],
    [{ secret: SECRET, cookie: { name: 'my session' } }, "fastify-fastapi/sessions: option 'cookie.name' must be a cookie name (letters, digits and !#$%&'*+-.^_`|~), like 'session'; got string 'my session'"],
    [{ secret: SECRET, cookie: { path: 'app' } }, "fastify-fastapi/sessions: option 'cookie.path' must be a path starting with '/'; got string 'app'"],
    [{ secret: SECRET, cookie: { httpOnly: false } }, "fastify-fastapi/sessions cookie: option 'httpOnly' is not an option of fastify-fastapi/sessions cookie; its options are: name, secure, sameSite, path, domain"],
    [{ secret: SECRET, csrf: 'on' }, "fastify-fastapi/sessions: option 'csrf' must be true, false or { header: 'x-csrf-token' }; got string 'on'"],
    [{ secret: SECRET, csrf: { header: 'x csrf' } }, "fastify-fastapi/sessions: option 'csrf.header' must be a header name, like 'x-csrf-token'; got string 'x csrf'"],
    [{ secret: SECRET, saveUninitialized: true }, "fastify-fastapi/sessions: option 'saveUninitialized' is not an option of fastify-fastapi/sessions; its options are: secret, store, ttl, maxSessions, cookie, csrf"],
  ])('refuses %o', async (options, message) => {
    await expect(register(options)).rejects.toMatchObject({ code: 'FFA_ERR_OPTION_INVALID', message })
  })

  it('never writes the secret into its message', async () => {
    const secret = 'hunter2-short'
    await expect(register({ secret })).rejects.toSatisfy((error: Error) => !error.message.includes(secret))
  })

  it('counts the secret in bytes: 11 three-byte characters are 33 bytes', async () => {
    await expect(register({ secret: '\u5bc6'.repeat(11) })).resolves.toBeUndefined()
  })

  it('is off in the preset unless given, and refuses a value that is no options object', async () => {
    const app = Fastify()
    onTestFinished(() => app.close())
    await app.register(fastapi)
    await app.ready()
    expect(app.hasRequestDecorator('sessionLogin')).toBe(false)

    const wrong = Fastify()
    onTestFinished(() => wrong.close())
    // @ts-expect-error  sessions is false or the plugin's options
    await expect(wrong.register(fastapi, { sessions: 'memory' })).rejects.toMatchObject({ code: 'FFA_ERR_OPTION_INVALID', message: "fastify-fastapi: option 'sessions' must be false (to switch it off) or an options object; got string 'memory'" })
  })

  it('refuses bad sessionAuth() options when the dependency is declared', () => {
    // @ts-expect-error  autoError is a boolean
    expect(() => sessionAuth({ autoError: 'no' })).toThrow("sessionAuth: option 'autoError' must be true or false; got string 'no'")
    expect(() => sessionAuth({ cookieName: '' })).toThrow("sessionAuth: option 'cookieName' must be a non-empty string; got string ''")
    // @ts-expect-error  an unknown option
    expect(() => sessionAuth({ scopes: ['me'] })).toThrow(/option 'scopes' is not an option of sessionAuth/)
  })
})
