import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { z } from 'zod'
import { File, LocalFolderStorage } from 'fastify-fastapi'
import { buildApp } from '../helpers/app.js'
import { listen } from '../helpers/raw-http.js'
import { HTML, PNG, postMultipart } from '../helpers/uploads.js'

// Hostile forms beyond the limits (forms.multipart-bomb, forms.malformed-multipart, and
// test/forms.limits.test.ts for fields): prototype keys, a field sent many times to turn a
// string into a list, a file's name as a path, a lying Content-Type.

const FORM = { 'content-type': 'application/x-www-form-urlencoded' }

describe('Form and multipart abuse', () => {
  it('pollutes no prototype with __proto__ and constructor[prototype] field names, and keeps only declared fields', async () => {
    const app = await buildApp()
    app.api.post('/login', { form: z.object({ username: z.string(), password: z.string() }) }, ({ form }) => ({ keys: Object.keys(form), admin: (form as Record<string, unknown>).isAdmin ?? null }))

    const res = await app.inject({ method: 'POST', url: '/login', headers: FORM, payload: 'username=rick&password=x&__proto__[isAdmin]=true&constructor[prototype][isAdmin]=true&__proto__=x' })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ keys: ['username', 'password'], admin: null })
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined()
  })

  it('answers a single field sent twice with its last value, never an array the handler did not ask for', async () => {
    const app = await buildApp()
    app.api.post('/login', { form: z.object({ username: z.string(), password: z.string() }) }, ({ form }) => ({ username: form.username, type: typeof form.username }))

    const res = await app.inject({ method: 'POST', url: '/login', headers: FORM, payload: 'username=alice&username=admin&password=x' })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ username: 'admin', type: 'string' })
  })

  it.each(['../../../../etc/passwd', '..\\..\\windows\\system32\\evil.png', '/etc/shadow', 'a\u0000.png', '%2e%2e%2fsecret'])('stores a file named %j under a name of its own, inside the storage folder', async (filename) => {
    const root = await mkdtemp(path.join(tmpdir(), 'ffa-abuse-'))
    onTestFinished(() => rm(root, { recursive: true, force: true }))
    const storage = new LocalFolderStorage({ root })
    const app = await buildApp()
    app.api.post('/avatars/', { form: z.object({ image: File({ accept: ['image/png'] }) }) }, async ({ form }) => {
      const stored = await form.image.save(storage, { extension: form.image.detectedType?.ext })
      return { key: stored.key, filename: form.image.filename }
    })
    const url = `http://127.0.0.1:${await listen(app)}`

    const res = await postMultipart(`${url}/avatars/`, [{ name: 'image', filename, type: 'image/png', data: PNG }])
    expect(res.status, JSON.stringify(res.json)).toBe(200)
    const { key } = res.json as { key: string }
    expect(key).toMatch(/^[0-9a-f]{32}\.png$/)
    expect(await readdir(root)).toEqual([key])
  })

  it('refuses an HTML page sent as image/png (the Content-Type is the client\'s word, the bytes are checked)', async () => {
    const app = await buildApp()
    let ran = false
    app.api.post('/avatars/', { form: z.object({ image: File({ accept: ['image/png'] }) }) }, () => { ran = true; return {} })
    const url = `http://127.0.0.1:${await listen(app)}`

    const res = await postMultipart(`${url}/avatars/`, [{ name: 'image', filename: 'cat.png', type: 'image/png', data: HTML }])
    expect(res.status, JSON.stringify(res.json)).toBe(422)
    expect((res.json as { detail: Array<{ loc: unknown[] }> }).detail.map((item) => item.loc)).toEqual([['body', 'image']])
    expect(ran).toBe(false)
  })
})
