import { readdirSync } from 'node:fs'
import path from 'node:path'
import type { AddressInfo } from 'node:net'
import { describe, expect, it, onTestFinished, vi } from 'vitest'
import { buildApp } from '../app.js'
import { getDatabase } from '../dependencies.js'
import { buildTestApp } from './helpers.js'

// An item's image: uploaded as multipart (PNG, JPEG or WebP, at most 5 MiB, checked by its
// bytes), kept in the storage under a random key, served back with its type. Over real HTTP.

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5f6d5b80000000049454e44ae426082', 'hex')
const JPEG = Buffer.concat([Buffer.from('ffd8ffe000104a46494600010100000100010000', 'hex'), Buffer.alloc(64), Buffer.from('ffd9', 'hex')])

async function shop () {
  const { app, db, dataDir } = await buildTestApp()
  await app.listen({ port: 0, host: '127.0.0.1' })
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
  const upload = async (itemId: number, data: Buffer | string, filename: string, type: string): Promise<Response> => {
    const body = new FormData()
    body.append('image', new Blob([typeof data === 'string' ? data : new Uint8Array(data)], { type }), filename)
    return await fetch(`${url}/items/${itemId}/image`, { method: 'PUT', body })
  }
  const stored = (): string[] => {
    try {
      return readdirSync(path.join(dataDir, 'images'))
    } catch {
      return []
    }
  }
  return { url, upload, stored, db, dataDir }
}

describe('an item\'s image', () => {
  it('is uploaded, stored under a random key, and served back with its type', async () => {
    const { url, upload, stored } = await shop()
    const res = await upload(1, PNG, 'plumbus.png', 'image/png')
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ item_id: 1, content_type: 'image/png', size: PNG.length })
    expect(stored()).toEqual([expect.stringMatching(/^[0-9a-f]{32}\.png$/)])

    const image = await fetch(`${url}/items/1/image`)
    expect(image.status).toBe(200)
    expect(image.headers.get('content-type')).toBe('image/png')
    expect(Buffer.from(await image.arrayBuffer())).toEqual(PNG)
  })

  it('replaces the previous image, whose file is removed', async () => {
    const { url, upload, stored } = await shop()
    expect((await upload(1, PNG, 'a.png', 'image/png')).status).toBe(200)
    expect((await upload(1, JPEG, 'b.jpg', 'image/jpeg')).status).toBe(200)
    // Removed once the new key is committed: a background task, after the answer.
    await vi.waitFor(() => { expect(stored()).toEqual([expect.stringMatching(/^[0-9a-f]{32}\.jpg$/)]) })
    const image = await fetch(`${url}/items/1/image`)
    expect(image.headers.get('content-type')).toBe('image/jpeg')
  })

  it('outlives a restart: its key is in the database, its bytes in the folder', async () => {
    const { upload, db, dataDir } = await shop()
    expect((await upload(1, PNG, 'plumbus.png', 'image/png')).status).toBe(200)

    // Another process of the shop, as after a deploy: the same database and image folder.
    const restarted = await buildApp({ logger: false, dataDir })
    onTestFinished(() => restarted.close())
    restarted.dependencyOverrides.set(getDatabase, () => db)
    const image = await restarted.inject({ method: 'GET', url: '/items/1/image' })
    expect(image.statusCode).toBe(200)
    expect(image.headers['content-type']).toBe('image/png')
    expect(image.rawPayload).toEqual(PNG)
  })

  it('is 404 when the item has none, or there is no such item', async () => {
    const { url, upload } = await shop()
    const none = await fetch(`${url}/items/2/image`)
    expect(none.status).toBe(404)
    expect(await none.json()).toEqual({ detail: 'Image not found' })
    expect(await (await fetch(`${url}/items/999/image`)).json()).toEqual({ detail: 'Item not found' })
    const res = await upload(999, PNG, 'a.png', 'image/png')
    expect(res.status).toBe(404)
  })

  it('refuses a file that is no image, whatever its name and type say, and stores nothing', async () => {
    const { upload, stored } = await shop()
    const res = await upload(1, '<script>alert(1)</script>', 'cat.png', 'image/png')
    expect(res.status).toBe(422)
    expect(await res.json()).toEqual({
      detail: [{
        type: 'file_type',
        loc: ['body', 'image'],
        msg: "File content should be of type 'image/png', 'image/jpeg' or 'image/webp'",
        input: { filename: 'cat.png', content_type: 'image/png' },
        ctx: { expected: "'image/png', 'image/jpeg' or 'image/webp'", detected: null },
      }],
    })
    const lying = await upload(1, PNG, 'cat.jpg', 'image/jpeg')
    expect(lying.status).toBe(422)
    expect(await lying.json()).toMatchObject({ detail: [{ type: 'file_type_mismatch', loc: ['body', 'image'] }] })
    expect(stored()).toEqual([])
  })

  it('refuses an image past 5 MiB with 413', async () => {
    const { upload, stored } = await shop()
    const big = Buffer.concat([PNG, Buffer.alloc(5 * 1024 * 1024)])
    const res = await upload(1, big, 'big.png', 'image/png')
    expect(res.status).toBe(413)
    expect(await res.json()).toEqual({ detail: "File too large. Maximum size of a file is 5 MiB. (limit 'maxSize', field 'image')" })
    expect(stored()).toEqual([])
  })

  it('is a missing field when no image is sent', async () => {
    const { url } = await shop()
    const res = await fetch(`${url}/items/1/image`, { method: 'PUT', body: new FormData() })
    expect(res.status).toBe(422)
    expect(await res.json()).toEqual({ detail: [{ type: 'missing', loc: ['body', 'image'], msg: 'Field required', input: null }] })
  })
})
