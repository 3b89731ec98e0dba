import { createPrivateKey, createPublicKey, KeyObject } from 'node:crypto'
import { FFA_ERR_OPTION_INVALID } from '../../shared/codes.js'
import { describeValue } from '../../shared/options.js'
import { ALGORITHMS, isJWTAlgorithm, MIN_RSA_BITS, type JWTAlgorithm, type KeyFamily } from './algorithms.js'

/** Key material: PEM text, its bytes, or a node:crypto KeyObject. */
export type KeyMaterial = string | Buffer | KeyObject

/**
 * One signing key. HS algorithms take a `secret`; RS, PS, ES and EdDSA take a `privateKey`
 * (to sign) and/or a `publicKey` (to verify; derived from the private key when omitted).
 */
export interface JWTKey {
  /** The key's id, written in the token's header and used to pick the key that verifies it. */
  kid?: string
  /** The algorithms this key accepts, all of one kind; it signs with the first. Never `none`. */
  algorithms: readonly JWTAlgorithm[]
  /** HS256/384/512: at least as many bytes as the hash (32, 48, 64). */
  secret?: string | Buffer
  publicKey?: KeyMaterial
  privateKey?: KeyMaterial
}

/** A key checked and ready for fast-jwt. */
export interface ResolvedKey {
  readonly kid: string | undefined
  readonly algorithms: readonly JWTAlgorithm[]
  /** The secret or the private key in PEM; `undefined` for a key that only verifies. */
  readonly signingKey: string | Buffer | undefined
  /** The secret or the public key in PEM. */
  readonly verifyingKey: string | Buffer
}

const FAMILY_NAMES: Record<KeyFamily, string> = { secret: 'a shared secret', rsa: 'an RSA key', ec: 'an EC key', ed: 'an Ed25519/Ed448 key' }

// "HS256 needs", "HS256, HS512 need": the algorithms as the subject of a sentence.
function agree (algorithms: readonly JWTAlgorithm[], singular: string, plural: string): string {
  return `${algorithms.join(', ')} ${algorithms.length === 1 ? singular : plural}`
}

const KEY_TYPE_NAMES: Readonly<Record<string, string>> = {
  rsa: 'an RSA', 'rsa-pss': 'an RSA-PSS', ec: 'an EC', ed25519: 'an Ed25519', ed448: 'an Ed448', dsa: 'a DSA', dh: 'a DH', x25519: 'an X25519', x448: 'an X448',
}

function keyType (type: string | undefined): string {
  return `${KEY_TYPE_NAMES[type ?? ''] ?? `a ${type ?? 'unknown'}`} key`
}

function invalid (option: string, message: string): never {
  throw new FFA_ERR_OPTION_INVALID('JWT', option, message)
}

function checkAlgorithms (where: string, value: unknown): { algorithms: JWTAlgorithm[], family: KeyFamily } {
  const option = `${where}algorithms`
  if (!Array.isArray(value) || value.length === 0) {
    invalid(option, `must be a non-empty array of algorithms, like ['HS256'] or ['RS256']; got ${describeValue(value)}`)
  }
  for (const algorithm of value as unknown[]) {
    if (typeof algorithm === 'string' && algorithm.toLowerCase() === 'none') {
      invalid(option, "must not hold 'none': a verifier that allows it accepts unsigned tokens, which anyone can write. Remove it")
    }
    if (!isJWTAlgorithm(algorithm)) {
      invalid(option, `holds ${describeValue(algorithm)}, which is not an algorithm; use ${Object.keys(ALGORITHMS).join(', ')}`)
    }
  }
  const algorithms = [...new Set(value as JWTAlgorithm[])]
  const first = algorithms[0] as JWTAlgorithm
  const family = ALGORITHMS[first].family
  const other = algorithms.find((algorithm) => ALGORITHMS[algorithm].family !== family)
  if (other !== undefined) {
    // One key, one kind of signature: a verifier that takes both HS and RS with one key is
    // the classic confusion (an RSA public key used as an HMAC secret).
    invalid(option, `mixes ${first} (${FAMILY_NAMES[family]}) with ${other} (${FAMILY_NAMES[ALGORITHMS[other].family]}); a key signs one way: give each kind its own key, with its own kid, in 'keys'`)
  }
  return { algorithms, family }
}

function checkSecret (where: string, key: JWTKey, algorithms: readonly JWTAlgorithm[]): Buffer {
  const option = `${where}secret`
  if (key.publicKey !== undefined || key.privateKey !== undefined) {
    invalid(`${where}${key.publicKey !== undefined ? 'publicKey' : 'privateKey'}`, `is set, but ${agree(algorithms, 'signs', 'sign')} with a shared secret: pass 'secret' alone, or use an RS, PS, ES or EdDSA algorithm for a key pair`)
  }
  if (typeof key.secret !== 'string' && !Buffer.isBuffer(key.secret)) {
    invalid(option, `must be a string or a Buffer for ${algorithms.join(', ')}; got ${describeValue(key.secret)}. Make one with \`openssl rand -hex 32\``)
  }
  const secret = typeof key.secret === 'string' ? Buffer.from(key.secret, 'utf8') : Buffer.from(key.secret)
  if (secret.toString('latin1').includes('-----BEGIN')) {
    // An HS verifier given a PEM key would take that public text as its secret: whoever has
    // the public key could sign. Never what was meant.
    invalid(option, `looks like a PEM key; ${agree(algorithms, 'needs', 'need')} a random secret. For a key pair, use an RS, PS, ES or EdDSA algorithm with 'publicKey' and 'privateKey'`)
  }
  const needed = Math.max(...algorithms.map((algorithm) => ALGORITHMS[algorithm].minSecretBytes ?? 0))
  if (secret.length < needed) {
    invalid(option, `must be at least ${needed} bytes for ${algorithms.join(', ')} (the hash's size, RFC 7518 section 3.2); got ${secret.length}. Make one with \`openssl rand -hex ${needed}\``)
  }
  return secret
}

function toKeyObject (option: string, material: unknown, kind: 'public' | 'private'): KeyObject {
  if (material instanceof KeyObject) {
    if (material.type === 'secret') invalid(option, 'is a secret KeyObject; pass it as \'secret\' with an HS algorithm, or pass an asymmetric key')
    return kind === 'public' && material.type === 'private' ? createPublicKey(material) : material
  }
  if (typeof material !== 'string' && !Buffer.isBuffer(material)) {
    invalid(option, `must be a PEM string, a Buffer or a KeyObject; got ${describeValue(material)}`)
  }
  try {
    return kind === 'public' ? createPublicKey(material) : createPrivateKey(material)
  } catch (error) {
    return invalid(option, `could not be read as a ${kind} key (${(error as Error).message}); pass a PEM key, like crypto.generateKeyPairSync gives with format 'pem'`)
  }
}

function checkKeyType (option: string, key: KeyObject, algorithms: readonly JWTAlgorithm[], family: KeyFamily): void {
  const type = key.asymmetricKeyType
  const details = key.asymmetricKeyDetails ?? {}
  const need = agree(algorithms, 'needs', 'need')
  if (family === 'rsa') {
    if (type !== 'rsa') invalid(option, `is ${keyType(type)}, but ${need} an RSA key`)
    if ((details.modulusLength ?? 0) < MIN_RSA_BITS) invalid(option, `is an RSA key of ${details.modulusLength ?? 0} bits; ${need} ${MIN_RSA_BITS} bits at least`)
  } else if (family === 'ec') {
    if (type !== 'ec') invalid(option, `is ${keyType(type)}, but ${need} an EC key`)
    for (const algorithm of algorithms) {
      const curve = ALGORITHMS[algorithm].curve as string
      if (details.namedCurve !== curve) invalid(option, `is on the curve ${details.namedCurve ?? 'unknown'}, but ${algorithm} is defined on ${curve} only`)
    }
  } else if (type !== 'ed25519' && type !== 'ed448') {
    invalid(option, `is ${keyType(type)}, but EdDSA needs an Ed25519 or Ed448 key`)
  }
}

function pem (key: KeyObject): string {
  return key.type === 'private'
    ? key.export({ type: 'pkcs8', format: 'pem' }) as string
    : key.export({ type: 'spki', format: 'pem' }) as string
}

/** Checks one key (`where` is its option path, `keys[1].` or '' for the one-key form). */
export function resolveKey (where: string, key: JWTKey): ResolvedKey {
  if (typeof key !== 'object' || key === null) invalid(where.slice(0, -1) || '(options)', `must be an object like { kid, algorithms, secret } or { kid, algorithms, publicKey, privateKey }; got ${describeValue(key)}`)
  if (key.kid !== undefined && (typeof key.kid !== 'string' || key.kid === '')) invalid(`${where}kid`, `must be a non-empty string; got ${describeValue(key.kid)}`)
  const { algorithms, family } = checkAlgorithms(where, key.algorithms)
  if (family === 'secret') {
    const secret = checkSecret(where, key, algorithms)
    return Object.freeze({ kid: key.kid, algorithms, signingKey: secret, verifyingKey: secret })
  }
  if (key.secret !== undefined) {
    invalid(`${where}secret`, `is set, but ${agree(algorithms, 'signs', 'sign')} with a key pair: pass 'privateKey' (to sign) and/or 'publicKey' (to verify), or use an HS algorithm with the secret`)
  }
  if (key.publicKey === undefined && key.privateKey === undefined) {
    invalid(`${where}publicKey`, `is missing: ${agree(algorithms, 'verifies', 'verify')} with a public key. Pass 'publicKey' (and 'privateKey' to sign)`)
  }
  const privateKey = key.privateKey === undefined ? undefined : toKeyObject(`${where}privateKey`, key.privateKey, 'private')
  const publicKey = key.publicKey === undefined ? createPublicKey(privateKey as KeyObject) : toKeyObject(`${where}publicKey`, key.publicKey, 'public')
  checkKeyType(key.publicKey === undefined ? `${where}privateKey` : `${where}publicKey`, publicKey, algorithms, family)
  if (privateKey !== undefined && !createPublicKey(privateKey).equals(publicKey)) {
    invalid(`${where}publicKey`, 'is not the public half of \'privateKey\': tokens it signs would not verify. Pass the matching pair')
  }
  return Object.freeze({ kid: key.kid, algorithms, signingKey: privateKey === undefined ? undefined : pem(privateKey), verifyingKey: pem(publicKey) })
}
