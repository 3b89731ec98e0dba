import { createHmac, timingSafeEqual, type KeyObject } from 'node:crypto'

/** The bytes a provider signs, in order: a prefix (`${t}.`), then the body as it came. */
export function hmacSha256 (key: KeyObject, prefix: string, body: Buffer): Buffer {
  const hmac = createHmac('sha256', key)
  // Two updates rather than one concatenation: the body is never copied.
  if (prefix !== '') hmac.update(prefix)
  return hmac.update(body).digest()
}

/**
 * Whether a signature the request sent equals one computed here, in constant time: the
 * compare does not stop at the first differing byte, so timing tells an attacker nothing.
 * `timingSafeEqual` throws on different lengths; a signature of another length is refused first.
 */
export function sameSignature (sent: Buffer, expected: Buffer): boolean {
  return sent.length === expected.length && timingSafeEqual(sent, expected)
}

const HEX = /^(?:[0-9a-fA-F]{2})+$/
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/

/** A signature as the header writes it, decoded; `undefined` when it is not hex (or base64) at all. */
export function decodeSignature (text: string, encoding: 'hex' | 'base64'): Buffer | undefined {
  if (encoding === 'hex') return HEX.test(text) ? Buffer.from(text, 'hex') : undefined
  return BASE64.test(text) && text.length % 4 === 0 ? Buffer.from(text, 'base64') : undefined
}
