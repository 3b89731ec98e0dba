import * as fileType from 'file-type'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { File, SNIFF_BYTES } from '../src/uploads/index.js'
import { HTML, JPEG, PDF, PNG, postMultipart, uploadsApp } from './helpers/uploads.js'

// A file's type is read from its first bytes (the file-type package), never taken from the
// Content-Type or the name the client sent; both must agree with the content.

const WEBP = Buffer.concat([Buffer.from('RIFF'), Buffer.from([26, 0, 0, 0]), Buffer.from('WEBPVP8 '), Buffer.alloc(18)])
const GIF = Buffer.concat([Buffer.from('GIF89a'), Buffer.alloc(32)])
const IMAGES = ['image/png', 'image/jpeg', 'image/webp']
const image = (filename: string, type: string, data: Buffer) => [{ name: 'image', filename, type, data }]

async function imagesApp (accept: readonly string[] = IMAGES) {
  const uploads = await uploadsApp()
  uploads.form('/images/', z.object({ image: File({ accept }) }), ({ image }) => ({ detected: image.detectedType, type: image.contentType }))
  return { ...uploads, url: await uploads.listen() }
}

describe('A file checked by its content', { timeout: 30_000 }, () => {
  it('takes a PNG, a JPEG and a WebP, and tells the handler the detected type', async () => {
    const { url } = await imagesApp()
    expect(await postMultipart(`${url}/images/`, image('dot.png', 'image/png', PNG))).toEqual({ status: 200, json: { detected: { mime: 'image/png', ext: 'png' }, type: 'image/png' } })
    expect(await postMultipart(`${url}/images/`, image('photo.jpg', 'image/jpeg', JPEG))).toEqual({ status: 200, json: { detected: { mime: 'image/jpeg', ext: 'jpg' }, type: 'image/jpeg' } })
    expect(await postMultipart(`${url}/images/`, image('pic.webp', 'image/webp', WEBP))).toEqual({ status: 200, json: { detected: { mime: 'image/webp', ext: 'webp' }, type: 'image/webp' } })
  })

  it('refuses a lying Content-Type: HTML sent as image/png is a 422 naming the field, and nothing is kept', async () => {
    const { url, tempFiles } = await imagesApp()
    expect(await postMultipart(`${url}/images/`, image('evil.png', 'image/png', HTML))).toEqual({
      status: 422,
      json: {
        detail: [{
          type: 'file_type',
          loc: ['body', 'image'],
          msg: "File content should be of type 'image/png', 'image/jpeg' or 'image/webp'",
          input: { filename: 'evil.png', content_type: 'image/png' },
          ctx: { expected: "'image/png', 'image/jpeg' or 'image/webp'", detected: null },
        }],
      },
    })
    await expect.poll(tempFiles, { timeout: 10_000 }).toEqual([])
  })

  it('names the type it found when the content is of a type not accepted', async () => {
    const { url } = await imagesApp()
    const response = await postMultipart(`${url}/images/`, image('cv.png', 'image/png', PDF))
    expect(response.status).toBe(422)
    expect(response.json).toMatchObject({ detail: [{ type: 'file_type', loc: ['body', 'image'], ctx: { detected: 'application/pdf' } }] })
  })

  it('refuses an accepted content sent under another accepted type, or under another extension', async () => {
    const { url } = await imagesApp()
    expect(await postMultipart(`${url}/images/`, image('dot.png', 'image/jpeg', PNG))).toEqual({
      status: 422,
      json: {
        detail: [{
          type: 'file_type_mismatch',
          loc: ['body', 'image'],
          msg: 'File content is image/png, but it was sent as image/jpeg',
          input: { filename: 'dot.png', content_type: 'image/jpeg' },
          ctx: { detected: 'image/png', content_type: 'image/jpeg' },
        }],
      },
    })
    expect(await postMultipart(`${url}/images/`, image('dot.jpg', 'application/octet-stream', PNG))).toEqual({
      status: 422,
      json: {
        detail: [{
          type: 'file_type_mismatch',
          loc: ['body', 'image'],
          msg: 'File content is image/png, but its name ends in .jpg',
          input: { filename: 'dot.jpg', content_type: 'application/octet-stream' },
          ctx: { detected: 'image/png', extension: 'jpg' },
        }],
      },
    })
  })

  it('takes the other names of a type (.JPEG, image/jpg), no extension, and an unknown Content-Type', async () => {
    const { url } = await imagesApp()
    expect((await postMultipart(`${url}/images/`, image('photo.JPEG', 'image/jpg', JPEG))).status).toBe(200)
    expect((await postMultipart(`${url}/images/`, image('photo', 'image/jpeg', JPEG))).status).toBe(200)
    expect((await postMultipart(`${url}/images/`, image('dot.png', 'application/octet-stream', PNG))).status).toBe(200)
  })

  it('takes any type of a family with image/*', async () => {
    const { url } = await imagesApp(['image/*'])
    expect(await postMultipart(`${url}/images/`, image('anim.gif', 'image/gif', GIF))).toEqual({ status: 200, json: { detected: { mime: 'image/gif', ext: 'gif' }, type: 'image/gif' } })
    expect((await postMultipart(`${url}/images/`, image('cv.pdf', 'application/pdf', PDF))).status).toBe(422)
  })

  it('refuses an empty file where a type is required: no content is no type', async () => {
    const { url } = await imagesApp()
    const response = await postMultipart(`${url}/images/`, image('empty.png', 'image/png', Buffer.alloc(0)))
    expect(response).toMatchObject({ status: 422, json: { detail: [{ type: 'file_type', loc: ['body', 'image'], ctx: { detected: null } }] } })
  })

  it('names the index of the refused file in a list, as FastAPI\'s loc does', async () => {
    const { form, listen } = await uploadsApp()
    form('/images/', z.object({ images: z.array(File({ accept: IMAGES })) }), ({ images }) => images.length)
    const url = await listen()
    const response = await postMultipart(`${url}/images/`, [
      { name: 'images', filename: 'a.png', type: 'image/png', data: PNG },
      { name: 'images', filename: 'b.png', type: 'image/png', data: HTML },
    ])
    expect(response).toMatchObject({ status: 422, json: { detail: [{ type: 'file_type', loc: ['body', 'images', 1] }] } })
  })

  it('checks File.bytes() the same way', async () => {
    const { form, listen } = await uploadsApp()
    form('/avatar/', z.object({ avatar: File.bytes({ maxSize: 1024, accept: ['image/png'] }) }), ({ avatar }) => ({ size: avatar.length }))
    const url = await listen()
    expect(await postMultipart(`${url}/avatar/`, [{ name: 'avatar', filename: 'a.png', type: 'image/png', data: PNG }])).toEqual({ status: 200, json: { size: PNG.length } })
    expect((await postMultipart(`${url}/avatar/`, [{ name: 'avatar', filename: 'a.png', type: 'image/png', data: HTML }])).status).toBe(422)
  })

  it('reads as many first bytes as file-type finds reasonable', () => {
    // Exported by file-type, though its types leave it out.
    expect(SNIFF_BYTES).toBe((fileType as unknown as { reasonableDetectionSizeInBytes: number }).reasonableDetectionSizeInBytes)
  })

  it('checks a large file by its first bytes, with the rest arriving in many chunks', async () => {
    const { url, tempFiles } = await imagesApp()
    const large = Buffer.concat([PNG, Buffer.alloc(3 * 1024 * 1024, 1)])
    expect(await postMultipart(`${url}/images/`, image('big.png', 'image/png', large))).toMatchObject({ status: 200, json: { detected: { mime: 'image/png' } } })
    const lying = Buffer.concat([HTML, Buffer.alloc(3 * 1024 * 1024, 1)])
    expect(await postMultipart(`${url}/images/`, image('big.png', 'image/png', lying))).toMatchObject({ status: 422 })
    await expect.poll(tempFiles, { timeout: 10_000 }).toEqual([])
  })
})
