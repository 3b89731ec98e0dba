import { describe, expect, it } from 'vitest'
import { DEFAULT_FORM_LIMITS } from '../src/inputs/form-limits.js'
import { parseUrlEncoded } from '../src/inputs/urlencoded.js'

// Starlette reads a urlencoded form with python-multipart's QuerystringParser and
// `unquote_plus` on each name and value: these are its readings.
const parse = (text: string) => ({ ...parseUrlEncoded(text, DEFAULT_FORM_LIMITS) })

describe('parseUrlEncoded', () => {
  it('reads names and values, a repeated name into a list in order', () => {
    expect(parse('username=Foo&tags=a&tags=b&tags=c')).toEqual({ username: 'Foo', tags: ['a', 'b', 'c'] })
  })

  it('decodes + as a space and %XX as UTF-8 bytes, names too', () => {
    expect(parse('full+name=Zo%C3%AB+O%27Brien&a%2Bb=1%2B1%3D2&%F0%9F%8D%95=pizza')).toEqual({ 'full name': "Zoë O'Brien", 'a+b': '1+1=2', '🍕': 'pizza' })
    expect(parse('a+b=c+d+e')).toEqual({ 'a b': 'c d e' })
  })

  it('leaves a bad escape as it is and turns bad UTF-8 into U+FFFD, as unquote_plus does', () => {
    expect(parse('a=100%&b=%zz&c=%C3&d=%C3%AB%')).toEqual({ a: '100%', b: '%zz', c: '\uFFFD', d: 'ë%' })
  })

  it('reads a field without = as an empty value, and splits at the first =', () => {
    expect(parse('flag&x=a=b&=anonymous')).toEqual({ flag: '', x: 'a=b', '': 'anonymous' })
    expect(parse('x=1&flag')).toEqual({ x: '1', flag: '' })
  })

  it('skips empty fields', () => {
    expect(parse('&&a=1&&b=2&')).toEqual({ a: '1', b: '2' })
    expect(parse('')).toEqual({})
  })

  it('keeps __proto__ and constructor as fields, in an object with no prototype', () => {
    const values = parseUrlEncoded('__proto__=x&constructor=y&toString=z', DEFAULT_FORM_LIMITS)
    expect(Object.getPrototypeOf(values)).toBe(null)
    expect(Object.entries(values)).toEqual([['__proto__', 'x'], ['constructor', 'y'], ['toString', 'z']])
  })

  it('stops at the first field past a limit', () => {
    expect(() => parseUrlEncoded('a=1&b=2&c=3', { fields: 2, fieldSize: 100 })).toThrow(expect.objectContaining({ status: 413 }))
    expect(() => parseUrlEncoded('a=1&long=123456', { fields: 10, fieldSize: 10 })).toThrow(expect.objectContaining({
      status: 413, detail: "Field too large. Maximum size of a field is 10 bytes. (limit 'fieldSize', field 'long')",
    }))
    expect(parseUrlEncoded('ok=1234567', { fields: 1, fieldSize: 10 })).toEqual({ ok: '1234567' })
  })
})
