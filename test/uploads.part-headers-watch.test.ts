import { describe, expect, it } from 'vitest'
import { boundaryOf, PartHeadersWatch } from '../src/uploads/part-headers-watch.js'
import { multipartBody, type Part } from './helpers/uploads.js'

// The watch beside busboy that counts each part's header block: it must find every block
// however the body is cut into chunks, and never take a body's bytes for headers.

function watch (body: Buffer, limit: number, cuts: number[]): Array<string | undefined> {
  const exceeded: Array<string | undefined> = []
  const boundary = boundaryOf(multipartBody([]).contentType) as string
  const watcher = new PartHeadersWatch(boundary, limit, (field) => exceeded.push(field))
  let from = 0
  for (const cut of [...cuts, body.length]) {
    watcher.push(body.subarray(from, cut))
    from = cut
  }
  return exceeded
}

// Every way of cutting the body in two, and many random cuts into small pieces.
function cuttings (length: number): number[][] {
  const all: number[][] = [[]]
  for (let cut = 1; cut < length; cut++) all.push([cut])
  let seed = 7
  const random = (): number => { seed = (seed * 48271) % 2147483647; return seed / 2147483647 }
  for (let round = 0; round < 200; round++) {
    const cuts = new Set<number>()
    for (let count = 0; count < 20; count++) cuts.add(1 + Math.floor(random() * (length - 1)))
    all.push([...cuts].sort((a, b) => a - b))
  }
  for (let size = 1; size <= 7; size++) all.push(Array.from({ length: Math.floor((length - 1) / size) }, (_, index) => (index + 1) * size))
  return all
}

const header = (bytes: number): string => `X-Padding: ${'p'.repeat(bytes)}\r\n`

describe('PartHeadersWatch', () => {
  it('reads the boundary of a Content-Type, quoted or not', () => {
    expect(boundaryOf('multipart/form-data; boundary=abc')).toBe('abc')
    expect(boundaryOf('multipart/form-data; boundary="a b;c"')).toBe('a b;c')
    expect(boundaryOf('multipart/form-data; charset=utf-8; BOUNDARY=xyz ; other=1')).toBe('xyz')
    expect(boundaryOf('multipart/form-data')).toBeUndefined()
    expect(boundaryOf(undefined)).toBeUndefined()
  })

  it('stays quiet for headers under the limit, and for bodies that look like headers or hold the boundary without its CRLF, however the body is cut', () => {
    const tricky = Buffer.from(`--${'----fastify-fastapi-test'}X: ${'y'.repeat(300)}\r\n\r\n`)
    const parts: Part[] = [
      { name: 'a', value: 'x'.repeat(500) },
      { name: 'file', filename: 'f.bin', data: Buffer.concat([tricky, Buffer.alloc(300, 10), tricky]) },
      { name: 'b', filename: 'g.bin', data: '', headers: header(100) },
    ]
    const { body } = multipartBody(parts)
    for (const cuts of cuttings(body.length)) expect(watch(body, 200, cuts), String(cuts)).toEqual([])
  })

  it('tells, naming the field, when a part\'s headers pass the limit, however the body is cut', () => {
    const { body } = multipartBody([
      { name: 'a', value: 'x' },
      { name: 'big', filename: 'f.bin', data: 'x', headers: header(300) },
      { name: 'c', value: 'x' },
    ])
    for (const cuts of cuttings(body.length)) expect(watch(body, 300, cuts), String(cuts)).toEqual(['big'])
  })

  it('counts a first part with no preamble and one after a preamble, and stops at the closing delimiter', () => {
    const first = multipartBody([{ name: 'first', filename: 'f', data: '', headers: header(100) }])
    expect(watch(first.body, 100, [])).toEqual(['first'])
    const preamble = Buffer.concat([Buffer.from('a preamble, ignored\r\n'), first.body])
    expect(watch(preamble, 100, [3])).toEqual(['first'])
    const epilogue = Buffer.concat([multipartBody([{ name: 'a', value: 'x' }]).body, Buffer.from(header(500))])
    expect(watch(epilogue, 100, [])).toEqual([])
  })

  it('tells once, and for a header block that never ends', () => {
    const endless = Buffer.from(`--${'----fastify-fastapi-test'}\r\nContent-Disposition: form-data; name="endless"\r\n${'p'.repeat(5000)}`)
    expect(watch(endless, 1000, [10, 600, 2000])).toEqual(['endless'])
  })
})
