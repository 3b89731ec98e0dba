// Python's `base64.b64decode(text)` (binascii's non-strict `a2b_base64`), byte for byte, so
// that HTTP Basic accepts and refuses exactly the credentials FastAPI does. It is lenient
// where Node's Buffer is too, and strict where Node is not: characters outside the alphabet
// are skipped, the padding must complete the last quad, and data after it is ignored.

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
const VALUES = new Int8Array(128).fill(-1)
for (let index = 0; index < ALPHABET.length; index++) VALUES[ALPHABET.charCodeAt(index)] = index
const PAD = 0x3d // '='

// Python refuses a str argument with any character past ASCII before decoding anything.
const NOT_ASCII = /[^\x00-\x7f]/

/** The bytes Python's `b64decode` gives for `text`, or `undefined` where it raises (`binascii.Error`, `ValueError`). */
export function pythonB64Decode (text: string): Uint8Array | undefined {
  if (NOT_ASCII.test(text)) return undefined
  const bytes = new Uint8Array(Math.floor(text.length * 3 / 4) + 3)
  let length = 0
  let quadPosition = 0
  let leftover = 0
  let pads = 0
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index)
    if (code === PAD) {
      // Padding only counts after two characters of a quad; once the quad is complete, the rest is ignored.
      if (quadPosition >= 2 && quadPosition + ++pads >= 4) return bytes.subarray(0, length)
      continue
    }
    const value = VALUES[code] as number
    if (value === -1) continue
    pads = 0
    switch (quadPosition) {
      case 0:
        quadPosition = 1
        leftover = value
        break
      case 1:
        quadPosition = 2
        bytes[length++] = (leftover << 2) | (value >> 4)
        leftover = value & 0x0f
        break
      case 2:
        quadPosition = 3
        bytes[length++] = (leftover << 4) | (value >> 2)
        leftover = value & 0x03
        break
      default:
        quadPosition = 0
        bytes[length++] = (leftover << 6) | value
        leftover = 0
    }
  }
  // "Incorrect padding", or one character past a whole number of quads.
  return quadPosition === 0 ? bytes.subarray(0, length) : undefined
}
